"""A second scene generator, closer to a real hall desk than make_eval_set's.

make_eval_set.py draws its desks and occluders procedurally; the detector was
tuned on it and scores 0.99 there. This one photographs the same fictitious
documents (docrender.py) plus cards with coloured bands and photos on **real
photographic textures**: the wood, stone, fabric, paper and leather patterns
that ship in Debian's ``gimp-data`` and the photographs in ``opencv-doc``'s
sample data (walls, fur, grass, a newspaper, room scenes), mirrored and
tiled at a random scale and angle. Around the page: real-photo distractors
(a phone showing a photo, a photo print, a book's cover and page edges, a
second sheet half under the page, pens with shading), hands and arms with
their shadows (some motion-blurred), arm shadows falling across the page,
white tiles and cream laminate under white paper. The camera: tilt from
above, barrel distortion (the true corners are distorted too), vignetting,
uneven light, low light with its noise, haze (low contrast), glare spots,
focus or motion blur, sensor noise and JPEG at quality 60-95.

Each image's ``tags`` name the cases bench/docscan.py reports by (``CASES``).
Deterministic per (seed, index); seeds are kept apart as for the first set
(bench: bench.docscan.BENCH_SEED + 1, development: DEV_SEED, the page net's
training: scripts/train_pagenet.TRAIN_SEEDS). The textures must be installed
(scripts/bootstrap.sh installs both packages)::

    .venv/bin/python scripts/make_eval_set.py --scenes desk --out var/desk --count 300
"""

from __future__ import annotations

import math
import struct
from functools import cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw

from drivers.camera import geometry as geo
from scripts import docrender as dr
from scripts.make_eval_set import clipped_area, pick, place, project

VERSION = 1  # bump when the rendering changes, so cached sets are regenerated
DEV_SEED = 20261203
PATTERNS = Path("/usr/share/gimp/2.0/patterns")
PHOTOS = Path("/usr/share/doc/opencv-doc/examples/data")
PACKAGES = ("gimp-data", "opencv-doc")

# GIMP's photographic patterns by what they look like on a desk
DESK_PATTERNS = {
    "wood": ("Wood/wood1", "Wood/wood2", "Wood/wood5", "Wood/walnut", "Wood/pine",
             "Wood/burlwood", "Wood/parque1", "Wood/parque2", "Wood/parque3", "Wood/wood3"),
    "stone": ("Stone/marble1", "Stone/marble2", "Stone/marble3", "Stone/pink_marble",
              "Stone/granite1", "Stone/slate", "Stone/terra", "Stone/stone33", "Stone/ground1"),
    "fabric": ("Fabric/burlap", "Animal/leather", "Wood/corkboard", "Paper/crinklepaper",
               "Food/java"),
    "pale": ("Stone/marble1", "Stone/marble2", "Stone/granite1", "Paper/paper",
             "Paper/crinklepaper", "Stone/Moonfoot", "Legacy/fibers"),
}  # fmt: skip
PHOTO_FILES = ("graf1.png", "graf3.png", "baboon.jpg", "messi5.jpg", "sudoku.png", "aloeL.jpg",
               "building.jpg", "leuvenA.jpg", "home.jpg", "fruits.jpg", "starry_night.jpg",
               "rubberwhale1.png", "board.jpg", "stuff.jpg", "smarties.png",
               "pic2.png", "apple.jpg", "orange.jpg", "HappyFish.jpg", "chicky_512.png",
               "squirrel_cls.jpg", "basketball1.png", "left05.jpg", "box_in_scene.png")  # fmt: skip

# The cases bench/docscan.py reports, each the tags that put an image in it.
CASES = {
    "card": ("card",),
    "white_on_white": ("white_desk",),
    "objects": ("object",),
    "hand": ("hand",),
    "out_of_frame": ("out_of_frame",),
    "low_light": ("low_light",),
    "low_contrast": ("low_contrast",),
    "shadow": ("shadow",),
    "glare": ("glare",),
    "blur": ("blur",),
    "a4": ("a4",),
    "hukou": ("hukou",),
    "a5": ("a5",),
    "dark_desk": ("dark_desk",),
}
SIZES = (((1920, 1080), 0.45), ((1600, 1200), 0.35), ((1280, 720), 0.2))


def missing_packages() -> list[str]:
    """The Debian packages whose files this generator needs and cannot find."""
    out = []
    if not (PATTERNS / "Wood" / "wood1.pat").exists():
        out.append("gimp-data")
    if not (PHOTOS / "graf1.png").exists():
        out.append("opencv-doc")
    return out


def read_pattern(path: Path) -> np.ndarray:
    """A GIMP .pat pattern as BGR uint8 (header: size, version, w, h, bytes, 'GPAT', name)."""
    data = path.read_bytes()
    header, _version, w, h, depth = struct.unpack(">5I", data[:20])
    px = np.frombuffer(data[header : header + w * h * depth], np.uint8).reshape(h, w, depth)
    if depth == 1:
        return cv2.cvtColor(px, cv2.COLOR_GRAY2BGR)
    if depth == 2:
        return cv2.cvtColor(np.ascontiguousarray(px[..., 0]), cv2.COLOR_GRAY2BGR)
    return cv2.cvtColor(np.ascontiguousarray(px[..., :3]), cv2.COLOR_RGB2BGR)


@cache
def pattern(name: str) -> np.ndarray:
    return read_pattern(PATTERNS / f"{name}.pat")


@cache
def photo(name: str) -> np.ndarray:
    img = cv2.imread(str(PHOTOS / name), cv2.IMREAD_COLOR)
    if img is None:
        raise FileNotFoundError(PHOTOS / name)
    return img


def random_photo(rng: np.random.Generator, min_side: int = 64) -> np.ndarray:
    """A random crop (a quarter to all) of one of the sample photographs, as float32."""
    img = photo(PHOTO_FILES[int(rng.integers(len(PHOTO_FILES)))])
    h, w = img.shape[:2]
    cw, ch = int(w * rng.uniform(0.4, 1)), int(h * rng.uniform(0.4, 1))
    x, y = int(rng.integers(0, w - cw + 1)), int(rng.integers(0, h - ch + 1))
    crop = img[y : y + ch, x : x + cw]
    if min(crop.shape[:2]) < min_side:
        crop = img
    return crop.astype(np.float32)


def tiled(tex: np.ndarray, size: tuple[int, int], scale: float, angle: float) -> np.ndarray:
    """``tex`` mirrored into a seamless block, tiled over ``size`` at ``scale`` and ``angle``."""
    w, h = size
    t = cv2.resize(tex, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    block = np.concatenate([np.concatenate([t, t[:, ::-1]], 1),
                            np.concatenate([t[::-1], t[::-1, ::-1]], 1)], 0)  # fmt: skip
    side = int(math.hypot(w, h)) + 4
    reps = (side // block.shape[0] + 2, side // block.shape[1] + 2, 1)
    big = np.tile(block, reps)[:side, :side]
    rot = cv2.getRotationMatrix2D((side / 2, side / 2), math.degrees(angle), 1.0)
    rot[:, 2] -= [(side - w) / 2, (side - h) / 2]
    return cv2.warpAffine(big, rot, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)


def cover(tex: np.ndarray, size: tuple[int, int], zoom: float, angle: float) -> np.ndarray:
    """A photograph scaled to cover ``size`` (times ``zoom``), turned by ``angle``, centred."""
    w, h = size
    side = math.hypot(w, h) * zoom
    s = side / min(tex.shape[:2])
    rot = cv2.getRotationMatrix2D((tex.shape[1] / 2, tex.shape[0] / 2), math.degrees(angle), s)
    rot[:, 2] += [w / 2 - tex.shape[1] / 2, h / 2 - tex.shape[0] / 2]
    return cv2.warpAffine(tex, rot, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)


def desk(rng: np.random.Generator, size: tuple[int, int], px_per_mm: float):
    """A desk of a real texture: (BGR float32 image, its family, tags)."""
    w, h = size
    fam = str(rng.choice(["wood", "stone", "fabric", "white", "cream", "dark", "photo"],
                         p=[0.22, 0.12, 0.08, 0.16, 0.1, 0.16, 0.16]))  # fmt: skip
    tags: list[str] = []
    angle = rng.uniform(0, math.pi)
    mm = rng.uniform(0.25, 0.7)  # millimetres per texture pixel
    if fam == "photo":  # a real photograph as the surface (a printed mat, a busy desk)
        img = cover(random_photo(rng), size, rng.uniform(0.7, 1.5), rng.uniform(-0.3, 0.3))
    else:
        pool = DESK_PATTERNS["pale" if fam in ("white", "cream") else
                             "stone" if fam == "dark" and rng.random() < 0.5 else
                             "fabric" if fam == "dark" else fam]  # fmt: skip
        tex = pattern(str(rng.choice(pool))).astype(np.float32)
        img = tiled(tex, size, max(1.0, mm * px_per_mm * 0.6), angle)
    if fam in ("white", "cream", "dark"):
        detail = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
        detail = (detail - detail.mean()) / (detail.std() + 1e-3)
        if fam == "dark":
            base = np.float32(rng.uniform(25, 70, 3))
            amp = rng.uniform(3, 10)
            tags.append("dark_desk")
        else:
            tint = (0, 0, 0) if fam == "white" else (-18, -6, 0)  # BGR: cream is less blue
            base = np.float32(rng.uniform(222, 248, 1).repeat(3) + tint)
            amp = rng.uniform(1.5, 6)
            tags.append("white_desk")
        img = base + amp * detail[..., None]
        if fam != "dark" and rng.random() < 0.5:  # white tiles: grout lines
            tile = px_per_mm * rng.uniform(150, 600)
            grout = np.zeros((h, w), np.float32)
            off = rng.uniform(0, tile, 2)
            for x in np.arange(off[0] % tile, w, tile):
                cv2.line(grout, (int(x), 0), (int(x), h), 1.0, max(1, int(px_per_mm * 1.5)))
            for y in np.arange(off[1] % tile, h, tile):
                cv2.line(grout, (0, int(y)), (w, int(y)), 1.0, max(1, int(px_per_mm * 1.5)))
            img -= (rng.uniform(15, 45) * cv2.GaussianBlur(grout, (0, 0), 1.0))[..., None]
    else:
        gain = rng.uniform(0.55, 1.15) if fam != "photo" else rng.uniform(0.6, 1.0)
        img = img * gain
    if rng.random() < 0.25:  # the desk ends: the room beyond, out of focus
        beyond = cover(random_photo(rng), size, rng.uniform(0.7, 1.5), 0)
        beyond = cv2.GaussianBlur(beyond, (0, 0), 6)
        a = rng.uniform(0, 2 * math.pi)
        n = np.array([math.cos(a), math.sin(a)])
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        d = (xx - w / 2) * n[0] + (yy - h / 2) * n[1] - rng.uniform(0.42, 0.6) * min(w, h)
        m = np.clip(d / 2 + 0.5, 0, 1)
        img = img * (1 - m[..., None]) + beyond * 0.8 * m[..., None]
    return img.astype(np.float32), fam, tags


# ---- documents -----------------------------------------------------------------------------
def _portrait(rng: np.random.Generator, w: int, h: int) -> Image.Image:
    crop = random_photo(rng)
    crop = cv2.resize(crop, (w, h), interpolation=cv2.INTER_AREA)
    return Image.fromarray(cv2.cvtColor(np.clip(crop, 0, 255).astype(np.uint8), cv2.COLOR_BGR2RGB))


def banded_card(rng: np.random.Generator) -> Image.Image:
    """A social-security-card-like sample: a coloured header band, a chip, a photo (样例)."""
    w, h = 642, 405
    band = tuple(int(v) for v in rng.choice([(30, 80, 170), (200, 40, 50), (20, 120, 90),
                                                (230, 120, 30)]))  # fmt: skip
    body = tuple(int(v) for v in rng.integers(205, 250, 3))
    img = Image.new("RGB", (w, h), body)  # type: ignore[arg-type]
    d = ImageDraw.Draw(img)
    top = int(h * rng.uniform(0.18, 0.32))
    d.rectangle((0, 0, w, top), fill=band)  # type: ignore[arg-type]
    if rng.random() < 0.5:  # a second, bottom band
        d.rectangle((0, h - int(h * 0.12), w, h), fill=band)  # type: ignore[arg-type]
    d.text((30, top * 0.25), "社会保障卡（样例）", font=dr.font(int(top * 0.42), True),
           fill=(250, 250, 250))  # fmt: skip
    d.rounded_rectangle((40, top + 40, 130, top + 110), 10, fill=(200, 170, 90),
                        outline=(150, 120, 60), width=3)  # fmt: skip
    img.paste(_portrait(rng, 130, 160), (w - 170, top + 20))
    for i, t in enumerate(("姓名  王芳", "社会保障号码", "120101197909092463", "卡号 A0000001")):
        d.text((40, top + 130 + i * 34), t, font=dr.font(22), fill=dr.INK)
    return _rounded(img)


def photo_id_card(rng: np.random.Generator) -> Image.Image:
    """The sample ID-card front with a real photo crop in its portrait box."""
    img = dr.sample_card(rng)
    img.paste(_portrait(rng, 150, 186), (452, 70))
    return _rounded(img)


def _rounded(img: Image.Image) -> Image.Image:
    """Corners rounded on the desk's behalf: they are later composited, so paint them
    with the card's edge colour rather than leaving a square corner."""
    w, h = img.size
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, w - 1, h - 1), radius=26, fill=255)
    edge = img.getpixel((w // 2, h - 4))
    return Image.composite(img, Image.new("RGB", (w, h), edge), mask)  # type: ignore[arg-type]


DOCS = (  # (kind, size_mm, draw, weight, tag)
    ("a4", (210, 297), dr.application_form, 0.1, "a4"),
    ("a4", (210, 297), dr.commitment_letter, 0.07, "a4"),
    ("a4", (210, 297), dr.authorisation_letter, 0.06, "a4"),
    ("a4", (210, 297), lambda r: dr.generic_page(r, (210, 297)), 0.22, "a4"),
    ("a5", (148, 210), lambda r: dr.generic_page(r, (148, 210), 4.2), 0.1, "a5"),
    ("hukou", (105, 143), dr.hukou_page, 0.15, "hukou"),
    ("id1", (85.6, 54.0), photo_id_card, 0.1, "card"),
    ("id1", (85.6, 54.0), banded_card, 0.1, "card"),
    ("id1", (85.6, 54.0), dr.card_back, 0.06, "card"),
    ("letter", (215.9, 279.4), lambda r: dr.generic_page(r, (215.9, 279.4)), 0.04, "letter"),
)


# ---- things on the desk ------------------------------------------------------------------------
def _composite(img: np.ndarray, mask: np.ndarray, layer: np.ndarray, shadow: float,
               offset: tuple[float, float], soft: float) -> None:  # fmt: skip
    """Lay ``layer`` through ``mask`` on ``img`` (in place), with its cast shadow first."""
    h, w = mask.shape
    sh = cv2.warpAffine(mask, np.float32([[1, 0, offset[0]], [0, 1, offset[1]]]), (w, h))
    sh = cv2.GaussianBlur(sh, (0, 0), max(0.8, soft))
    img *= (1 - shadow * sh)[..., None]
    img[:] = img * (1 - mask[..., None]) + layer * mask[..., None]


def pen(img, rng, at, px_per_mm) -> np.ndarray:
    """A pen lying at ``at``: a shaded cylinder with a clip and a tip; returns its mask."""
    h, w = img.shape[:2]
    a = rng.uniform(0, math.pi)
    d = np.array([math.cos(a), math.sin(a)])
    length, th = px_per_mm * rng.uniform(120, 150), max(3.0, px_per_mm * rng.uniform(7, 11))
    p0 = np.asarray(at) - d * length * rng.uniform(0.2, 0.8)
    p1 = p0 + d * length
    m8 = np.zeros((h, w), np.uint8)
    cv2.line(m8, tuple(p0.astype(int)), tuple(p1.astype(int)), 255, int(th), cv2.LINE_AA)
    mask = m8.astype(np.float32) / 255
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    across = ((xx - p0[0]) * -d[1] + (yy - p0[1]) * d[0]) / (th / 2)
    shade = np.clip(1 - 0.6 * across**2, 0.3, 1) + 0.5 * np.exp(-(((across + 0.4) / 0.2) ** 2))
    base = np.float32(rng.choice([(30, 30, 30), (150, 70, 25), (35, 35, 170), (200, 200, 205),
                                  (40, 140, 40), (20, 160, 230)]))  # fmt: skip
    layer = base * shade[..., None]
    _composite(img, mask, layer, 0.45, (px_per_mm * 2, px_per_mm * 3), px_per_mm * 1.5)
    return mask


def phone(img, rng, at, px_per_mm) -> np.ndarray:
    """A phone face up, its screen showing a photo (or dark), with a rim highlight."""
    h, w = img.shape[:2]
    pw, ph = px_per_mm * rng.uniform(68, 78), px_per_mm * rng.uniform(140, 160)
    ang = rng.uniform(0, 180)
    box = cv2.boxPoints(((float(at[0]), float(at[1])), (pw, ph), ang)).astype(np.float32)
    m8 = np.zeros((h, w), np.uint8)
    cv2.fillConvexPoly(m8, np.round(box * 16).astype(np.int32), 255, cv2.LINE_AA, shift=4)
    mask = m8.astype(np.float32) / 255
    layer = np.empty_like(img)
    layer[:] = rng.uniform(15, 40)
    if rng.random() < 0.7:
        scr = cv2.boxPoints(((float(at[0]), float(at[1])), (pw * 0.9, ph * 0.88), ang))
        src = random_photo(rng)
        sh, sw = src.shape[:2]
        m = cv2.getPerspectiveTransform(
            np.float32([[0, 0], [sw, 0], [sw, sh], [0, sh]]), scr.astype(np.float32)
        )
        warped = cv2.warpPerspective(src, m, (w, h))
        sm = cv2.warpPerspective(np.ones((sh, sw), np.float32), m, (w, h))
        layer = layer * (1 - sm[..., None]) + warped * rng.uniform(0.6, 1.0) * sm[..., None]
    _composite(img, mask, layer, 0.5, (px_per_mm * 2, px_per_mm * 3), px_per_mm * 2.5)
    return mask


def flat_thing(img, rng, at, px_per_mm, kind: str) -> np.ndarray:
    """A photo print (white border) or a book (cover photo, cream page edges) lying flat."""
    h, w = img.shape[:2]
    if kind == "print":
        bw, bh = px_per_mm * rng.uniform(90, 150), px_per_mm * rng.uniform(60, 100)
    else:
        bw, bh = px_per_mm * rng.uniform(150, 220), px_per_mm * rng.uniform(200, 280)
    ang = rng.uniform(0, 180)
    box = cv2.boxPoints(((float(at[0]), float(at[1])), (bw, bh), ang)).astype(np.float32)
    src = random_photo(rng)
    sh, sw = src.shape[:2]
    if kind == "print":
        pad = int(0.05 * max(sh, sw))
        src = cv2.copyMakeBorder(src, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=(240,) * 3)
    else:  # a book: the page block's edge along one long side
        edge = np.full((src.shape[0], max(4, src.shape[1] // 12), 3), 225, np.float32)
        edge[:, ::3] = 180
        src = np.concatenate([src * rng.uniform(0.5, 0.9), edge], axis=1)
    sh, sw = src.shape[:2]
    m = cv2.getPerspectiveTransform(np.float32([[0, 0], [sw, 0], [sw, sh], [0, sh]]), box)
    layer = cv2.warpPerspective(src, m, (w, h))
    mask = cv2.warpPerspective(np.ones((sh, sw), np.float32), m, (w, h))
    lift = 2 if kind == "print" else 6
    _composite(img, mask, layer, 0.45, (px_per_mm * lift, px_per_mm * lift * 1.4),
               px_per_mm * lift)  # fmt: skip
    return mask


SKIN = ((118, 150, 205), (95, 128, 182), (140, 172, 222), (78, 108, 158), (105, 140, 190))  # BGR


def hand(img, rng, quad, px_per_mm, page) -> np.ndarray | None:
    """A hand and arm reaching over a side or corner, shaded, sometimes moving."""
    h, w = img.shape[:2]
    k = int(rng.integers(0, 4))
    a, b = quad[k], quad[(k + 1) % 4]
    target = a if rng.random() < 0.4 else a + (b - a) * rng.uniform(0.2, 0.8)
    inward = quad.mean(axis=0) - target
    inward /= np.linalg.norm(inward) + 1e-9
    ang = math.atan2(inward[1], inward[0]) + rng.uniform(-0.7, 0.7)
    depth, palm = rng.uniform(5, 40), rng.uniform(70, 90)
    for _ in range(6):
        tip = target + inward * px_per_mm * depth
        mask = dr.hand_mask((w, h), tuple(tip), ang, px_per_mm * palm)
        if (mask * page).sum() / max(page.sum(), 1) <= 0.22:
            break
        depth -= 20
    else:
        return None
    skin = np.float32(SKIN[int(rng.integers(len(SKIN)))]) * rng.uniform(0.75, 1.1)
    inner = cv2.distanceTransform((mask > 0.5).astype(np.uint8), cv2.DIST_L2, 5)
    round_ = np.clip(inner / (px_per_mm * 8), 0, 1) ** 0.5
    tex = 1 + 0.06 * dr.smooth_noise(rng, h, w, 25) + rng.normal(0, 0.02, (h, w))
    layer = skin * (0.6 + 0.4 * round_ * tex)[..., None].astype(np.float32)
    if rng.random() < 0.35:  # the hand moves: blur the hand itself
        ker = dr.motion_kernel(int(rng.integers(7, 25)) | 1, float(rng.uniform(0, 180)))
        layer = cv2.filter2D(layer * mask[..., None], -1, ker)
        mask = cv2.filter2D(mask, -1, ker)
        layer = layer / np.maximum(mask, 1e-3)[..., None]
    off = px_per_mm * rng.uniform(4, 15)
    _composite(img, mask, layer, rng.uniform(0.3, 0.55), (off * 0.7, off), off)
    return mask


def arm_shadow(rng, size, quad, px_per_mm) -> np.ndarray:
    """The shadow of an arm or a leaning head: a broad soft band from a frame border over part
    of the page (multiply the light by ``1 - s * mask``)."""
    w, h = size
    c = quad.mean(axis=0)
    tgt = c + (quad[int(rng.integers(4))] - c) * rng.uniform(0.0, 0.9)
    ang = rng.uniform(0, 2 * math.pi)
    d = np.array([math.cos(ang), math.sin(ang)])
    far = tgt + d * 3 * max(w, h)
    m = np.zeros((h, w), np.float32)
    width = px_per_mm * rng.uniform(50, 120)
    cv2.line(m, tuple(tgt.astype(int)), tuple(far.astype(int)), 1.0, int(width))
    cv2.circle(m, tuple(tgt.astype(int)), int(width / 2), 1.0, -1)
    return cv2.GaussianBlur(m, (0, 0), px_per_mm * rng.uniform(4, 25))


# ---- the camera ------------------------------------------------------------------------------
def barrel(img: np.ndarray, quad: np.ndarray, k1: float) -> tuple[np.ndarray, np.ndarray]:
    """Barrel distortion of strength ``k1`` (radius normalised to the half-diagonal): the
    distorted image, and the true corners moved with it."""
    h, w = img.shape[:2]
    c = np.array([(w - 1) / 2, (h - 1) / 2])
    r0 = math.hypot(w / 2, h / 2)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    dx, dy = (xx - c[0]) / r0, (yy - c[1]) / r0
    f = 1 + k1 * (dx * dx + dy * dy)
    out = cv2.remap(img, (c[0] + dx * f * r0).astype(np.float32),
                    (c[1] + dy * f * r0).astype(np.float32), cv2.INTER_LINEAR,
                    borderMode=cv2.BORDER_REFLECT)  # fmt: skip
    u = (quad - c) / r0
    p = u.copy()
    for _ in range(30):  # the distorted point p with p * (1 + k1 |p|^2) = u
        p = u / (1 + k1 * (p * p).sum(axis=1, keepdims=True))
    return out, p * r0 + c


# ---- one scene -------------------------------------------------------------------------------
def _pose(rng, size_mm, size, card, out_of_frame):
    w, h = size
    for _ in range(30):
        long_px = rng.uniform(0.22, 0.55) * w if card else rng.uniform(0.5, 1.0) * h
        at = project(size_mm, long_px, rng.uniform(0.75, 1.5) * w, rng)
        quad = place(at, size, rng, out_of_frame)
        if quad is not None:
            return quad, out_of_frame
    at = project(size_mm, 0.6 * min(w, h), 1.2 * w, rng)
    return at(np.zeros(2)) + np.array([w / 2, h / 2]), False


def _spot(rng, quad, size, inside: bool) -> np.ndarray:
    """A point on the page's outline (for things lying across an edge) or on the desk."""
    w, h = size
    k = int(rng.integers(4))
    on_edge = quad[k] + (quad[(k + 1) % 4] - quad[k]) * rng.uniform(0.15, 0.85)
    if inside:
        return on_edge
    return np.array([rng.uniform(0, w), rng.uniform(0, h)])


def render_scene(index: int, seed: int = DEV_SEED, scale: float = 1.0, cards: float = 1.0):
    """Image ``index``: (BGR uint8 image, JPEG quality, ground-truth dict), as make_eval_set's.

    ``cards`` multiplies the share of cards (the hardest case: small, banded, often lying
    on another sheet); the "desk-cards" training sets use 4."""
    rng = np.random.default_rng([seed, index, 7])
    w0, h0 = SIZES[pick(rng, [s[1] for s in SIZES])][0]
    size = (round(w0 * scale), round(h0 * scale))
    w, h = size
    weights = [d[3] * (cards if d[0] == "id1" else 1.0) for d in DOCS]
    kind, size_mm, draw, _wt, tag = DOCS[pick(rng, weights)]
    tags = [tag]
    quad, oof = _pose(rng, size_mm, size, kind == "id1", rng.random() < 0.14)
    if oof:
        tags.append("out_of_frame")
    px_per_mm = math.sqrt(abs(cv2.contourArea(np.float32(quad))) / (size_mm[0] * size_mm[1]))
    surface, fam, desk_tags = desk(rng, size, px_per_mm)
    tags += desk_tags
    img = surface
    if rng.random() < 0.15:  # a second sheet half under the page
        other = dr.generic_page(rng, (210, 297))
        oq = quad + rng.normal(0, 0.25, 2) * [w, h] + rng.normal(0, 0.04 * w, (4, 2))
        if geo.is_convex(np.float32(oq)):
            img, _m = dr.lay_document(other, img, geo.order_quad(np.float32(oq)), 4 * scale)
            tags.append("object")
    doc = draw(rng)
    img, page = dr.lay_document(doc, img, quad, shadow_px=rng.uniform(2, 12) * scale)
    # things on the desk, over the page's edge or beside it
    for _ in range(int(rng.choice([0, 1, 2], p=[0.55, 0.32, 0.13]))):
        thing = str(rng.choice(["pen", "phone", "print", "book"], p=[0.45, 0.25, 0.15, 0.15]))
        over = (thing == "pen" and rng.random() < 0.7) or rng.random() < 0.35
        for _try in range(5):
            at = _spot(rng, quad, size, over)
            trial = img.copy()
            if thing == "pen":
                m = pen(trial, rng, at, px_per_mm)
            elif thing == "phone":
                m = phone(trial, rng, at, px_per_mm)
            else:
                m = flat_thing(trial, rng, at, px_per_mm, thing)
            if (m * page).sum() / max(page.sum(), 1) <= 0.2:
                img = trial
                tags.append("object")
                break
    if rng.random() < 0.17 and hand(img, rng, quad, px_per_mm, page) is not None:
        tags.append("hand")

    # light
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    lx, ly = rng.uniform(-0.3, 1.3) * w, rng.uniform(-0.3, 1.3) * h
    light = 1.05 - rng.uniform(0.05, 0.4) * np.sqrt((xx - lx) ** 2 + (yy - ly) ** 2) / math.hypot(
        w, h
    )
    if rng.random() < 0.27:
        light *= 1 - rng.uniform(0.25, 0.6) * arm_shadow(rng, size, quad, px_per_mm)
        tags.append("shadow")
    r2 = ((xx - w / 2) ** 2 + (yy - h / 2) ** 2) / ((w / 2) ** 2 + (h / 2) ** 2)
    light *= 1 - rng.uniform(0.05, 0.45) * r2  # vignetting
    img *= light[..., None]
    temp = rng.uniform(-0.09, 0.09)
    img *= np.float32([1 - temp, 1, 1 + temp])
    if rng.random() < 0.3:  # glare spots: a lamp or a window in glossy paper or laminate
        g = np.zeros((h, w), np.float32)
        for _ in range(int(rng.integers(1, 4))):
            p = quad.mean(axis=0) + (quad[int(rng.integers(4))] - quad.mean(axis=0)) * rng.uniform(
                0, 0.9
            )
            ax = (int(px_per_mm * rng.uniform(4, 30)), int(px_per_mm * rng.uniform(3, 15)))
            cv2.ellipse(g, tuple(p.astype(int)), ax, float(rng.uniform(0, 180)), 0, 360, 1.0, -1)
        g = cv2.GaussianBlur(g, (0, 0), px_per_mm * rng.uniform(1, 6))
        img += (rng.uniform(90, 220) * g)[..., None]
        tags.append("glare")
    if rng.random() < 0.14:
        img *= rng.uniform(0.18, 0.42)
        tags.append("low_light")
    if rng.random() < 0.1:
        c = rng.uniform(0.4, 0.65)
        img = img * c + (1 - c) * float(img.mean()) * rng.uniform(0.9, 1.2)
        tags.append("low_contrast")

    # optics
    if rng.random() < 0.6:
        img, quad = barrel(img, quad, rng.uniform(0.01, 0.08))
    r = rng.random()
    if r < 0.14:
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(1.5, 3.5) * scale)
        tags.append("blur")
    elif r < 0.26:
        n = max(3, int(rng.integers(6, 18) * scale) | 1)
        img = cv2.filter2D(img, -1, dr.motion_kernel(n, float(rng.uniform(0, 180))))
        tags.append("blur")
    else:
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.4, 1.0) * max(scale, 0.5))
    # sensor: shot noise grows as the light falls, plus read noise
    shot = np.sqrt(np.maximum(img, 0) / 255.0) * rng.uniform(2, 6)
    dim = "low_light" in tags
    img = img + shot * rng.normal(0, 1, (h, w, 1)).astype(np.float32)
    img += rng.normal(0, rng.uniform(1, 3) * (2.5 if dim else 1), (h, w, 3)).astype(np.float32)
    out = np.clip(img, 0, 255).astype(np.uint8)
    quality = int(rng.integers(60, 96))
    visible = clipped_area(quad, size) / max(abs(cv2.contourArea(np.float32(quad))), 1)
    meta = {
        "quad": [[round(float(x), 2), round(float(y), 2)] for x, y in quad],
        "kind": kind,
        "size_mm": list(size_mm),
        "desk": fam,
        "tags": sorted(set(tags)),
        "hard": bool(set(tags) - {"a4", "a5", "hukou", "letter", "card"} - {"dark_desk"}),
        "visible": round(visible, 3),
        "size": [w, h],
        "scenes": "desk",
        "note": "fictitious; true paper corners, document's top-left first, clockwise",
    }
    return out, quality, meta
