"""The staff's review pages (issue 13 item 4) and the fleet page (item 7) in a real browser.

Debian's chromium through Selenium against a real back office on loopback,
with a real device: an enrolled device's sync client and LocalStore send the
case, a reviewer signs in, accepts it and marks it ready in the browser, the
device pulls the status feed and its local case is READY, and the counter's
hand-over reaches the back office. One browser for the module (it takes
seconds to start); every test has its own back office. The form validation
paths are checked over plain HTTP (requests) beside them.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from backoffice.server import BackgroundBackoffice
from backoffice.web.view import countdown, working_days_between
from core.case import CaseState
from core.catalog import Catalog
from core.deadlines import WorkCalendar
from core.intake import start_case, submit_case
from onewindow.cli import main
from onewindow.staff_browser import staff_browser
from onewindow.staff_tour import (
    DEMO_DEPARTMENT,
    DEMO_PASSWORD,
    ensure_demo_staff,
    staff_sign_in_notes,
)
from sync.client import BackofficeClient
from sync.store import LocalStore
from sync.worker import SyncWorker
from tests import _backoffice_fixture as fx
from tests._staff_fixture import PASSWORD, device_token, signed_in_pages
from wire.records import Consultation, Evaluation, Handover, HelpRequest

bo_server = fx.bo_server
catalog_file = fx.catalog_file
local_store = fx.local_store

DEPT = "测试局"  # the test catalog's department of T001


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    driver = staff_browser()
    yield driver
    driver.quit()


@pytest.fixture
def web(browser: WebDriver) -> WebDriver:
    """The module's browser without the previous test's cookies."""
    browser.execute_cdp_cmd("Network.clearBrowserCookies", {})
    return browser


def wait(driver: WebDriver, by: str, what: str) -> Any:
    return WebDriverWait(driver, 10).until(ec.presence_of_element_located((by, what)))


def _left(old: Any) -> Any:
    """A wait condition: the page ``old`` belongs to is gone. Chromium answers a look at a
    node of a page being replaced either as stale or, now and then, with "Node with given
    id does not belong to the document" (a plain WebDriverException): both mean gone."""

    def gone(_driver: WebDriver) -> bool:
        try:
            old.is_enabled()
        except WebDriverException:  # StaleElementReferenceException is one too
            return True
        return False

    return gone


def click_and_wait(driver: WebDriver, button_id: str, then_id: str) -> Any:
    """Click a submit button and wait for the next page's element ``then_id``."""
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.ID, button_id).click()
    WebDriverWait(driver, 10).until(_left(old))
    return wait(driver, By.ID, then_id)


def sign_in(driver: WebDriver, bo: BackgroundBackoffice, login: str, password: str = PASSWORD):
    driver.get(f"{bo.url}/staff/sign-in")
    wait(driver, By.ID, "login").send_keys(login)
    driver.find_element(By.ID, "password").send_keys(password)
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.ID, "sign-in").click()
    WebDriverWait(driver, 10).until(_left(old))
    return wait(driver, By.TAG_NAME, "h1")


def staff(bo: BackgroundBackoffice, login: str, role: str, hall: str = "", dept: str = "") -> None:
    bo.store.add_staff(login, f"测试{role}", role, PASSWORD, hall, dept)


def device(bo: BackgroundBackoffice, store: LocalStore, code: str = "K01") -> SyncWorker:
    client = BackofficeClient(bo.url, token=device_token(bo, "FS01", code))
    return SyncWorker(store, client, hall_code="FS01", device_code=code)


def synced_case(bo: BackgroundBackoffice, store: LocalStore) -> tuple[Any, SyncWorker]:
    worker = device(bo, store)
    case = fx.submit_sample_case(store)
    fx.drain_until_done(worker)
    assert bo.store.case_status(case.id)["state"] == "synced"
    return case, worker


# ------------------------------------------------------------------ in the browser


def test_reviewer_accepts_and_marks_ready_the_device_sees_it_and_the_counter_hands_it_out(
    web: WebDriver, bo_server: BackgroundBackoffice, local_store: LocalStore
) -> None:
    case, worker = synced_case(bo_server, local_store)
    staff(bo_server, "rev1", "reviewer", dept=DEPT)
    assert "待审办件" in sign_in(web, bo_server, "rev1").text

    row = wait(web, By.CSS_SELECTOR, f'tr[data-case="{case.id}"]')
    assert case.receipt_no in row.text and "测**户" in row.text and "待受理" in row.text
    assert re.search(r"剩 \d+ 个工作日|今天到期", row.text), row.text
    assert fx.APPLICANT_NAME not in web.page_source and fx.APPLICANT_ID not in web.page_source
    old = web.find_element(By.TAG_NAME, "html")
    row.find_element(By.CSS_SELECTOR, "a.receipt").click()
    WebDriverWait(web, 10).until(_left(old))
    assert wait(web, By.ID, "state").text == "待受理"
    assert "居民身份证" in web.find_element(By.ID, "m-M01").text
    assert "容缺" in web.find_element(By.ID, "m-M02").text

    # The material's file, decrypted on the server, for this session only, never cached.
    src = web.find_element(By.CSS_SELECTOR, "#m-M01 img.page").get_attribute("src")
    cookie = {"ow_staff": web.get_cookie("ow_staff")["value"]}
    got = requests.get(src, cookies=cookie, timeout=5)
    ref = case.materials[0].files[0]
    assert got.status_code == 200 and got.content == local_store.read_file(ref.id)
    assert got.headers["Cache-Control"] == "no-store"
    assert got.headers["Content-Type"] == "image/jpeg"
    assert requests.get(src, timeout=5, allow_redirects=False).status_code == 303  # no cookie

    assert "已受理" in click_and_wait(web, "do-accept", "done").text
    assert web.find_element(By.ID, "state").text == "已受理"
    # 邮寄 without a waybill number is refused on the page; 窗口取件 is taken.
    web.find_element(By.ID, "result-express").click()
    assert "运单号" in click_and_wait(web, "do-ready", "error").text
    web.find_element(By.ID, "result-window").click()
    assert "待取件" in click_and_wait(web, "do-ready", "done").text
    assert bo_server.store.case_status(case.id) == {
        "id": case.id,
        "receipt_no": case.receipt_no,
        "state": "ready",
        "reason": "办结：窗口取件",
    }
    trail = web.find_element(By.ID, "trail").text
    assert "待受理 → 已受理" in trail and "已受理 → 待取件：办结：窗口取件" in trail

    # The device follows the status feed: its own case is READY, with the result.
    assert worker.pull_status() >= 1
    local = local_store.get_case(case.id)
    assert local.state is CaseState.READY and local.state_reason == "办结：窗口取件"

    # The counter hands it out (出件): DELIVERED locally and, once synced, at the back office.
    local_store.hand_over(
        Handover(
            hall_code="FS01",
            device_code="K01",
            case_id=case.id,
            receipt_no=case.receipt_no,
            staff="C0012",
            collector="applicant",
        )
    )
    fx.drain_until_done(worker)
    assert bo_server.store.case_status(case.id)["state"] == "delivered"
    decisions = [
        (e["actor"], e["outcome"], e["detail"]["state"])
        for e in bo_server.store.audit_entries(action="case.decision")
    ]
    assert decisions == [("staff:rev1", "ok", "accepted"), ("staff:rev1", "ok", "ready")]


def test_sign_in_refusals_departments_roles_and_csrf(
    web: WebDriver, bo_server: BackgroundBackoffice, local_store: LocalStore
) -> None:
    case, _worker = synced_case(bo_server, local_store)
    staff(bo_server, "rev1", "reviewer", dept=DEPT)
    staff(bo_server, "rev2", "reviewer", dept="别的局")

    sign_in(web, bo_server, "rev1", "not the password")
    assert "登录名或密码不对" in wait(web, By.ID, "error").text
    assert web.get_cookie("ow_staff") is None

    # A reviewer of another department: not in the list, and the case itself is the
    # same 404 page as a case that does not exist (nothing says it is there).
    sign_in(web, bo_server, "rev2")
    assert case.receipt_no not in wait(web, By.ID, "cases").text
    web.get(f"{bo_server.url}/staff/cases/{case.id}")
    assert "没有这个办件" in wait(web, By.ID, "error").text
    web.get(f"{bo_server.url}/staff/cases/{case.materials[0].files[0].id}")
    assert "没有这个办件" in wait(web, By.ID, "error").text
    # ... nor the fleet page, nor the supervisor's.
    web.get(f"{bo_server.url}/staff/fleet")
    assert "只限值班长和系统管理员" in wait(web, By.ID, "error").text
    web.get(f"{bo_server.url}/staff/supervisor")
    assert "只限值班长" in wait(web, By.ID, "error").text

    # A form whose CSRF token is not the session's is refused, and nothing changes.
    sign_in(web, bo_server, "rev1")
    web.get(f"{bo_server.url}/staff/cases/{case.id}")
    wait(web, By.ID, "do-accept")
    web.execute_script(
        "document.querySelectorAll('input[name=csrf]').forEach(e => e.value = 'forged')"
    )
    assert "CSRF" in click_and_wait(web, "do-accept", "error").text
    assert bo_server.store.case_status(case.id)["state"] == "synced"

    # Signed out elsewhere (or expired): back to the sign-in page, saying so.
    bo_server.store.sign_out(web.get_cookie("ow_staff")["value"])
    web.get(f"{bo_server.url}/staff/cases")
    assert "登录已过期" in wait(web, By.ID, "notice").text


def test_supervisor_page_and_fleet_page(
    web: WebDriver, bo_server: BackgroundBackoffice, local_store: LocalStore
) -> None:
    case, _worker = synced_case(bo_server, local_store)
    store = bo_server.store
    help_call = HelpRequest(hall_code="FS01", device_code="K01", page="scan")
    store.put_record(help_call)
    store.put_record(Evaluation(hall_code="FS01", device_code="K01", level=5))
    store.put_record(
        Evaluation(hall_code="FS01", device_code="K01", level=1, reasons=["wait_long"])
    )
    store.put_record(
        Consultation(
            hall_code="FS01",
            device_code="K01",
            category="complaint",
            topic="排队",
            text="等候时间太长",
            contact_name="投诉人",
            contact_phone="13800138000",
        )
    )
    # Two kiosks: one out of paper, one whose heartbeats stopped an hour ago.
    for code, paper in (("K02", "paper_out"), ("K03", "ok")):
        beat = {
            "hall_code": "FS01",
            "device_code": code,
            "role": "kiosk",
            "app_version": "0.9.1",
            "sent_at": dt.datetime.now(dt.UTC).isoformat(),
            "printer_state": paper,
            "outbox_depth": 0,
            "disk_free_mb": 20_000.0,
        }
        BackofficeClient(bo_server.url, token=device_token(bo_server, "FS01", code)).send_heartbeat(
            beat
        )
    an_hour_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).isoformat()
    with store._lock:  # no API moves a heartbeat back in time; the store's own connection
        store._db.execute(
            "UPDATE heartbeats SET received_at = ? WHERE device_code = ?", (an_hour_ago, "K03")
        )
    staff(bo_server, "boss", "supervisor")
    staff(bo_server, "root", "admin")

    sign_in(web, bo_server, "boss")
    web.get(f"{bo_server.url}/staff/supervisor")
    assert wait(web, By.ID, "total").text == "1"
    assert "FS01" in web.find_element(By.ID, "by-hall").text
    assert "测试事项" in web.find_element(By.ID, "by-item").text
    assert "共 2 条，差评 1 条" in web.find_element(By.ID, "evaluations").text
    complaints = web.find_element(By.ID, "consultations").text
    assert "投诉" in complaints and "等候时间太长" in complaints and "投*人" in complaints
    assert "投诉人" not in complaints and "13800138000" not in complaints
    row = web.find_element(By.CSS_SELECTOR, f'tr[data-help="{help_call.id}"]')
    assert "K01" in row.text and "scan" in row.text
    old = web.find_element(By.TAG_NAME, "html")
    row.find_element(By.CSS_SELECTOR, "button.handled").click()
    WebDriverWait(web, 10).until(_left(old))
    assert "已处理" in wait(web, By.ID, "done").text
    assert "没有未处理的呼叫" in web.find_element(By.ID, "help").text
    assert store.help_request(help_call.id)["handled_by"] == "staff:boss"

    for login in ("boss", "root"):  # the fleet page: supervisor and administrator
        web.execute_cdp_cmd("Network.clearBrowserCookies", {})
        sign_in(web, bo_server, login)
        web.get(f"{bo_server.url}/staff/fleet")
        paper = wait(web, By.CSS_SELECTOR, 'tr[data-device="FS01/K02"]')
        assert "缺纸" in paper.text and "0.9.1" in paper.text
        assert "alarm" in paper.get_attribute("class")
        stopped = web.find_element(By.CSS_SELECTOR, 'tr[data-device="FS01/K03"]')
        assert "离线" in stopped.text and "1 小时前" in stopped.text
        assert "alarm" in stopped.get_attribute("class")
    # The administrator decides no case and reads none (separation of duties).
    web.get(f"{bo_server.url}/staff/cases/{case.id}")
    assert "职责分离" in wait(web, By.ID, "error").text


# ------------------------------------------------------------------ over plain HTTP


class Page:
    """A signed-in staff session over plain HTTP: the form paths without a browser."""

    def __init__(self, bo: BackgroundBackoffice, login: str) -> None:
        self.bo = bo
        self.http, self.csrf = signed_in_pages(bo.url, login)

    def decide(self, case_id: str, **form: Any) -> requests.Response:
        return self.http.post(
            f"{self.bo.url}/staff/cases/{case_id}/decision",
            data={"csrf": self.csrf, **form},
            allow_redirects=False,
            timeout=5,
        )


def test_the_sign_in_form_needs_its_csrf_token(bo_server: BackgroundBackoffice) -> None:
    staff(bo_server, "rev1", "reviewer", dept=DEPT)
    r = requests.post(
        f"{bo_server.url}/staff/sign-in",
        data={"login": "rev1", "password": PASSWORD, "csrf": "guess"},
        allow_redirects=False,
        timeout=5,
    )
    assert r.status_code == 403 and "CSRF" in r.text and "ow_staff" not in r.cookies
    page = Page(bo_server, "rev1")
    cookie = next(c for c in page.http.cookies if c.name == "ow_staff")
    assert cookie.path == "/staff" and cookie.has_nonstandard_attr("HttpOnly")
    assert cookie.get_nonstandard_attr("SameSite").lower() == "strict"
    signed_in = page.http.get(f"{bo_server.url}/staff/cases", timeout=5)
    assert signed_in.headers["Cache-Control"] == "no-store"
    no_csrf = page.http.post(f"{bo_server.url}/staff/sign-out", allow_redirects=False, timeout=5)
    assert no_csrf.status_code == 403
    out = page.http.post(
        f"{bo_server.url}/staff/sign-out",
        data={"csrf": page.csrf},
        allow_redirects=False,
        timeout=5,
    )
    assert out.status_code == 303 and bo_server.store.staff_for_token(cookie.value or "") is None


def test_decision_forms_validate_and_refuse_wrong_moves(
    bo_server: BackgroundBackoffice, local_store: LocalStore
) -> None:
    case, worker = synced_case(bo_server, local_store)
    staff(bo_server, "rev1", "reviewer", dept=DEPT)
    staff(bo_server, "desk", "clerk")
    staff(bo_server, "far", "reviewer", hall="FS02", dept=DEPT)
    reviewer, clerk = Page(bo_server, "rev1"), Page(bo_server, "desk")

    # A hall-bound reviewer of another hall: 404, whatever the form says.
    far = Page(bo_server, "far").decide(case.id, action="accept")
    assert far.status_code == 404 and "没有这个办件" in far.text
    # A clerk may not accept; a move the case cannot make is a clear message.
    refused = clerk.decide(case.id, action="accept")
    assert refused.status_code == 403 and "此角色不能作出这项决定" in refused.text
    early = clerk.decide(case.id, action="deliver")
    assert early.status_code == 409 and "办件状态不能从" in early.text
    assert bo_server.store.case_status(case.id)["state"] == "synced"

    # 补正: named materials of the checklist and a date after today.
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    for form, words in (
        ({"due": tomorrow.isoformat()}, "至少选择一项"),
        ({"materials": ["M01"], "due": dt.date.today().isoformat()}, "今天之后"),
        ({"materials": ["M99"], "due": tomorrow.isoformat()}, "不在本办件的材料清单"),
        ({"materials": ["M01"], "due": "soon"}, "截止日期"),
    ):
        bad = reviewer.decide(case.id, action="supplement", **form)
        assert bad.status_code == 422 and words in bad.text, words
    ok = reviewer.decide(case.id, action="supplement", materials=["M01", "M02"], due=str(tomorrow))
    assert ok.status_code == 303
    reason = f"请补正：居民身份证、证件照片；截止日期 {tomorrow.isoformat()}"
    assert bo_server.store.case_status(case.id) == {
        "id": case.id,
        "receipt_no": case.receipt_no,
        "state": "synced",
        "reason": reason,
    }
    (request,) = bo_server.store.supplement_requests(case.id)
    assert request["materials"] == ["M01", "M02"] and request["due"] == tomorrow
    feed = worker.client.status_changes(0, "K01", "FS01")["changes"]
    assert (feed[-1]["state"], feed[-1]["reason"]) == ("synced", reason)
    worker.pull_status()
    assert local_store.get_case(case.id).state is CaseState.SYNCED  # the state is kept
    held = bo_server.store.get_case(case.id)
    assert held.verify_trail() and held.events[-1].kind == "supplement_request"

    # 办结 by express needs a waybill number; spaces and dashes are dropped.
    assert reviewer.decide(case.id, action="accept").status_code == 303
    for waybill in ("", "SF-12", "运单一二三四五六七八"):
        bad = reviewer.decide(case.id, action="ready", result="express", waybill=waybill)
        assert bad.status_code == 422 and "运单号" in bad.text
    assert reviewer.decide(case.id, action="ready").status_code == 422  # no result chosen
    done = reviewer.decide(case.id, action="ready", result="express", waybill="sf 1234-5678-90")
    assert done.status_code == 303
    assert bo_server.store.case_status(case.id)["reason"] == "办结：邮寄送达，运单号 SF1234567890"
    assert clerk.decide(case.id, action="deliver").status_code == 303
    assert bo_server.store.case_status(case.id)["state"] == "delivered"


def test_rejecting_needs_a_reason(bo_server: BackgroundBackoffice, local_store: LocalStore) -> None:
    case, worker = synced_case(bo_server, local_store)
    staff(bo_server, "rev1", "reviewer", dept=DEPT)
    page = Page(bo_server, "rev1")
    blank = page.decide(case.id, action="reject", reason="   ")
    assert blank.status_code == 422 and "必须写明理由" in blank.text
    assert page.decide(case.id, action="reject", reason="不属于本部门受理范围").status_code == 303
    worker.pull_status()
    local = local_store.get_case(case.id)
    assert local.state is CaseState.REJECTED and local.state_reason == "不属于本部门受理范围"
    again = page.decide(case.id, action="accept")
    assert again.status_code == 409 and "办件状态不能从“不予受理”变为“已受理”" in again.text


def test_a_reviewer_without_a_department_sees_no_case_and_is_told_why(
    bo_server: BackgroundBackoffice, local_store: LocalStore
) -> None:
    case, _worker = synced_case(bo_server, local_store)
    staff(bo_server, "nodept", "reviewer")
    page = Page(bo_server, "nodept")
    listing = page.http.get(f"{bo_server.url}/staff/cases?state=all", timeout=5)
    assert "未指定部门" in listing.text and case.receipt_no not in listing.text
    assert page.http.get(f"{bo_server.url}/staff/cases/{case.id}", timeout=5).status_code == 404


def test_staff_accounts_get_a_department_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "bo")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    add = ["staff", "add", "--login", "hr1", "--name", "审核员", "--role", "reviewer"]
    assert (
        main(["backoffice", *add, "--department", "人社局", "--password-stdin", "--data", data])
        == 0
    )
    assert json.loads(capsys.readouterr().out)["department"] == "人社局"
    assert main(["backoffice", "staff", "list", "--data", data]) == 0
    (listed,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (listed["login"], listed["department"]) == ("hr1", "人社局")


def test_the_demo_accounts_are_made_once_and_can_sign_in(bo_server: BackgroundBackoffice) -> None:
    first = ensure_demo_staff(bo_server.store)
    bo_server.store.set_staff_password("demo.reviewer", "changed by the demo's user")
    assert ensure_demo_staff(bo_server.store) == first  # a second run keeps what is there
    assert bo_server.store.sign_in("demo.reviewer", DEMO_PASSWORD) is None
    supervisor = bo_server.store.sign_in("demo.supervisor", DEMO_PASSWORD)
    assert supervisor is not None and "非真实人员" in supervisor["name"]
    notes = "\n".join(staff_sign_in_notes(bo_server.url))
    assert f"{bo_server.url}/staff/" in notes and "demo.reviewer" in notes
    assert DEMO_PASSWORD in notes
    reviewer = bo_server.store.staff("demo.reviewer")
    assert reviewer is not None and reviewer["department"] == DEMO_DEPARTMENT


def test_working_day_countdown_counts_the_back_office_calendar() -> None:
    # 2027: a 春节 entered by hand (Feb 5-11 off, Sunday Feb 14 worked).
    days_off = frozenset(dt.date(2027, 2, d) for d in range(5, 12))
    calendar = WorkCalendar(
        years=frozenset({2027}),
        days_off=days_off,
        working_weekends=frozenset({dt.date(2027, 2, 14)}),
        manual_years=frozenset({2027}),
    )
    thu, next_tue = dt.date(2027, 2, 4), dt.date(2027, 2, 16)
    # Fri 12 and Mon 15, Tue 16 worked, plus Sunday 14: 4 working days.
    assert working_days_between(thu, next_tue, calendar) == 4
    assert countdown(next_tue, thu, calendar) == {
        "text": "剩 4 个工作日",
        "overdue": False,
        "days": 4,
    }
    assert countdown(thu, next_tue, calendar)["text"] == "已超期 4 个工作日"
    assert countdown(thu, thu, calendar)["text"] == "今天到期"
    saturday = dt.date(2027, 2, 20)
    assert countdown(dt.date(2027, 2, 19), saturday, calendar) == {
        "text": "已超期",
        "overdue": True,
        "days": 0,
    }


def test_an_overdue_case_is_flagged_in_the_list_and_on_the_supervisor_page(
    bo_server: BackgroundBackoffice, local_store: LocalStore
) -> None:
    worker = device(bo_server, local_store)
    item = Catalog.model_validate(fx.DEVICE_CATALOG).item(fx.ITEM_CODE)
    long_ago = dt.date.today() - dt.timedelta(days=40)
    case = start_case(
        item,
        fx.sample_identity(),
        hall_code="FS01",
        device_code="K01",
        channel="kiosk",
        actor="citizen",
    )
    case.add_file("M01", local_store.save_file(fx.fake_jpeg(), "M01.jpg", "image/jpeg"))
    receipt = local_store.next_receipt_no("FS01", "K01", long_ago)
    local_store.submit_case(
        submit_case(case, item, receipt_no=receipt, actor="citizen", today=long_ago)
    )
    on_time = fx.submit_sample_case(local_store)
    fx.drain_until_done(worker)
    staff(bo_server, "rev1", "reviewer", dept=DEPT)
    staff(bo_server, "boss", "supervisor")

    listing = Page(bo_server, "rev1").http.get(f"{bo_server.url}/staff/cases", timeout=5).text
    late_row = re.search(rf'<tr class="overdue" data-case="{case.id}">.*?</tr>', listing, re.S)
    assert late_row is not None and "已超期" in late_row[0]
    assert re.search(rf'<tr class="" data-case="{on_time.id}">', listing)
    page = Page(bo_server, "boss").http.get(f"{bo_server.url}/staff/supervisor", timeout=5).text
    overdue = page[page.index('id="overdue"') :]
    overdue = overdue[: overdue.index("</table>")]
    assert case.receipt_no in overdue and on_time.receipt_no not in overdue
    assert 'id="overdue-count">1<' in page


def test_the_queue_pages_and_filters_by_state(
    bo_server: BackgroundBackoffice, local_store: LocalStore
) -> None:
    worker = device(bo_server, local_store)
    cases = [fx.submit_sample_case(local_store) for _ in range(3)]
    fx.drain_until_done(worker)
    bo_server.store.set_state(cases[0].id, CaseState.ACCEPTED, actor="t")
    store = bo_server.store
    first, total = store.review_cases({fx.ITEM_CODE}, limit=2)
    second, _ = store.review_cases({fx.ITEM_CODE}, limit=2, offset=2)
    assert total == 3 and [r["id"] for r in first + second] == [c.id for c in cases]
    assert all(r["applicant"] == "测**户" for r in first + second)
    accepted, n = store.review_cases({fx.ITEM_CODE}, states=("accepted",))
    assert n == 1 and accepted[0]["id"] == cases[0].id
    assert store.review_cases(set())[1] == 0  # a department with no item
    assert store.review_cases({fx.ITEM_CODE}, hall="FS02")[1] == 0
    counts = {(r["item_code"], r["state"]): r["count"] for r in store.case_counts()}
    assert counts == {(fx.ITEM_CODE, "accepted"): 1, (fx.ITEM_CODE, "synced"): 2}
