"""A Document as a 1-bit image, sent with GS v 0 (raster bit image).

For printers without a Chinese font (profile ``mode = "raster"``). The
image is 384 dots wide for 58 mm paper and 576 for 80 mm and shows the same
lines as text mode (``layout.layout_document``), drawn on font A's grid
with Noto Sans CJK (``glyphs``): text and QR codes are thresholded so
edges stay crisp, pictures are dithered (Floyd–Steinberg). The QR code is
drawn with the ``qrcode`` package at a whole number of dots per module. GS
v 0 goes out in bands of 256 lines (printers have small receive buffers),
through python-escpos's ``Dummy.image``. Pure functions; any thread.
"""

from __future__ import annotations

import qrcode
import qrcode.constants
from PIL import Image

from core.receipt import Cut, Document
from drivers.printer import glyphs
from drivers.printer.escpos_text import INIT, cut, picture_image, raster_image
from drivers.printer.layout import CutHere, Laid, Line, QrCode, layout_document
from drivers.printer.layout import Image as Picture
from drivers.printer.profiles import PrinterProfile, profile_for


def qr_image(payload: str, module: int, border: int = 0) -> Image.Image:
    """A crisp 1-bit QR code (error level M) with ``module`` pixels per module."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=module, border=border
    )
    code.add_data(payload)
    code.make(fit=True)
    return code.make_image(fill_color="black", back_color="white").get_image().convert("1")


def _x(width: int, part: int, where: str) -> int:
    return {"center": (width - part) // 2, "right": width - part}.get(where, 0)


def render_items(items: list[Laid], profile: PrinterProfile) -> Image.Image:
    """Laid-out lines (no cut) drawn top to bottom as one 1-bit image."""
    width = profile.dots
    parts: list[tuple[Image.Image, int]] = []  # (1-bit part, x)
    for it in items:
        match it:
            case Line(text=t, align=a, bold=bd, size=sz):
                img = glyphs.to_mono(glyphs.line_image(t, scale=sz, bold=bd))
                parts.append((img, max(0, _x(width, img.width, a))))
            case QrCode(payload=p):
                code = qr_image(p, profile.qr_module, border=3)
                parts.append((code, max(0, _x(width, code.width, "center"))))
            case Picture(png=png, width=share, align=a):
                pic = picture_image(png, share, profile)
                parts.append((pic, max(0, _x(width, pic.width, a))))
    height = sum(p.height for p, _ in parts) + glyphs.CELL
    out = Image.new("1", (width, max(height, glyphs.LINE)), 1)
    y = glyphs.CELL // 2
    for p, x in parts:
        out.paste(p.crop((0, 0, min(p.width, width - x), p.height)), (x, y))
        y += p.height
    return out


def _segments(items: list[Laid]) -> list[tuple[list[Laid], bool]]:
    """Laid-out items split at cuts: (items, ends_with_cut)."""
    segs: list[tuple[list[Laid], bool]] = []
    cur: list[Laid] = []
    for it in items:
        if isinstance(it, CutHere):
            segs.append((cur, True))
            cur = []
        else:
            cur.append(it)
    if cur:
        segs.append((cur, False))
    return segs


def render_document_image(doc: Document, paper_mm: int = 80) -> Image.Image:
    """The whole document as one 1-bit image (cuts drawn as a gap); for screens and previews."""
    prof = profile_for(paper_mm)
    segs = _segments(layout_document(doc, prof.columns)) or [([], False)]
    parts = [render_items(items, prof) for items, _ in segs]
    h = sum(p.height for p in parts) + 16 * (len(parts) - 1)
    out = Image.new("1", (prof.dots, h), 1)
    y = 0
    for p in parts:
        out.paste(p, (0, y))
        y += p.height + 16
    return out


def render_image(blocks: list, paper_mm: int = 80) -> Image.Image:
    """Blocks (cuts ignored) as one 1-bit image as wide as the paper's printable area."""
    doc = Document("image", blocks=[b for b in blocks if not isinstance(b, Cut)])
    prof = profile_for(paper_mm)
    return render_items(layout_document(doc, prof.columns), prof)


def raster_bytes(img: Image.Image, paper_mm: int = 80) -> bytes:
    """GS v 0 commands for an image, in fragments of 256 lines."""
    return raster_image(img, profile_for(paper_mm))


def render_raster(doc: Document, paper_mm: int = 80) -> bytes:
    """ESC/POS bytes printing ``doc`` as raster images (one per cut segment)."""
    prof = profile_for(paper_mm)
    out = [INIT]
    for items, is_cut in _segments(layout_document(doc, prof.columns)):
        out.append(raster_image(render_items(items, prof), prof))
        if is_cut:
            out.append(cut(prof))
    return b"".join(out)
