"""A Document as a 1-bit image, sent with GS v 0 (raster bit image).

For printers without a Chinese font (profile ``mode = "raster"``) and for
documents with characters outside the printers' GBK-range font. The image is
384 dots wide for 58 mm paper and 576 for 80 mm, drawn with Noto Sans CJK;
the QR code is drawn with the ``qrcode`` package at a whole number of dots
per module. GS v 0 is sent in fragments of 256 lines (printers have small
receive buffers), through python-escpos's ``Dummy.image``. Pure functions;
any thread.
"""

from __future__ import annotations

import qrcode
import qrcode.constants
from escpos.printer import Dummy
from PIL import Image, ImageDraw

from core.receipt import QR, Cut, Document, KeyValue, Rule, Text, Title
from drivers.fonts import cjk_font
from drivers.printer.escpos_text import CUT, INIT, qr_module_dots
from drivers.printer.layout import dots_for, wrap

FRAGMENT_LINES = 256
MARGIN = 8
BASE_PX = 24  # the size of the printers' own font
_PROFILES = {58: "POS-5890", 80: "TM-T20II"}  # python-escpos profiles with 384 / 576 dots


def qr_image(payload: str, module: int, border: int = 0) -> Image.Image:
    """A crisp 1-bit QR code (error level M) with ``module`` pixels per module."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=module, border=border
    )
    code.add_data(payload)
    code.make(fit=True)
    return code.make_image(fill_color="black", back_color="white").get_image().convert("1")


class _Canvas:
    """Draws blocks top to bottom on a tall greyscale strip, cropped at the end."""

    def __init__(self, width: int, paper_mm: int) -> None:
        self.width = width
        self.paper_mm = paper_mm
        self.img = Image.new("L", (width, 6000), 255)
        self.draw = ImageDraw.Draw(self.img)
        self.y = 4

    def _grow(self, need: int) -> None:
        if self.y + need > self.img.height:
            bigger = Image.new("L", (self.width, self.img.height * 2 + need), 255)
            bigger.paste(self.img, (0, 0))
            self.img = bigger
            self.draw = ImageDraw.Draw(self.img)

    def text(self, text: str, *, px: int, bold: bool, where: str, hang_prefix: str = "") -> None:
        font = cjk_font(px, bold)
        usable = self.width - 2 * MARGIN
        line_h = px + px // 3
        hang = font.getlength(hang_prefix) if hang_prefix else 0.0
        if hang > usable / 2:
            hang = 0.0
        lines = wrap(text, usable, usable - hang, measure=font.getlength)
        for i, line in enumerate(lines):
            self._grow(line_h)
            w = font.getlength(line)
            if where == "center":
                x = (self.width - w) / 2
            elif where == "right":
                x = self.width - MARGIN - w
            else:
                x = MARGIN + (hang if i else 0)
            self.draw.text((x, self.y), line, font=font, fill=0)
            self.y += line_h

    def rule(self, char: str) -> None:
        self._grow(BASE_PX)
        mid = self.y + BASE_PX // 2
        if char == "=":
            for dy in (-3, 2):
                self.draw.line((MARGIN, mid + dy, self.width - MARGIN, mid + dy), fill=0, width=2)
        elif char == "-":
            for x in range(MARGIN, self.width - MARGIN, 12):
                self.draw.line((x, mid, min(x + 7, self.width - MARGIN), mid), fill=0, width=2)
        else:
            self.draw.line((MARGIN, mid, self.width - MARGIN, mid), fill=0, width=2)
        self.y += BASE_PX

    def qr(self, payload: str, caption: str) -> None:
        module = qr_module_dots(self.paper_mm)
        code = qr_image(payload, module)
        quiet = module * 3
        self._grow(code.height + 2 * quiet)
        self.y += quiet
        self.img.paste(code.convert("L"), ((self.width - code.width) // 2, self.y))
        self.y += code.height + quiet
        if caption:
            self.text(caption, px=BASE_PX, bold=False, where="center")

    def finish(self, bottom: int = BASE_PX) -> Image.Image:
        self.y += bottom
        return self.img.crop((0, 0, self.width, self.y)).convert("1", dither=Image.Dither.NONE)


def _segments(doc: Document) -> list[tuple[list, bool]]:
    """Blocks split at cuts: (blocks, ends_with_cut)."""
    segs: list[tuple[list, bool]] = []
    cur: list = []
    for b in doc.blocks:
        if isinstance(b, Cut):
            segs.append((cur, True))
            cur = []
        else:
            cur.append(b)
    if cur:
        segs.append((cur, False))
    return segs


def render_image(blocks: list, paper_mm: int = 80) -> Image.Image:
    """Blocks (no Cut) drawn as a 1-bit image as wide as the paper's printable area."""
    c = _Canvas(dots_for(paper_mm), paper_mm)
    for b in blocks:
        match b:
            case Title(text=t):
                c.text(t, px=BASE_PX * 2, bold=True, where="center")
            case Text(text=t, align=a, bold=bd, size=sz):
                c.text(t, px=BASE_PX * max(1, sz), bold=bd, where=a)
            case KeyValue(key=k, value=v):
                c.text(f"{k}：{v}", px=BASE_PX, bold=False, where="left", hang_prefix=f"{k}：")
            case Rule(char=ch):
                c.rule(ch or "-")
            case QR(payload=p, caption=cap):
                c.qr(p, cap)
    return c.finish()


def render_document_image(doc: Document, paper_mm: int = 80) -> Image.Image:
    """The whole document as one image (cuts drawn as a gap); for screens and previews."""
    parts = [render_image(blocks, paper_mm) for blocks, _ in _segments(doc)] or [
        render_image([], paper_mm)
    ]
    h = sum(p.height for p in parts) + 16 * (len(parts) - 1)
    out = Image.new("1", (parts[0].width, h), 1)
    y = 0
    for p in parts:
        out.paste(p, (0, y))
        y += p.height + 16
    return out


def raster_bytes(img: Image.Image, paper_mm: int = 80) -> bytes:
    """GS v 0 commands for an image, in fragments of FRAGMENT_LINES lines."""
    p = Dummy(profile=_PROFILES.get(paper_mm, "TM-T20II"))
    p.image(img, impl="bitImageRaster", fragment_height=FRAGMENT_LINES)
    return p.output


def render_raster(doc: Document, paper_mm: int = 80) -> bytes:
    """ESC/POS bytes printing ``doc`` as raster images (one per cut segment)."""
    out = [INIT]
    for blocks, cut in _segments(doc):
        out.append(raster_bytes(render_image(blocks, paper_mm), paper_mm))
        if cut:
            out.append(CUT)
    return b"".join(out)
