"""The staff web pages in the demo and the tour: demo accounts, a demo case, screenshots.

``ensure_demo_staff`` makes the demo's reviewer and supervisor (clearly demo
accounts, not real people) the first time and leaves them be after;
``seed_demo_case`` sends a case through a real enrolled device's sync client
(with a sample document as its scanned page), so the reviewer's list has
something to open; ``run_staff_tour`` takes a full-page screenshot of the
sign-in, the reviewer's list, the case, the supervisor's and the fleet page
in headless chromium, at 1366×768 and on a 390×844 phone. The main thread
only (the browser's driver is not shared).
"""

from __future__ import annotations

import base64
import datetime as dt
import math
import tempfile
from pathlib import Path
from typing import Any

from backoffice.server import BackgroundBackoffice
from backoffice.store import BackofficeStore

DEMO_PASSWORD = "demo-password-2026"  # printed by `make demo`; demo data only
DEMO_DEPARTMENT = "佛山市公安局禅城分局"  # the sample catalog's 居民身份证, 户口 items
DEMO_STAFF = (
    {
        "login": "demo.reviewer",
        "name": "演示审核员（非真实人员）",
        "role": "reviewer",
        "department": DEMO_DEPARTMENT,
    },
    {
        "login": "demo.supervisor",
        "name": "演示值班长（非真实人员）",
        "role": "supervisor",
        "department": "",
    },
    {  # the counter's sign-in (综合窗口工作人员登录)
        "login": "demo.clerk",
        "name": "演示窗口员",
        "role": "clerk",
        "department": "",
    },
)
DEMO_ITEM = "440604-GA-0003"  # 户口迁移（迁入）: three materials, five working days
PAGES = (
    "signin",
    "cases",
    "case",
    "supervisor",
    "fleet",
    "hotline",  # 12345 工单 (issue 14, item 4)
    "hotline_ticket",
    "hotline_public",
    "online_apply",  # 网上申报 and 网上预审 (issue 16, item 6)
    "online_review",
    "online_status",
)
DEMO_TICKET = "FS01-K09-20261202-H0001"  # the demo kiosk's 12345 ticket
STAFF_SIZES = {"1366x768": (1366, 768, False), "390x844": (390, 844, True)}


def ensure_demo_staff(store: BackofficeStore) -> list[dict[str, Any]]:
    """The demo accounts, made on first run (a second run keeps them as they are)."""
    for account in DEMO_STAFF:
        if store.staff(account["login"]) is None:
            store.add_staff(
                account["login"],
                account["name"],
                account["role"],
                DEMO_PASSWORD,
                "",
                account["department"],
            )
            store.audit("demo", "staff.add", account["login"], "ok", {"role": account["role"]})
    return [dict(a) for a in DEMO_STAFF]


def staff_sign_in_notes(url: str) -> list[str]:
    """What `make demo` prints about the staff pages."""
    lines = [f"员工页面 / staff pages: {url}/staff/  (演示账号，非真实人员 / demo accounts)"]
    for a in DEMO_STAFF:
        if a["role"] != "clerk":
            lines.append(f"  {a['name']}: 登录名 {a['login']}  密码 {DEMO_PASSWORD}")
    for a in DEMO_STAFF:
        if a["role"] == "clerk":
            lines.append(
                f"综合窗口登录 / counter sign-in: 登录名 {a['login']}  密码 {DEMO_PASSWORD}"
                "  (值班长 / supervisor: demo.supervisor)"
            )
    return lines


def seed_demo_case(bo: BackgroundBackoffice, data_root: Path) -> str:
    """One submitted case of DEMO_ITEM sent by an enrolled demo kiosk (its id), plus
    what the supervisor and fleet pages show: a help call, two ratings, a kiosk out
    of paper and one enrolled that never sent a heartbeat."""
    from assets import sample_catalog
    from core.catalog import Catalog, FieldType
    from core.credit_code import SAMPLE_CODE
    from core.identity import Gender, Identity, check_digit
    from core.intake import start_case, submit_case
    from emulators.virtual_camera import sample_documents_dir
    from sync.client import BackofficeClient
    from sync.store import LocalStore
    from sync.worker import SyncWorker
    from wire.records import Consultation, Evaluation, HelpRequest

    item = Catalog.load(sample_catalog()).item(DEMO_ITEM)
    first17 = "44060419880808002"
    who = Identity(
        name="演示用户",
        id_number=first17 + check_digit(first17),
        gender=Gender.FEMALE,
        birth=dt.date(1988, 8, 8),
        address="广东省佛山市禅城区示例路8号",
    )
    store = LocalStore(data_root / "tour-kiosk")
    try:
        token = bo.store.enrol(bo.store.create_enrolment("FS01", "K09"), "FS01", "K09")["token"]
        case = start_case(
            item,
            who,
            hall_code="FS01",
            device_code="K09",
            channel="kiosk",
            actor="citizen",
            answers={q.key: 0 for q in item.scenario},  # the first answer of each question
        )
        examples = {
            FieldType.PHONE: "13800138000",
            FieldType.DATE: "2026-12-01",
            FieldType.ADDRESS: "广东省佛山市禅城区示例路8号",
            FieldType.ID_NUMBER: who.id_number,
            FieldType.CREDIT_CODE: SAMPLE_CODE,
        }
        for f in item.form:
            if not case.form.get(f.key):
                first = f.choices[0] if f.choices else "示例"
                case.form[f.key] = examples.get(f.type, first)
        samples = sorted(sample_documents_dir().glob("*.jpg"))
        left_deficient = False
        for n, m in enumerate(case.materials):
            if item.material(m.code).deficiency_allowed and not left_deficient:
                left_deficient = True  # one 容缺 material, to be supplied later
                continue
            page = samples[n % len(samples)].read_bytes()
            case.add_file(m.code, store.save_file(page, f"{m.code}.jpg", "image/jpeg"))
        receipt = store.next_receipt_no("FS01", "K09", dt.date.today())
        store.submit_case(submit_case(case, item, receipt_no=receipt, actor="citizen"))
        worker = SyncWorker(
            store, BackofficeClient(bo.url, token=token), hall_code="FS01", device_code="K09"
        )
        for _ in range(20):
            if worker.drain_once().queued == 0:
                break
        client = BackofficeClient(bo.url, token=token)
        client.send_heartbeat(
            {
                "hall_code": "FS01",
                "device_code": "K09",
                "role": "kiosk",
                "app_version": "demo",
                "sent_at": dt.datetime.now(dt.UTC).isoformat(),
                "printer_state": "paper_out",
                "outbox_depth": 0,
                "disk_free_mb": 12_000.0,
            }
        )
        bo.store.enrol(bo.store.create_enrolment("FS01", "K08"), "FS01", "K08")
        bo.store.put_record(HelpRequest(hall_code="FS01", device_code="K09", page="scan"))
        bo.store.put_record(Evaluation(hall_code="FS01", device_code="K09", level=5))
        bo.store.put_record(
            Evaluation(hall_code="FS01", device_code="K09", level=2, reasons=["wait_long"])
        )
        bo.store.put_record(
            Consultation(
                hall_code="FS01",
                device_code="K09",
                category="consult",
                topic="办理时限",
                text="户口迁入需要多久能办好？（演示记录）",
            )
        )
        bo.store.put_record(
            Consultation(
                hall_code="FS01",
                device_code="K09",
                category="complaint",
                text="上午窗口排队超过一个小时，希望高峰时段增开窗口。（演示记录）",
                ticket_no=DEMO_TICKET,
                department=DEMO_DEPARTMENT,
                contact_phone="13800138000",
                phone_consent=True,
                wants_reply=True,
            )
        )
        return case.id
    finally:
        store.close()


def _hotline_shots(bo: BackgroundBackoffice, driver: Any, shot: Any) -> None:
    """12345: the list, the ticket with its answer form, then (answered) the public page."""
    from core.ids import ticket_check_code

    _open(driver, f"{bo.url}/staff/hotline", "tickets")
    shot("hotline")
    _open(driver, f"{bo.url}/staff/hotline/{DEMO_TICKET}", "answer-text")
    shot("hotline_ticket")
    row = bo.store.hotline_ticket(DEMO_TICKET)
    assert row is not None
    if not row["answered_at"]:
        bo.store.answer_ticket(
            DEMO_TICKET, "您好，已在工作日上午高峰增开两个综合窗口。（演示答复）", "demo"
        )
    code = ticket_check_code(row["record_id"])
    _open(driver, f"{bo.url}/hotline/{DEMO_TICKET}?c={code}", "answer")
    shot("hotline_public")


def _online_shots(bo: BackgroundBackoffice, driver: Any, shot: Any) -> None:
    """网上申报: the public form, an application on the 网上预审 page, its public status."""
    import assets
    from backoffice.store.online import Upload

    _open(driver, f"{bo.url}/online/apply?item=440604-MS-0004", "apply-form")
    shot("online_apply")
    docs = assets.path("samples") / "documents"
    number = bo.store.create_application(
        item_code="440604-MS-0004",
        item_name="失业登记",
        department="佛山市禅城区人力资源和社会保障局",
        applicant={"name": "张小三", "id_number": "440604198806153716", "phone": "13800138000"},
        form={"phone": "13800138000", "education": "本科", "job_wanted": "软件测试（演示）"},
        uploads=[
            Upload(
                "M-ID-001", "申请人居民身份证", "image/jpeg", (docs / "03_id_card.jpg").read_bytes()
            ),
        ],
    )
    _open(driver, f"{bo.url}/staff/online/{number}", "approve")
    shot("online_review")
    bo.store.review_online(number, "approved", "", "staff:demo.supervisor")
    _open(driver, f"{bo.url}/online/status?n={number}&k=3716", "state")
    shot("online_status")


def _full_page_png(driver: Any, width: int, height: int, phone: bool) -> bytes:
    """The whole page (not just the window) as PNG, laid out at ``width``."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    full = max(height, math.ceil(metrics["cssContentSize"]["height"]))
    override = {"width": width, "height": full, "deviceScaleFactor": 1, "mobile": phone}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", override)
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}
    )
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": phone},
    )
    return base64.b64decode(shot["data"])


def _sign_in(driver: Any, url: str, login: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    driver.get(f"{url}/staff/sign-in")
    WebDriverWait(driver, 10).until(ec.presence_of_element_located((By.ID, "login")))
    driver.find_element(By.ID, "login").send_keys(login)
    driver.find_element(By.ID, "password").send_keys(DEMO_PASSWORD)
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.ID, "sign-in").click()
    WebDriverWait(driver, 10).until(ec.staleness_of(old))


def _open(driver: Any, url: str, element_id: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, 10).until(ec.presence_of_element_located((By.ID, element_id)))
    # Pictures of materials are part of the page: wait until they are drawn.
    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script("return Array.from(document.images).every(i => i.complete)")
    )


def run_staff_tour(out: Path, data_root: Path | None = None) -> list[Path]:
    """Screenshots of every staff page at each STAFF_SIZES into ``out/<size>/``."""
    from onewindow.staff_browser import staff_browser

    tmp = None
    if data_root is None:
        tmp = tempfile.TemporaryDirectory(prefix="onewindow-staff-tour-")
        data_root = Path(tmp.name)
    paths: list[Path] = []
    try:
        with BackgroundBackoffice(data_root / "backoffice", port=0) as bo:
            ensure_demo_staff(bo.store)
            case_id = seed_demo_case(bo, data_root)
            for size, (width, height, phone) in STAFF_SIZES.items():
                folder = Path(out) / size
                folder.mkdir(parents=True, exist_ok=True)
                driver = staff_browser(width, height)
                try:
                    driver.execute_cdp_cmd(
                        "Emulation.setDeviceMetricsOverride",
                        {"width": width, "height": height, "deviceScaleFactor": 1,
                         "mobile": phone},
                    )  # fmt: skip

                    def shot(name: str, _d: Any = driver, _w: int = width, _h: int = height,
                             _p: bool = phone, _f: Path = folder) -> None:  # fmt: skip
                        path = _f / f"{len(paths) % len(PAGES) + 1:02d}_staff_{name}.png"
                        path.write_bytes(_full_page_png(_d, _w, _h, _p))
                        paths.append(path)

                    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
                    _open(driver, f"{bo.url}/staff/sign-in", "sign-in")
                    shot("signin")
                    _sign_in(driver, bo.url, "demo.reviewer")
                    _open(driver, f"{bo.url}/staff/cases", "cases")
                    shot("cases")
                    _open(driver, f"{bo.url}/staff/cases/{case_id}", "trail")
                    shot("case")
                    _sign_in(driver, bo.url, "demo.supervisor")
                    _open(driver, f"{bo.url}/staff/supervisor", "by-item")
                    shot("supervisor")
                    _open(driver, f"{bo.url}/staff/fleet", "fleet")
                    shot("fleet")
                    _hotline_shots(bo, driver, shot)
                    _online_shots(bo, driver, shot)
                finally:
                    driver.quit()
    finally:
        if tmp is not None:
            tmp.cleanup()
    return paths
