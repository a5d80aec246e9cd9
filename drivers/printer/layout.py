"""Line breaking shared by the text-mode and raster renderers.

Widths are measured by a function (printer columns in text mode, pixels in
raster mode). Runs of printable ASCII (numbers, receipt numbers, words) are
not split when they fit on a line; Chinese line-breaking rules keep closing
punctuation off the start of a line and opening punctuation off its end.
Pure functions; any thread.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Characters that may not start a line (避头) and may not end one (避尾).
NO_START = set("，。、；：？！）】》」』”’…—·%,.;:?!)]}")
NO_END = set("（【《「『“‘([{")

_TOKEN = re.compile(r"[!-~]+| +|.", re.DOTALL)


def columns_for(paper_mm: int) -> int:
    """Characters per line of the printer's font A (12x24 dots): 58 mm 32, 80 mm 48."""
    return 32 if paper_mm == 58 else 48


def dots_for(paper_mm: int) -> int:
    """Printable width in dots at 203 dpi: 58 mm 384, 80 mm 576."""
    return 384 if paper_mm == 58 else 576


def char_columns(ch: str) -> int:
    """Columns a character takes in the printer's Chinese mode.

    Anything that is a multi-byte GB18030 sequence is printed from the
    Chinese font as a full-width (24-dot) glyph, two columns; ASCII is one.
    """
    return 1 if ord(ch) < 0x80 else 2


def text_columns(text: str) -> int:
    return sum(char_columns(c) for c in text)


def wrap(
    text: str,
    first_width: float,
    rest_width: float | None = None,
    measure: Callable[[str], float] = text_columns,
) -> list[str]:
    """Break ``text`` into lines no wider than the widths (first line, the others).

    Returns at least one line (possibly empty). Explicit newlines start a new
    line. Spaces at a break are dropped.
    """
    rest = first_width if rest_width is None else rest_width
    out: list[str] = []
    for para in text.replace("\r", "").replace("\t", " ").split("\n"):
        out.extend(_wrap_para(para, first_width if not out else rest, rest, measure))
    return out or [""]


def _wrap_para(text: str, first: float, rest: float, measure: Callable[[str], float]) -> list[str]:
    lines: list[str] = []
    cur = ""
    limit = first

    def flush() -> None:
        nonlocal cur, limit
        lines.append(cur.rstrip(" "))
        cur = ""
        limit = rest

    tokens = _TOKEN.findall(text)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if measure(cur + tok) <= limit:
            cur += tok
            i += 1
            continue
        if tok.isspace():  # break at the spaces
            flush()
            i += 1
            continue
        if measure(tok) > rest or not cur:  # too long for any line: split it
            for ch in tok:
                if measure(cur + ch) > limit and cur:
                    flush()
                cur += ch
            i += 1
            continue
        carry = ""
        # 避头: a closing mark may not start the next line; take a character along.
        if tok[0] in NO_START and len(cur) >= 2 and not cur[-1].isspace():
            carry = cur[-1]
            cur = cur[:-1]
        # 避尾: an opening mark may not end this line.
        while cur and cur[-1] in NO_END and len(cur) >= 2:
            carry = cur[-1] + carry
            cur = cur[:-1]
        flush()
        cur = carry
    if cur or not lines:
        lines.append(cur.rstrip(" "))
    return lines
