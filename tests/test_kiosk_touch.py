"""Issue 12's "Done when": a citizen completes, by touch only, an item with
required text and address fields through to the printed receipt. Every field
is filled by taps on the on-screen keyboard and by handwriting strokes on its
pad; nothing is set from code."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton

from onewindow.gui import make_window
from tests.factories import identity
from tests.gui_helpers import app_config, click, scan_required
from tests.keyboard_helpers import id_number_ending_in_x, key, tap, tap_keys, type_pinyin, write
from widgets.keyboard.keyboard import shared_pinyin, shared_recognizer

ITEM = "440604-SW-0005"  # 存量房交易税费申报: address, two text fields, an ID number, a phone

pytestmark = pytest.mark.skipif(
    not (shared_pinyin().available and shared_recognizer().available),
    reason="libgooglepinyin0, libzinnia0 and tegaki-zinnia-simplified-chinese are needed",
)


def test_a_citizen_finishes_an_item_with_text_and_address_by_touch_only(
    qtbot, tmp_path, backoffice
):
    cfg = app_config(tmp_path, "kiosk", backoffice.url)
    win, bridge = make_window(cfg)
    qtbot.addWidget(win)
    win.resize(1280, 800)  # the kiosk panel: the keyboard must fit beside or under the fields
    win.show()
    bridge.start()
    try:
        rt = win.rt
        item = rt.catalog.item(ITEM)
        required = {f.key for f in item.form if f.required and f.prefill is None}
        assert {"property_address", "counterparty_name", "deal_price"} <= required
        qtbot.waitUntil(lambda: "id_reader" in win.bridge.last_status, timeout=5000)
        click(win, "start")
        click(win, "consent_agree")  # the privacy notice comes first
        rt.devices.virtual_reader.present(identity())
        qtbot.waitUntil(lambda: win.current_page() == "items", timeout=5000)
        win.choose_item(ITEM)
        click(win, "guide_next")
        assert win.current_page() == "form"
        kb, eds = win.keyboard, win.form.editors

        tap(qtbot, eds["phone"])
        tap_keys(qtbot, kb, "13800138000")

        tap(qtbot, eds["property_address"])  # pinyin words, a handwritten 三, digits
        type_pinyin(qtbot, kb, "foshan", "佛山")
        type_pinyin(qtbot, kb, "chan", "禅")
        type_pinyin(qtbot, kb, "cheng", "城")
        write(qtbot, kb, "san")
        tap(qtbot, key(kb, "mode_digits"))
        tap_keys(qtbot, kb, "8")
        type_pinyin(qtbot, kb, "hao", "号")

        tap(qtbot, eds["deal_price"])
        tap(qtbot, key(kb, "mode_digits"))
        tap_keys(qtbot, kb, "1200000")

        tap(qtbot, eds["counterparty_name"])  # 张 by pinyin, 三 by hand
        type_pinyin(qtbot, kb, "zhang", "张")
        write(qtbot, kb, "san")

        partner_id = id_number_ending_in_x()
        tap(qtbot, eds["counterparty_id_number"])
        tap_keys(qtbot, kb, partner_id)

        assert win.height() <= 800, win.size()
        tap(qtbot, win.findChild(QPushButton, "form_next"))
        assert win.current_page() == "scan", {k: e.text() for k, e in win.form.errors.items()}
        assert win.case.form["property_address"] == "佛山禅城三8号"
        assert win.case.form["counterparty_name"] == "张三"
        assert win.case.form["counterparty_id_number"] == partner_id
        assert win.case.form["deal_price"] == "1200000"
        assert win.case.form["phone"] == "13800138000"

        qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
        scan_required(win, item)
        click(win, "scan_next")
        assert win.current_page() == "confirm"
        confirm = win.pages["confirm"]
        tap(qtbot, confirm.express)  # delivery by express, to an address typed here
        tap(qtbot, confirm.pickup)  # changing one's mind does not grow the window
        tap(qtbot, confirm.express)
        assert win.height() <= 800, win.size()
        ckb = confirm.keyboard
        assert ckb.isVisible() and ckb.target is confirm.address
        keys = [b for b in ckb.findChildren(QPushButton) if b.isVisible()]
        small = [
            (b.objectName(), b.size().toTuple()) for b in keys if min(b.width(), b.height()) < 60
        ]
        assert not small, small
        tap(qtbot, confirm.address)
        tap(qtbot, key(ckb, "key_clear"))
        type_pinyin(qtbot, ckb, "foshan", "佛山")
        tap(qtbot, key(ckb, "mode_digits"))
        tap_keys(qtbot, ckb, "8")
        type_pinyin(qtbot, ckb, "hao", "号")
        click(win, "submit")
        qtbot.waitUntil(lambda: win.current_page() == "done", timeout=10000)
        qtbot.waitUntil(lambda: win.print_state != "pending", timeout=10000)
        assert win.print_state == "ok", win.print_msg.text()
        case = win.submitted
        jobs = rt.devices.virtual_printer.wait_jobs(1)
        assert jobs and case.receipt_no in jobs[-1].transcript
        stored = rt.store.get_case(case.id)
        assert stored.form["counterparty_name"] == "张三"
        assert stored.delivery.address == "佛山8号"
    finally:
        bridge.close()
