"""A Document as ESC/POS bytes in text mode, using the printer's GB18030 font.

Commands sent (Epson ESC/POS as Chinese-market printers implement it):

=============  ==========  =============================================
ESC @          1B 40       initialise
FS &           1C 26       Chinese (double-byte) character mode on
ESC a n        1B 61 n     align: 0 left, 1 centre, 2 right
ESC E n        1B 45 n     bold on (1) / off (0)
GS ! n         1D 21 n     character size: 0x00 normal, 0x11 double w+h
GS ( k ...     1D 28 6B    QR code: model 2, module size, error level M,
                           store the data, print the symbol
ESC d n        1B 64 n     print and feed n lines
GS V 0         1D 56 00    full cut
LF             0A          print the line and feed
=============  ==========  =============================================

Text is encoded with GB18030 and sent raw: python-escpos's text() never
sends FS & and maps lone full-width punctuation (“，。：￥”) through its
code-page tables badly. python-escpos is used to assemble the native QR
commands (``Dummy.qr(..., native=True)``). Pure functions; any thread.
"""

from __future__ import annotations

from escpos.constants import QR_ECLEVEL_M, QR_MODEL_2
from escpos.printer import Dummy

from core.receipt import QR, Cut, Document, KeyValue, Rule, Text, Title
from drivers.printer.layout import columns_for, text_columns, wrap

ESC = b"\x1b"
GS = b"\x1d"
FS = b"\x1c"
LF = b"\n"

INIT = ESC + b"@"
CHINESE_ON = FS + b"&"
CHINESE_OFF = FS + b"."
FEED_LINES_BEFORE_CUT = 4
CUT = ESC + b"d" + bytes([FEED_LINES_BEFORE_CUT]) + GS + b"V\x00"

_ALIGN = {"left": 0, "center": 1, "right": 2}


def align(where: str) -> bytes:
    return ESC + b"a" + bytes([_ALIGN[where]])


def bold(on: bool) -> bytes:
    return ESC + b"E" + (b"\x01" if on else b"\x00")


def size(mult: int) -> bytes:
    m = max(1, min(8, mult)) - 1
    return GS + b"!" + bytes([(m << 4) | m])


def qr_module_dots(paper_mm: int) -> int:
    """QR module size in dots: about 0.75-1 mm, easy for phone cameras."""
    return 6 if paper_mm == 58 else 8


def text_encodable(text: str) -> bool:
    """True when every character is in the printer's double-byte (GBK range) font.

    Characters GB18030 encodes in four bytes (rare name characters 生僻字,
    emoji) are usually missing from printer fonts: such a document goes out
    as a raster image instead.
    """
    try:
        return all(len(ch.encode("gb18030")) <= 2 for ch in text)
    except UnicodeEncodeError:
        return False


def document_texts(doc: Document) -> list[str]:
    """Every piece of text a document prints (not the QR payloads)."""
    out: list[str] = []
    for b in doc.blocks:
        match b:
            case Title(text=t) | Text(text=t):
                out.append(t)
            case KeyValue(key=k, value=v):
                out.extend((k, v))
            case Rule(char=c):
                out.append(c)
            case QR(caption=c):
                out.append(c)
    return out


def text_mode_supported(doc: Document) -> bool:
    return all(text_encodable(t) for t in document_texts(doc))


def _encode(text: str) -> bytes:
    return text.encode("gb18030", errors="replace")


def _lines(lines: list[str]) -> bytes:
    return b"".join(_encode(line) + LF for line in lines)


def render_text(doc: Document, paper_mm: int = 80) -> bytes:
    """ESC/POS bytes for ``doc`` in text mode on a 58 or 80 mm printer."""
    width = columns_for(paper_mm)
    p = Dummy()
    p._raw(INIT + CHINESE_ON)
    for b in doc.blocks:
        match b:
            case Title(text=t):
                p._raw(align("center") + bold(True) + size(2))
                p._raw(_lines(wrap(t, width // 2)))
                p._raw(size(1) + bold(False) + align("left"))
            case Text(text=t, align=a, bold=bd, size=sz):
                w = width // max(1, sz)
                p._raw(align(a) + (bold(True) if bd else b"") + (size(sz) if sz > 1 else b""))
                p._raw(_lines(wrap(t, w)))
                p._raw((size(1) if sz > 1 else b"") + (bold(False) if bd else b"") + align("left"))
            case KeyValue(key=k, value=v):
                prefix = f"{k}："
                pw = text_columns(prefix)
                hang = pw if pw <= width // 2 else 0
                lines = wrap(prefix + v, width, width - hang)
                p._raw(_lines([lines[0], *(" " * hang + ln for ln in lines[1:])]))
            case Rule(char=c):
                c = c or "-"
                p._raw(_lines([c * max(1, width // text_columns(c[0]))]))
            case QR(payload=payload, caption=caption):
                p._raw(align("center"))
                p.qr(
                    payload,
                    ec=QR_ECLEVEL_M,
                    size=qr_module_dots(paper_mm),
                    model=QR_MODEL_2,
                    native=True,
                )
                if caption:
                    p._raw(_lines(wrap(caption, width)))
                p._raw(align("left"))
            case Cut():
                p._raw(CUT)
    return p.output
