"""Issue 12 item 6, privacy at the kiosk: the notice and its 同意 before the first card
read (recorded on the case, carried to the back office), personal values masked with
a 显示 held under the finger, the confirm page reading back everything entered with
the address masked, and nothing of one citizen left on any page for the next one
(after 回首页 and after the idle timeout)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QPushButton

from core.case import Case, MaterialStatus
from core.identity import mask_address, mask_date, mask_id_number, mask_name
from core.intake import CARD_READ
from kiosk.pages.consent import NOTICE_VERSION
from onewindow.gui import make_window
from tests.factories import identity
from tests.gui_helpers import app_config, click, scan_required
from widgets.keyboard.keyboard import shared_pinyin

NOWHERE = "http://127.0.0.1:9"
WHO = dict(name="隐私测试", address="广东省佛山市禅城区隐私路99号")


def _start(qtbot, tmp_path, url=NOWHERE, **extra):
    win, bridge = make_window(app_config(tmp_path, "kiosk", url, **extra))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    bridge.start()
    qtbot.waitUntil(lambda: "id_reader" in win.bridge.last_status, timeout=5000)
    return win, bridge


def _hold(qtbot, button: QPushButton) -> None:
    qtbot.mousePress(button, Qt.MouseButton.LeftButton, pos=button.rect().center())


def _release(qtbot, button: QPushButton) -> None:
    qtbot.mouseRelease(button, Qt.MouseButton.LeftButton, pos=button.rect().center())


def _to_form(qtbot, win, who, item_code=None):
    click(win, "start")
    assert win.current_page() == "consent"
    click(win, "consent_agree")
    assert win.current_page() == "card"
    win.rt.devices.virtual_reader.present(who)
    qtbot.waitUntil(lambda: win.current_page() == "items", timeout=5000)
    item = win.rt.catalog.item(item_code) if item_code else win.rt.catalog.items[0]
    win.choose_item(item.code)
    for q in item.scenario:  # the first answer to each question (本人办理 where asked)
        if q.asked(win.scenario.answers() or {}):
            win.scenario.answer(q.key, 0)
    click(win, "guide_next")
    assert win.current_page() == "form"
    return item


def test_masks_keep_what_a_citizen_recognises():
    assert mask_date("1985-03-15") == "1985-**-**"
    assert mask_date(None) == "" and mask_date("") == ""
    assert mask_address("北京市东城区景山前街4号") == "北京市东城区******"
    assert mask_name("张三") == "张*"
    assert mask_id_number("110101199003071234").endswith("1234")


def test_declining_the_notice_reads_no_card_and_goes_home(qtbot, tmp_path):
    win, bridge = _start(qtbot, tmp_path)
    try:
        click(win, "start")
        assert win.current_page() == "consent"
        text = win.pages["consent"].text.text()
        for word in ("公民身份号码", "照片", "个人信息保护法", "敏感个人信息", "天"):
            assert word in text
        big = [win.findChild(QPushButton, n) for n in ("consent_agree", "consent_decline")]
        assert all(b.height() >= 60 for b in big), [b.size() for b in big]
        win.rt.devices.virtual_reader.present(identity())
        click(win, "consent_decline")
        assert win.current_page() == "home" and win.consent is None
        assert win.identity is None  # no card was read: polling is only on the card page
        # Once agreed, the next 我要办理 in the same session goes straight to the card page.
        click(win, "start")
        click(win, "consent_agree")
        qtbot.waitUntil(lambda: win.current_page() == "items", timeout=5000)
        assert win.consent is not None and win.consent.notice_version == NOTICE_VERSION
        win.choose_item(win.rt.catalog.items[0].code)
        click(win, "back_items")
        click(win, "home")  # a new session: the notice again
        click(win, "start")
        assert win.current_page() == "consent"
    finally:
        bridge.close()


def test_the_form_masks_the_card_values_until_held_and_the_case_carries_the_consent(
    qtbot, tmp_path, backoffice
):
    win, bridge = _start(qtbot, tmp_path, backoffice.url)
    who = identity(**WHO)
    try:
        item = _to_form(qtbot, win, who)
        eds, reveal = win.form.editors, win.form.reveal_btn
        assert eds["applicant_name"].text() == mask_name(who.name)
        assert eds["id_number"].text() == mask_id_number(who.id_number)
        shown = [e.text() for e in eds.values() if hasattr(e, "text")]
        assert who.address not in shown and who.name not in shown
        assert reveal.isVisible() and reveal.height() >= 60
        _hold(qtbot, reveal)
        assert eds["applicant_name"].text() == who.name
        assert eds["id_number"].text() == who.id_number
        _release(qtbot, reveal)
        assert eds["applicant_name"].text() == mask_name(who.name)
        # Typed fields stay visible while typed.
        win.keyboard.set_target(eds["phone"])
        win.keyboard.insert("13800138000")
        assert eds["phone"].text() == "13800138000"
        click(win, "form_next")
        assert win.case.form["applicant_name"] == who.name  # the value itself is whole
        qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
        scan_required(win, item)
        click(win, "scan_next")
        confirm = win.pages["confirm"]
        summary = confirm.summary.text()
        assert mask_name(who.name) in summary and who.name not in summary
        assert "138****8000" in summary and "13800138000" not in summary
        for m in win.case.materials:
            assert m.name in summary
        for m in win.case.materials:  # the card's face is read, not scanned
            if m.source == CARD_READ:
                assert f"{m.name}：读卡获取" in summary
            elif m.status is MaterialStatus.RECEIVED:
                assert f"{m.name}：已扫描 1 页" in summary
        _hold(qtbot, confirm.reveal)
        assert who.name in confirm.summary.text() and "13800138000" in confirm.summary.text()
        _release(qtbot, confirm.reveal)
        assert who.name not in confirm.summary.text()
        click(win, "delivery_express")  # a big toggle button, the card's address masked
        assert confirm.express.isChecked() and confirm.express.height() >= 60
        assert mask_address(who.address) in confirm.address.placeholderText()
        assert who.address not in confirm.address.placeholderText()
        click(win, "submit")
        qtbot.waitUntil(lambda: win.current_page() == "done", timeout=10000)
        case = win.submitted
        assert case.consent is not None and case.consent.notice_version == NOTICE_VERSION
        assert case.delivery.address == who.address  # nothing typed: the card's address
        qtbot.waitUntil(lambda: backoffice.store.get_case(case.id) is not None, timeout=15000)
        at_bo = backoffice.store.get_case(case.id)
        assert at_bo.consent == case.consent
        assert Case.model_validate(case.body()).consent == case.consent
    finally:
        bridge.close()


def _leave_words_everywhere(qtbot, win, who):
    """One citizen's session leaves something on every page that could keep it."""
    item = _to_form(qtbot, win, who)
    kb = win.keyboard
    if shared_pinyin().available:
        kb.set_target(win.form.editors["phone"])
        kb.set_layout("chinese")
        kb.set_mode("pinyin")
        for ch in "zhang":
            kb.letter(ch)
        qtbot.waitUntil(lambda: bool(kb.candidates()), timeout=5000)
    win.card_msg.setText("上一位的读卡提示")
    win.guide_msg.setText("上一位的指南提示")
    win.keyboard.set_target(win.form.editors["phone"])
    win.keyboard.insert("13800138000")
    click(win, "form_next")
    qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
    scan_required(win, item)
    for row, m in enumerate(win.case.materials):  # one page under the camera at least
        if m.source != CARD_READ:
            win.checklist.setCurrentRow(row)
            win.capture()
            break
    assert "已拍摄" in win.material_msg.text()
    win.camera.advice.setText("上一位的拍摄建议")
    win.camera.advice.show()
    click(win, "scan_next")
    confirm = win.pages["confirm"]
    click(win, "delivery_express")
    confirm.keyboard.set_target(confirm.address)
    confirm.keyboard.insert("上一位的快递地址")
    pad = win.pages["commitment"].panel.signature.pad  # a signature begun, not signed
    pad._begin(QPointF(10, 10), 4.0)
    pad._extend(QPointF(90, 40), 4.0)
    win.confirm_msg.setText("上一位的提交提示")
    win.print_msg.setText("上一位的打印提示")
    return confirm


def _nothing_left(win, who):
    confirm = win.pages["confirm"]
    for label in (win.card_msg, win.guide_msg, win.confirm_msg, win.print_msg):
        assert label.text() == "", label.text()
    assert "已拍摄" not in win.material_msg.text() and not win.camera.advice.text()
    assert win.keyboard.composing.text() == "" and win.keyboard.candidates() == []
    assert confirm.address.text() == "" and "上一位" not in confirm.address.placeholderText()
    assert confirm.keyboard.candidates() == [] and confirm.keyboard.target is None
    assert confirm.pickup.isChecked() and win.pages["commitment"].panel.signature.is_empty()
    assert not win.pages["commitment"].panel.signature.pad.strokes()
    assert who.name not in confirm.summary.text() and not confirm.summary.text()
    assert win.form.editors == {} and win.consent is None
    greeting = win.pages["items"].who
    assert greeting.text() == "" and not greeting.isVisible()


@pytest.mark.parametrize("leave", ["home", "idle"])
def test_nothing_of_one_citizen_is_left_for_the_next(qtbot, tmp_path, leave):
    win, bridge = _start(qtbot, tmp_path)
    who = identity(**WHO)
    try:
        _leave_words_everywhere(qtbot, win, who)
        if leave == "home":
            click(win, "home")
        else:
            win.idle.expired.emit()  # what the idle timeout does at its end
        assert win.current_page() == "home"
        _nothing_left(win, who)
        # The next citizen walks the pages and meets none of it.
        for page in ("card", "guide", "form", "scan", "confirm", "done"):
            win.stack.setCurrentWidget(win.pages[page])
            texts = [w.text() for w in win.pages[page].findChildren(type(win.card_msg))]
            assert not any("上一位" in t or who.name in t for t in texts), (page, texts)
    finally:
        bridge.close()


def test_the_hold_ends_when_the_finger_leaves_the_page(qtbot, tmp_path):
    win, bridge = _start(qtbot, tmp_path)
    who = identity(**WHO)
    try:
        _to_form(qtbot, win, who)
        reveal = win.form.reveal_btn
        _hold(qtbot, reveal)
        assert win.form.editors["applicant_name"].text() == who.name
        click(win, "back_guide")  # the page goes while the finger is still down
        assert win.form.editors["applicant_name"].text() == mask_name(who.name)
        assert mask_date(who.birth) == "1985-**-**"
    finally:
        bridge.close()


def test_items_greeting_is_masked_and_shown_only_while_held(qtbot, tmp_path):
    win, bridge = _start(qtbot, tmp_path)
    who = identity(**WHO)
    try:
        click(win, "start")
        click(win, "consent_agree")
        win.rt.devices.virtual_reader.present(who)
        qtbot.waitUntil(lambda: win.current_page() == "items", timeout=5000)
        page = win.pages["items"]
        assert mask_name(who.name) in page.who.text() and who.name not in page.who.text()
        btn = page.who_reveal
        qtbot.mousePress(btn, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
        assert who.name in page.who.text() and who.id_number in page.who.text()
        qtbot.mouseRelease(btn, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
        assert who.name not in page.who.text()
    finally:
        bridge.close()


def test_the_counter_shows_who_applied_and_the_consent(qapp):
    import datetime as dt

    from core.case import Consent, Party
    from counter.pages.cases import consent_text
    from kiosk.pages.confirm import summary_html
    from tests.factories import identity as make

    card = make(name="代办甲")
    c = Case(
        item_code="X1",
        item_name="测试事项",
        hall_code="FS01",
        device_code="K01",
        applicant=Party(name="申请乙", id_number="440604198001010010"),
        agent=Party.from_identity(card),
        applied_by="agent",
        consent=Consent(notice_version=NOTICE_VERSION, at=dt.datetime(2026, 12, 1, 9, 30)),
    )
    words = consent_text(c)
    assert "代办人办理" in words and NOTICE_VERSION in words and "2026-12-01 09:30" in words
    assert consent_text(c.model_copy(update={"consent": None, "applied_by": ""})) == ""
    import assets
    from core.catalog import Catalog

    item = Catalog.load(assets.sample_catalog()).items[0]
    masked = summary_html(c, item, {}, masked=True)
    assert "代办人" in masked and mask_name("代办甲") in masked and "代办甲" not in masked
    assert "代办甲" in summary_html(c, item, {}, masked=False)
