"""`onewindow tour`: every screen of both apps, offscreen, one PNG each.

The tour runs the real apps against a local back office and the virtual
devices, walks the kiosk and the counter flows end to end, and saves a
screenshot of each screen it reaches: the kiosk's pages with the states a
citizen meets (the keyboard's layouts, the date picker, the express address,
the rating reasons, the idle warning, the offline banner). Its tests check
each PNG is not blank; people look at them to catch clipped or missing (e.g.
Chinese) text, and what does not fit the screen.

``run_tours`` runs it in each language at each kiosk screen size (1280×800,
1920×1080, portrait 1080×1920), one folder each (``en_1280x800/``…);
``onewindow tour --size 1280x800 --lang en`` runs one of them. Without a
``limit`` it ends with the staff web pages (onewindow.staff_tour) in headless
chromium, into ``staff/1366x768/`` and ``staff/390x844/``.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QPushButton

from backoffice.server import BackgroundBackoffice
from hall.config import load_settings
from hall.server import BackgroundHall
from onewindow.demo import demo_configs
from onewindow.gui import make_app, make_window

log = logging.getLogger(__name__)

SIZE = (1280, 800)
SIZES = {"1280x800": (1280, 800), "1920x1080": (1920, 1080), "1080x1920": (1080, 1920)}
LANGS = ("zh_CN", "en")


def wait_until(cond: Callable[[], bool], timeout: float = 10.0) -> None:
    """Process events until ``cond`` holds; raises TimeoutError otherwise."""
    app = QApplication.instance()
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise TimeoutError("tour: a screen did not reach the expected state")
        app.processEvents()
        time.sleep(0.01)


def click(win: QMainWindow, name: str) -> None:
    btns = [b for b in win.findChildren(QPushButton, name) if b.isVisible()]
    if not btns:
        raise LookupError(f"tour: no visible button {name}")
    btns[0].click()
    QApplication.instance().processEvents()


def fill_form(form) -> None:
    """Put a plausible example value in every empty editable field."""
    from core.catalog import FieldType
    from core.credit_code import SAMPLE_CODE
    from core.identity import check_digit

    examples = {
        FieldType.PHONE: "13800138000",
        FieldType.ID_NUMBER: "44060419900101002" + check_digit("44060419900101002"),
        FieldType.DATE: "2026-12-01",
        FieldType.ADDRESS: "广东省佛山市禅城区示例路8号",
        FieldType.TEXT: "示例",
        FieldType.CREDIT_CODE: SAMPLE_CODE,
    }
    for f in form.fields:
        ed = form.editors[f.key]
        if isinstance(ed, QLineEdit):
            if not ed.isReadOnly() and not ed.text():
                ed.setText(examples.get(f.type, "示例"))
        elif ed.currentIndex() <= 0 and ed.count() > 1:
            ed.setCurrentIndex(1)


class TourDone(Exception):
    """Raised by Tour.shot once the requested number of screens is saved."""


class Tour:
    """Collects screenshots into a folder. GUI thread only."""

    def __init__(self, out: Path, prefix: str = "", limit: int | None = None) -> None:
        self.out = out
        self.prefix = prefix
        self.limit = limit
        self.paths: list[Path] = []
        self.backoffice: BackgroundBackoffice | None = None  # decides cases for 出件
        out.mkdir(parents=True, exist_ok=True)

    def shot(self, win: QMainWindow, name: str) -> Path:
        QApplication.instance().processEvents()
        path = self.out / f"{self.prefix}{len(self.paths) + 1:02d}_{name}.png"
        win.grab().save(str(path))
        self.paths.append(path)
        if self.limit is not None and len(self.paths) >= self.limit:
            raise TourDone
        return path


def tour_kiosk(win, t: Tour) -> None:
    rt = win.rt
    wait_until(lambda: "id_reader" in win.bridge.last_status)
    t.shot(win, "kiosk_home")
    tour_assist(win, t)
    tour_guides(win, t)
    click(win, "voice_toggle")  # voice guidance on: 重听 and volume appear in the header
    t.shot(win, "kiosk_voice")
    click(win, "elder")  # 长辈模式: text half as big again, high contrast, voice on
    t.shot(win, "kiosk_elder_home")
    click(win, "guides")
    t.shot(win, "kiosk_elder_items")
    click(win, "home")  # a new session: the everyday mode again
    click(win, "start")
    t.shot(win, "kiosk_consent")  # the privacy notice before the first card read
    click(win, "consent_agree")
    t.shot(win, "kiosk_card")
    rt.devices.virtual_reader.present()
    wait_until(lambda: win.current_page() == "items")
    t.shot(win, "kiosk_items")
    show_offline(win, t)
    click(win, "call_staff")  # 呼叫工作人员: the answer in the banner
    wait_until(lambda: win.idle_banner.isVisible())
    t.shot(win, "kiosk_help_called")
    item = rt.catalog.items[0]
    win.choose_item(item.code)
    t.shot(win, "kiosk_guide")
    click(win, "guide_next")
    wait_until(lambda: win.current_page() == "form")
    for key, ed in win.form.editors.items():
        if isinstance(ed, QLineEdit) and not ed.isReadOnly() and not ed.text():
            win.keyboard.set_target(ed)
            win.keyboard.insert("13800138000" if "phone" in key else "1")
    t.shot(win, "kiosk_form")
    dates = [f.key for f in item.form if f.type.value == "date"]
    if dates:  # a date field: the picker with big buttons takes the keyboard's place
        win.keyboard.set_target(win.form.editors[dates[0]])
        t.shot(win, "kiosk_form_date")
    win.idle.warn.emit(20)  # what the idle watcher says 20 s before it wipes the session
    t.shot(win, "kiosk_idle_warning")
    win.idle_banner.hide()
    kb = win.keyboard  # the text layouts: pinyin with candidates, then handwriting
    kb.set_target(None)
    for ch in "zhang":
        kb.letter(ch)
    t.shot(win, "kiosk_form_pinyin")
    kb.set_mode("handwriting")
    kb.pad.strokes = [[(40, 60), (110, 60), (105, 120)], [(45, 120), (105, 120)]]
    kb.pad.strokes_changed.emit()
    t.shot(win, "kiosk_form_handwriting")
    kb.set_target(win.form.first_editable())
    click(win, "form_next")
    wait_until(lambda: win.current_page() == "scan")
    scan = win.camera
    scan.auto_box.setChecked(False)  # the tour takes its pictures itself
    wait_until(lambda: scan.last_state is not None and scan.last_state.quad is not None)
    t.shot(win, "kiosk_scan")
    scan.capture()  # manual capture: the still picture with four draggable corners
    t.shot(win, "kiosk_scan_corners")
    q = scan.view.corners()
    scan.view.move_corner(0, 0.0, float(q[0][1]))  # a corner dragged off the page: advice
    t.shot(win, "kiosk_scan_warning")
    scan.retake()
    for row in range(win.checklist.count()):
        win.checklist.setCurrentRow(row)
        win.capture()
    t.shot(win, "kiosk_scanned")
    click(win, "scan_next")
    t.shot(win, "kiosk_confirm")
    confirm = win.pages["confirm"]
    confirm.express.click()  # delivery by express: the address and its keyboard
    t.shot(win, "kiosk_confirm_express")
    confirm.pickup.click()
    click(win, "submit")
    wait_until(lambda: win.current_page() == "done")
    wait_until(lambda: win.print_state != "pending")
    t.shot(win, "kiosk_done")
    for name in ("eval_level_2", "eval_reason_wait_long", "eval_reason_device_hard"):
        click(win, name)
    t.shot(win, "kiosk_evaluation")
    click(win, "eval_submit")
    wait_until(lambda: win.evaluation.state == "thanks")  # saved on the background lane
    t.shot(win, "kiosk_evaluation_thanks")
    tour_progress(win, t)  # 进度查询: the case just submitted
    tour_hotline(win, t)
    tour_kiosk_supplement(win, t)
    tour_kiosk_ticket(win, t)
    tour_certs(win, t)  # 证明打印 (certs)
    tour_kiosk_commitment(win, t)  # 告知承诺 (issue 16, item 1)
    # Last: after its done page the second session's window is 13 px taller (docs/bundles.md).
    tour_bundle(win, t)


# ---- 告知承诺 -----------------------------------------------------
COMMITMENT_ITEM = "440604-GA-0005"  # 居住证申领: its 居住证明 may be replaced by a 承诺书
COMMITMENT_MATERIAL = "M-JZ-001"


def sign_on(pad) -> None:
    """A signature's strokes on ``pad`` as a finger draws them (the tour has no finger)."""
    from PySide6.QtCore import QPointF

    w, h = max(pad.width(), 300), max(pad.height(), 160)
    pad._begin(QPointF(w * 0.1, h * 0.6), 4.0)
    for i in range(1, 40):
        x = w * (0.1 + 0.02 * i)
        y = h * (0.6 - 0.25 * ((i % 8) / 8))
        pad._extend(QPointF(x, y), 4.0)
    pad._end()
    pad.changed.emit(True)


def scan_next_ready(win) -> bool:
    return all(b.isEnabled() for b in win.findChildren(QPushButton, "scan_next") if b.isVisible())


def _commitment_person(rt, name: str):
    return next(i for i in rt.devices.virtual_reader.samples() if i.name == name)


def tour_kiosk_commitment(win, t: Tour) -> None:
    """告知承诺 at the kiosk: the letter in large type, a finger's signature; the confirm page
    with the signed 承诺书; a listed applicant's refusal."""
    rt, panel = win.rt, win.pages["commitment"].panel
    for name, shot in (("张小三", "kiosk_commitment"), ("欧阳明华", "kiosk_commitment_refused")):
        win.reset_session()  # a new citizen
        win.show_page("home")
        click(win, "start")
        click(win, "consent_agree")
        rt.devices.virtual_reader.present(_commitment_person(rt, name))
        wait_until(lambda: win.current_page() == "items")
        win.choose_item(COMMITMENT_ITEM)
        click(win, "guide_next")
        wait_until(lambda: win.current_page() == "form")
        fill_form(win.form)
        click(win, "form_next")
        wait_until(lambda: win.current_page() == "scan")
        wait_until(lambda: scan_next_ready(win))  # the card read's face is kept first
        click(win, "scan_next")
        wait_until(lambda: win.current_page() == "confirm")
        click(win, "commitment")
        wait_until(lambda: panel.eligibility is not None)
        if panel.eligibility.allowed:
            sign_on(panel.signature.pad)
        t.shot(win, shot)
        if panel.eligibility.allowed:
            click(win, "commitment_sign")
            wait_until(lambda: win.current_page() == "confirm")
            t.shot(win, "kiosk_confirm_commitment")
        rt.devices.virtual_reader.remove()
    win.reset_session()
    win.show_page("home")


# ---- 一件事 -------------------------------------------------------
TOUR_BUNDLE = "440604-YJS-002"  # 新生儿出生一件事: three items of three departments


def tour_bundle(win, t: Tour) -> None:
    """一件事 at the kiosk: the bundles' chip, a bundle's guide, the merged form and
    materials and the confirm page; the printed receipt (a paper
    preview, beside the screenshots as ``paper_bundle_receipt.png``)."""
    import shutil

    rt = win.rt
    win.reset_session()
    win.open_guides()
    click(win, "browse_bundle")
    t.shot(win, "kiosk_bundles")
    win.choose_bundle(TOUR_BUNDLE)
    t.shot(win, "kiosk_bundle_guide")
    click(win, "guide_next")
    click(win, "consent_agree")
    rt.devices.virtual_reader.present()
    wait_until(lambda: win.current_page() == "form")
    for f in win.form.fields:  # a date is the picker's (read-only to typing)
        ed = win.form.editors[f.key]
        if f.type.value == "date" and isinstance(ed, QLineEdit) and not ed.text():
            ed.setText("2026-11-20")
    fill_form(win.form)
    t.shot(win, "kiosk_bundle_form")
    click(win, "form_next")
    wait_until(lambda: win.current_page() == "scan")
    win.camera.auto_box.setChecked(False)
    wait_until(lambda: win.camera.last_state is not None and win.camera.last_state.quad is not None)
    for row in range(win.checklist.count()):
        win.checklist.setCurrentRow(row)
        win.capture()
    t.shot(win, "kiosk_bundle_scanned")
    click(win, "scan_next")
    t.shot(win, "kiosk_bundle_confirm")
    printed = rt.devices.virtual_printer.job_count if rt.devices.virtual_printer else 0
    click(win, "submit")
    wait_until(lambda: win.current_page() == "done")
    wait_until(lambda: win.print_state != "pending")
    # No shot of this second session's done page: at 1280×800 it grows the window by
    # 13 px (a second session's done page does, bundle or not; see docs/bundles.md).
    printer = rt.devices.virtual_printer
    if printer is not None and win.print_state == "ok":
        job = printer.wait_jobs(printed + 1)[-1]
        if job.png_path is not None and job.png_path.exists():
            shutil.copy(job.png_path, t.out / "paper_bundle_receipt.png")


def tour_hotline(win, t: Tour) -> None:
    """12345 咨询投诉: the form (handwriting), the ticket, the answer read back and rated."""
    win.reset_session()
    click(win, "hotline")
    page = win.pages["hotline"]
    click(win, "hotline_type_complaint")
    page.dept.setCurrentIndex(min(1, page.dept.count() - 1))
    page.item.setCurrentIndex(min(1, page.item.count() - 1))
    kb = page.keyboard
    kb.insert("窗口等候时间太长，上午排队超过一个小时，希望高峰时段增开窗口。")
    kb.set_mode("handwriting")
    kb.pad.strokes = [[(40, 60), (110, 60), (105, 120)], [(45, 120), (105, 120)]]
    kb.pad.strokes_changed.emit()
    t.shot(win, "kiosk_hotline_handwriting")
    kb.set_target(page.phone)
    kb.insert("13800138000")
    click(win, "hotline_consent")
    t.shot(win, "kiosk_hotline_form")
    click(win, "hotline_submit")
    wait_until(lambda: win.current_page() == "hotline_done")
    done = win.pages["hotline_done"]
    wait_until(lambda: done.print_state != "pending")
    t.shot(win, "kiosk_hotline_ticket")
    taken = done.taken
    bo = t.backoffice
    if bo is None or taken is None:
        return
    win.rt.sync.sync_now()
    wait_until(lambda: bo.store.hotline_ticket(taken.record.ticket_no) is not None)
    bo.store.answer_ticket(
        taken.record.ticket_no,
        "您好，已在工作日上午高峰增开两个综合窗口，并增加取号提醒。感谢您的反映。",
        "staff:demo",
    )
    win.reset_session()
    click(win, "hotline")
    click(win, "hotline_to_answers")
    ans = win.pages["hotline_answer"]
    ans.keyboard.set_target(ans.ticket)
    ans.keyboard.insert(taken.record.ticket_no)
    ans.keyboard.set_target(ans.code)
    ans.keyboard.insert(taken.check_code)
    t.shot(win, "kiosk_hotline_lookup")
    click(win, "hotline_lookup")
    wait_until(lambda: ans.current is not None)
    t.shot(win, "kiosk_hotline_answer")
    click(win, "eval_level_4")
    click(win, "eval_submit")
    wait_until(lambda: ans.evaluation.state == "thanks")
    t.shot(win, "kiosk_hotline_rated")


def tour_certs(win, t: Tour) -> None:
    """证明打印: the tile, the choice, the preview, done; and what offline says."""
    from emulators.virtual_reader import sample_identities
    from sync.errors import Offline

    holder = sample_identities()[0]  # 张小三: the sample registry has his certificates

    win.reset_session()
    click(win, "certs")
    if win.current_page() == "consent":
        click(win, "consent_agree")
    win.rt.devices.virtual_reader.present(holder)
    wait_until(lambda: win.current_page() == "certs")
    t.shot(win, "kiosk_certs")
    certs = win.pages["certs"]
    item = certs.item_buttons[0]
    item.click()
    wait_until(lambda: win.current_page() == "cert_preview", timeout=60)
    t.shot(win, "kiosk_cert_preview")
    click(win, "cert_print")
    wait_until(lambda: win.current_page() == "cert_done", timeout=60)
    t.shot(win, "kiosk_cert_done")
    click(win, "cert_finish")
    click(win, "certs")
    if win.current_page() == "consent":
        click(win, "consent_agree")
    win.rt.devices.virtual_reader.present(holder)
    wait_until(lambda: win.current_page() == "certs")
    certs.item = win.rt.catalog.item(certs.item_buttons[0].objectName().removeprefix("cert_"))
    certs._not_fetched(Offline("sync_offline", error="ConnectionError"))  # as offline says it
    t.shot(win, "kiosk_certs_offline")


def tour_progress(win, t: Tour) -> None:
    """进度查询 (issue 14): the QR way, typing, the card, the result list
    of the case just submitted."""
    from core.ids import check_code

    case = win.submitted
    win.reset_session()
    click(win, "progress")
    view = win.pages["progress"].view
    wait_until(lambda: view.frame is not None)  # the camera's picture, to aim the QR at
    t.shot(win, "kiosk_progress")
    click(win, "progress_card")
    t.shot(win, "kiosk_progress_card")
    click(win, "progress_type")
    page = win.pages["progress_type"]
    if case is not None:
        page.receipt.setText(case.receipt_no)
        page.check.setText(check_code(case.id))
    t.shot(win, "kiosk_progress_type")
    click(win, "progress_find")
    wait_until(lambda: win.current_page() == "progress_list")
    t.shot(win, "kiosk_progress_list")
    win.reset_session()


def show_offline(win, t: Tour) -> None:
    """The offline banner as the citizen sees it, then the true state again."""
    from sync.worker import SyncStatus

    win.status.update_sync(
        SyncStatus(online=False, queued=2, quarantined=0, last_error="", last_sync_at=None)
    )
    t.shot(win, "kiosk_offline")
    win.status.update_sync(win.rt.sync.status())


def tour_kiosk_ticket(win, t: Tour) -> None:
    """取号: the categories with the hall's priorities, then a printed ticket."""
    if win.current_page() != "home":
        click(win, "home")
    if win.rt.tickets is None:
        return
    click(win, "ticket")
    page = win.pages["ticket"]
    wait_until(lambda: len(page.category_buttons) > 0)
    t.shot(win, "kiosk_ticket")
    click(win, "category_A")
    wait_until(lambda: bool(page.number.text()))
    t.shot(win, "kiosk_ticket_printed")
    if page.checkin_btn.isVisible():  # 预约签到: the QR way, the camera's picture
        click(win, "checkin")
        click(win, "checkin_scan")
        wait_until(lambda: win.pages["checkin"].view.frame is not None)
        t.shot(win, "kiosk_checkin")
        win.pages["checkin"].left()
    click(win, "home")


def display_shots(out: Path, data_root: Path) -> list[Path]:
    """The hall TV's page (/display) in headless chromium at 1920×1080, after a few calls."""
    import requests

    from hall.config import load_settings
    from hall.server import BackgroundHall
    from onewindow.staff_browser import staff_browser

    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    settings = load_settings(None, {"data_dir": str(data_root / "display-hall")})
    with BackgroundHall(settings) as hall:
        api = hall.url + "/api/v1/queue"

        def post(path: str, device: str, body: dict | None = None) -> dict:
            r = requests.post(api + path, json=body, headers={"X-OneWindow-Device": device})
            r.raise_for_status()
            return r.json()

        for category in "AABBCAD":
            ticket = post("/tickets", "K01", {"category": category})
            post(f"/tickets/{ticket['id']}/printed", "K01")
        driver = staff_browser(1920, 1080)
        try:
            driver.get(hall.url + "/display")
            for window, device in (("1", "C01"), ("4", "C04"), ("3", "C03")):
                post(f"/windows/{window}/call", device, {"number": ""})
            wait_until(
                lambda: (
                    all(f"{w}号窗口" in driver.page_source for w in "143")
                    and "A 综合受理 2"
                    in driver.find_element("tag name", "body").text.replace("\n", " ")
                )
            )
            path = out / "display_1920x1080.png"
            path.write_bytes(driver.get_screenshot_as_png())
            paths.append(path)
        finally:
            driver.quit()
    return paths


def tour_guides(win, t: Tour) -> None:
    """办事指南 without a card: by life event, a pinyin search, a full guide with its questions."""
    click(win, "guides")
    click(win, "browse_event")
    t.shot(win, "kiosk_guides")
    win.pages["items"].search.setText("hj")
    t.shot(win, "kiosk_guides_search")
    scen = next(
        (i for i in win.rt.catalog.items if any(q.show_if for q in i.scenario)),
        win.rt.catalog.items[0],
    )
    win.choose_item(scen.code)
    if scen.scenario:
        win.scenario.answer(scen.scenario[0].key, len(scen.scenario[0].options) - 1)
    t.shot(win, "kiosk_guide_full")
    click(win, "home")


def tour_counter(win, t: Tour) -> None:
    rt = win.rt
    t.shot(win, "counter_signin")
    from onewindow.staff_tour import DEMO_PASSWORD, ensure_demo_staff

    ensure_demo_staff(t.backoffice.store)  # the demo clerk's account, as in the demo
    win.clerk_id.setText("demo.clerk")
    win.clerk_password.setText(DEMO_PASSWORD)
    click(win, "signin")
    wait_until(lambda: win.current_page() != "signin")
    tour_calling(win, t)
    applicant = rt.devices.virtual_reader.present()
    wait_until(lambda: win.applicant is not None)
    t.shot(win, "counter_card")
    click(win, "card_next")
    win.search.setText("一件事")  # a 一件事 picked, its items listed
    win.pages["item"].select_bundle(TOUR_BUNDLE)
    t.shot(win, "counter_bundle_item")
    tour_company(win, t)
    scen = next((i for i in rt.catalog.items if i.scenario), rt.catalog.items[1])
    win.search.setText(scen.name[:4])
    win.select_item(scen.code)
    for q in scen.scenario:
        win.scenario.answer(q.key, 0)
    t.shot(win, "counter_item")
    click(win, "item_next")
    wait_until(lambda: win.current_page() == "materials")
    win.camera.auto_box.setChecked(False)  # the tour takes its pictures itself
    wait_until(lambda: win.camera.last_frame is not None)
    fill_form(win.form)
    for row in range(win.checklist.count()):
        win.checklist.setCurrentRow(row)
        win.capture()
    win.checklist.setCurrentRow(0)
    rt.devices.virtual_camera.select("03_id_card")  # a second page for the first material
    seen = rt.devices.stream_stats().frames
    wait_until(lambda: rt.devices.stream_stats().frames >= seen + 3)
    QApplication.instance().processEvents()
    win.capture()
    t.shot(win, "counter_materials")
    tour_drafts(win, t)
    tour_delivery(win, t)
    click(win, "submit")
    wait_until(lambda: win.current_page() == "done")
    wait_until(lambda: win.print_state != "pending")
    t.shot(win, "counter_done")
    screen = win.customer_screen  # 好差评 on the citizen's screen, not the clerk's
    screen.resize(*win.size().toTuple())
    t.shot(screen, "counter_customer_screen")
    click(win, "ask_evaluation")
    t.shot(win, "counter_evaluation")  # the clerk's: a rating awaited, nothing more
    t.shot(screen, "counter_customer_rating")
    for name in ("eval_level_1", "eval_reason_staff_attitude", "eval_reason_other"):
        click(screen, name)
    t.shot(screen, "counter_evaluation_reasons")
    click(screen, "eval_submit")
    wait_until(lambda: win.evaluation.state == "thanks")  # saved on the background lane
    t.shot(screen, "counter_evaluation_thanks")
    win.show_page("done")
    t.shot(win, "counter_done_evaluated")
    owing = owing_case(rt, win.clerk)  # 补正 due: the list says so
    win.show_page("cases")
    t.shot(win, "counter_cases")
    win.show_page("report")  # 窗口日报 (issue 16, item 4)
    wait_until(lambda: win.pages["report"].report is not None)
    t.shot(win, "counter_report")
    tour_counter_supplement(win, t, owing)
    tour_counter_online(win, t, applicant)
    win.show_page("prints")
    t.shot(win, "counter_prints")
    tour_pickup(win, t, applicant)
    tour_counter_commitment(win, t)  # 告知承诺 (issue 16, item 1)
    tour_reuse(win, t, applicant)


def tour_counter_commitment(win, t: Tour) -> None:
    """告知承诺 at the window: after the materials, the letter, the credit check and the
    applicant's signature; then a listed applicant's refusal."""
    rt, panel = win.rt, win.pages["commitment"].panel
    for name, shot in (
        ("张小三", "counter_commitment"),
        ("欧阳明华", "counter_commitment_refused"),
    ):
        win.new_intake()
        rt.devices.virtual_reader.present(_commitment_person(rt, name))
        wait_until(lambda: win.applicant is not None)
        click(win, "card_next")
        win.search.setText("")
        win.pages["item"].item_list.setCurrentRow(-1)  # the last applicant's pick stays current
        win.select_item(COMMITMENT_ITEM)
        click(win, "item_next")
        wait_until(lambda: win.current_page() == "materials")
        wait_until(lambda: win.camera.last_frame is not None)
        fill_form(win.form)
        for row, m in enumerate(win.case.materials):
            if m.code != COMMITMENT_MATERIAL:
                win.checklist.setCurrentRow(row)
                win.capture()
        wait_until(lambda: all(m.files for m in win.case.materials
                               if m.code != COMMITMENT_MATERIAL))  # fmt: skip
        click(win, "submit")
        wait_until(lambda: win.current_page() == "commitment")
        wait_until(lambda: panel.eligibility is not None)
        if panel.eligibility.allowed:
            sign_on(panel.signature.pad)
        t.shot(win, shot)
        rt.devices.virtual_reader.remove()
    win.new_intake()


def tour_assist(win, t: Tour) -> None:
    """帮办: a clerk signs in on the kiosk; the header names them until 结束帮办."""
    from onewindow.staff_tour import DEMO_PASSWORD, ensure_demo_staff

    ensure_demo_staff(t.backoffice.store)
    click(win, "assist")
    page = win.pages["assist"]
    page.login.setText("demo.clerk")
    t.shot(win, "kiosk_assist")
    page.password.setText(DEMO_PASSWORD)
    click(win, "assist_sign_in")
    wait_until(lambda: win.assistant is not None)
    t.shot(win, "kiosk_assisted")
    click(win, "end_assist")


def tour_drafts(win, t: Tour) -> None:
    """未完成的受理: the intake under way as a restart after a power cut offers it back."""
    from services.drafts import kept_drafts

    win.drafts.keep_now()
    win.ops.wait_idle()
    win.pages["drafts"].show_drafts(kept_drafts(win.rt))
    win.show_page("drafts")
    t.shot(win, "counter_drafts")
    win.show_page("materials")


def tour_delivery(win, t: Tour) -> None:
    """送达方式: 邮寄送达 with the address chosen (then back to 窗口自取 for the pickup)."""
    click(win, "choose_delivery")
    page = win.pages["delivery"]
    click(win, "delivery_express")
    a = page.address
    a.city.setCurrentIndex(a.city.findData("440600"))  # 佛山市
    a.district.setCurrentIndex(a.district.findData("440604"))  # 禅城区
    a.detail.setText("岭南大道北12号3座1502")
    a.phone.setText("13800138000")
    t.shot(win, "counter_delivery")
    click(win, "delivery_window")
    click(win, "delivery_ok")


def tour_mail_out(win, t: Tour) -> None:
    """出件 of an express case: the parcel's label under the camera, its waybill read."""
    from core.delivery import express_delivery
    from widgets.address_picker import divisions

    rt, bo = win.rt, t.backoffice
    if bo is None:
        return
    item = next(i for i in rt.catalog.items if not i.scenario and not i.for_company)
    to = express_delivery(
        divisions(),
        province_code="440000",
        city_code="440600",
        district_code="440604",
        detail="岭南大道北12号3座1502",
        recipient_name=rt.devices.virtual_reader.samples()[0].name,
        phone="13800138000",
    )
    case = tour_case(rt, win.clerk, item.code, delivery=to)
    decide_ready(rt, bo, case)
    click(win, "show_pickup")
    rt.devices.virtual_camera.select("06_waybill")
    win.pickup_receipt.setText(case.receipt_no)
    click(win, "pickup_lookup")
    page = win.pages["pickup"]
    wait_until(lambda: bool(page.mail.waybill))
    t.shot(win, "counter_pickup_waybill")
    click(win, "confirm_pickup")
    wait_until(lambda: case.receipt_no in win.pickup_msg.text())  # 已邮寄：…
    wait_until(lambda: win.pickup_print_state not in ("none", "pending"))
    rt.devices.virtual_camera.select(0)


REUSE_ITEM = "440604-GA-0004"  # 出生登记: 身份证 and 户口簿 reusable, 结婚证 an e-licence


def tour_reuse(win, t: Tour, applicant) -> None:
    """材料复用 (issue 16 item 5): the applicant's consent recorded, what can be reused
    marked on the checklist (the case accepted above, the sample e-licences), one
    attached from the 电子材料库 and one fetched from the 电子证照库."""
    if t.backoffice is None:
        return
    win.new_intake()
    win.rt.devices.virtual_reader.present(applicant)
    wait_until(lambda: win.applicant is not None)
    click(win, "card_next")
    win.search.setText("")  # the whole list again (an earlier search filtered it)
    win.pages["item"].item_list.setCurrentRow(-1)
    win.select_item(REUSE_ITEM)
    click(win, "item_next")
    wait_until(lambda: win.current_page() == "materials")
    win.camera.auto_box.setChecked(False)
    fill_form(win.form)
    panel = win.pages["materials"].reuse
    click(win, "reuse_consent_oral")
    wait_until(lambda: len(panel.offers) > 0 or panel.offers.offline, timeout=30)
    codes = [m.code for m in win.case.materials]
    offered = [*panel.offers.licences, *panel.offers.kept][:2]  # an e-licence first
    if offered:
        win.checklist.setCurrentRow(codes.index(offered[0]))
    t.shot(win, "counter_reuse_offer")  # the rows marked, the selected one's button
    for code in offered:
        row = codes.index(code)
        win.checklist.setCurrentRow(row)
        click(win, "reuse_attach")
        wait_until(lambda row=row: win.checklist.item(row).text().startswith("✔"), timeout=60)
    t.shot(win, "counter_reuse_attached")
    win.new_intake()


def tour_company(win, t: Tour) -> None:
    """单位办理: the company panel of a company item, a code whose check character is wrong."""
    from core.credit_code import SAMPLE_CODE

    item = next(i for i in win.rt.catalog.items if i.for_company and not i.scenario)
    win.search.setText(item.name[:4])
    win.select_item(item.code)
    click(win, "item_next")
    wait_until(lambda: win.current_page() == "company")
    page = win.pages["company"]
    page.name.setText("佛山市示例环保科技有限公司")
    page.rep.setText("李四")
    page.code.setText(SAMPLE_CODE[:17] + "4")  # position 18 wrong: named on the panel
    t.shot(win, "counter_company")
    page.reset()
    win.show_page("item")


def tour_calling(win, t: Tour) -> None:
    """叫号 at window 1: a few tickets waiting, the next one called, then its intake."""
    desk = win.rt.calling
    if desk is None:
        return
    from sync.hall_client import HallClient

    kiosk = HallClient(desk.client.url, device_code="K01")
    for category in ("A", "B", "A", "C"):
        kiosk.printed(kiosk.take(category).id)
    page = win.pages["calling"]
    wait_until(lambda: page.state is not None)
    click(win, "call_next")
    wait_until(lambda: page.recall_btn.isEnabled())
    click(win, "call_recall")
    wait_until(
        lambda: (
            page.state is not None
            and page.state.current is not None
            and page.state.current.recalls == 1
        )
    )
    wait_until(lambda: page.hall is not None and page.waiting.text() != "")
    t.shot(win, "counter_calling")
    click(win, "call_start")  # the intake opens with the card read at the window
    wait_until(lambda: win.current_page() == "card")


def decide_ready(rt, bo, case) -> None:
    """The case reaches the back office, is decided 待取件 there, and the feed brings it back."""
    from core.case import CaseState

    rt.sync.sync_now()
    wait_until(lambda: bo.store.case_status(case.id) is not None)
    reusable = bo.app.state.catalog.reusable_codes()  # kept in the 电子材料库 (tour_reuse)
    bo.store.set_state(case.id, CaseState.ACCEPTED, actor="B0001", reusable=reusable)
    bo.store.set_state(case.id, CaseState.READY, actor="B0001")
    rt.sync.sync_now()
    wait_until(lambda: rt.store.get_case(case.id).state is CaseState.READY)


def tour_pickup(win, t: Tour, applicant) -> None:
    """出件: the back office decides the case just taken in; its applicant collects it."""

    rt, bo, case = win.rt, t.backoffice, win.submitted
    if bo is None or case is None:
        return
    decide_ready(rt, bo, case)
    click(win, "show_pickup")
    rt.devices.virtual_reader.present(applicant)
    wait_until(lambda: win.pickup_list.count() > 0)
    t.shot(win, "counter_pickup")
    click(win, "confirm_pickup")
    wait_until(lambda: win.pickup_print_state not in ("none", "pending"))
    t.shot(win, "counter_pickup_done")
    tour_mail_out(win, t)
    tour_counter_hotline(win, t)


def tour_counter_hotline(win, t: Tour) -> None:
    """12345 登记 at the window: the form filled, then the ticket taken."""
    click(win, "show_hotline")
    page = win.pages["hotline"]
    click(win, "hotline_type_consult")
    page.dept.setCurrentIndex(min(1, page.dept.count() - 1))
    page.text.setPlainText("来电咨询：灵活就业人员如何办理社保参保登记？")
    page.phone.setText("13800138000")
    page.consent.setChecked(True)
    t.shot(win, "counter_hotline")
    click(win, "hotline_submit")
    wait_until(lambda: page.taken is not None)
    t.shot(win, "counter_hotline_done")


# -- 补交材料 (issue 14, item 3) ------------------------------------------------------
OWING_ITEM = "440604-XK-0001"  # 食品经营许可（新办）, 餐饮服务: three materials may wait
OWING_LATER = ("M-FS-003", "M-FS-004")


def owing_case(rt, actor: str):
    """A case of OWING_ITEM taken in on this device with OWING_LATER missing (容缺)."""
    return tour_case(rt, actor, OWING_ITEM, OWING_LATER)


def _tour_page(code: str) -> bytes:
    """A small real JPEG page for a material of a case the tour makes (it may be reused)."""
    import cv2
    import numpy as np

    img = np.full((280, 200, 3), 255, np.uint8)
    cv2.putText(img, code, (10, 140), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (60, 60, 60), 1)
    return cv2.imencode(".jpg", img)[1].tobytes()


def tour_case(rt, actor: str, item_code: str, missing=(), delivery=None):
    """A case of ``item_code`` taken in on this device, ``missing`` materials left to
    补正 (容缺), sent to ``delivery`` (core.case.Delivery) when given."""
    from core.catalog import FieldType
    from core.credit_code import SAMPLE_CODE
    from core.intake import start_case
    from services.submission import submit

    item = rt.catalog.item(item_code)
    cfg = rt.config
    person = rt.devices.virtual_reader.samples()[0]
    case = start_case(
        item,
        person,
        hall_code=cfg.hall_code,
        device_code=cfg.device_code,
        channel=cfg.role.value,
        actor=actor,
        answers={"form": 0, "agent": 0},
    )
    for f in item.form:
        if not case.form.get(f.key):
            if f.type is FieldType.CHOICE:
                case.form[f.key] = f.choices[0]
            elif f.type is FieldType.PHONE:
                case.form[f.key] = "13800138000"
            elif f.type is FieldType.DATE:
                case.form[f.key] = "2026-03-01"
            elif f.type is FieldType.CREDIT_CODE:
                case.form[f.key] = SAMPLE_CODE
            else:
                case.form[f.key] = "示例"
    for m in case.materials:
        if m.code not in missing:
            ref = rt.store.save_file(_tour_page(m.code), "p.jpg", "image/jpeg")
            case.add_file(m.code, ref)
    if delivery is not None:
        case.delivery = delivery
    return submit(rt, case, item, actor=actor)


def tour_kiosk_supplement(win, t: Tour) -> None:
    """补交材料: the home tile, the look-up by receipt number, the owed materials, done."""
    from core.ids import check_code

    case = owing_case(win.rt, "citizen")
    win.reset_session()  # the next citizen, at the home page
    click(win, "supplement")
    find = win.pages["supplement_find"]
    find.receipt.setText(case.receipt_no)
    find.keyboard.set_target(find.code)
    find.code.setText(check_code(case.id)[:4])
    t.shot(win, "kiosk_supplement_find")
    find.code.setText(check_code(case.id))
    click(win, "supplement_lookup")
    wait_until(lambda: win.current_page() == "supplement")
    panel = win.pages["supplement"].panel
    panel.camera.auto_box.setChecked(False)
    wait_until(lambda: panel.camera.last_frame is not None)
    t.shot(win, "kiosk_supplement")
    for code in OWING_LATER:
        panel.choose_material(code)
        panel.camera.capture(accept=True)
        wait_until(lambda code=code: bool(panel.camera.pages(code)))
    t.shot(win, "kiosk_supplement_scanned")
    click(win, "supplement_submit")
    wait_until(lambda: win.current_page() == "supplement_done")
    wait_until(lambda: win.pages["supplement_done"].print_state != "pending")
    t.shot(win, "kiosk_supplement_done")
    click(win, "home")


def tour_counter_online(win, t: Tour, applicant) -> None:
    """网上预审件: an application made and pre-reviewed online, pulled by its number, one
    original checked; then accepted on the spot (a 即办 item: 当场办结)."""
    import assets
    from backoffice.store.online import Upload

    bo = t.backoffice
    docs = assets.path("samples") / "documents"
    number = bo.store.create_application(
        item_code="440604-MS-0004",
        item_name="失业登记",
        department="佛山市禅城区人力资源和社会保障局",
        applicant={
            "name": applicant.name,
            "id_number": applicant.id_number,
            "phone": "13800138000",
        },
        form={"phone": "13800138000", "education": "本科", "job_wanted": "软件测试"},
        uploads=[
            Upload(
                "M-ID-001", "申请人居民身份证", "image/jpeg", (docs / "03_id_card.jpg").read_bytes()
            ),
            Upload(
                "M-LAB-002",
                "解除或终止劳动关系证明",
                "image/jpeg",
                (docs / "01_application_form.jpg").read_bytes(),
            ),
        ],
    )
    bo.store.review_online(number, "approved", "", "staff:demo.reviewer")
    win.show_page("card")  # (not new_intake: the pickup tour hands out the case just taken)
    click(win, "show_online")  # from the card page, where a service starts
    page = win.pages["online"]
    page.number.setText(number)
    click(win, "online_lookup")
    wait_until(lambda: bool(page.scans))
    click(win, "online_same")  # the ID card matches; the second one shows its upload
    t.shot(win, "counter_online")
    click(win, "online_same")
    click(win, "online_accept")
    wait_until(lambda: page.accepted is not None and page.print_state not in ("none", "pending"))
    t.shot(win, "counter_online_done")


def tour_counter_supplement(win, t: Tour, case) -> None:
    """补交材料 at the window: the receipt looked up, one of two materials handed in."""
    from core.ids import check_code

    click(win, "show_supplement")
    page = win.pages["supplement"]
    page.receipt.setText(case.receipt_no)
    page.code.setText(check_code(case.id))
    click(win, "supplement_lookup")
    wait_until(lambda: bool(page.panel.cases))  # found on the background lane
    page.panel.camera.auto_box.setChecked(False)
    wait_until(lambda: page.panel.camera.last_frame is not None)
    page.panel.choose_material(OWING_LATER[0])
    page.panel.camera.capture(accept=True)
    wait_until(lambda: bool(page.panel.camera.pages(OWING_LATER[0])))
    t.shot(win, "counter_supplement")
    click(win, "supplement_submit")
    wait_until(lambda: page.print_state not in ("none", "pending"))
    t.shot(win, "counter_supplement_done")


# -- end 补交材料 ----------------------------------------------------------------------


def run_tours(
    out: Path,
    langs: tuple[str, ...] = LANGS,
    sizes: tuple[str, ...] = tuple(SIZES),
    limit: int | None = None,
) -> list[Path]:
    """The tour in each language at each size, into ``out/<lang>_<size>/``; all PNG paths.

    ``limit``: the first that many screens in all (a smoke check).
    """
    paths: list[Path] = []
    for lang in langs:
        for size in sizes:
            left = None if limit is None else limit - len(paths)
            if left is not None and left <= 0:
                return paths
            paths += run_tour(out / f"{lang}_{size}", lang=lang, limit=left, size=SIZES[size])
    if limit is None:  # the staff web pages, in headless chromium (onewindow.staff_tour)
        from onewindow.staff_browser import browser_missing
        from onewindow.staff_tour import run_staff_tour

        missing = browser_missing()
        if missing:
            log.warning("tour: no screenshots of the staff pages: %s", missing)
        else:
            paths += run_staff_tour(out / "staff")
            paths += display_shots(out / "display", Path(tempfile.mkdtemp(prefix="ow-display-")))
    return paths


def run_tour(
    out: Path,
    lang: str = "zh_CN",
    data_root: Path | None = None,
    limit: int | None = None,
    size: tuple[int, int] = SIZE,
) -> list[Path]:
    """Run the tour (only its first ``limit`` screens if given) with both windows at
    ``size``; returns the PNG paths."""
    tmp = None
    if data_root is None:
        tmp = tempfile.TemporaryDirectory(prefix="onewindow-tour-")
        data_root = Path(tmp.name)
    make_app(lang)
    t = Tour(Path(out), limit=limit)
    try:
        hall_settings = load_settings(None, {"data_dir": str(data_root / "hall")})
        with (
            BackgroundBackoffice(data_root / "backoffice", port=0) as bo,
            BackgroundHall(hall_settings) as hall,
        ):
            configs = demo_configs(data_root, bo.url, lang, hall_url=hall.url)
            for cfg, run in zip(configs, (tour_kiosk, tour_counter), strict=True):
                win, bridge = make_window(cfg)
                t.backoffice = bo
                win.resize(*size)
                win.show()
                bridge.start()
                try:
                    run(win, t)
                except TourDone:
                    break
                finally:
                    bridge.close()
                    win.close()
                    win.deleteLater()
    finally:
        if tmp is not None:
            tmp.cleanup()
    return t.paths
