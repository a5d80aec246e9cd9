"""A walk through every kiosk page and state a citizen can see, for the touch-target,
screen-size and glyph tests (tests/test_kiosk_targets.py, test_kiosk_sizes.py).
Voice guidance is on, so its controls are in the header throughout.

``walk(qtbot, win)`` puts the real window, one after the other, into each
state and yields its name once it is on screen: home, the guides with a
search, a guide with its scenario questions, the card page, the form with the
keyboard, the date picker, the scan page, the confirm page with the express
address and its keyboard, the done page with the rating reasons, the idle
warning, the offline banner, and the items page greeting the citizen
whose card was read.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtWidgets import QApplication, QLineEdit

from sync.worker import SyncStatus
from tests.factories import identity
from tests.gui_helpers import click, scan_required

DISABILITY = "440604-MS-0010"  # its guardian question brings in a conditional one
DATED = "440604-GA-0004"  # 出生登记: text, an ID number, a phone, a date, choices
STATES = (
    "home",
    "items_search",
    "guide_scenario",
    "consent",
    "card",
    "form_keyboard",
    "form_date",
    "scan",
    "scan_review",
    "scan_done",
    "confirm_express",
    "done_reasons",
    "idle_warning",
    "offline_banner",
    "items_greeted",
    "help_called",
    "supplement_find",  # 补交材料 (issue 14, item 3)
    "supplement",
    # 12345 咨询投诉 (issue 14, item 4)
    "hotline_form",
    "hotline_done",
    "hotline_answer",
    # 进度查询 (issue 14 item 1): walk_progress below
    "progress_scan",
    "progress_type",
    "progress_card",
    "progress_list",
    "checkin_scan",  # 预约签到 (issue 15 item 5): the QR way with the camera's picture
)


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def walk(qtbot, win, states: tuple[str, ...] = STATES) -> Iterator[str]:
    """Each of ``states`` in turn (a subset keeps the walk's order); GUI thread."""
    rt = win.rt
    qtbot.waitUntil(lambda: "id_reader" in win.bridge.last_status, timeout=5000)

    def shown(name: str) -> bool:
        _settle()
        return name in states

    win.show_page("home")
    voice_on(win)
    if shown("home"):
        yield "home"
    # 长辈模式 for a citizen who looks at the guides, then the next citizen: the
    # everyday pages must not remember the bigger words.
    click(win, "elder")
    click(win, "guides")
    click(win, "home")
    voice_on(win)
    win.open_guides()
    win.pages["items"].search.setText("hj")
    if shown("items_search"):
        yield "items_search"
    win.choose_item(DISABILITY)
    item = rt.catalog.item(DISABILITY)
    q = item.scenario[0]
    win.scenario.answer(q.key, len(q.options) - 1)
    if shown("guide_scenario"):
        yield "guide_scenario"
    click(win, "home")
    voice_on(win)  # a new session starts with the configured voice (off)
    win.choose_item(DATED)
    click(win, "guide_next")  # no card yet: the privacy notice, then the card page
    assert win.current_page() == "consent", win.current_page()
    if shown("consent"):
        yield "consent"
    click(win, "consent_agree")
    assert win.current_page() == "card", win.current_page()
    if shown("card"):
        yield "card"
    rt.devices.virtual_reader.present(identity())
    qtbot.waitUntil(lambda: win.current_page() == "form", timeout=5000)
    if shown("form_keyboard"):
        yield "form_keyboard"
    dated = rt.catalog.item(DATED)
    date_key = next(f.key for f in dated.form if f.type.value == "date")
    ed = win.form.editors[date_key]
    assert isinstance(ed, QLineEdit)
    win.keyboard.set_target(ed)
    if shown("form_date"):
        yield "form_date"
    fill_form(win)
    click(win, "form_next")
    assert win.current_page() == "scan", {k: e.text() for k, e in win.form.errors.items()}
    qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
    if shown("scan"):
        yield "scan"
    scan = win.camera
    scan.auto_box.setChecked(False)
    qtbot.waitUntil(
        lambda: scan.last_state is not None and scan.last_state.quad is not None,
        timeout=5000,
    )
    scan.capture()  # the still picture with its corners, 使用此页 and 重拍
    if shown("scan_review"):
        yield "scan_review"
    scan.retake()
    scan_required(win, dated)
    if shown("scan_done"):
        yield "scan_done"
    click(win, "scan_next")
    confirm = win.pages["confirm"]
    confirm.express.setChecked(True)
    if shown("confirm_express"):
        yield "confirm_express"
    confirm.pickup.setChecked(True)
    click(win, "submit")
    qtbot.waitUntil(lambda: win.current_page() == "done", timeout=10000)
    qtbot.waitUntil(lambda: win.print_state != "pending", timeout=10000)
    click(win, "eval_level_2")
    assert win.evaluation.reasons_box.isVisible()
    if shown("done_reasons"):
        yield "done_reasons"
    win._on_idle_warn(20)  # what the idle watcher calls 30 s before the end
    if shown("idle_warning"):
        yield "idle_warning"
    win.idle_banner.hide()
    win.status.update_sync(
        SyncStatus(online=False, queued=12, quarantined=0, last_error="", last_sync_at=None)
    )
    if shown("offline_banner"):
        yield "offline_banner"
    win.reset_session()
    voice_on(win)
    click(win, "start")  # 我要办理 from home: the notice, the card, the items with a greeting
    click(win, "consent_agree")
    rt.devices.virtual_reader.present(identity())
    qtbot.waitUntil(lambda: win.current_page() == "items", timeout=5000)
    if shown("items_greeted"):
        yield "items_greeted"
    click(win, "call_staff")  # 呼叫工作人员: its answer in the banner
    qtbot.waitUntil(lambda: win.idle_banner.isVisible(), timeout=5000)
    if shown("help_called"):
        yield "help_called"
    # 补交材料 (issue 14, item 3): the look-up with its keyboard, then a case's owed materials.
    win.reset_session()
    click(win, "supplement")
    if shown("supplement_find"):
        yield "supplement_find"
    import datetime as dt

    from core.supplements import Owed
    from services.supplements import OwedCase

    due = dt.date.today() + dt.timedelta(days=5)
    owed = [
        Owed("M-FS-003", "经营场所和设备布局、操作流程示意图", due, "deficiency"),
        Owed("M-FS-004", "主要设备设施清单", due - dt.timedelta(days=9), "request"),
    ]
    win.pages["supplement"].show_cases(
        [OwedCase("0" * 8, "FS01-K01-20261201-0001", "440604-XK-0001", "食品经营许可（新办）",
                  "张*三", "synced", owed)]
    )  # fmt: skip
    win.show_page("supplement")
    if shown("supplement"):
        yield "supplement"
    # 预约签到: the QR way (the camera's picture, the scanner gun's field)
    win.reset_session()
    win.open_checkin()
    click(win, "checkin_scan")
    if shown("checkin_scan"):
        yield "checkin_scan"
    win.pages["checkin"].left()
    # 进度查询
    if any(s in states for s in PROGRESS_STATES):
        for name in walk_progress(qtbot, win):
            if name in states:
                yield name
    yield from _hotline(qtbot, win, shown)


def _hotline(qtbot, win, shown) -> Iterator[str]:
    """12345: the form with a long text and a phone, the ticket page, an answer shown."""
    from wire.hotline import TicketView

    win.reset_session()
    voice_on(win)
    click(win, "hotline")
    page = win.pages["hotline"]
    click(win, "hotline_type_complaint")
    page.dept.setCurrentIndex(1)
    page.keyboard.insert("窗口等候时间太长，希望增加窗口。" * 6)
    page.phone.setText("13800138000")
    click(win, "hotline_consent")
    if shown("hotline_form"):
        yield "hotline_form"
    click(win, "hotline_submit")
    qtbot.waitUntil(lambda: win.current_page() == "hotline_done", timeout=10000)
    if shown("hotline_done"):
        yield "hotline_done"
    no = win.pages["hotline_done"].taken.record.ticket_no
    win.reset_session()
    voice_on(win)
    click(win, "hotline")
    click(win, "hotline_to_answers")
    answered = TicketView(
        ticket_no=no,
        category="complaint",
        department=page.dept.itemData(1) or "",
        received_at="2026-12-02T09:00:00+08:00",
        answer_due="2026-12-09",
        answer="已在上午高峰增开两个综合窗口，感谢您的反映。" * 3,
        answered_at="2026-12-03T10:00:00+08:00",
    )
    win.pages["hotline_answer"]._found([answered, answered.model_copy(update={"answered_at": ""})])
    if shown("hotline_answer"):
        yield "hotline_answer"


def voice_on(win) -> None:
    """Voice guidance on: 重听 and the volume join the header (it is wider then)."""
    if not win.voice.enabled:
        click(win, "voice_toggle")
    assert win.voice.enabled


def fill_form(win) -> None:
    """Plausible values in the empty fields (the tour's), so the form lets us on.

    A date field is read-only to typing (the picker owns it): set here.
    """
    from onewindow.tour import fill_form as tour_fill

    for f in win.form.fields:
        ed = win.form.editors[f.key]
        if f.type.value == "date" and isinstance(ed, QLineEdit) and not ed.text():
            ed.setText("2026-11-20")
    tour_fill(win.form)


# -- 进度查询 (issue 14 item 1) ------------------------------------------
PROGRESS_STATES = ("progress_scan", "progress_type", "progress_card", "progress_list")


def walk_progress(qtbot, win) -> Iterator[str]:
    """进度查询's pages: its three ways, and a result list of two cases (one open)."""
    import datetime as dt

    from services.progress import ProgressResult
    from wire.progress import ProgressCase

    win.reset_session()
    voice_on(win)
    click(win, "progress")
    for way in ("scan", "type", "card"):
        if win.current_page() != "progress":
            click(win, "back_progress")
        click(win, f"progress_{way}")
        _settle()
        yield f"progress_{way}"
    cases = [
        ProgressCase(
            receipt_no="FS01-K01-20261124-0007",
            item_code="440604-GA-0004",
            item_name="出生登记",
            hall_code="FS01",
            state="accepted",
            step="已受理，正在审查",
            department="佛山市公安局禅城分局",
            promised_date=dt.date(2026, 12, 4),
            outstanding=["户口簿"],
            applicant="张*三",
        ),
        ProgressCase(
            receipt_no="GZ01-C03-20261120-0112",
            item_code="440604-MS-0010",
            item_name="残疾人两项补贴申请",
            hall_code="GZ01",
            state="ready",
            applicant="张*三",
        ),
    ]
    win.show_progress(ProgressResult(cases, offline=True), by_card=True)
    win.pages["progress_list"].open(0)
    _settle()
    yield "progress_list"
    win.reset_session()
