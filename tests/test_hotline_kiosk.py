"""12345 at the kiosk (issue 14, item 4), end to end: a complaint told at the kiosk is
answered on the review pages in a real browser and read back, and rated, at the kiosk.

The kiosk is the real window with its runtime (local store, outbox, sync
worker, virtual card reader and ESC/POS printer) against the reference back
office over HTTP on loopback; the reviewer signs in and answers in Debian's
chromium through Selenium (onewindow.staff_browser), like test_review_pages.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from onewindow.gui import make_window
from onewindow.staff_browser import staff_browser
from tests._staff_fixture import PASSWORD
from tests.factories import identity
from tests.gui_helpers import app_config, click, sign_in_clerk
from widgets.touch import fit_lines

TEXT = "窗口等候时间太长，希望增加窗口"
ANSWER = "已在上午高峰增开两个综合窗口，感谢您的反映。"


@pytest.fixture
def web() -> Iterator[WebDriver]:
    driver = staff_browser()
    yield driver
    driver.quit()


def _kiosk(qtbot, tmp_path, url):
    win, bridge = make_window(app_config(tmp_path, "kiosk", url))
    qtbot.addWidget(win)
    win.resize(1920, 1080)
    win.show()
    bridge.start()
    qtbot.waitUntil(lambda: "id_reader" in bridge.last_status, timeout=5000)
    return win, bridge


def _answer_in_browser(web: WebDriver, url: str, ticket_no: str) -> None:
    wait = WebDriverWait(web, 10)
    web.get(f"{url}/staff/sign-in")
    wait.until(ec.presence_of_element_located((By.ID, "login"))).send_keys("rv1")
    web.find_element(By.ID, "password").send_keys(PASSWORD)
    web.find_element(By.ID, "sign-in").click()
    wait.until(ec.presence_of_element_located((By.ID, "nav-hotline"))).click()
    row = wait.until(
        ec.presence_of_element_located((By.CSS_SELECTOR, f'tr[data-ticket="{ticket_no}"]'))
    )
    assert "投诉" in row.text and "待答复" in row.text
    row.find_element(By.CSS_SELECTOR, "a.ticket").click()
    box = wait.until(ec.presence_of_element_located((By.ID, "answer-text")))
    text = web.find_element(By.ID, "text").text
    assert TEXT in text
    assert "138****8000" in web.find_element(By.ID, "phone").text
    assert "13800138000" not in web.page_source
    box.send_keys(ANSWER)
    web.find_element(By.ID, "send-answer").click()
    assert "已答复" in wait.until(ec.presence_of_element_located((By.ID, "done"))).text


def test_a_kiosk_complaint_is_answered_on_the_review_pages_and_read_back_at_the_kiosk(
    qtbot, tmp_path, backoffice, web
):
    win, bridge = _kiosk(qtbot, tmp_path, backoffice.url)
    try:
        page = win.pages["hotline"]
        click(win, "hotline")
        assert win.current_page() == "hotline"
        page.submit()  # no type chosen yet: said, nothing saved
        assert "诉求类型" in page.msg.text()
        click(win, "hotline_type_complaint")
        dept = page.dept.itemData(1)
        page.dept.setCurrentIndex(1)
        assert page.item.isEnabled() and page.item.count() > 1
        backoffice.store.add_staff("rv1", "审核员", "reviewer", PASSWORD, "", department=dept)
        # the words by the on-screen keyboard: pinyin, then the rest
        kb = page.keyboard
        assert kb.target is page.text
        for ch in "chuangkou":
            kb.letter(ch)
        if kb.candidates():
            kb.pick(0)
            assert page.text.toPlainText()
            page.text.clear()
        kb.insert(TEXT)
        kb.set_target(page.phone)
        kb.insert("13800138000")
        click(win, "hotline_submit")  # a phone without consent is refused
        qtbot.waitUntil(lambda: "同意" in page.msg.text(), timeout=5000)
        click(win, "hotline_consent")
        # the card: the privacy notice first, then back to this page
        click(win, "hotline_card")
        assert win.current_page() == "consent"
        click(win, "consent_agree")
        citizen = identity(name="市民甲")
        win.rt.devices.virtual_reader.present(citizen)
        qtbot.waitUntil(lambda: win.current_page() == "hotline", timeout=5000)
        assert "市*" in page.card_note.text() or "*甲" in page.card_note.text()
        assert page.text.toPlainText() == TEXT  # nothing typed was lost
        click(win, "hotline_submit")
        qtbot.waitUntil(lambda: win.current_page() == "hotline_done", timeout=10000)
        done = win.pages["hotline_done"]
        taken = done.taken
        ticket_no, code = taken.record.ticket_no, taken.check_code
        assert ticket_no in done.ticket_text.text() and code in done.ticket_text.text()
        assert "13800138000" not in done.ticket_text.text()
        qtbot.waitUntil(lambda: done.print_state == "ok", timeout=10000)
        paper = win.rt.devices.virtual_printer.wait_jobs(1)[-1]
        assert ticket_no in paper.transcript and code in paper.transcript
        assert "138****8000" in paper.transcript and TEXT not in paper.transcript

        qtbot.waitUntil(
            lambda: backoffice.store.hotline_ticket(ticket_no) is not None, timeout=10000
        )
        _answer_in_browser(web, backoffice.url, ticket_no)

        # the next citizen's session: read the answer by ticket number and check code
        win.reset_session()
        click(win, "hotline")
        click(win, "hotline_to_answers")
        ans = win.pages["hotline_answer"]
        assert win.current_page() == "hotline_answer"
        ans.keyboard.set_target(ans.ticket)
        ans.keyboard.insert(ticket_no.lower())
        ans.keyboard.set_target(ans.code)
        ans.keyboard.insert("0000-0000")
        click(win, "hotline_lookup")
        qtbot.waitUntil(lambda: "没有查到" in ans.msg.text(), timeout=10000)
        ans.code.clear()
        ans.keyboard.insert(code.lower())
        click(win, "hotline_lookup")
        qtbot.waitUntil(lambda: ANSWER in ans.answer.text(), timeout=10000)
        assert ans.eval_card.isVisible()
        click(win, "eval_level_5")
        click(win, "eval_submit")
        qtbot.waitUntil(
            lambda: backoffice.store.hotline_ticket(ticket_no)["rating"] == 5, timeout=10000
        )

        # by card: the holder's tickets, already rated
        win.reset_session()
        click(win, "hotline")
        click(win, "hotline_to_answers")
        click(win, "hotline_by_card")
        click(win, "consent_agree")
        win.rt.devices.virtual_reader.present(citizen)
        qtbot.waitUntil(lambda: win.current_page() == "hotline_answer", timeout=5000)
        qtbot.waitUntil(lambda: ANSWER in ans.answer.text(), timeout=10000)
        assert not ans.eval_card.isVisible()
    finally:
        bridge.close()


def test_offline_a_ticket_is_kept_and_reading_answers_says_the_network_is_needed(qtbot, tmp_path):
    win, bridge = _kiosk(qtbot, tmp_path, "http://127.0.0.1:9")
    try:
        click(win, "hotline")
        page = win.pages["hotline"]
        click(win, "hotline_type_consult")
        page.keyboard.insert("社保卡怎么补办？")
        click(win, "hotline_submit")
        qtbot.waitUntil(lambda: win.current_page() == "hotline_done", timeout=10000)
        no = win.pages["hotline_done"].taken.record.ticket_no
        assert no.endswith("-H0001")
        rows = win.rt.store.db.execute(
            "SELECT state FROM outbox WHERE kind = 'consultation'"
        ).fetchall()
        assert [r[0] for r in rows] in (["queued"], ["retry"])
        win.reset_session()
        click(win, "hotline")
        click(win, "hotline_to_answers")
        ans = win.pages["hotline_answer"]
        ans.ticket.setText(no)
        ans.code.setText("AAAAAAAA")
        click(win, "hotline_lookup")
        qtbot.waitUntil(lambda: "联网" in ans.msg.text(), timeout=10000)
    finally:
        bridge.close()


def test_fit_lines_measures_the_new_words_of_a_button_whose_text_changed(qtbot):
    from PySide6.QtWidgets import QPushButton

    b = QPushButton()
    qtbot.addWidget(b)
    fit_lines(b, 600, "一个很长很长很长很长很长很长很长的按钮文字 with some English words")
    wide = b.minimumWidth()
    fit_lines(b, 600, "短")
    assert b.minimumWidth() < wide  # the old words' room does not stay
    fit_lines(b, 600, "一个很长很长很长很长很长很长很长的按钮文字 with some English words")
    assert b.minimumWidth() == wide


def test_a_clerk_takes_a_12345_item_at_the_window(qtbot, tmp_path, backoffice):
    win, bridge = make_window(app_config(tmp_path, "counter", backoffice.url))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        sign_in_clerk(qtbot, win, backoffice)
        citizen = identity(name="来电乙")
        win.rt.devices.virtual_reader.present(citizen)
        qtbot.waitUntil(lambda: win.applicant is not None, timeout=5000)
        click(win, "show_hotline")
        page = win.pages["hotline"]
        assert win.current_page() == "hotline" and page.by_card.isChecked()
        assert "来电乙" not in page.by_card.text()
        click(win, "hotline_type_help")
        page.text.setPlainText("老人不会用自助终端，需要帮助办理")
        page.phone.setText("0757-83331234")
        page.consent.setChecked(True)
        click(win, "hotline_submit")
        qtbot.waitUntil(lambda: page.taken is not None, timeout=10000)
        no = page.taken.record.ticket_no
        assert no.startswith("FS01-C01-") and no in page.msg.text()
        assert page.text.toPlainText() == ""  # ready for the next one
        paper = win.rt.devices.virtual_printer.wait_jobs(1)[-1]
        assert no in paper.transcript and "求助" in paper.transcript
        qtbot.waitUntil(lambda: backoffice.store.hotline_ticket(no) is not None, timeout=10000)
        row = backoffice.store.hotline_ticket(no)
        assert row["channel"] == "counter" and row["category"] == "help"
        assert backoffice.store.tickets_of_holder(citizen.id_number)[0]["ticket_no"] == no
    finally:
        bridge.close()
