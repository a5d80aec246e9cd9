"""请取回身份证 at the end of a session, and a card taken out of its PC/SC slot ending
the session (issue 12, item 7), through pcscd with the vpcd virtual reader and a
virtual card speaking its socket protocol, as the other PC/SC tests do."""

from __future__ import annotations

import pytest

from drivers.base import Health
from emulators import card_slots
from kiosk.spoken import INSTRUCTIONS
from kiosk.window import TAKE_CARD
from onewindow.gui import make_window
from tests.factories import identity
from tests.gui_helpers import app_config, click, pcsc_app_config
from tests.idcard_harness import wait_reader_empty, wait_reader_state

OFFLINE = "http://127.0.0.1:9"


@pytest.fixture
def pcsc_kiosk(qtbot, tmp_path):
    cfg, pcscd, card, reader_cfg = pcsc_app_config(
        tmp_path, "kiosk", OFFLINE, **{"devices.printer.uri": "none"}
    )
    win, bridge = make_window(cfg)
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    qtbot.waitUntil(
        lambda: getattr(bridge.last_status.get("id_reader"), "health", None) is Health.OK,
        timeout=10000,
    )
    try:
        yield win, card, pcscd.reader_name
    finally:
        bridge.close()
        card_slots.unregister(reader_cfg)
        card.remove()
        wait_reader_empty(pcscd.reader_name)


def _insert(qtbot, win, card) -> None:
    click(win, "start")
    click(win, "consent_agree")  # the privacy notice comes first
    card.insert()
    qtbot.waitUntil(lambda: win.current_page() == "items", timeout=10000)


def test_taking_the_card_out_mid_session_ends_it(qtbot, pcsc_kiosk):
    win, card, reader = pcsc_kiosk
    # on the card page before any read a removal changes nothing
    click(win, "start")
    click(win, "consent_agree")  # the privacy notice comes first
    win.bridge.card_removed.emit()
    assert win.current_page() == "card"
    card.insert()
    qtbot.waitUntil(lambda: win.current_page() == "items", timeout=10000)
    win.choose_item(win.rt.catalog.items[0].code)
    assert win.current_page() == "guide" and win.identity is not None
    card.remove()
    qtbot.waitUntil(lambda: win.current_page() == "home", timeout=10000)
    assert win.identity is None and win.item is None
    assert not win.idle_banner.isVisible()  # the card is already out: no reminder
    wait_reader_empty(reader)


def test_on_the_done_page_taking_the_card_out_only_hides_the_reminder(qtbot, pcsc_kiosk):
    win, card, reader = pcsc_kiosk
    _insert(qtbot, win, card)
    wait_reader_state(reader, present=True)
    item = win.rt.catalog.items[0]
    win.choose_item(item.code)
    click(win, "guide_next")
    win.form.editors["phone"].setText("13800138000")
    if "hukou_address" in win.form.editors:  # a social security card holds no address
        win.form.editors["hukou_address"].setText("广东省佛山市禅城区测试路1号")
    click(win, "form_next")
    assert win.current_page() == "scan", win.form.validate()
    qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
    required = {m.code for m in item.materials if m.required}
    for row, m in enumerate(win.case.materials):
        if m.code in required:  # a social security card is no 居民身份证: scanned
            win.checklist.setCurrentRow(row)
            win.capture()
            if win.intake.size_check.isVisible():  # the sample photo is an A4 form
                click(win, "size_keep")
                win.ops.wait_idle()
    click(win, "scan_next")
    click(win, "submit")
    qtbot.waitUntil(lambda: win.current_page() == "done", timeout=10000)
    note = win.pages["done"].card_note
    assert note.isVisible() and note.text() == "请取回身份证"
    card.remove()
    qtbot.waitUntil(lambda: not note.isVisible(), timeout=10000)
    assert win.current_page() == "done" and win.submitted is not None
    click(win, "finish")
    assert win.current_page() == "home" and not win.idle_banner.isVisible()


def test_a_session_that_read_a_card_ends_with_the_reminder_spoken(qtbot, tmp_path):
    win, bridge = make_window(app_config(tmp_path, "kiosk", OFFLINE))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        qtbot.waitUntil(lambda: win.rt.voice.virtual is not None, timeout=5000)
        click(win, "start")
        click(win, "consent_agree")  # the privacy notice comes first
        win.voice_controls.toggle.click()  # the citizen turns voice on
        win.rt.devices.virtual_reader.present(identity(name="测试戊"))
        qtbot.waitUntil(lambda: win.current_page() == "items", timeout=5000)
        click(win, "home")
        assert win.current_page() == "home"
        assert win.idle_banner.isVisible() and win.idle_banner.text() == TAKE_CARD
        qtbot.waitUntil(lambda: TAKE_CARD in win.rt.voice.virtual.said(), timeout=5000)
        # the virtual reader has no slot: nothing says the card left, the reminder shows
        assert "请取回身份证" in INSTRUCTIONS["done"]
        # a session without a card read ends without it
        win.show_page("items")
        click(win, "home")
        assert not win.idle_banner.isVisible()
    finally:
        bridge.close()
