"""Render the sample document photos the virtual camera plays.

Each sample is a paper document drawn flat with Pillow and the Noto CJK
font (an application form, a 户口簿 page, an ID-card-sized sample card, a
commitment letter, an authorisation letter), then laid on a desk with OpenCV:
perspective, a soft shadow, uneven light, a little blur and sensor noise. Next
to each ``<name>.jpg`` a ``<name>.json`` holds the true corners of the
document, ``{"quad": [[x, y] x4]}`` clockwise from top-left, for the
document-detection tests. All data is fictitious; every stamp says 样例.

Deterministic (fixed seeds): running it again gives the same files.

    .venv/bin/python scripts/make_sample_documents.py [--out assets/samples/documents]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from drivers.fonts import cjk_font  # noqa: E402

FRAME_W, FRAME_H = 1280, 960
JPEG_QUALITY = 82
PAPER = (246, 244, 236)
INK = (28, 28, 30)
PEN = (22, 40, 120)  # blue ballpoint for filled-in values
SEAL = (205, 35, 40)


# ---- drawing helpers ---------------------------------------------------------------------------
def font(px: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return cjk_font(px, bold)


def hand_font(px: int) -> ImageFont.FreeTypeFont:
    """Noto Serif CJK for handwritten-looking values (falls back to sans)."""
    sans = font(px)
    path = Path(str(sans.path).replace("Sans", "Serif"))
    if path.exists():
        return ImageFont.truetype(str(path), px, index=2)
    return sans


def paper(
    w: int, h: int, rng: np.random.Generator, tint: tuple[int, int, int] = PAPER
) -> Image.Image:
    """Off-white paper with a faint fibre texture."""
    base = np.empty((h, w, 3), np.float32)
    base[:] = tint
    low = cv2.resize(rng.normal(0, 1, (h // 40 + 2, w // 40 + 2)).astype(np.float32), (w, h))
    base += low[..., None] * 2.5
    base += rng.normal(0, 1.2, (h, w, 1)).astype(np.float32)
    return Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))


def handwrite(
    d: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, px: int, rng: np.random.Generator
) -> None:
    """Text with a little baseline and spacing jitter, in pen ink."""
    f = hand_font(px)
    x, y = xy
    for ch in text:
        d.text((x, y + rng.uniform(-1.5, 1.5)), ch, font=f, fill=PEN)
        x += f.getlength(ch) + rng.uniform(-0.5, 1.2)


def centered(
    d: ImageDraw.ImageDraw, cx: float, y: float, text: str, f: ImageFont.FreeTypeFont
) -> None:
    d.text((cx - f.getlength(text) / 2, y), text, font=f, fill=INK)


def seal(img: Image.Image, cx: int, cy: int, r: int, top: str, bottom: str) -> None:
    """A round red stamp with text on its upper arc, a star and a bottom line (all 样例)."""
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    col = (*SEAL, 190)
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=col, width=max(3, r // 18))
    # five-pointed star
    pts = []
    for k in range(10):
        ang = -np.pi / 2 + k * np.pi / 5
        rr = r * (0.26 if k % 2 == 0 else 0.11)
        pts.append((cx + rr * np.cos(ang), cy + rr * np.sin(ang)))
    d.polygon(pts, fill=col)
    f = font(int(r * 0.27), bold=True)
    n = len(top)
    span = np.deg2rad(230)
    for k, ch in enumerate(top):
        ang = -np.pi / 2 - span / 2 + span * (k + 0.5) / n
        gx, gy = cx + r * 0.74 * np.cos(ang), cy + r * 0.74 * np.sin(ang)
        g = Image.new("RGBA", (int(r * 0.4), int(r * 0.4)), (0, 0, 0, 0))
        ImageDraw.Draw(g).text((r * 0.2, r * 0.2), ch, font=f, fill=col, anchor="mm")
        g = g.rotate(-np.rad2deg(ang) - 90, resample=Image.Resampling.BICUBIC)
        layer.alpha_composite(g, (int(gx - g.width / 2), int(gy - g.height / 2)))
    fb = font(int(r * 0.16), bold=True)
    d.text((cx, cy + r * 0.48), bottom, font=fb, fill=col, anchor="mm")
    img.paste(Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB"))


# ---- the documents (flat) ----------------------------------------------------------------------
def application_form(rng: np.random.Generator) -> Image.Image:
    """申请表: an A4 form with a ruled table, filled in by pen."""
    w, h = 660, 933
    img = paper(w, h, rng)
    d = ImageDraw.Draw(img)
    centered(d, w / 2, 52, "城乡居民基本医疗保险参保登记表", font(28, True))
    centered(d, w / 2, 96, "（样例 · 仅供演示）", font(15))
    d.text((48, 130), "受理编号：", font=font(15), fill=INK)
    d.text((430, 130), "填表日期：", font=font(15), fill=INK)
    handwrite(d, (510, 127), "2026年3月2日", 17, rng)
    left, right, top = 44, w - 44, 160
    rows = [
        ("姓  名", "张小三", "性  别", "男"),
        ("民  族", "汉", "出生日期", "1988-06-15"),
        ("公民身份号码", "440604198806153716", None, None),
        ("联系电话", "138 0013 8000", None, None),
        ("户籍地址", "广东省佛山市禅城区示例街道幸福路88号", None, None),
        ("现居住地址", "同上", None, None),
        ("参保类别", "■ 城乡居民   □ 学生儿童   □ 其他", None, None),
        ("缴费档次", "■ 一档   □ 二档", None, None),
    ]
    rh = 54
    col1, col2, col3 = left + 140, left + 330, left + 440
    for i, (k1, v1, k2, v2) in enumerate(rows):
        y = top + i * rh
        d.rectangle((left, y, right, y + rh), outline=INK, width=2)
        d.line((col1, y, col1, y + rh), fill=INK, width=2)
        d.text((left + 12, y + 16), k1, font=font(17), fill=INK)
        if k2 is not None:
            d.line((col2, y, col2, y + rh), fill=INK, width=2)
            d.line((col3, y, col3, y + rh), fill=INK, width=2)
            d.text((col2 + 12, y + 16), k2, font=font(17), fill=INK)
            handwrite(d, (col3 + 14, y + 13), v2 or "", 20, rng)
        if v1.startswith("■"):
            d.text((col1 + 14, y + 15), v1, font=font(17), fill=INK)
        else:
            handwrite(d, (col1 + 14, y + 13), v1, 20, rng)
    y = top + len(rows) * rh
    d.rectangle((left, y, right, y + 170), outline=INK, width=2)
    d.text((left + 12, y + 12), "申请人承诺：", font=font(17, True), fill=INK)
    text = "本人承诺以上填写内容真实、准确、完整，如有不实，愿承担相应法律责任。"
    for k, line in enumerate((text[:24], text[24:])):
        d.text((left + 40, y + 48 + k * 30), line, font=font(16), fill=INK)
    d.text((left + 300, y + 122), "申请人（签字）：", font=font(16), fill=INK)
    handwrite(d, (left + 440, y + 115), "张小三", 26, rng)
    y += 190
    d.text((left, y), "经办人：__________    审核人：__________", font=font(16), fill=INK)
    d.text((left, y + 40), "注：1. 请用黑色或蓝色钢笔、签字笔填写。", font=font(14), fill=INK)
    d.text((left, y + 64), "    2. 本表一式一份，由受理窗口留存。", font=font(14), fill=INK)
    centered(d, w / 2, h - 44, "示例市示例区医疗保障局 制", font(15))
    return img


def hukou_page(rng: np.random.Generator) -> Image.Image:
    """户口簿 常住人口登记卡: a pale page with a dense grid and a 样例 seal."""
    w, h = 600, 820
    img = paper(w, h, rng, tint=(236, 240, 238))
    d = ImageDraw.Draw(img)
    # faint guilloche-like background lines
    for k in range(0, h, 9):
        d.line((0, k, w, k + 30), fill=(222, 230, 228), width=1)
    centered(d, w / 2, 34, "常住人口登记卡", font(30, True))
    left, right, top = 30, w - 30, 96
    fields = [
        ("姓名", "李四", "户主或与户主关系", "户主"),
        ("曾用名", "", "性别", "男"),
        ("出生地", "湖北省武汉市", "民族", "汉"),
        ("籍贯", "湖北省武汉市", "出生日期", "1962年11月03日"),
        ("本市（县）其他住址", "", None, None),
        ("宗教信仰", "", "公民身份号码", "420106196211030533"),
        ("身高", "172cm", "血型", "不明"),
        ("文化程度", "高中", "婚姻状况", "已婚"),
        ("兵役状况", "未服兵役", None, None),
        ("服务处所", "示例市示例机械厂", "职业", "技术工人"),
        ("何时由何地迁来本市（县）", "", None, None),
        ("何时由何地迁来本址", "", None, None),
    ]
    rh = 44
    for i, (k1, v1, k2, v2) in enumerate(fields):
        y = top + i * rh
        d.rectangle((left, y, right, y + rh), outline=(60, 70, 80), width=1)
        kw = 70 if len(k1) <= 4 else int(font(14).getlength(k1)) + 16
        d.line((left + kw, y, left + kw, y + rh), fill=(60, 70, 80))
        d.text((left + 6, y + 14), k1, font=font(14), fill=INK)
        mid = left + 300
        if k2 is not None:
            k2w = int(font(14).getlength(k2)) + 14
            mid = min(mid, int(right - k2w - font(16).getlength(v2) - 18))
            d.line((mid, y, mid, y + rh), fill=(60, 70, 80))
            d.line((mid + k2w, y, mid + k2w, y + rh), fill=(60, 70, 80))
            d.text((mid + 6, y + 14), k2, font=font(14), fill=INK)
            d.text((mid + k2w + 8, y + 12), v2, font=font(16), fill=(40, 40, 40))
        if v1:
            d.text((left + kw + 8, y + 12), v1, font=font(16), fill=(40, 40, 40))
    y = top + len(fields) * rh + 24
    d.text((left, y), "承办人签章：", font=font(15), fill=INK)
    d.text((left + 190, y), "登记日期：2012年03月20日", font=font(15), fill=INK)
    seal(img, w - 130, y + 92, 66, "示例市公安局示例派出所", "户口专用章（样例）")
    return img


def sample_card(rng: np.random.Generator) -> Image.Image:
    """An ID-card-sized (85.6 x 54 mm) sample card; not the real card design."""
    w, h = 642, 405
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    base = np.stack(
        [226 + 12 * x / w, 236 - 8 * y / h, 238 + 0 * x], axis=-1
    )  # pale blue-green wash
    base += (4 * np.sin(x / 9 + 3 * np.sin(y / 31)))[..., None]
    base += rng.normal(0, 1.0, (h, w, 1)).astype(np.float32)
    img = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))
    # rounded corners: paint the outside dark-neutral so the quad is the card's bounding box
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, w - 1, h - 1), radius=26, fill=255)
    img = Image.composite(img, Image.new("RGB", (w, h), (200, 205, 205)), mask)
    d = ImageDraw.Draw(img)
    d.text((34, 28), "样例证件  SAMPLE CARD", font=font(22, True), fill=(150, 40, 40))
    label = font(17)
    val = font(21)
    rows = [("姓名", "王芳"), ("性别", "女      民族  满"), ("出生", "1979 年 9 月 9 日")]
    for i, (k, v) in enumerate(rows):
        d.text((40, 82 + i * 44), k, font=label, fill=(70, 90, 110))
        d.text((110, 78 + i * 44), v, font=val, fill=INK)
    d.text((40, 214), "住址", font=label, fill=(70, 90, 110))
    d.text((110, 210), "天津市和平区示例大街7号", font=val, fill=INK)
    d.text((40, 330), "公民身份号码", font=label, fill=(70, 90, 110))
    d.text((168, 324), "120101197909092463", font=font(26), fill=INK)
    # photo placeholder: a grey silhouette, no face
    px0, py0 = 452, 70
    d.rectangle((px0, py0, px0 + 150, py0 + 186), fill=(214, 222, 226))
    d.ellipse((px0 + 45, py0 + 30, px0 + 105, py0 + 100), fill=(150, 160, 168))
    d.pieslice((px0 + 15, py0 + 105, px0 + 135, py0 + 235), 180, 360, fill=(150, 160, 168))
    d.text((px0 + 40, py0 + 192), "仅供测试", font=font(16), fill=(150, 40, 40))
    return img


def commitment_letter(rng: np.random.Generator) -> Image.Image:
    """告知承诺书: an A4 page of running text with a signature."""
    w, h = 660, 933
    img = paper(w, h, rng, tint=(248, 247, 242))
    d = ImageDraw.Draw(img)
    centered(d, w / 2, 60, "证明事项告知承诺书", font(30, True))
    centered(d, w / 2, 106, "（样例）", font(16))
    body = (
        "示例市示例区政务服务中心：",
        "    本人申请办理城乡居民基本医疗保险参保登记，现就所需证明事项作出如下承诺：",
        "    一、本人已经知晓行政机关告知的全部内容；",
        "    二、本人符合行政机关告知的条件、标准和要求；",
        "    三、本人能够在约定期限内提交行政机关告知的相关材料；",
        "    四、本人愿意承担不实承诺、违反承诺的法律责任；",
        "    五、所作承诺是本人真实意思的表示。",
        "    如有虚假承诺，本人自愿接受相关部门依法作出的处理，",
        "并按规定纳入信用记录。",
    )
    f = font(18)
    y = 160
    for para in body:
        line = ""
        for ch in para:
            if f.getlength(line + ch) > w - 110:
                d.text((56, y), line, font=f, fill=INK)
                y += 34
                line = ""
            line += ch
        d.text((56, y), line, font=f, fill=INK)
        y += 44
    y += 30
    d.text((330, y), "承诺人（签字）：", font=font(18), fill=INK)
    handwrite(d, (476, y - 6), "欧阳明华", 28, rng)
    d.text((330, y + 56), "日      期：", font=font(18), fill=INK)
    handwrite(d, (476, y + 50), "2026.3.2", 24, rng)
    centered(d, w / 2, h - 70, "第 1 页 共 1 页", font(14))
    return img


def authorisation_letter(rng: np.random.Generator) -> Image.Image:
    """授权委托书 for an agent (代办人), A4."""
    w, h = 660, 933
    img = paper(w, h, rng, tint=(250, 249, 245))
    d = ImageDraw.Draw(img)
    centered(d, w / 2, 64, "授 权 委 托 书", font(34, True))
    centered(d, w / 2, 116, "（样例 · 仅供演示）", font(15))
    f = font(19)
    y = 176
    lines = [
        ("委托人：", "王芳"),
        ("身份证号码：", "120101197909092463"),
        ("受托人：", "张小三"),
        ("身份证号码：", "440604198806153716"),
    ]
    for k, v in lines:
        d.text((60, y), k, font=f, fill=INK)
        handwrite(d, (60 + f.getlength(k) + 8, y - 4), v, 22, rng)
        d.line((60 + f.getlength(k), y + 30, w - 80, y + 30), fill=(90, 90, 90), width=1)
        y += 56
    y += 16
    text = (
        "    现委托受托人代为办理城乡居民基本医疗保险参保登记相关事宜，受托人在办理"
        "过程中所签署的文件，委托人均予以承认。委托期限自签署之日起三十日。"
    )
    line = ""
    for ch in text:
        if f.getlength(line + ch) > w - 120:
            d.text((60, y), line, font=f, fill=INK)
            y += 36
            line = ""
        line += ch
    d.text((60, y), line, font=f, fill=INK)
    y += 90
    d.text((330, y), "委托人（签字）：", font=f, fill=INK)
    handwrite(d, (480, y - 6), "王芳", 30, rng)
    d.text((330, y + 60), "2026 年 3 月 2 日", font=f, fill=INK)
    return img


# ---- desks and photography ---------------------------------------------------------------------
def smooth_noise(rng: np.random.Generator, h: int, w: int, cell: int) -> np.ndarray:
    small = rng.normal(0, 1, (h // cell + 2, w // cell + 2)).astype(np.float32)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)


def wood_desk(rng: np.random.Generator, base: tuple[int, int, int] = (58, 98, 150)) -> np.ndarray:
    """Warm planks with grain along x (BGR)."""
    h, w = FRAME_H, FRAME_W
    y, _x = np.mgrid[0:h, 0:w].astype(np.float32)
    warp = smooth_noise(rng, h, w, 160) * 18 + smooth_noise(rng, h, w, 40) * 3
    grain = np.sin((y + warp) / 5.5) * 0.5 + np.sin((y + warp * 1.7) / 17) * 0.5
    img = np.empty((h, w, 3), np.float32)
    img[:] = base
    img *= (1 + 0.09 * grain + 0.04 * smooth_noise(rng, h, w, 90))[..., None]
    for py in (0, 235, 470, 705, 940):  # plank seams
        img[max(0, py - 2) : py + 2] *= 0.55
    return img


def dark_desk(rng: np.random.Generator) -> np.ndarray:
    h, w = FRAME_H, FRAME_W
    img = np.empty((h, w, 3), np.float32)
    img[:] = (44, 42, 40)
    img *= (1 + 0.08 * smooth_noise(rng, h, w, 120))[..., None]
    img += rng.normal(0, 2.0, (h, w, 1)).astype(np.float32)
    return img


def grey_desk(rng: np.random.Generator) -> np.ndarray:
    h, w = FRAME_H, FRAME_W
    img = np.empty((h, w, 3), np.float32)
    img[:] = (112, 118, 122)
    img *= (1 + 0.05 * smooth_noise(rng, h, w, 60))[..., None]
    return img


def photograph(
    doc: Image.Image,
    desk: np.ndarray,
    quad: list[tuple[float, float]],
    rng: np.random.Generator,
    light: tuple[float, float] = (0.3, 0.2),
) -> np.ndarray:
    """Lay ``doc`` on ``desk`` at ``quad`` (TL, TR, BR, BL) with shadow, light and noise."""
    flat = cv2.cvtColor(np.asarray(doc), cv2.COLOR_RGB2BGR).astype(np.float32)
    h, w = flat.shape[:2]
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32(quad)
    m = cv2.getPerspectiveTransform(src, dst)
    size = (FRAME_W, FRAME_H)
    warped = cv2.warpPerspective(flat, m, size, flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), m, size, flags=cv2.INTER_LINEAR)
    shadow = cv2.warpAffine(mask, np.float32([[1, 0, 10], [0, 1, 14]]), size)
    shadow = cv2.GaussianBlur(shadow, (0, 0), 12)
    out = desk * (1 - 0.5 * shadow)[..., None]
    out = out * (1 - mask[..., None]) + warped * mask[..., None]
    # uneven light: brighter towards a lamp, darker corners
    y, x = np.mgrid[0:FRAME_H, 0:FRAME_W].astype(np.float32)
    lx, ly = light[0] * FRAME_W, light[1] * FRAME_H
    dist = np.sqrt((x - lx) ** 2 + (y - ly) ** 2) / np.hypot(FRAME_W, FRAME_H)
    out *= (1.06 - 0.32 * dist)[..., None]
    out = cv2.GaussianBlur(out, (0, 0), 0.7)
    out += rng.normal(0, 2.2, out.shape).astype(np.float32)
    return np.clip(out, 0, 255).astype(np.uint8)


@dataclass(frozen=True)
class Sample:
    name: str
    kind: str
    size_mm: tuple[float, float]
    draw: Callable[[np.random.Generator], Image.Image]
    desk: Callable[[np.random.Generator], np.ndarray]
    quad: list[tuple[float, float]]
    light: tuple[float, float]
    seed: int


SAMPLES = [
    Sample(
        "01_application_form", "a4_form", (210, 297), application_form, wood_desk,
        [(352, 62), (948, 88), (982, 902), (318, 884)], (0.35, 0.15), 11,
    ),
    Sample(
        "02_hukou_page", "hukou_page", (105, 143), hukou_page, dark_desk,
        [(402, 96), (878, 130), (852, 876), (358, 842)], (0.6, 0.2), 22,
    ),
    Sample(
        "03_id_card", "id_card", (85.6, 54.0), sample_card, dark_desk,
        [(372, 330), (902, 262), (948, 592), (414, 668)], (0.5, 0.4), 33,
    ),
    Sample(
        "04_commitment_letter", "a4_form", (210, 297), commitment_letter, grey_desk,
        [(300, 120), (870, 46), (1000, 866), (372, 930)], (0.8, 0.1), 44,
    ),
    Sample(
        "05_authorisation_letter", "a4_form", (210, 297), authorisation_letter,
        lambda rng: wood_desk(rng, (70, 110, 160)),
        [(420, 170), (880, 164), (1010, 900), (282, 912)], (0.2, 0.6), 55,
    ),
]  # fmt: skip


def render(sample: Sample) -> tuple[np.ndarray, dict]:
    rng = np.random.default_rng(sample.seed)
    doc = sample.draw(rng)
    desk = sample.desk(rng)
    img = photograph(doc, desk, sample.quad, rng, sample.light)
    meta = {
        "quad": [[round(x, 1), round(y, 1)] for x, y in sample.quad],
        "kind": sample.kind,
        "size_mm": list(sample.size_mm),
        "note": "fictitious sample; corners clockwise from the document's top-left",
    }
    return img, meta


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Render the sample document photos.")
    ap.add_argument("--out", type=Path, default=ROOT / "assets" / "samples" / "documents")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for s in SAMPLES:
        img, meta = render(s)
        path = args.out / f"{s.name}.jpg"
        ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
        if not ok:
            raise SystemExit(f"JPEG encoding failed for {s.name}")
        path.write_bytes(buf.tobytes())
        path.with_suffix(".json").write_text(
            json.dumps(meta, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"{shown}: {len(buf) // 1024} KB")


if __name__ == "__main__":
    main()
