"""Chinese text drawn the way a receipt printer's font A draws it, on a fixed grid.

ASCII takes a 12x24-dot cell, everything else a 24x24 cell, at the size
scale the line uses. The face is Noto Sans Mono CJK SC (half-width Latin,
full-width CJK, so the grid is exact); characters it lacks fall back to
Noto Sans CJK SC, which has many Extension B name characters (生僻字).
The raster renderer, the bit images for characters outside the printer
font and the virtual printer's preview all draw with these functions, so
the three look alike and a line drawn here can be found again in a preview.

Glyphs are cached; Pillow fonts are only used to render them once. Any
thread may call these functions (the caches are guarded by the GIL and
idempotent).
"""

from __future__ import annotations

import functools

from PIL import Image, ImageDraw, ImageFont

from drivers.fonts import cjk_font, cjk_font_path

CELL = 24  # dots: the height of font A and the width of a full-width character
LINE = 30  # dots: the default line pitch
_MONO_FACE = "Noto Sans Mono CJK SC"
_MISSING_PROBE = "\ue000"  # a private-use code point: the font's "missing glyph" box


def cell_width(ch: str) -> int:
    """Width in dots at scale 1: 12 for ASCII, 24 for anything else."""
    return 12 if ord(ch) < 0x80 else 24


def text_width(text: str, scale: int = 1) -> int:
    return sum(cell_width(c) for c in text) * scale


def line_pitch(scale: int) -> int:
    """Height of a printed line at a character scale (the printer adds spacing)."""
    return max(LINE, CELL * scale + 6)


@functools.cache
def _mono(px: int, bold: bool) -> ImageFont.FreeTypeFont:
    path = cjk_font_path(bold)
    if path.suffix.lower() == ".ttc":
        for index in range(12):
            try:
                f = ImageFont.truetype(str(path), px, index=index)
            except OSError:
                break
            if f.getname()[0] == _MONO_FACE:
                return f
    return cjk_font(px, bold)


@functools.cache
def _fallback(px: int) -> ImageFont.FreeTypeFont:
    return cjk_font(px, False)


def _mask(font: ImageFont.FreeTypeFont, ch: str) -> bytes:
    m = font.getmask(ch)
    return bytes(m) + bytes(str(m.size), "ascii")


@functools.lru_cache(maxsize=16384)
def _has_glyph(font: ImageFont.FreeTypeFont, ch: str) -> bool:
    return _mask(font, ch) != _mask(font, _MISSING_PROBE)


def _font_for(ch: str, px: int, bold: bool) -> ImageFont.FreeTypeFont:
    for f in (_mono(px, bold), _mono(px, False), _fallback(px)):
        if _has_glyph(f, ch):
            return f
    return _mono(px, bold)


def glyph(ch: str, scale: int = 1, bold: bool = False, hscale: int | None = None) -> Image.Image:
    """One character in its cell ("L", white background): cell width x 24 dots, scaled.

    ``hscale`` stretches the height independently (ESC/POS allows width and
    height scales to differ); by default it equals ``scale``.
    """
    return _glyph(ch, scale, bold, hscale)[0]


@functools.lru_cache(maxsize=8192)
def _glyph(ch: str, scale: int, bold: bool, hscale: int | None) -> tuple[Image.Image, Image.Image]:
    """The glyph image and its ink mask (255 where black), for pasting."""
    h = CELL * (hscale or scale)
    w = cell_width(ch) * scale
    px = CELL * (hscale or scale)
    font = _font_for(ch, px, bold)
    img = Image.new("L", (max(w, 1), h), 255)
    if ch.strip():
        natural = font.getlength(ch)
        # Noto's CJK glyphs sit 7/24 em below the top of the ascent box.
        top = -round(px * 7 / 24)
        if natural > w * 1.05:  # wider than its cell (fallback font): squeeze it in
            tmp = Image.new("L", (round(natural) + 2, h), 255)
            ImageDraw.Draw(tmp).text((1, top), ch, font=font, fill=0)
            img = tmp.resize((w, h), Image.Resampling.LANCZOS)
        else:
            ImageDraw.Draw(img).text(((w - natural) / 2, top), ch, font=font, fill=0)
    return img, img.point(lambda v: 255 - v)


def draw_text(
    img: Image.Image, x: int, y: int, text: str, *, scale: int = 1, bold: bool = False,
    hscale: int | None = None,
) -> int:  # fmt: skip
    """Draw ``text`` cell by cell with its top-left at (x, y); returns the x after it."""
    for ch in text:
        g, ink = _glyph(ch, scale, bold, hscale)
        if ch.strip():
            img.paste(0, (x, y), ink)
        x += g.width
    return x


def line_image(
    text: str, *, scale: int = 1, bold: bool = False, width: int | None = None, align: str = "left"
) -> Image.Image:
    """A printed line as an "L" image ``line_pitch(scale)`` tall.

    With ``width`` the line is placed in a strip that wide by ``align``;
    without it the image is just as wide as the text.
    """
    tw = text_width(text, scale)
    w = max(width or tw, 1)
    pitch = line_pitch(scale)
    img = Image.new("L", (w, pitch), 255)
    x = {"center": (w - tw) // 2, "right": w - tw}.get(align, 0) if width else 0
    draw_text(img, max(0, x), (pitch - CELL * scale) // 2, text, scale=scale, bold=bold)
    return img


def to_mono(img: Image.Image, *, dither: bool = False) -> Image.Image:
    """An "L" image as 1-bit: text and codes by threshold, pictures dithered (Floyd–Steinberg)."""
    if dither:
        return img.convert("L").convert("1", dither=Image.Dither.FLOYDSTEINBERG)
    return img.convert("L").point(lambda v: 255 if v >= 128 else 0).convert("1", dither=None)
