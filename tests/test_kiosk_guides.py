"""The kiosk's guides without a card: home tiles, browsing, search, the full guide,
scenario buttons with a conditional question, and 我要办理 through the card read.

The real windows run offscreen against the virtual devices; with the reader
backend ``none`` the guides still work. The back office is never reached
(an unreachable address): guides need no network either.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QPushButton, QWidget

from onewindow.gui import make_window
from tests.factories import identity
from tests.gui_helpers import app_config, click
from widgets.theme import apply_theme

NOWHERE = "http://127.0.0.1:9"
DISABILITY = "440604-MS-0010"  # its guardian question brings in a conditional one
MIN_TARGET = 60


@pytest.fixture
def themed(qapp):
    """The kiosk's look (sizes come from the style sheet), for this test only."""
    apply_theme(qapp)
    yield
    qapp.setStyleSheet("")


@pytest.fixture
def kiosk(qtbot, tmp_path, request, themed):
    extra = getattr(request, "param", {})
    win, bridge = make_window(app_config(tmp_path, "kiosk", NOWHERE, **extra))
    qtbot.addWidget(win)
    win.resize(1920, 1080)
    win.show()
    bridge.start()
    qtbot.waitUntil(lambda: "id_reader" in win.bridge.last_status, timeout=5000)
    yield win
    bridge.close()


def tap(qtbot, w: QWidget) -> None:
    """A press and release at the widget's centre, as a finger would."""
    assert w.isVisible(), w.objectName()
    qtbot.mouseClick(w, Qt.MouseButton.LeftButton, pos=QPoint(w.width() // 2, w.height() // 2))


def shown_tiles(win) -> list[str]:
    page = win.pages["items"]
    return [code for code, b in page.item_buttons.items() if b.isVisible()]


def small_targets(page: QWidget) -> list[str]:
    """Visible buttons and text boxes of a page smaller than a finger."""
    out = []
    for w in page.findChildren(QWidget):
        if not isinstance(w, QAbstractButton | QLineEdit) or not w.isVisible():
            continue
        if w.height() < MIN_TARGET or w.width() < MIN_TARGET:
            out.append(f"{w.objectName() or w.text()!r}: {w.width()}×{w.height()}")
    return out


@pytest.mark.parametrize("kiosk", [{"devices.id_reader.backend": "none"}], indirect=True)
def test_guides_search_and_full_guide_with_the_reader_absent(qtbot, kiosk):
    win = kiosk
    qtbot.waitUntil(lambda: not win.start_btn.isEnabled(), timeout=5000)
    assert "人工窗口" in win.start_btn.text()
    guides = win.findChild(QPushButton, "guides")
    assert guides.isEnabled()
    tap(qtbot, guides)
    qtbot.waitUntil(lambda: win.current_page() == "items")
    page = win.pages["items"]
    assert page.who.text() == ""  # nobody is known

    # by window class (the first way), by life event, by tag
    assert shown_tiles(win) == [i.code for i in win.rt.catalog.by_window_class("民生")]
    tap(qtbot, win.findChild(QPushButton, "browse_event"))
    tap(qtbot, win.findChild(QPushButton, "filter_birth"))
    assert shown_tiles(win)[0] == "440604-GA-0004"  # 出生登记
    tap(qtbot, win.findChild(QPushButton, "browse_tag"))
    tap(qtbot, win.findChild(QPushButton, "filter_零跑动"))
    assert set(shown_tiles(win)) == {i.code for i in win.rt.catalog.items if i.onsite_visits == 0}

    # search: Chinese words, and pinyin initials typed into the box
    page.search.setText("公积金")  # typed Chinese comes from the keyboard helper's IME
    qtbot.waitUntil(lambda: shown_tiles(win) == ["440604-MS-0002"])
    page.search.clear()
    qtbot.keyClicks(page.search, "hj")
    qtbot.waitUntil(lambda: "440604-GA-0003" in shown_tiles(win))  # 户口迁移: 户籍
    assert not any(b.isChecked() for b in page.filter_buttons.values())  # no chip lit
    page.search.clear()
    assert page.filter_buttons["零跑动"].isChecked()  # the chip's list again
    qtbot.keyClicks(page.search, "hj")
    assert "找到" in page.count.text()
    page.search.clear()
    qtbot.keyClicks(page.search, "zzzz")
    qtbot.waitUntil(lambda: shown_tiles(win) == [])
    assert "没有找到" in page.count.text()

    # the full guide (八统一), from a tile tapped under the kinetic scroller
    page.search.clear()
    qtbot.keyClicks(page.search, "cjrz")
    qtbot.waitUntil(lambda: shown_tiles(win) == [DISABILITY])
    tap(qtbot, page.item_buttons[DISABILITY])
    qtbot.waitUntil(lambda: win.current_page() == "guide")
    guide = win.pages["guide"]
    item = win.rt.catalog.item(DISABILITY)
    text = " ".join(lab.text() for lab in (guide.guide_text, guide.materials_text, guide.rest_text))
    for words in ("申请条件", "申请材料", "原件", "办理流程", "设定依据", "办理地点", "办理时间"):
        assert words in text
    for fact in (item.conditions[0], item.process[0], item.place, item.hours, item.department):
        assert fact in text.replace("&amp;", "&")
    assert item.consult_phone in text and item.legal_basis.split("》")[0] in text

    # the printed notice works without a card too
    click(win, "print_notice")
    qtbot.waitUntil(lambda: "已打印" in win.guide_msg.text(), timeout=10000)


def test_conditional_scenario_question_shows_only_after_its_answer(qtbot, kiosk):
    win = kiosk
    click(win, "guides")
    win.choose_item(DISABILITY)
    sc = win.scenario
    assert sc.is_shown("guardian") and not sc.is_shown("guardian_kind")
    assert not win.findChild(QPushButton, "scenario_guardian_kind_1").isVisible()
    tap(qtbot, win.findChild(QPushButton, "scenario_guardian_0"))
    assert sc.answers() == {"guardian": 0}
    assert "按您的情形需要的材料" in win.pages["guide"].materials_text.text()

    tap(qtbot, win.findChild(QPushButton, "scenario_guardian_1"))
    qtbot.waitUntil(lambda: sc.is_shown("guardian_kind"))
    assert sc.answers() is None  # the new question waits for its answer
    click(win, "guide_next")
    assert win.current_page() == "guide" and win.guide_msg.text()
    other = win.findChild(QPushButton, "scenario_guardian_kind_1")
    tap(qtbot, other)
    assert sc.answers() == {"guardian": 1, "guardian_kind": 1}
    assert "监护关系证明" in win.pages["guide"].materials_text.text()

    # back to "no guardian": the conditional question goes, and its answer with it
    tap(qtbot, win.findChild(QPushButton, "scenario_guardian_0"))
    assert not sc.is_shown("guardian_kind") and not other.isChecked()
    assert sc.answers() == {"guardian": 0}
    assert "监护关系证明" not in win.pages["guide"].materials_text.text()


def test_apply_from_a_guide_reads_the_card_then_opens_that_items_form(qtbot, kiosk):
    win = kiosk
    click(win, "guides")
    win.choose_item(DISABILITY)
    click(win, "scenario_guardian_1")
    click(win, "scenario_guardian_kind_0")
    assert "刷身份证" in win.pages["guide"].apply_btn.text()
    click(win, "guide_next")
    assert win.current_page() == "consent"  # the privacy notice before the first card read
    click(win, "consent_agree")
    assert win.current_page() == "card"
    click(win, "back_home")  # 返回 goes back to the guide, its answers kept
    assert win.current_page() == "guide" and not win.applying
    assert win.scenario.answers() == {"guardian": 1, "guardian_kind": 0}
    click(win, "guide_next")
    assert win.current_page() == "card" and win.applying
    who = identity(name="测试丁")
    win.rt.devices.virtual_reader.present(who)
    qtbot.waitUntil(lambda: win.current_page() == "form", timeout=5000)
    assert win.case is not None and win.case.item_code == DISABILITY
    assert win.answers == {"guardian": 1, "guardian_kind": 0}
    assert win.form.current_values()["applicant_name"] == who.name  # shown masked
    # a new citizen starts from a clean home page and a clean guide list
    click(win, "home")
    assert win.current_page() == "home" and not win.applying
    click(win, "guides")
    assert win.pages["items"].who.text() == "" and win.pages["items"].search.text() == ""


def test_new_touch_targets_are_at_least_60_px(qtbot, kiosk):
    win = kiosk
    assert small_targets(win.pages["home"]) == []
    click(win, "guides")
    for mode in ("browse_window", "browse_event", "browse_tag"):
        click(win, mode)
        assert small_targets(win.pages["items"]) == [], mode
    win.choose_item(DISABILITY)
    click(win, "scenario_guardian_1")
    assert small_targets(win.pages["guide"]) == []


def test_the_counter_uses_the_same_search(qtbot, tmp_path):
    win, bridge = make_window(app_config(tmp_path, "counter", NOWHERE))
    qtbot.addWidget(win)
    try:
        page = win.pages["item"]
        page.search.setText("gjj")
        shown = [page.item_list.item(i).text() for i in range(page.item_list.count())]
        assert len(shown) == 1 and shown[0].startswith("住房公积金提取")
        page.search.setText("hkqy")
        assert page.item_list.count() == 1
    finally:
        bridge.close()


def test_language_switch_rebuilds_the_kiosk_in_english_and_back(qtbot, kiosk):
    from widgets.i18n import install_translator

    win = kiosk
    try:
        lang = win.findChild(QPushButton, "lang")
        assert lang.text() == "English" and lang.isEnabled()
        tap(qtbot, lang)
        qtbot.waitUntil(lambda: win.findChild(QPushButton, "lang").text() == "中文")
        assert win.start_btn.text().startswith("Apply") and win.start_btn.isEnabled()
        assert win.findChild(QPushButton, "guides").text().startswith("Service guides")
        assert win.header.text().startswith("OneWindow")
        click(win, "guides")
        assert win.pages["items"].heading.text() == "Service guide"
        assert small_targets(win.pages["items"]) == []
        # the rebuilt pages still follow the devices: a card read opens the items
        click(win, "home")
        click(win, "start")
        click(win, "consent_agree")  # the privacy notice comes first
        win.rt.devices.virtual_reader.present(identity())
        qtbot.waitUntil(lambda: win.current_page() == "items", timeout=5000)
        assert win.pages["items"].who.text().startswith("Hello")
        click(win, "home")
        click(win, "lang")
        qtbot.waitUntil(lambda: win.findChild(QPushButton, "lang").text() == "English")
        assert win.start_btn.text().startswith("我要办理")
    finally:
        install_translator("zh_CN")
