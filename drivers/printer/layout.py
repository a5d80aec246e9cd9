"""Line breaking shared by the text-mode and raster renderers.

Widths are measured by a function (printer columns in text mode, pixels in
raster mode). Runs of printable ASCII (numbers, receipt numbers, words) are
not split when they fit on a line; Chinese line-breaking rules keep closing
punctuation off the start of a line and opening punctuation off its end.
Also decides what the printer font can print, and lays a document out as
the lines both renderers print. Pure functions; any thread.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from core.receipt import QR, Cut, Document, KeyValue, Picture, Rule, Text, Title

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


# --------------------------------------------------------------------------- printer font


def in_printer_font(ch: str) -> bool:
    """True when a Chinese-market printer's built-in font can print ``ch``.

    Those fonts cover GBK: the two-byte GB18030 codes, minus the user-defined
    areas and the FE50–FEA0 compatibility block (GB18030-2005 maps CJK
    Extension A characters such as 䶮 there; printer fonts rarely draw
    them). Four-byte codes (Extension B names like 𠇔, emoji) are never in
    the font. Such characters are drawn as bit images instead.
    """
    o = ord(ch)
    if o < 0x80:
        return o >= 0x20
    try:
        b = ch.encode("gb18030")
    except UnicodeEncodeError:
        return False
    if len(b) != 2:
        return False
    lead, trail = b
    if lead == 0xFE and 0x50 <= trail <= 0xA0:
        return False
    if trail >= 0xA1 and (0xAA <= lead <= 0xAF or lead >= 0xF8):  # user-defined areas 1 and 2
        return False
    return not (0xA1 <= lead <= 0xA7 and trail <= 0xA0)  # user-defined area 3


def text_in_printer_font(text: str) -> bool:
    return all(in_printer_font(c) for c in text)


# --------------------------------------------------------------------------- document layout


@dataclass(frozen=True)
class Line:
    """One printed line of text in font A: where it goes and how it looks."""

    text: str
    align: str = "left"
    bold: bool = False
    size: int = 1  # character scale (width and height)


@dataclass(frozen=True)
class QrCode:
    payload: str


@dataclass(frozen=True)
class Image:
    """A picture to dither; printed as a raster image in both modes."""

    png: bytes
    width: float  # share of the paper width
    align: str


@dataclass(frozen=True)
class CutHere:
    pass


Laid = Line | QrCode | Image | CutHere


def layout_document(doc: Document, columns: int) -> list[Laid]:
    """The document broken into printer lines for ``columns`` half-width columns.

    Both renderers print exactly these lines, so text mode and raster mode
    break lines at the same places.
    """
    out: list[Laid] = []
    for b in doc.blocks:
        match b:
            case Title(text=t):
                out.extend(Line(x, "center", True, 2) for x in wrap(t, columns // 2))
            case Text(text=t, align=a, bold=bd, size=sz, hang=hang):
                width = columns // sz
                hang = hang if 0 < hang <= width // 2 else 0
                lines = wrap(t, width, width - hang)
                out.append(Line(lines[0], a, bd, sz))
                out.extend(Line(" " * hang + x, a, bd, sz) for x in lines[1:])
            case KeyValue(key=k, value=v):
                prefix = f"{k}："
                pw = text_columns(prefix)
                hang = pw if pw <= columns // 2 else 0
                lines = wrap(prefix + v, columns, columns - hang)
                out.append(Line(lines[0]))
                out.extend(Line(" " * hang + x) for x in lines[1:])
            case Rule(char=c):
                c = (c or "-")[0]
                out.append(Line(c * max(1, columns // char_columns(c))))
            case QR(payload=p, caption=cap):
                out.append(QrCode(p))
                if cap:
                    out.extend(Line(x, "center") for x in wrap(cap, columns))
            case Picture(width=w, align=a) as pic:
                out.append(Image(pic.png, max(0.05, min(1.0, w)), a))
            case Cut():
                out.append(CutHere())
    return out
