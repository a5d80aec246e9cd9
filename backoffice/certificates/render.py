"""A certificate as an A4 PDF: fpdf2 with Noto Sans CJK (Debian's fonts-noto-cjk).

The page: 样例数据 in red at the top, the title, the holder (full name, masked
ID number), the statements and the table, the issuer and date under a seal
drawn here (a red ring with the issuer's name, a star and 样章: never a real
seal), and at the foot the verification code with a QR to the public
verification page. Any thread; each call makes its own document.
"""

from __future__ import annotations

import functools
import io
import math
from pathlib import Path
from typing import Any

import qrcode
import qrcode.constants
from PIL import Image, ImageDraw, ImageFont

from backoffice.certificates.sample import SAMPLE_NOTE

_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-{w}.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-{w}.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-{w}.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-{w}.ttc",
)
_SC_INDEX = 2  # "Noto Sans CJK SC" in the collection (simplified forms)
RED = (200, 16, 32)
INK = (*RED, 230)  # the seal's red, slightly transparent


class FontMissing(RuntimeError):
    """No Noto Sans CJK is installed (apt-get install fonts-noto-cjk)."""


@functools.cache
def font_path(bold: bool = False) -> Path:
    weight = "Bold" if bold else "Regular"
    for pattern in _FONTS:
        p = Path(pattern.format(w=weight))
        if p.exists():
            return p
    raise FontMissing("fonts-noto-cjk")


def seal_png(issuer: str, size: int = 480) -> bytes:
    """A round seal drawn in red: the issuer's name along the ring, a star, 样章."""
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    c = size / 2
    ring = size * 0.03
    d.ellipse((ring, ring, size - ring, size - ring), outline=INK, width=int(ring))
    # the star
    r_out, r_in = size * 0.14, size * 0.055
    pts = []
    for i in range(10):
        r = r_out if i % 2 == 0 else r_in
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((c + r * math.cos(a), c + r * math.sin(a)))
    d.polygon(pts, fill=INK)
    path = str(font_path(bold=True))
    glyph = ImageFont.truetype(path, int(size * 0.085), index=_SC_INDEX)
    chars = list(issuer)
    span = math.radians(250)
    radius = c - ring * 2 - size * 0.07
    for i, ch in enumerate(chars):
        a = -math.pi / 2 - span / 2 + span * (i + 0.5) / len(chars)
        tile = Image.new("RGBA", (int(size * 0.12), int(size * 0.12)), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text(
            (tile.width / 2, tile.height / 2), ch, font=glyph, fill=INK, anchor="mm"
        )
        tile = tile.rotate(-math.degrees(a) - 90, resample=Image.Resampling.BICUBIC)
        x, y = c + radius * math.cos(a), c + radius * math.sin(a)
        img.alpha_composite(tile, (int(x - tile.width / 2), int(y - tile.height / 2)))
    label = ImageFont.truetype(path, int(size * 0.11), index=_SC_INDEX)
    d.text((c, c + size * 0.26), "样章", font=label, fill=INK, anchor="mm")
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def qr_png(text: str) -> bytes:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=2)
    qr.add_data(text)
    qr.make(fit=True)
    out = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(out)
    return out.getvalue()


def sample_page(title: str, warning: str) -> Any:
    """A new A4 ``fpdf.FPDF`` with the CJK fonts (``cjk``, ``cjk`` B) and its one page
    begun: 样例数据 and ``warning`` in red at the head, the ink black again after."""
    from fpdf import FPDF  # loaded with the first document, not at the back office's start

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creator("OneWindow back office")
    pdf.set_title(title)
    pdf.set_auto_page_break(False)
    pdf.add_font("cjk", "", str(font_path()), collection_font_number=_SC_INDEX)
    pdf.add_font("cjk", "B", str(font_path(bold=True)), collection_font_number=_SC_INDEX)
    pdf.add_page()
    pdf.set_text_color(*RED)
    pdf.set_font("cjk", "B", 12)
    pdf.set_xy(20, 12)
    pdf.cell(170, 8, f"{SAMPLE_NOTE} · {warning}", align="R")
    pdf.set_text_color(0, 0, 0)
    return pdf


def certificate_pdf(
    *,
    title: str,
    name: str,
    masked_id: str,
    lines: tuple[str, ...],
    table: tuple[tuple[str, ...], ...],
    issuer: str,
    issued: str,
    valid_until: str,
    code: str,
    verify_url: str,
) -> bytes:
    """The certificate's PDF bytes (one A4 page)."""
    pdf = sample_page(f"{title} {code}", "仅供演示，不作正式证明使用")
    pdf.set_font("cjk", "B", 24)
    pdf.set_xy(20, 30)
    pdf.cell(170, 14, title, align="C")
    pdf.set_font("cjk", "", 11)
    pdf.set_xy(20, 46)
    pdf.cell(170, 7, f"验证码：{code}", align="C")
    pdf.set_font("cjk", "", 14)
    pdf.set_xy(25, 62)
    pdf.multi_cell(160, 9, f"兹证明 {name}（公民身份号码 {masked_id}）：")
    y = pdf.get_y() + 2
    for line in lines:
        pdf.set_xy(33, y)
        pdf.multi_cell(152, 9, line)
        y = pdf.get_y()
    if table:
        y += 6
        widths = (70, 45, 45)
        for r, row in enumerate(table):
            pdf.set_font("cjk", "B" if r == 0 else "", 12)
            x = 25.0
            for w, cell in zip(widths, row, strict=False):
                pdf.set_xy(x, y)
                pdf.cell(w, 10, cell, border=1, align="C")
                x += w
            y += 10
    pdf.set_font("cjk", "", 14)
    pdf.set_xy(25, y + 10)
    pdf.multi_cell(160, 9, "特此证明。")
    # issuer and date, with the seal over them
    pdf.set_xy(100, 212)
    pdf.cell(85, 9, issuer, align="R")
    pdf.set_xy(100, 222)
    pdf.cell(85, 9, issued, align="R")
    pdf.image(io.BytesIO(seal_png(issuer)), x=130, y=170, w=46, h=46)
    # the foot: QR to the verification page, the code, the validity
    pdf.image(io.BytesIO(qr_png(verify_url)), x=25, y=235, w=38, h=38)
    pdf.set_font("cjk", "", 10)
    pdf.set_xy(68, 238)
    pdf.multi_cell(
        120,
        6,
        f"验证码：{code}\n有效期至：{valid_until}\n"
        f"扫描左侧二维码或访问下列地址核验真伪：\n{verify_url}",
    )
    pdf.set_text_color(*RED)
    pdf.set_xy(20, 280)
    pdf.set_font("cjk", "", 9)
    pdf.cell(170, 6, f"{SAMPLE_NOTE}：本页内容为演示用样例，与真实人员无关。", align="C")
    return bytes(pdf.output())
