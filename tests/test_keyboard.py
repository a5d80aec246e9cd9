"""The on-screen keyboard on real widgets: pinyin, handwriting, the digit
layouts, the date picker, following the field touched, and engines missing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from core.catalog import FieldType, FormField
from core.identity import validate_id_number
from core.intake import check_form
from tests.keyboard_helpers import id_number_ending_in_x, key, tap, tap_keys, type_pinyin, write
from widgets.form_view import FormView
from widgets.keyboard.handwriting import HandwritingRecognizer
from widgets.keyboard.keyboard import OnScreenKeyboard, shared_pinyin, shared_recognizer
from widgets.keyboard.pinyin import PinyinEngine

FIELDS = [
    FormField(key="applicant_name", label="申请人姓名", prefill="name"),
    FormField(key="phone", label="联系电话", type=FieldType.PHONE),
    FormField(key="partner_name", label="对方姓名"),
    FormField(key="partner_id_number", label="对方身份号码", type=FieldType.ID_NUMBER),
    FormField(key="reserve_date", label="预约日期", type=FieldType.DATE),
    FormField(key="address", label="地址", type=FieldType.ADDRESS),
]

needs_pinyin = pytest.mark.skipif(
    not shared_pinyin().available, reason="libgooglepinyin0 is not installed"
)
needs_zinnia = pytest.mark.skipif(
    not shared_recognizer().available,
    reason="libzinnia0 / tegaki-zinnia-simplified-chinese are not installed",
)


def _form(qtbot, size=(1280, 800), **engines):
    host = QWidget()
    row = QHBoxLayout(host)
    form = FormView(masked=True, touch=True)
    form.set_form(FIELDS, {"applicant_name": "测试甲"})
    row.addWidget(form, 1)
    kb = OnScreenKeyboard(host, **engines)
    row.addWidget(kb)
    for ed in form.line_editors():
        kb.attach(ed)
    qtbot.addWidget(host)
    host.resize(*size)
    host.show()
    qtbot.waitExposed(host)
    return host, form, kb


@needs_pinyin
def test_pinyin_types_zhang_san_into_the_field_touched(qtbot):
    _, form, kb = _form(qtbot)
    name = form.editors["partner_name"]
    tap(qtbot, name)
    assert kb.target is name and kb.mode == "pinyin"
    tap_keys(qtbot, kb, "zhang")
    assert kb.composing.text() == "zhang"
    assert name.text() == ""  # nothing reaches the field until a candidate is picked
    type_pinyin(qtbot, kb, "", "张")
    type_pinyin(qtbot, kb, "san", "三")
    assert name.text() == "张三"
    tap(qtbot, key(kb, "key_backspace"))
    assert name.text() == "张"


@needs_pinyin
def test_pinyin_phrase_and_space_takes_the_first_candidate(qtbot):
    _, form, kb = _form(qtbot)
    addr = form.editors["address"]
    tap(qtbot, addr)
    tap_keys(qtbot, kb, "foshan")
    assert kb.candidates()[0] == "佛山"
    tap(qtbot, key(kb, "key_space"))
    assert addr.text() == "佛山"
    tap_keys(qtbot, kb, "zhangsan")  # two syllables: pick the first, then the rest
    type_pinyin(qtbot, kb, "", "张")
    assert addr.text() == "佛山"  # still composing the second syllable
    type_pinyin(qtbot, kb, "", "散")
    assert addr.text() == "佛山张散"


@needs_zinnia
def test_handwriting_writes_zhang_san_from_recorded_strokes(qtbot):
    _, form, kb = _form(qtbot)
    name = form.editors["partner_name"]
    tap(qtbot, name)
    ranks = [write(qtbot, kb, "zhang"), write(qtbot, kb, "san")]
    assert name.text() == "张三"
    assert all(r < 5 for r in ranks), ranks
    assert kb.pad.strokes == []  # the pad is clean for the next character


def test_id_number_layout_gives_a_valid_number_with_x(qtbot):
    _, form, kb = _form(qtbot)
    ed = form.editors["partner_id_number"]
    tap(qtbot, ed)
    assert kb.layout_name == "id_number"
    assert key(kb, "key_1").parent() is not None
    assert not [b for b in kb.findChildren(QPushButton, "key_a") if b.isVisible()]
    number = id_number_ending_in_x()
    tap(qtbot, key(kb, "key_X"))  # X only as the 18th character
    assert ed.text() == ""
    tap_keys(qtbot, kb, number)
    assert ed.text() == number and validate_id_number(ed.text()) == number
    tap(qtbot, key(kb, "key_3"))  # no 19th character
    assert ed.text() == number


def test_phone_layout_is_digits_only(qtbot):
    _, form, kb = _form(qtbot)
    tap(qtbot, form.editors["phone"])
    assert kb.layout_name == "digits" and not kb.mode_bar.isVisible()
    for name in ("key_X", "key_-", "key_a"):
        assert not [b for b in kb.findChildren(QPushButton, name) if b.isVisible()]
    tap_keys(qtbot, kb, "13800138000")
    assert form.editors["phone"].text() == "13800138000"


def test_tapping_field_b_after_field_a_types_into_b(qtbot):
    _, form, kb = _form(qtbot)
    a, b = form.editors["phone"], form.editors["partner_id_number"]
    tap(qtbot, a)
    tap_keys(qtbot, kb, "138")
    tap(qtbot, b)
    tap_keys(qtbot, kb, "440")
    assert (a.text(), b.text()) == ("138", "440")
    tap(qtbot, a)
    tap(qtbot, key(kb, "key_digit_backspace"))
    assert (a.text(), b.text()) == ("13", "440")


def test_date_field_is_picked_with_big_buttons_not_typed(qtbot):
    _, form, kb = _form(qtbot)
    ed = form.editors["reserve_date"]
    assert ed.isReadOnly()
    tap(qtbot, ed)
    assert kb.stack.currentWidget() is kb.date_page
    today = dt.date.today()
    tap(qtbot, key(kb, "date_year_up"))
    tap(qtbot, key(kb, "date_month_up"))
    tap(qtbot, key(kb, "date_day_down"))
    picked = dt.date.fromisoformat(ed.text())
    assert picked.year == today.year + 1
    assert picked.month == today.month % 12 + 1
    assert check_form(FIELDS, form.current_values()).get("reserve_date") is None


def test_latin_layout_types_letters_and_capitals(qtbot):
    _, form, kb = _form(qtbot)
    ed = form.editors["address"]
    tap(qtbot, ed)
    tap(qtbot, key(kb, "mode_latin"))
    tap(qtbot, key(kb, "key_shift"))
    tap_keys(qtbot, kb, "ab")
    tap(qtbot, key(kb, "key_shift"))
    tap_keys(qtbot, kb, "c")
    tap(qtbot, key(kb, "mode_digits"))
    tap_keys(qtbot, kb, "1-2")
    assert ed.text() == "ABc1-2"


def test_a_missing_engine_says_so_and_the_other_layouts_work(qtbot, tmp_path: Path):
    no_pinyin = PinyinEngine(library=("libnot-there.so.0",))
    no_zinnia = HandwritingRecognizer(model=(tmp_path / "none.model",))
    assert not no_pinyin.available and not no_zinnia.available
    _, form, kb = _form(qtbot, pinyin=no_pinyin, recognizer=no_zinnia)
    ed = form.editors["address"]
    tap(qtbot, ed)
    assert kb.engine_msg.isVisible() and "libgooglepinyin" in kb.engine_msg.text()
    assert not key(kb, "key_z").isEnabled()
    tap(qtbot, key(kb, "mode_handwriting"))
    assert kb.engine_msg.isVisible() and "Zinnia" in kb.engine_msg.text()
    tap(qtbot, key(kb, "mode_latin"))
    assert not kb.engine_msg.isVisible()
    tap_keys(qtbot, kb, "li")
    tap(qtbot, key(kb, "mode_digits"))
    tap_keys(qtbot, kb, "8")
    assert ed.text() == "li8"


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080), (1080, 1920)])
def test_keys_are_big_enough_and_close_together(qtbot, size):
    host, form, kb = _form(qtbot, size=size)
    for field in ("address", "partner_id_number", "reserve_date"):
        tap(qtbot, form.editors[field])
        if field == "address":
            tap(qtbot, key(kb, "mode_handwriting"))
            tap(qtbot, key(kb, "mode_pinyin"))
        keys = [b for b in kb.findChildren(QPushButton) if b.isVisible()]
        assert keys
        small = [
            (b.objectName(), b.width(), b.height()) for b in keys if min(b.width(), b.height()) < 60
        ]
        assert not small, small
        assert kb.width() <= 960
        assert kb.geometry().bottom() <= host.height()
    assert not [
        lab for lab in kb.findChildren(QLabel) if lab.isVisible() and lab.width() > kb.width()
    ]


@needs_pinyin
def test_reset_leaves_nothing_of_the_last_citizen(qtbot):
    _, form, kb = _form(qtbot)
    tap(qtbot, form.editors["address"])
    tap_keys(qtbot, kb, "zhang")
    assert kb.candidates()
    kb.reset()
    assert kb.target is None and kb.pinyin.letters == "" and kb.composing.text() == ""
    assert kb.candidates() == [] and kb.pad.strokes == []
    tap(qtbot, form.editors["address"])
    assert kb.candidates() == [] and kb.pinyin.letters == ""
