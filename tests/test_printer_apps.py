"""What the kiosk and the counter say and do about paper, end to end (Qt offscreen,
virtual devices, the reference back office over HTTP, the virtual printer over TCP)."""

from __future__ import annotations

from drivers.base import PrinterState
from onewindow.gui import make_window
from tests.factories import identity
from tests.gui_helpers import app_config, approve_as_supervisor, click
from tests.test_counter_flow import _sign_in_and_read
from tests.test_kiosk_flow import _walk_to_done


def test_kiosk_keeps_the_receipt_when_paper_runs_out_and_prints_it_later(
    qtbot, tmp_path, backoffice
):
    win, bridge = make_window(app_config(tmp_path, "kiosk", backoffice.url))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        qtbot.waitUntil(lambda: win.rt.devices.virtual_printer is not None, timeout=5000)
        vp = win.rt.devices.virtual_printer
        vp.state = PrinterState.PAPER_OUT
        _walk_to_done(qtbot, win, identity())
        qtbot.waitUntil(lambda: win.print_state == "held", timeout=10000)
        msg = win.print_msg.text()
        # The citizen reads what happens next; the printer's words are the status bar's.
        assert "自动打印" in msg and "受理编号" in msg and "缺纸" not in msg
        assert vp.jobs() == []
        qtbot.waitUntil(
            lambda: win.bridge.last_status["printer"].message == "缺纸，请更换打印纸",
            timeout=5000,
        )
        vp.state = PrinterState.OK  # staff put in a new roll
        qtbot.waitUntil(lambda: win.print_state == "ok", timeout=10000)
        assert "回执已打印" in win.print_msg.text()
        (job,) = vp.wait_jobs(1)
        assert win.submitted.receipt_no in job.transcript
    finally:
        bridge.close()


def test_kiosk_prints_the_one_time_notice_of_an_item(qtbot, tmp_path, backoffice):
    win, bridge = make_window(app_config(tmp_path, "kiosk", backoffice.url))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        qtbot.waitUntil(lambda: "printer" in win.bridge.last_status, timeout=5000)
        click(win, "start")
        click(win, "consent_agree")  # the privacy notice comes first
        win.rt.devices.virtual_reader.present(identity())
        qtbot.waitUntil(lambda: win.current_page() == "items", timeout=5000)
        item = win.rt.catalog.items[0]
        win.choose_item(item.code)
        click(win, "print_notice")
        qtbot.waitUntil(lambda: "已打印" in win.guide_msg.text(), timeout=10000)
        (job,) = win.rt.devices.virtual_printer.wait_jobs(1)
        assert job.lines[0] == "一次性告知书" and item.code in job.transcript
    finally:
        bridge.close()


def test_counter_reprint_list_and_deficiency_notice(qtbot, tmp_path, backoffice):
    win, bridge = make_window(app_config(tmp_path, "counter", backoffice.url))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        _sign_in_and_read(qtbot, win, backoffice, identity())
        item = next(
            i
            for i in win.rt.catalog.items
            if not i.scenario and any(m.deficiency_allowed and m.required for m in i.materials)
        )
        win.select_item(item.code)
        click(win, "item_next")
        qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
        for key, ed in win.form.editors.items():
            if hasattr(ed, "isReadOnly") and not ed.isReadOnly() and not ed.text():
                ed.setText("13800138000" if "phone" in key else "示例")
        deferred = False
        for row, cm in enumerate(win.case.materials):
            m = item.material(cm.code)
            win.checklist.setCurrentRow(row)
            if m.deficiency_allowed and m.required and not deferred:
                click(win, "mark_deficient")
                deferred = True
            elif m.required:
                win.capture()
        click(win, "submit")
        qtbot.waitUntil(lambda: win.current_page() == "done", timeout=10000)
        qtbot.waitUntil(lambda: win.print_state == "ok", timeout=10000)
        vp = win.rt.devices.virtual_printer
        case = win.submitted

        click(win, "print_deficiency")
        jobs = vp.wait_jobs(2)
        assert jobs[1].lines[0] == "补正材料通知书"
        assert case.deficiencies[0].name in jobs[1].transcript
        # the page is busy (its buttons off) until the background lane hands the result back
        qtbot.waitUntil(lambda: win.ops.pending == 0, timeout=10000)

        click(win, "reprint")  # 补打 on the done page: a second copy, 值班长确认
        assert len(vp.jobs()) == 2  # nothing before the supervisor's password
        approve_as_supervisor(qtbot, win, backoffice)
        qtbot.waitUntil(lambda: win.print_state == "ok" and len(vp.jobs()) == 3, timeout=10000)
        assert vp.jobs()[2].lines[1].startswith("【补打】")

        click(win, "show_prints")
        assert win.current_page() == "prints"
        texts = [win.prints_list.item(i).text() for i in range(win.prints_list.count())]
        assert len(texts) == 3 and all("已打印" in t for t in texts)
        assert "受理回执（补打）" in texts[0] and "补正材料通知书" in texts[1]
        win.prints_list.setCurrentRow(1)  # the deficiency notice
        click(win, "reprint_selected")
        approve_as_supervisor(qtbot, win, backoffice)
        qtbot.waitUntil(lambda: len(vp.jobs()) == 4, timeout=10000)  # after the approval
        jobs = vp.jobs()
        assert jobs[3].lines[0] == "补正材料通知书" and jobs[3].lines[1].startswith("【补打】")
        assert jobs[3].lines[1].endswith("C0012/S0001")  # the clerk and the approver
        assert case.receipt_no in jobs[3].transcript
    finally:
        bridge.close()
