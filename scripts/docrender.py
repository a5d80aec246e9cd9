"""Drawing fictitious paper documents and photographing them on a desk.

Shared by ``scripts/make_sample_documents.py`` (the photos the virtual camera
plays) and ``scripts/make_eval_set.py`` (the labelled evaluation set of the
document detector): Pillow draws each document flat with the Noto CJK font,
OpenCV lays it on a desk with perspective, shadow, uneven light, blur and
noise. Every person, number and stamp is fictitious (stamps say 样例).
Functions take a ``numpy.random.Generator`` so renders are reproducible.
"""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from drivers.fonts import cjk_font  # noqa: E402

FRAME_W, FRAME_H = 1280, 960
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
        y = _wrap(d, 56, y, w - 110, para, f, 34) + 10
    y += 30
    d.text((330, y), "承诺人（签字）：", font=font(18), fill=INK)
    handwrite(d, (476, y - 6), "欧阳明华", 28, rng)
    d.text((330, y + 56), "日      期：", font=font(18), fill=INK)
    handwrite(d, (476, y + 50), "2026.3.2", 24, rng)
    centered(d, w / 2, h - 70, "第 1 页 共 1 页", font(14))
    return img


def acceptance_receipt(rng: np.random.Generator) -> Image.Image:
    """受理回执: an A5 (148 x 210 mm) slip with a short table, a note and a 样例 seal."""
    w, h = 592, 840  # 4 px per mm
    img = paper(w, h, rng, tint=(248, 247, 243))
    d = ImageDraw.Draw(img)
    centered(d, w / 2, 44, "示例区政务服务中心", font(22, True))
    centered(d, w / 2, 84, "受理回执（样例）", font(30, True))
    left, right, top, rh = 40, w - 40, 150, 50
    rows = (
        ("受理编号", "SL-2026-000123"),
        ("申请事项", "城乡居民基本医疗保险参保登记"),
        ("申请人", "张小三"),
        ("受理日期", "2026年03月02日"),
        ("承诺办结", "5个工作日内"),
        ("取件方式", "窗口领取"),
    )
    for i, (k, v) in enumerate(rows):
        y = top + i * rh
        d.rectangle((left, y, right, y + rh), outline=(60, 70, 80), width=2)
        d.line((left + 120, y, left + 120, y + rh), fill=(60, 70, 80), width=2)
        d.text((left + 14, y + 15), k, font=font(18), fill=INK)
        d.text((left + 134, y + 15), v, font=font(18), fill=(40, 40, 40))
    y = top + len(rows) * rh + 30
    note = "请凭本回执及受理编号查询办理进度、领取办理结果。本回执仅作受理凭证。"
    y = _wrap(d, left, y, right - left, note, font(17), 30) + 20
    d.text((left, y), "经办人：", font=font(18), fill=INK)
    handwrite(d, (left + 80, y - 6), "王五", 26, rng)
    seal(img, w - 150, h - 170, 72, "示例区政务服务中心", "业务专用章（样例）")
    centered(d, w / 2, h - 52, "咨询电话：12345", font(15))
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
    y = _wrap(d, 60, y, w - 120, text, f, 36) + 54
    d.text((330, y), "委托人（签字）：", font=f, fill=INK)
    handwrite(d, (480, y - 6), "王芳", 30, rng)
    d.text((330, y + 60), "2026 年 3 月 2 日", font=f, fill=INK)
    return img


# ---- desks and photography ---------------------------------------------------------------------
def smooth_noise(rng: np.random.Generator, h: int, w: int, cell: int) -> np.ndarray:
    small = rng.normal(0, 1, (h // cell + 2, w // cell + 2)).astype(np.float32)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)


def wood_desk(
    rng: np.random.Generator,
    base: tuple[int, int, int] = (58, 98, 150),
    size: tuple[int, int] = (FRAME_W, FRAME_H),
) -> np.ndarray:
    """Warm planks with grain along x (BGR, float32); ``size`` is (width, height)."""
    w, h = size
    y, _x = np.mgrid[0:h, 0:w].astype(np.float32)
    warp = smooth_noise(rng, h, w, 160) * 18 + smooth_noise(rng, h, w, 40) * 3
    grain = np.sin((y + warp) / 5.5) * 0.5 + np.sin((y + warp * 1.7) / 17) * 0.5
    img = np.empty((h, w, 3), np.float32)
    img[:] = base
    img *= (1 + 0.09 * grain + 0.04 * smooth_noise(rng, h, w, 90))[..., None]
    for py in range(0, h, 235):  # plank seams
        img[max(0, py - 2) : py + 2] *= 0.55
    return img


def dark_desk(rng: np.random.Generator, size: tuple[int, int] = (FRAME_W, FRAME_H)) -> np.ndarray:
    w, h = size
    img = np.empty((h, w, 3), np.float32)
    img[:] = (44, 42, 40)
    img *= (1 + 0.08 * smooth_noise(rng, h, w, 120))[..., None]
    img += rng.normal(0, 2.0, (h, w, 1)).astype(np.float32)
    return img


def grey_desk(rng: np.random.Generator, size: tuple[int, int] = (FRAME_W, FRAME_H)) -> np.ndarray:
    w, h = size
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


# ---- more documents (evaluation set) -----------------------------------------------------------
PHRASES = (
    "根据有关规定，申请人应当如实提交申请材料，并对材料的真实性负责。",
    "受理窗口应当一次性告知申请人需要补正的全部内容。",
    "本事项实行告知承诺制，申请人书面承诺符合条件的，可当场办理。",
    "申请材料齐全、符合法定形式的，应当场予以受理并出具受理回执。",
    "办理结果可选择窗口领取或者邮寄送达，邮寄费用由政府承担。",
    "对申请材料不齐全的，经申请人同意，可实行容缺受理。",
    "申请人可通过受理编号在网上查询办理进度。",
    "本表所填内容仅用于本事项办理，不作其他用途。",
    "经办人应当核对原件并在复印件上签注“与原件一致”。",
    "逾期未补正的，视为撤回申请，材料退还申请人。",
)
TITLES = (
    "企业设立登记申请书",
    "居住证申领登记表",
    "最低生活保障申请审批表",
    "不动产登记申请书",
    "个体工商户变更登记申请书",
    "社会保障卡申领表",
    "情况说明",
    "证明",
)


def _wrap(d: ImageDraw.ImageDraw, x: float, y: float, width: float, text: str, f, step: int):
    """Draw ``text`` wrapped to ``width`` pixels; returns the y below it."""
    line = ""
    for ch in text:
        if f.getlength(line + ch) > width:
            d.text((x, y), line, font=f, fill=INK)
            y += step
            line = ""
        line += ch
    d.text((x, y), line, font=f, fill=INK)
    return y + step


def generic_page(
    rng: np.random.Generator, size_mm: tuple[float, float] = (210, 297), px_per_mm: float = 3.1
) -> Image.Image:
    """A page of a random layout: title, running text, maybe a ruled table, a band, a seal."""
    w, h = round(size_mm[0] * px_per_mm), round(size_mm[1] * px_per_mm)
    tint = tuple(int(v) for v in rng.integers(236, 252, 3))
    img = paper(w, h, rng, tint=tint)  # type: ignore[arg-type]
    d = ImageDraw.Draw(img)
    margin = int(w * rng.uniform(0.07, 0.11))
    y = int(h * 0.05)
    style = rng.choice(["plain", "redhead", "band", "form"])
    if style == "redhead":  # a 红头 letterhead: red title and a red rule
        centered(d, w / 2, y, "示例市人民政府办公室（样例）", font(int(w * 0.045), True))
        d.text((w / 2 - 10, y), "", fill=SEAL)
        y += int(w * 0.075)
        d.line((margin, y, w - margin, y), fill=SEAL, width=3)
        y += 20
    elif style == "band":  # a dark band inside the margins (brochure-style header)
        bh = int(h * rng.uniform(0.05, 0.1))
        d.rectangle((margin // 2, y, w - margin // 2, y + bh), fill=(40, 60, 110))
        f = font(int(bh * 0.4), True)
        d.text((margin, y + bh * 0.28), str(rng.choice(TITLES)), font=f, fill=(245, 245, 245))
        y += bh + 24
    title_txt = str(rng.choice(TITLES))
    if style != "band":
        centered(d, w / 2, y, title_txt, font(int(w * 0.042), True))
        y += int(w * 0.08)
    f = font(int(w * rng.uniform(0.024, 0.03)))
    step = int(f.size * 1.7)
    if style == "form" or rng.random() < 0.3:
        rows, cols = int(rng.integers(4, 9)), int(rng.integers(2, 5))
        rh = int(f.size * 2.4)
        xs = np.linspace(margin, w - margin, cols + 1).astype(int)
        for r in range(rows + 1):
            d.line((margin, y + r * rh, w - margin, y + r * rh), fill=INK, width=2)
        for x in xs:
            d.line((x, y, x, y + rows * rh), fill=INK, width=2)
        for r in range(rows):
            for c in range(cols):
                if rng.random() < 0.7:
                    txt = str(rng.choice(PHRASES))[: int(rng.integers(2, 6))]
                    d.text((xs[c] + 8, y + r * rh + rh * 0.25), txt, font=f, fill=INK)
        y += rows * rh + step
    while y < h * 0.8:
        para = "　　" + "".join(rng.choice(PHRASES, size=int(rng.integers(1, 4))))
        y = _wrap(d, margin, y, w - 2 * margin, para, f, step) + step // 3
    if rng.random() < 0.5:
        seal(img, int(w * 0.7), int(h * 0.86), int(w * 0.11), "示例市示例区政务服务中心", "样例")
    else:
        handwrite(d, (w * 0.6, h * 0.86), "申请人：张小三", int(f.size * 1.3), rng)
    centered(d, w / 2, h - margin * 0.7, "第 1 页", font(max(10, int(w * 0.02))))
    return img


def card_back(rng: np.random.Generator) -> Image.Image:
    """The back of an ID-card-sized (85.6 x 54 mm) sample card; not the real design."""
    w, h = 642, 405
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    base = np.stack([232 + 6 * y / h, 230 + 10 * x / w, 236 + 0 * x], axis=-1)
    base += (4 * np.sin(y / 7 + 2 * np.sin(x / 23)))[..., None]
    base += rng.normal(0, 1.0, (h, w, 1)).astype(np.float32)
    img = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, w - 1, h - 1), radius=26, fill=255)
    img = Image.composite(img, Image.new("RGB", (w, h), (200, 205, 205)), mask)
    d = ImageDraw.Draw(img)
    d.ellipse((50, 40, 170, 160), outline=SEAL, width=6)
    d.text((110, 100), "样例", font=font(30, True), fill=SEAL, anchor="mm")
    d.text((210, 60), "样例证件（背面）", font=font(38, True), fill=INK)
    d.text((210, 120), "SAMPLE CARD · BACK", font=font(20), fill=(90, 90, 90))
    d.text((120, 280), "签发机关  示例市公安局示例分局", font=font(20), fill=INK)
    d.text((120, 330), "有效期限  2020.01.01-2040.01.01", font=font(20), fill=INK)
    return img


# ---- more desks (evaluation set); all BGR float32, ``size`` is (width, height) -------------------
def plain_desk(
    rng: np.random.Generator, size: tuple[int, int], base: tuple[float, float, float], grain=0.04
) -> np.ndarray:
    """A flat colour with low-frequency mottling and fine texture (laminate, felt, white desk)."""
    w, h = size
    img = np.empty((h, w, 3), np.float32)
    img[:] = base
    img *= (1 + grain * smooth_noise(rng, h, w, int(rng.integers(40, 160))))[..., None]
    img += rng.normal(0, 1.5, (h, w, 1)).astype(np.float32)
    return img


def checker_desk(rng: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    """A checked or striped tablecloth at a random scale and angle."""
    w, h = size
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    a = rng.uniform(0, np.pi)
    u = x * np.cos(a) + y * np.sin(a)
    v = -x * np.sin(a) + y * np.cos(a)
    cell = rng.uniform(18, 90)
    if rng.random() < 0.5:
        pat = ((np.floor(u / cell) + np.floor(v / cell)) % 2).astype(np.float32)
    else:
        pat = (np.floor(u / cell) % 2).astype(np.float32)
    pat = cv2.GaussianBlur(pat, (0, 0), 1.0)
    c1 = rng.uniform(20, 200, 3)
    c2 = rng.uniform(60, 235, 3)
    img = c1 * (1 - pat[..., None]) + c2 * pat[..., None]
    img *= (1 + 0.04 * smooth_noise(rng, h, w, 80))[..., None]
    return img.astype(np.float32)


def grid_mat(rng: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    """A green cutting mat with light grid lines (long straight lines everywhere)."""
    w, h = size
    img = plain_desk(rng, size, (70, 110, 40) if rng.random() < 0.6 else (120, 70, 40), 0.03)
    step = int(rng.integers(30, 60))
    col = np.float32(rng.uniform(150, 220, 3))
    for k in range(0, max(w, h), step):
        t = 2 if (k // step) % 5 == 0 else 1
        if k < w:
            img[:, k : k + t] = col
        if k < h:
            img[k : k + t, :] = col
    return cv2.GaussianBlur(img, (0, 0), 0.8)


def newspaper_desk(rng: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    """Newsprint under the document: columns of grey text-like strokes on light paper."""
    w, h = size
    img = plain_desk(rng, size, (200, 205, 208), 0.03)
    colw = int(rng.integers(180, 320))
    line_h = int(rng.integers(14, 24))
    for cx in range(10, w, colw):
        for yy in range(10, h, line_h):
            x0 = cx
            while x0 < cx + colw - 30:
                ln = int(rng.integers(8, 30))
                cv2.rectangle(img, (x0, yy), (x0 + ln, yy + line_h // 2), (70, 70, 75), -1)
                x0 += ln + int(rng.integers(4, 8))
    return cv2.GaussianBlur(img, (0, 0), 1.2)


def blobs_desk(rng: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    """A busy printed cloth: overlapping soft coloured ellipses on a coloured ground."""
    w, h = size
    img = plain_desk(rng, size, tuple(rng.uniform(40, 160, 3)), 0.03)
    for _ in range(int(rng.integers(40, 120))):
        c = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        ax = (int(rng.integers(10, 80)), int(rng.integers(10, 80)))
        cv2.ellipse(img, c, ax, float(rng.uniform(0, 180)), 0, 360, rng.uniform(30, 240, 3), -1)
    return cv2.GaussianBlur(img, (0, 0), 1.5)


def motion_kernel(n: int, angle: float) -> np.ndarray:
    """A normalised n x n line kernel at ``angle`` degrees: the blur of a camera or a hand
    moving during the exposure (cv2.filter2D it)."""
    k = np.zeros((n, n), np.float32)
    k[n // 2, :] = 1 / n
    rot = cv2.getRotationMatrix2D((n / 2 - 0.5, n / 2 - 0.5), angle, 1)
    k = cv2.warpAffine(k, rot, (n, n))
    return k / max(k.sum(), 1e-6)


# ---- occluders and the photograph (evaluation set) ----------------------------------------------
SKIN = ((120, 150, 205), (95, 130, 185), (140, 170, 220), (80, 110, 160))  # BGR


def hand_mask(size: tuple[int, int], tip: tuple[float, float], angle: float, scale: float):
    """A hand seen from above: palm and four fingers pointing at ``tip`` from ``angle``.

    Returns a float32 mask in [0, 1] (anti-aliased). ``angle`` is the direction
    the fingers point (radians); ``scale`` is the palm width in pixels.
    """
    w, h = size
    ss = 2
    m = np.zeros((h * ss, w * ss), np.uint8)
    d = np.array([np.cos(angle), np.sin(angle)])
    n = np.array([-d[1], d[0]])
    tip_a = np.array(tip, float)
    finger_len = scale * 0.9
    palm_c = tip_a - d * (finger_len + scale * 0.55)
    for k, off in enumerate((-0.36, -0.12, 0.12, 0.36)):
        ln = finger_len * (0.85, 1.0, 0.95, 0.75)[k]
        base = palm_c + d * scale * 0.45 + n * off * scale
        end = base + d * ln
        cv2.line(
            m, tuple((base * ss).astype(int)), tuple((end * ss).astype(int)), 255,
            int(scale * 0.2 * ss), cv2.LINE_AA,
        )  # fmt: skip
    thumb_b = palm_c + n * scale * 0.45
    thumb_e = thumb_b + (d * 0.5 + n * 0.8) * scale * 0.7
    cv2.line(
        m, tuple((thumb_b * ss).astype(int)), tuple((thumb_e * ss).astype(int)), 255,
        int(scale * 0.24 * ss), cv2.LINE_AA,
    )  # fmt: skip
    ang = float(np.degrees(angle))
    cv2.ellipse(
        m, tuple((palm_c * ss).astype(int)), (int(scale * 0.62 * ss), int(scale * 0.52 * ss)),
        ang, 0, 360, 255, -1, cv2.LINE_AA,
    )  # fmt: skip
    # the arm, reaching out of the frame
    arm_e = palm_c - d * scale * 6
    cv2.line(
        m, tuple((palm_c * ss).astype(int)), tuple((arm_e * ss).astype(int)), 255,
        int(scale * 0.85 * ss), cv2.LINE_AA,
    )  # fmt: skip
    return cv2.resize(m, (w, h), interpolation=cv2.INTER_AREA).astype(np.float32) / 255


def object_mask(
    rng: np.random.Generator, size: tuple[int, int], at: tuple[float, float], px: float
):
    """A pen or a phone lying at ``at``; returns (mask, BGR colour)."""
    w, h = size
    m = np.zeros((h, w), np.uint8)
    a = rng.uniform(0, np.pi)
    d = np.array([np.cos(a), np.sin(a)])
    c = np.array(at, float)
    if rng.random() < 0.5:  # a pen
        p0, p1 = c - d * px * 0.7, c + d * px * 0.7
        th = max(3, int(px * 0.06))
        cv2.line(m, tuple(p0.astype(int)), tuple(p1.astype(int)), 255, th, cv2.LINE_AA)
        colour = rng.choice([(30, 30, 30), (140, 60, 20), (30, 30, 160)])
    else:  # a phone
        box = ((float(c[0]), float(c[1])), (px * 0.5, px), float(np.degrees(a)))
        cv2.fillPoly(m, [cv2.boxPoints(box).astype(np.int32)], 255, cv2.LINE_AA)
        colour = (25, 25, 28)
    return m.astype(np.float32) / 255, np.float32(colour)


def lay_document(
    doc: Image.Image, desk: np.ndarray, quad: np.ndarray, shadow_px: float = 12.0
) -> tuple[np.ndarray, np.ndarray]:
    """Put ``doc`` on ``desk`` with its true edge exactly on ``quad``; returns (image, mask).

    The flat image's outer pixel edges (at -0.5 and size - 0.5 in OpenCV's
    pixel-centre coordinates) map to the quad, so the corners saved as
    ground truth are where the paper's edge really is in the photo.
    """
    h_img, w_img = desk.shape[:2]
    flat = cv2.cvtColor(np.asarray(doc), cv2.COLOR_RGB2BGR).astype(np.float32)
    h, w = flat.shape[:2]
    src = np.float32([[-0.5, -0.5], [w - 0.5, -0.5], [w - 0.5, h - 0.5], [-0.5, h - 0.5]])
    m = cv2.getPerspectiveTransform(src, np.float32(quad))
    size = (w_img, h_img)
    warped = cv2.warpPerspective(
        flat, m, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    # anti-aliased coverage: supersample the mask 4x
    ss = 4
    mask = np.zeros((h_img * ss, w_img * ss), np.uint8)
    pts = np.round(((np.float32(quad) + 0.5) * ss - 0.5) * 16).astype(np.int32)
    cv2.fillPoly(mask, [pts], 255, cv2.LINE_8, shift=4)
    mask = cv2.resize(mask, size, interpolation=cv2.INTER_AREA).astype(np.float32) / 255
    shadow = cv2.warpAffine(mask, np.float32([[1, 0, shadow_px * 0.6], [0, 1, shadow_px]]), size)
    shadow = cv2.GaussianBlur(shadow, (0, 0), max(1.0, shadow_px))
    out = desk * (1 - 0.45 * shadow)[..., None]
    out = out * (1 - mask[..., None]) + warped * mask[..., None]
    return out, mask
