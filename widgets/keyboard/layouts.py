"""Which keys each layout has, and which layout a form field type asks for. Qt-free."""

from __future__ import annotations

from core.catalog import FieldType

LETTER_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
DIGIT_ROWS = ("123", "456", "789")

# Layout names an editor carries in its ``keyboard`` property.
CHINESE = "chinese"  # text: pinyin, handwriting, Latin and digits, switchable
DIGITS = "digits"  # phone numbers
ID_NUMBER = "id_number"  # digits + X (the GB 11643 check digit)
DIGITS_DASH = "digits_dash"  # digits with "-" and "."
DATE = "date"  # the date picker, no typing

FIELD_LAYOUTS = {
    FieldType.PHONE: DIGITS,
    FieldType.ID_NUMBER: ID_NUMBER,
    FieldType.DATE: DATE,
    FieldType.TEXT: CHINESE,
    FieldType.ADDRESS: CHINESE,
}

# The extra keys on the digit pad's last row, per layout (besides 0).
DIGIT_EXTRAS = {DIGITS: (), ID_NUMBER: ("X",), DIGITS_DASH: ("-", ".")}


def layout_for(field_type: FieldType) -> str:
    return FIELD_LAYOUTS.get(field_type, CHINESE)


def id_key_allowed(key: str, text_before_cursor: str) -> bool:
    """GB 11643: 17 digits, then a check character that may be X (only there)."""
    if key == "X":
        return len(text_before_cursor) == 17
    return len(text_before_cursor) < 18
