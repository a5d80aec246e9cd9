"""A Document as ESC/POS bytes in text mode, using the printer's GB18030 font.

Commands sent (Epson ESC/POS as Chinese-market printers implement it):

=============  ==========  =============================================
ESC @          1B 40       initialise
FS &           1C 26       Chinese (double-byte) character mode on
ESC a n        1B 61 n     align: 0 left, 1 centre, 2 right
ESC E n        1B 45 n     bold on (1) / off (0)
GS ! n         1D 21 n     character size: 0x00 normal, 0x11 double w+h
ESC * 33 n     1B 2A 21    24-dot column bit image, inline in the line
GS v 0         1D 76 30    raster bit image (pictures; scaled lines)
GS ( k ...     1D 28 6B    QR code: model 2, module size, error level M,
                           store the data, print the symbol
ESC d n        1B 64 n     print and feed n lines
GS V 0         1D 56 00    full cut
LF             0A          print the line and feed
=============  ==========  =============================================

Text is encoded with GB18030 and sent raw: python-escpos's text() never
sends FS & and maps lone full-width punctuation (“，。：￥”) through its
code-page tables badly. A character the printer font lacks (a rare name
character such as 𠇔, see ``layout.in_printer_font``) is drawn with the
CJK font and sent as a 24x24 ESC * bit image in its place on the line, so
only that character costs image bytes; in an enlarged line the whole line
goes as a small GS v 0 image. python-escpos assembles the native QR
commands and the raster images. Pure functions; any thread.
"""

from __future__ import annotations

from PIL import Image as PILImage

from core.receipt import Document
from drivers.printer import glyphs
from drivers.printer.escpos_lib import QR_ECLEVEL_M, QR_MODEL_2, Dummy
from drivers.printer.layout import (
    CutHere,
    Image,
    Line,
    QrCode,
    in_printer_font,
    layout_document,
    text_in_printer_font,
)
from drivers.printer.profiles import PrinterProfile, profile_for

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


def cut(profile: PrinterProfile) -> bytes:
    return ESC + b"d" + bytes([profile.feed_before_cut]) + GS + b"V\x00"


def qr_module_dots(paper_mm: int) -> int:
    """QR module size in dots: about 0.75-1 mm, easy for phone cameras."""
    return profile_for(paper_mm).qr_module


def text_encodable(text: str) -> bool:
    """True when the printer font has every character (see ``layout.in_printer_font``)."""
    return text_in_printer_font(text)


def esc_star_24(img: PILImage.Image) -> bytes:
    """ESC * 33: a 24-dot-high image as one inline column bit image (MSB at the top)."""
    mono = glyphs.to_mono(img)
    w, h = mono.size
    px = mono.load()
    cols = bytearray()
    for x in range(w):
        for band in range(3):
            byte = 0
            for bit in range(8):
                y = band * 8 + bit
                if y < h and px[x, y] == 0:
                    byte |= 0x80 >> bit
            cols.append(byte)
    return ESC + b"*\x21" + bytes([w & 0xFF, w >> 8]) + bytes(cols)


def raster_image(img: PILImage.Image, profile: PrinterProfile) -> bytes:
    """GS v 0 for a 1-bit-ready image, in bands of ``profile.fragment_lines``."""
    p = Dummy(profile=profile.escpos_profile)
    p.image(img.convert("1"), impl="bitImageRaster", fragment_height=profile.fragment_lines)
    return p.output


def picture_image(png: bytes, share: float, profile: PrinterProfile) -> PILImage.Image:
    """A picture scaled to ``share`` of the paper width and dithered to 1 bit."""
    import io

    src = PILImage.open(io.BytesIO(png))
    src.load()
    if src.mode in ("RGBA", "LA", "P"):
        src = src.convert("RGBA")
        bg = PILImage.new("RGBA", src.size, (255, 255, 255, 255))
        src = PILImage.alpha_composite(bg, src)
    w = max(8, int(profile.dots * share))
    h = max(1, round(src.height * w / src.width))
    grey = src.convert("L").resize((w, h), PILImage.Resampling.LANCZOS)
    return glyphs.to_mono(grey, dither=True)


class _Writer:
    """Accumulates the bytes and remembers the style in force, to send changes only."""

    def __init__(self, profile: PrinterProfile) -> None:
        self.profile = profile
        self.out = bytearray(INIT + CHINESE_ON)
        self.align = "left"
        self.bold = False
        self.size = 1

    def style(self, where: str, bd: bool, sz: int) -> None:
        if where != self.align:
            self.out += align(where)
            self.align = where
        if bd != self.bold:
            self.out += bold(bd)
            self.bold = bd
        if sz != self.size:
            self.out += size(sz)
            self.size = sz

    def line(self, ln: Line) -> None:
        if text_in_printer_font(ln.text):
            self.style(ln.align, ln.bold, ln.size)
            self.out += ln.text.encode("gb18030") + LF
        elif ln.size == 1:
            self.style(ln.align, ln.bold, 1)
            run: list[str] = []
            for ch in ln.text:
                if in_printer_font(ch):
                    run.append(ch)
                    continue
                self.out += "".join(run).encode("gb18030")
                run = []
                self.out += esc_star_24(_inline_glyph(ch, ln.bold))
            self.out += "".join(run).encode("gb18030") + LF
        else:  # an enlarged line with a character outside the font: the line as an image
            self.style(ln.align, False, 1)
            img = glyphs.line_image(ln.text.strip(), scale=ln.size, bold=ln.bold)
            self.out += raster_image(glyphs.to_mono(img), self.profile)

    def qr(self, payload: str) -> None:
        self.style("center", False, 1)
        p = Dummy()
        p.qr(payload, ec=QR_ECLEVEL_M, size=self.profile.qr_module, model=QR_MODEL_2, native=True)
        self.out += p.output

    def picture(self, item: Image) -> None:
        self.style(item.align, False, 1)
        self.out += raster_image(picture_image(item.png, item.width, self.profile), self.profile)

    def cut(self) -> None:
        self.out += cut(self.profile)


def _inline_glyph(ch: str, bd: bool) -> PILImage.Image:
    """The 24-dot-high bit image of one character, as wide as its cell."""
    return glyphs.glyph(ch, 1, bd)


def render_text(doc: Document, paper_mm: int = 80) -> bytes:
    """ESC/POS bytes for ``doc`` in text mode on a 58 or 80 mm printer."""
    prof = profile_for(paper_mm)
    w = _Writer(prof)
    for item in layout_document(doc, prof.columns):
        match item:
            case Line():
                w.line(item)
            case QrCode(payload=p):
                w.qr(p)
            case Image():
                w.picture(item)
            case CutHere():
                w.cut()
    return bytes(w.out)
