"""The unified social credit code (统一社会信用代码, GB 32100-2015) of a legal person.

18 characters: 登记管理部门码 (1), 机构类别码 (1), 登记管理机关行政区划码 (6 digits),
主体标识码 (9: the organisation code, GB 11714, with its own check character) and a
check character (1). The alphabet has 31 characters, 0-9 and the capitals without
I, O, S, V, Z; the check character is 31 - (Σ value × weight mod 31), 31 read as 0.
``validate_credit_code`` refuses a code naming the 1-based position that is wrong,
the way core.identity refuses a GB 11643 number. Pure functions; any thread.
"""

from __future__ import annotations

from core.errors import OneWindowError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUES = {c: i for i, c in enumerate(ALPHABET)}
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18
_REGION = range(2, 8)  # 0-based: positions 3-8 are the region code, digits only


class CreditCodeError(OneWindowError):
    """A 统一社会信用代码 fails a GB 32100 check; ``params`` name the position."""

    code = "credit_code"


def normalise(code: str) -> str:
    """Spaces (also full-width ones) dropped, letters upper-cased."""
    return "".join(code.split()).replace("\u3000", "").upper()


def check_character(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters (already valid)."""
    total = sum(_VALUES[c] * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(code: str) -> str:
    """Normalise and check a 统一社会信用代码; returns it normalised.

    Raises CreditCodeError: ``credit_code.empty``, ``credit_code.length`` (with the
    length found), ``credit_code.char`` (the first character not allowed where it
    stands: ``position`` 1-based and ``char``) or ``credit_code.check`` (the check
    character at position 18 does not match the first 17).
    """
    value = normalise(code)
    if not value:
        raise CreditCodeError("credit_code.empty")
    for i, c in enumerate(value[:LENGTH]):
        allowed = c.isdigit() and c.isascii() if i in _REGION else c in _VALUES
        if not allowed:
            raise CreditCodeError("credit_code.char", position=i + 1, char=c)
    if len(value) != LENGTH:
        raise CreditCodeError("credit_code.length", length=len(value))
    if check_character(value[:17]) != value[17]:
        raise CreditCodeError("credit_code.check", position=LENGTH, char=value[17])
    return value


# A published valid code, for the tours, the print samples and the demo forms.
SAMPLE_CODE = "91350100M000100Y43"
