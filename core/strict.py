"""Strict parsers for numbers and ids that arrive as text from outside.

``str.isdigit()`` and ``int()`` accept far more than a wire format means:
"²", "３" and "٣" are digits to Python, ``int()`` takes signs, underscores
and surrounding blanks, and ``re.match(r"^...$")`` lets one trailing newline
through. These helpers accept ASCII decimals and whole-string matches only,
and keep numbers inside SQLite's INTEGER range so a value that parses can
never overflow a query.
"""

from __future__ import annotations

import re

INT64_MAX = 2**63 - 1
"""The largest integer SQLite stores (and so the largest offset, length or cursor)."""

_DECIMAL = re.compile(r"[0-9]{1,19}")


def ascii_int(text: str | None, maximum: int = INT64_MAX) -> int | None:
    """``text`` as a non-negative int if it is 1-19 ASCII digits and ≤ ``maximum``, else None.

    Nothing is stripped: the caller decides whether blanks around a value are allowed.
    """
    if text is None or not _DECIMAL.fullmatch(text):
        return None
    value = int(text)
    return value if value <= maximum else None
