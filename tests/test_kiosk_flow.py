"""The kiosk flow end to end: virtual card → item → form → scan → submit →
receipt on the virtual printer over TCP → case at the back office over real
HTTP with its file hash-checked; and no personal data in any log."""

from __future__ import annotations

import hashlib

import requests
from PySide6.QtWidgets import QPushButton

from core.case import CaseState
from core.identity import mask_name
from onewindow.gui import make_window
from tests.factories import identity
from tests.gui_helpers import TEST_CLERK_PASSWORD, add_clerk, app_config, click, scan_required
from tests.keyboard_helpers import tap, tap_keys


def _walk_to_scanned(qtbot, win, who):
    rt = win.rt
    qtbot.waitUntil(lambda: "id_reader" in win.bridge.last_status, timeout=5000)
    click(win, "start")
    click(win, "consent_agree")  # the privacy notice comes first
    assert win.current_page() == "card"
    rt.devices.virtual_reader.present(who)
    qtbot.waitUntil(lambda: win.current_page() == "items", timeout=5000)
    item = rt.catalog.items[0]
    win.choose_item(item.code)
    click(win, "guide_next")
    assert win.current_page() == "form"
    # The prefilled name and ID number are masked (按住显示 shows them).
    assert win.form.editors["applicant_name"].text() == mask_name(who.name)
    shown_id = win.form.editors["id_number"].text()
    assert who.id_number not in shown_id and shown_id.endswith(who.id_number[-4:])
    click(win, "form_next")
    assert win.current_page() == "form", "an empty phone must stop the form"
    assert win.form.errors["phone"].isVisible()
    tap(qtbot, win.form.editors["phone"])  # the on-screen keyboard types where touched
    tap_keys(qtbot, win.keyboard, "13800138000")
    click(win, "form_next")
    assert win.current_page() == "scan"
    qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
    scan_required(win, item)
    return item


def _walk_to_done(qtbot, win, who):
    item = _walk_to_scanned(qtbot, win, who)
    click(win, "scan_next")
    assert win.current_page() == "confirm"
    click(win, "submit")  # saved on the background lane: the page shows it is busy meanwhile
    qtbot.waitUntil(lambda: win.current_page() == "done", timeout=10000)
    return item


def test_kiosk_case_reaches_backoffice_with_receipt_printed(qtbot, tmp_path, backoffice):
    cfg = app_config(tmp_path, "kiosk", backoffice.url)
    win, bridge = make_window(cfg)
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    who = identity(name="测试乙", address="广东省佛山市禅城区样例街道88号")
    try:
        _walk_to_done(qtbot, win, who)
        case = win.submitted
        assert case.receipt_no.startswith("FS01-K01-")
        qtbot.waitUntil(lambda: win.print_state != "pending", timeout=10000)
        assert win.print_state == "ok", win.print_msg.text()

        # The receipt went over TCP to the virtual printer and decodes back.
        # (the job is printed once its bytes are sent; the virtual printer decodes them after)
        jobs = win.rt.devices.virtual_printer.wait_jobs(1)
        assert jobs, "the virtual printer received no job"
        transcript = jobs[-1].transcript
        assert case.receipt_no in transcript
        assert who.name not in transcript and who.id_number not in transcript

        # The sync worker delivers the case to the back office, exactly once.
        def at_backoffice():
            r = requests.get(f"{backoffice.url}/api/v1/cases/{case.id}", timeout=5)
            return r.status_code == 200 and r.json()["state"] == "synced"

        qtbot.waitUntil(at_backoffice, timeout=15000)
        stored = backoffice.store.get_case(case.id)
        assert stored.receipt_no == case.receipt_no
        assert stored.verify_trail()
        files = [f for m in case.materials for f in m.files]
        assert files
        for f in files:
            data = backoffice.store.read_file(f.id)
            assert hashlib.sha256(data).hexdigest() == f.sha256
        qtbot.waitUntil(
            lambda: win.rt.store.get_case(case.id).state is CaseState.SYNCED, timeout=10000
        )
    finally:
        bridge.close()

    # No name, ID number or address in any log file this run produced.
    logs = list(tmp_path.rglob("*.log")) + list(tmp_path.rglob("*.log.*"))
    assert logs
    for path in logs:
        body = path.read_text(encoding="utf-8", errors="replace")
        for secret in (who.name, who.id_number, who.address):
            assert secret not in body, f"{secret!r} leaked into {path}"


def test_kiosk_submits_offline_and_syncs_later(qtbot, tmp_path):
    from backoffice.server import BackgroundBackoffice

    # Reserve a port, then leave it closed while the kiosk works offline.
    bo = BackgroundBackoffice(tmp_path / "bo", port=0)
    bo.start()
    url, port = bo.url, bo.port
    bo.stop()
    cfg = app_config(tmp_path, "kiosk", url)
    win, bridge = make_window(cfg)
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        qtbot.waitUntil(lambda: win.status.banner.isVisible(), timeout=10000)
        _walk_to_done(qtbot, win, identity())
        case = win.submitted
        assert win.rt.store.get_case(case.id).state is CaseState.SUBMITTED
        with BackgroundBackoffice(tmp_path / "bo", port=port) as bo2:
            win.rt.sync.sync_now()
            qtbot.waitUntil(
                lambda: win.rt.store.get_case(case.id).state is CaseState.SYNCED, timeout=20000
            )
            assert bo2.store.get_case(case.id).receipt_no == case.receipt_no
            qtbot.waitUntil(lambda: not win.status.banner.isVisible(), timeout=10000)
    finally:
        bridge.close()


def test_idle_timeout_warns_then_wipes_the_session(qtbot, tmp_path, backoffice):
    from widgets.idle import IdleWatcher

    cfg = app_config(tmp_path, "kiosk", backoffice.url)
    from kiosk.window import KioskWindow
    from widgets.bridge import RuntimeBridge

    bridge = RuntimeBridge(cfg)
    # long enough to read the card on a busy machine; shortened once the citizen is in
    idle = IdleWatcher(timeout_s=600, warn_s=2, tick_ms=50)
    win = KioskWindow(bridge, idle=idle)
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        click(win, "start")
        click(win, "consent_agree")  # the privacy notice comes first
        win.rt.devices.virtual_reader.present(identity())
        qtbot.waitUntil(lambda: win.current_page() == "items", timeout=5000)
        assert win.identity is not None
        idle.timeout_s = 4  # ticks of 50 ms: the warning after 2, the wipe after 4
        idle.reset()
        qtbot.waitUntil(lambda: win.idle_banner.isVisible(), timeout=3000)
        qtbot.waitUntil(lambda: win.current_page() == "home", timeout=3000)
        assert win.identity is None and win.case is None
    finally:
        bridge.close()


def test_a_citizen_who_walks_away_leaves_no_scans_behind(qtbot, tmp_path, backoffice):
    """Going home (or the idle wipe) with scanned pages deletes their encrypted files."""
    cfg = app_config(tmp_path, "kiosk", backoffice.url)
    win, bridge = make_window(cfg)
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        _walk_to_scanned(qtbot, win, identity())
        files = win.rt.store.files_dir
        assert list(files.glob("*.bin")), "the scanned pages were stored"
        click(win, "home")
        assert win.current_page() == "home" and win.case is None
        qtbot.waitUntil(lambda: not list(files.glob("*.bin")), timeout=10000)  # on the lane
    finally:
        bridge.close()


def test_a_clerk_signs_in_on_the_kiosk_to_help_and_the_case_records_it(qtbot, tmp_path, backoffice):
    """帮办 (issue 16, item 11): the staff account, not a made-up name; the case, its
    trail, its receipt and the back office name the clerk who helped; 回首页 ends it."""
    add_clerk(backoffice, name="帮办员")
    win, bridge = make_window(app_config(tmp_path, "kiosk", backoffice.url))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        qtbot.waitUntil(lambda: win.assist_btn.isVisible(), timeout=5000)
        click(win, "assist")
        page = win.pages["assist"]
        assert win.current_page() == "assist"
        page.login.setText("c0012")
        page.password.setText("not-the-password")
        click(win, "assist_sign_in")
        qtbot.waitUntil(lambda: "登录名或密码不对" in page.msg.text(), timeout=10000)
        assert win.assistant is None and page.password.text() == ""
        tap(qtbot, page.login)  # typed on the on-screen keyboard, as a clerk there would
        page.login.clear()
        tap_keys(qtbot, page.keyboard, "c")
        tap(qtbot, page.keyboard.findChild(QPushButton, "mode_digits"))
        tap_keys(qtbot, page.keyboard, "0012")
        assert page.login.text() == "c0012"
        page.password.setText(TEST_CLERK_PASSWORD)
        click(win, "assist_sign_in")
        qtbot.waitUntil(lambda: win.assistant is not None, timeout=10000)
        assert win.current_page() == "home"
        assert "帮办 C0012 帮办员" in win.header.text() and win.end_assist_btn.isVisible()
        _walk_to_done(qtbot, win, identity())
        case = win.submitted
        assert case.assisted_by is not None and case.assisted_by.staff_no == "C0012"
        assert any(e.kind == "assisted" and e.actor == "C0012" for e in case.events)
        qtbot.waitUntil(lambda: win.print_state != "pending", timeout=10000)
        transcript = win.rt.devices.virtual_printer.wait_jobs(1)[-1].transcript
        assert "帮办人员" in transcript and "C0012 帮办员" in transcript

        def at_backoffice():
            try:
                return backoffice.store.get_case(case.id)
            except Exception:
                return None

        qtbot.waitUntil(lambda: at_backoffice() is not None, timeout=15000)
        assert at_backoffice().assisted_by.label == "C0012 帮办员"
        win.reset_session()  # 回首页: 帮办 was for this citizen only
        assert win.assistant is None and win.assist_btn.isVisible()
        assert "帮办" not in win.header.text()
    finally:
        bridge.close()
