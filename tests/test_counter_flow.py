"""The counter flow: sign in → applicant and agent cards → item by search →
materials (scanned and 容缺) → submit → receipt; missing devices degrade."""

from __future__ import annotations

from core.case import MaterialStatus
from onewindow.gui import make_window
from tests.factories import id_number, identity
from tests.gui_helpers import app_config, click, sign_in_clerk


def _start(qtbot, tmp_path, url, **extra):
    win, bridge = make_window(app_config(tmp_path, "counter", url, **extra))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    return win, bridge


def _sign_in_and_read(qtbot, win, bo, applicant, agent=None):
    qtbot.waitUntil(lambda: win.pages["signin"].signin_btn.isEnabled(), timeout=10000)
    click(win, "signin")  # nothing filled in
    qtbot.waitUntil(lambda: "请填写登录名和密码" in win.signin_msg.text(), timeout=5000)
    assert win.current_page() == "signin"
    sign_in_clerk(qtbot, win, bo)
    assert win.current_page() == "card" and win.clerk == "C0012"
    if agent is not None:
        win.agent_box.setChecked(True)
    win.rt.devices.virtual_reader.present(applicant)
    qtbot.waitUntil(lambda: win.applicant is not None, timeout=5000)
    if agent is not None:
        assert not win.card_next.isEnabled(), "agent card still to read"
        win.rt.devices.virtual_reader.present(agent)
        qtbot.waitUntil(lambda: win.agent is not None, timeout=5000)
    assert win.card_next.isEnabled()
    click(win, "card_next")
    assert win.current_page() == "item"


def test_counter_intake_with_agent_and_deficiency(qtbot, tmp_path, backoffice):
    win, bridge = _start(qtbot, tmp_path, backoffice.url)
    try:
        applicant = identity()
        agent = identity(name="代办丙", id_number=id_number(seq="246"), birth=None, gender="2")
        _sign_in_and_read(qtbot, win, backoffice, applicant, agent)
        catalog = win.rt.catalog
        # An item whose materials include one that may be supplied later (容缺).
        item = next(
            i
            for i in catalog.items
            if not i.scenario and any(m.deficiency_allowed for m in i.materials)
        )
        win.search.setText(item.name)
        assert win.item_list.count() >= 1
        win.select_item(item.code)
        assert win.item is item
        click(win, "item_next")
        assert win.current_page() == "materials"
        qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
        for ed_key, ed in win.form.editors.items():
            if hasattr(ed, "isReadOnly") and not ed.isReadOnly() and not ed.text():
                ed.setText("13800138000" if "phone" in ed_key else "示例")
        deferred = None
        for row, cm in enumerate(win.case.materials):
            m = item.material(cm.code)
            win.checklist.setCurrentRow(row)
            if m.deficiency_allowed and deferred is None:
                click(win, "mark_deficient")
                deferred = m
                # 容缺后补 shows on the row at once, and can be undone (then marked again).
                button = win.pages["materials"].deficient_btn
                assert "容缺后补" in win.checklist.item(row).text() and button.text() == "撤销容缺"
                click(win, "mark_deficient")
                assert "待扫描" in win.checklist.item(row).text()
                assert button.text() == "该材料容缺后补"
                click(win, "mark_deficient")
                assert "容缺后补" in win.checklist.item(row).text()
            elif m.required:
                win.capture()
        click(win, "submit")  # saved on the background lane
        qtbot.waitUntil(lambda: win.current_page() == "done", timeout=10000)
        case = win.submitted
        assert case.agent is not None and case.agent.name == "代办丙"
        if deferred is not None and deferred.required:
            assert [d.code for d in case.deficiencies] == [deferred.code]
        assert all(m.status is MaterialStatus.RECEIVED for m in case.materials if m.files)
        qtbot.waitUntil(lambda: win.print_state == "ok", timeout=10000)
        transcript = win.rt.devices.virtual_printer.wait_jobs(1)[-1].transcript
        assert case.receipt_no in transcript and "C0012" in transcript
        assert "代*丙" in transcript
        click(win, "show_cases")
        assert win.cases_list.count() == 1
        assert case.receipt_no in win.cases_list.item(0).text()
    finally:
        bridge.close()


def test_counter_refuses_a_missing_required_material(qtbot, tmp_path, backoffice):
    win, bridge = _start(qtbot, tmp_path, backoffice.url)
    try:
        _sign_in_and_read(qtbot, win, backoffice, identity())
        item = next(
            i
            for i in win.rt.catalog.items
            if not i.scenario and any(m.required and not m.deficiency_allowed for m in i.materials)
        )
        win.select_item(item.code)
        click(win, "item_next")
        for key, ed in win.form.editors.items():
            if hasattr(ed, "isReadOnly") and not ed.isReadOnly() and not ed.text():
                ed.setText("13800138000" if "phone" in key else "示例")
        click(win, "submit")
        qtbot.waitUntil(lambda: "缺少必须提交的材料" in win.material_msg.text(), timeout=10000)
        assert win.current_page() == "materials"
        assert win.rt.store.list_cases() == []
    finally:
        bridge.close()


def test_missing_printer_and_camera_leave_the_rest_working(qtbot, tmp_path, backoffice):
    win, bridge = _start(
        qtbot,
        tmp_path,
        backoffice.url,
        **{"devices.printer.uri": "none", "devices.camera.backend": "none"},
    )
    try:
        qtbot.waitUntil(
            lambda: (
                win.bridge.last_status.get("printer") is not None
                and win.bridge.last_status.get("camera") is not None
            ),
            timeout=5000,
        )
        assert win.bridge.last_status["printer"].health.value == "absent"
        assert "打印机" in win.status.labels["printer"].text()
        assert "不可用" in win.status.labels["printer"].text()
        _sign_in_and_read(qtbot, win, backoffice, identity())
        item = win.rt.catalog.items[0]
        win.select_item(item.code)
        click(win, "item_next")
        win.capture()  # no camera: a message, not a crash
        assert "高拍仪" in win.material_msg.text()
    finally:
        bridge.close()
