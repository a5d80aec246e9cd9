"""单位办理 at the counter: the 经办人's card, then the company panel for an item that
asks for a 统一社会信用代码 — a wrong check character is refused with its position, a
right one goes through with the company on the case, the 授权委托书 in its checklist,
and the back office receives the case with the company (issue 16, item 7)."""

from __future__ import annotations

import re

from core.intake import AUTHORISATION_CODE
from tests.factories import identity
from tests.gui_helpers import click
from tests.test_counter_flow import _sign_in_and_read, _start
from tests.test_review_pages import Page, staff

ITEM = "440604-TZ-0004"  # 建设项目环境影响报告表审批: no scenario questions, a company applies
GOOD = "91350100M000100Y43"
BAD = "91350100M000100Y44"  # the check character (position 18) is wrong


def _to_company_panel(qtbot, win):
    win.select_item(ITEM)
    assert win.item is not None and win.item.for_company
    click(win, "item_next")
    assert win.current_page() == "company", win.pages["item"].item_msg.text()
    return win.pages["company"]


def test_a_wrong_check_character_is_refused_with_its_position(qtbot, tmp_path, backoffice):
    win, bridge = _start(qtbot, tmp_path, backoffice.url)
    try:
        _sign_in_and_read(qtbot, win, backoffice, identity())
        page = _to_company_panel(qtbot, win)
        assert "测*甲" in page.agent_line.text()  # the 经办人, masked
        page.name.setText("佛山市示例环保科技有限公司")
        page.rep.setText("李四")
        page.code.setText(BAD[:10])
        assert page.code_msg.text() == ""  # still typing: nothing yet
        page.code.setText(BAD[:2] + "I" + BAD[3:])
        assert "第3位" in page.code_msg.text() and "I" in page.code_msg.text()
        page.code.setText(BAD)
        assert "第18位" in page.code_msg.text()  # live, in the catalogue's words
        click(win, "company_next")
        assert win.current_page() == "company" and win.case is None
        assert "有误" in page.msg.text()
        # The form's own check says the same if a wrong code reaches it.
        page.code.setText(GOOD)
        assert "通过" in page.code_msg.text()
        click(win, "company_next")
        assert win.current_page() == "materials"
        win.form.editors["credit_code"].setText(BAD)
        click(win, "submit")
        assert "第18位" in win.form.errors["credit_code"].text()
        assert win.current_page() == "materials" and win.rt.store.list_cases() == []
    finally:
        bridge.close()


def test_a_right_code_goes_through_with_the_agents_card(qtbot, tmp_path, backoffice):
    win, bridge = _start(qtbot, tmp_path, backoffice.url)
    try:
        agent = identity()  # the 经办人 at the window: the card read is theirs
        _sign_in_and_read(qtbot, win, backoffice, agent)
        page = _to_company_panel(qtbot, win)
        page.name.setText("佛山市示例环保科技有限公司")
        page.code.setText("9135 0100 m000 100y43")  # as a licence prints it, lower-cased
        page.rep.setText("李四")
        click(win, "company_next")
        assert win.current_page() == "materials"
        case = win.case
        assert case.company is not None and case.company.credit_code == GOOD
        assert case.form["entity_name"] == "佛山市示例环保科技有限公司"
        assert case.form["credit_code"] == GOOD
        assert win.form.editors["credit_code"].text() == GOOD  # the form is prefilled
        codes = [m.code for m in case.materials]
        assert AUTHORISATION_CODE in codes  # the 经办人 is not the 法定代表人
        qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
        for key, ed in win.form.editors.items():
            if hasattr(ed, "isReadOnly") and not ed.isReadOnly() and not ed.text():
                ed.setText("13800138000" if "phone" in key else "示例")
        for row, cm in enumerate(case.materials):
            if win.item.material(cm.code).required or cm.code == AUTHORISATION_CODE:
                win.checklist.setCurrentRow(row)
                win.capture()
        click(win, "submit")
        qtbot.waitUntil(lambda: win.current_page() == "done", timeout=10000)
        done = win.submitted
        assert done.applicant.id_number == agent.id_number  # the 经办人's card
        assert done.company.name == "佛山市示例环保科技有限公司"
        assert done.company.legal_representative == "李四"
        letter = next(m for m in done.materials if m.code == AUTHORISATION_CODE)
        assert letter.files, "the 授权委托书 was scanned into the case"
        qtbot.waitUntil(lambda: win.print_state == "ok", timeout=10000)
        transcript = win.rt.devices.virtual_printer.wait_jobs(1)[-1].transcript
        assert "佛山市示例环保科技有限公司" in transcript and "单位经办人" in transcript
        assert agent.id_number not in transcript
        qtbot.waitUntil(lambda: backoffice.store.get_case(done.id) is not None, timeout=15000)
        stored = backoffice.store.get_case(done.id)
        assert stored.company is not None and stored.company.credit_code == GOOD
        assert stored.applicant.id_number == agent.id_number
        assert AUTHORISATION_CODE in [m.code for m in stored.materials]
        # The department's reviewer sees who applies: the company, with its 经办人's letter.
        staff(backoffice, "rev_company", "reviewer", dept=win.item.department)
        page = Page(backoffice, "rev_company").http.get(
            f"{backoffice.url}/staff/cases/{done.id}", timeout=5
        )
        assert page.status_code == 200
        shown = re.search(r'<dd id="company">(.*?)</dd>', page.text)
        assert shown is not None and "佛山市示例环保科技有限公司" in shown[1]
        assert GOOD in shown[1] and "授权委托书" in shown[1]
    finally:
        bridge.close()


def test_the_legal_representative_at_the_window_needs_no_authorisation(qtbot, tmp_path, backoffice):
    win, bridge = _start(qtbot, tmp_path, backoffice.url)
    try:
        rep = identity()
        _sign_in_and_read(qtbot, win, backoffice, rep)
        page = _to_company_panel(qtbot, win)
        page.name.setText("佛山市示例环保科技有限公司")
        page.code.setText(GOOD)
        page.represented.setChecked(True)
        assert page.rep.isReadOnly() and page.rep.text() == "测*甲"  # masked on screen
        click(win, "company_next")
        assert win.current_page() == "materials"
        assert win.case.company.represented and win.case.company.legal_representative == rep.name
        assert AUTHORISATION_CODE not in [m.code for m in win.case.materials]
        click(win, "new_intake")  # the next applicant starts with an empty panel
        assert page.name.text() == "" and not page.represented.isChecked()
    finally:
        bridge.close()
