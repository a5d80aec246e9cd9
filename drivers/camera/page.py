"""Turning a detected quad into a flat, clean, small page.

* **Shape and size**: the page's real aspect ratio is estimated from the
  quad (with the perspective undone, assuming the principal point at the
  image centre) and snapped to a known format: A4, US letter, A5, a 户口簿
  page (105 x 143 mm) or an ID-1 card (85.6 x 54 mm, for ID-card copies,
  both sides). A5 shares A4's shape and a 户口簿 page nearly so: they are
  told apart by what the material is (``Sizing.expect``) and, when the
  camera's scale is known (``Sizing.field_mm``), by the page's size on the
  desk. A 户口簿 page is never taken for a card. Anything else keeps its
  measured ratio. The caller may force a format.
* **Output size**: pages come out at 200 dpi, cards at 300 dpi (the detail of
  an ID card copy), in the orientation they lie in the camera's view;
  ``rotate`` turns the result by quarter turns.
* **Clean-up**: the light falling on the page is estimated (the paper is the
  brightest thing locally, so a dilation of a small copy finds it) and
  divided out, so the paper turns white and even; dark regions much darker
  than the paper (a photo, a header band) are content, not shadow, and are
  kept. Modes: colour, grey, black-and-white (adaptive threshold).
* **Encoding**: JPEG for colour and grey (the white paper compresses to
  almost nothing), 1-bit PNG for black-and-white.

Pure functions on numpy arrays: any thread (the GUI hands them to a worker).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from core.errors import OneWindowError
from drivers.camera import geometry as geo
from drivers.camera.codes import NO_SIZING, Mode, PageKind, Sizing


class ScanError(OneWindowError):
    """A page could not be processed (no image, a degenerate quad)."""

    code = "scan"


# A photo to scan is read only within these bounds: a 30000×30000 PNG is under
# 1 MB on disk and 2.7 GB decoded. 64 MP holds any phone or document camera.
MAX_PHOTO_PIXELS = 64_000_000
MIN_PHOTO_SIDE = 32


def read_photo(path: str | Path) -> np.ndarray:
    """A photo file decoded as BGR, after its size is checked from the header.

    Raises ScanError ``scan.photo_unreadable`` (not an image, missing),
    ``scan.photo_too_small`` or ``scan.photo_too_large`` (over the pixel budget)
    before any large buffer is made. Any thread.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            w, h = im.size
    except Image.DecompressionBombError as exc:  # Pillow's own bound, far above ours
        found = re.search(r"\((\d+) pixels\)", str(exc))
        pixels = int(found.group(1)) if found else MAX_PHOTO_PIXELS + 1
        raise ScanError(
            "scan.photo_too_large", path=str(path), pixels=pixels, limit=MAX_PHOTO_PIXELS
        ) from None
    except (OSError, UnidentifiedImageError, ValueError):
        raise ScanError("scan.photo_unreadable", path=str(path)) from None
    if min(w, h) < MIN_PHOTO_SIDE:
        raise ScanError("scan.photo_too_small", path=str(path), width=w, height=h)
    if w * h > MAX_PHOTO_PIXELS:
        raise ScanError(
            "scan.photo_too_large", path=str(path), pixels=w * h, limit=MAX_PHOTO_PIXELS
        )
    data = np.fromfile(str(path), np.uint8)
    img = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if img is None:
        raise ScanError("scan.photo_unreadable", path=str(path))
    return img


SIZES_MM: dict[PageKind, tuple[float, float]] = {  # short side, long side
    PageKind.A4: (210.0, 297.0),
    PageKind.LETTER: (215.9, 279.4),
    PageKind.A5: (148.0, 210.0),
    PageKind.HUKOU: (105.0, 143.0),
    PageKind.ID1: (54.0, 85.6),
}
DPI = {PageKind.ID1: 300}
DEFAULT_DPI = 200
SNAP = 0.045  # relative aspect difference still taken as a known format
# The material's own format is taken more loosely: a 户口簿 material's page is a
# 户口簿 page up to 13 % off in shape (a booklet lies less flat than a sheet; only a
# real card, 16 % away, is not), unless the camera's scale shows another size.
EXPECT_SNAP = {PageKind.HUKOU: 0.13}
DEFAULT_EXPECT_SNAP = 0.10
SIZE_TOL = 0.17  # relative long-side difference still taken as the format (scale known)
# Formats that share (nearly) their shape with A4: chosen by size or by the material.
BY_SIZE = frozenset({PageKind.A5, PageKind.HUKOU})
SMALL = frozenset({PageKind.ID1, PageKind.HUKOU})  # judged as small formats (quality)
# core.intake.expected_size → the format that material comes in
EXPECTED_KIND = {
    "card": PageKind.ID1,
    "sheet": PageKind.A4,
    "a5": PageKind.A5,
    "hukou": PageKind.HUKOU,
}
JPEG_QUALITY = {Mode.COLOUR: 80, Mode.GREY: 72}


@dataclass(frozen=True)
class Page:
    """One processed page: the encoded image and what it is. Immutable; any thread."""

    data: bytes
    media_type: str  # image/jpeg or image/png
    width: int
    height: int
    dpi: int
    kind: PageKind
    mode: Mode
    thumbnail: bytes = field(repr=False, default=b"")  # small JPEG for page lists

    @property
    def size_mm(self) -> tuple[float, float]:
        return (self.width * 25.4 / self.dpi, self.height * 25.4 / self.dpi)

    @property
    def kb(self) -> float:
        return len(self.data) / 1024

    @property
    def suffix(self) -> str:
        return ".png" if self.media_type == "image/png" else ".jpg"


# ---- shape -----------------------------------------------------------------------------------
def estimate_aspect(quad: np.ndarray, width: int, height: int) -> float:
    """Long side over short side of the real rectangle seen as ``quad``.

    Uses the two vanishing points to recover the focal length (principal
    point at the image centre), then the metric ratio (Zhang & He,
    "Whiteboard scanning and image enhancement", 2007). When the sides are
    nearly parallel, or the estimate is implausible, the ratio of the mean
    side lengths is used instead.
    """
    q = geo.order_quad(quad).astype(np.float64)
    s = geo.side_lengths(q)
    a, b = (s[0] + s[2]) / 2, (s[1] + s[3]) / 2  # width-ish, height-ish
    plain = max(a, b) / max(min(a, b), 1e-6)
    c = np.array([width / 2, height / 2])
    # corners in the Zhang-He order: m1 TL, m2 TR, m3 BL, m4 BR, centred
    m1, m2, m4, m3 = (np.append(p - c, 1.0) for p in q)
    d2 = float(np.dot(np.cross(m2, m4), m3))
    d3 = float(np.dot(np.cross(m3, m4), m2))
    if abs(d2) < 1e-9 or abs(d3) < 1e-9:
        return plain
    k2 = float(np.dot(np.cross(m1, m4), m3)) / d2
    k3 = float(np.dot(np.cross(m1, m4), m2)) / d3
    n2 = k2 * m2 - m1
    n3 = k3 * m3 - m1
    if abs(n2[2]) < 1e-6 or abs(n3[2]) < 1e-6:
        return plain
    f2 = -(n2[0] * n3[0] + n2[1] * n3[1]) / (n2[2] * n3[2])
    if not (0.09 * max(width, height) ** 2 < f2 < 25 * max(width, height) ** 2):
        return plain
    f = math.sqrt(f2)
    kinv = np.diag([1 / f, 1 / f, 1.0])
    w2 = float(n2 @ kinv @ kinv @ n2)
    h2 = float(n3 @ kinv @ kinv @ n3)
    if w2 <= 0 or h2 <= 0:
        return plain
    ratio = math.sqrt(w2 / h2)
    metric = max(ratio, 1 / ratio)
    return metric if 1.0 <= metric < 4.0 else plain


def judged_small(kind: PageKind, sizing: Sizing = NO_SIZING) -> bool:
    """Is the page asked for (or the material's) a small format (a card, a 户口簿 page),
    which may cover less of the frame (quality.MIN_SHARE)?"""
    return kind in SMALL or EXPECTED_KIND.get(sizing.expect) in SMALL


def long_side_mm(quad: np.ndarray, width: int, height: int, field_mm: float) -> float:
    """The page's long side on the desk in mm (0 when the camera's scale is unknown).

    A document camera looks straight down from a fixed height: the frame's
    long side spans ``field_mm`` on the desk, and the page's long sides
    (their mean, so a slight tilt evens out) scale the same way.
    """
    if field_mm <= 0:
        return 0.0
    s = geo.side_lengths(geo.order_quad(quad))
    long_px = max((s[0] + s[2]) / 2, (s[1] + s[3]) / 2)
    return float(long_px * field_mm / max(width, height, 1))


def choose_kind(ratio: float, long_mm: float = 0.0, expect: str = "") -> PageKind:
    """The format of a page of this real aspect ``ratio`` (long over short).

    ``long_mm`` is its long side on the desk (0: unknown), ``expect`` what
    the material is (core.intake.expected_size). The material's own format
    wins when its shape and size allow it; otherwise the nearest format
    within SNAP whose size fits. Without a size, A5 and the 户口簿 page are
    not told from A4 by shape alone, except that a card material's page
    shaped like a 户口簿 page is one (never a card).
    """

    def off(kind: PageKind) -> float:
        short, long = SIZES_MM[kind]
        return abs(math.log(ratio / (long / short)))

    def fits(kind: PageKind) -> bool:
        return long_mm <= 0 or abs(math.log(long_mm / SIZES_MM[kind][1])) < SIZE_TOL

    want = EXPECTED_KIND.get(expect)
    card_like = want is PageKind.ID1 and off(PageKind.ID1) < off(PageKind.HUKOU)
    if (
        want is not None
        and (want is not PageKind.ID1 or card_like)
        and fits(want)
        and off(want) < EXPECT_SNAP.get(want, DEFAULT_EXPECT_SNAP)
    ):
        return want
    best, best_off = PageKind.OTHER, SNAP
    for kind in SIZES_MM:
        by_shape = kind not in BY_SIZE or (kind is PageKind.HUKOU and want is PageKind.ID1)
        if (long_mm > 0 or by_shape) and fits(kind) and off(kind) < best_off:
            best, best_off = kind, off(kind)
    return best


def classify(
    quad: np.ndarray, width: int, height: int, sizing: Sizing = NO_SIZING
) -> tuple[PageKind, float]:
    """The known format of the page seen as ``quad`` (or OTHER), and its aspect ratio."""
    r = estimate_aspect(quad, width, height)
    long_mm = long_side_mm(quad, width, height, sizing.field_mm)
    return choose_kind(r, long_mm, sizing.expect), r


def output_size(
    quad: np.ndarray,
    width: int,
    height: int,
    kind: PageKind = PageKind.AUTO,
    dpi: int = 0,
    sizing: Sizing = NO_SIZING,
) -> tuple[int, int, int, PageKind]:
    """Pixel size (w, h), dpi and format of the corrected page, upright as it lies."""
    q = geo.order_quad(quad)
    s = geo.side_lengths(q)
    landscape = (s[0] + s[2]) >= (s[1] + s[3])
    ratio = estimate_aspect(q, width, height)
    if kind is PageKind.AUTO:
        kind, ratio = classify(q, width, height, sizing)
    if kind in SIZES_MM:
        short_mm, long_mm = SIZES_MM[kind]
    else:  # unknown format: measured ratio, measured size (or as long as an A4 page)
        long_mm = long_side_mm(q, width, height, sizing.field_mm)
        if long_mm <= 0:
            long_mm = 297.0 if max(s) > 0.35 * max(width, height) else 148.0
        short_mm = long_mm / max(ratio, 1.0)
    dpi = dpi or DPI.get(kind, DEFAULT_DPI)
    short_px, long_px = round(short_mm / 25.4 * dpi), round(long_mm / 25.4 * dpi)
    w, h = (long_px, short_px) if landscape else (short_px, long_px)
    return w, h, dpi, kind


def warp(frame: np.ndarray, quad: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """The quad's contents as a flat (w, h) image; corners map to pixel edges exactly."""
    w, h = size
    q = geo.order_quad(quad).astype(np.float32)
    src_rect = np.float32([[-0.5, -0.5], [w - 0.5, -0.5], [w - 0.5, h - 0.5], [-0.5, h - 0.5]])
    m = cv2.getPerspectiveTransform(q, src_rect)
    return cv2.warpPerspective(
        frame, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )


def rotate(img: np.ndarray, quarter_turns: int) -> np.ndarray:
    """Turn clockwise by quarter turns."""
    k = quarter_turns % 4
    if k == 0:
        return img
    codes = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(img, codes[k])


# ---- clean-up --------------------------------------------------------------------------------
def illumination(grey: np.ndarray) -> np.ndarray:
    """The light on the paper, per pixel (uint8), from a small copy.

    Dark regions far below the paper's brightness are content (a photo, a
    band), not shadow: the estimate never drops below 55 % of the paper.
    """
    h, w = grey.shape
    s = max(1, round(max(h, w) / 200))
    small = cv2.resize(grey, (max(1, w // s), max(1, h // s)), interpolation=cv2.INTER_AREA)
    k = max(3, (max(small.shape) // 12) | 1)
    bg = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    bg = cv2.GaussianBlur(bg, (0, 0), k / 2)
    paper = float(np.percentile(bg, 90))
    bg = np.maximum(bg, np.uint8(min(255, 0.55 * paper)))
    return cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR)


def _stretch_lut(norm: np.ndarray) -> np.ndarray:
    """Tone curve: the paper to white, the darkest ink to black, text slightly darker."""
    black = min(float(np.percentile(norm[::4, ::4], 0.5)), 120.0)
    white = 235.0
    x = np.arange(256, dtype=np.float32)
    y = np.clip((x - black) / (white - black), 0, 1) ** 1.25 * 255
    return y.astype(np.uint8)


def enhance(img: np.ndarray, mode: Mode) -> np.ndarray:
    """Even light, white paper, crisp ink; grey and bw give one channel."""
    grey = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY) if img.ndim == 3 else img
    bg = illumination(grey)
    if mode is Mode.COLOUR and img.ndim == 3:
        bg3 = cv2.merge([bg, bg, bg])
        norm = cv2.divide(img, bg3, scale=255)
        # white balance on the paper: the bright pixels' mean per channel
        bright = norm[::4, ::4].reshape(-1, 3)
        lum = bright.mean(axis=1)
        paper = bright[lum >= np.percentile(lum, 80)].mean(axis=0)
        gains = 255.0 / np.maximum(paper, 1.0)
        norm = cv2.multiply(norm, np.array([*gains, 0.0]), dtype=cv2.CV_8U)
        return cv2.LUT(norm, _stretch_lut(cv2.cvtColor(norm, cv2.COLOR_BGR2GRAY)))
    norm = cv2.divide(grey, bg, scale=255)
    if mode is Mode.BW:
        block = max(15, (min(norm.shape) // 40) | 1)
        return cv2.adaptiveThreshold(
            norm, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, 18
        )
    return cv2.LUT(norm, _stretch_lut(norm))


def encode(img: np.ndarray, mode: Mode) -> tuple[bytes, str]:
    """(bytes, media type): JPEG for colour/grey, 1-bit PNG for black-and-white."""
    if mode is Mode.BW:
        ok, data = cv2.imencode(".png", img, [cv2.IMWRITE_PNG_BILEVEL, 1])
        if not ok:
            raise ScanError("scan.encode_failed")
        return data.tobytes(), "image/png"
    params = [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY[mode], cv2.IMWRITE_JPEG_OPTIMIZE, 1]
    ok, data = cv2.imencode(".jpg", img, params)
    if not ok:
        raise ScanError("scan.encode_failed")
    return data.tobytes(), "image/jpeg"


def thumbnail(img: np.ndarray, long_side: int = 180) -> bytes:
    h, w = img.shape[:2]
    s = long_side / max(h, w)
    small = cv2.resize(
        img, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA
    )
    ok, data = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 70])
    return data.tobytes() if ok else b""


def process_page(
    frame: np.ndarray,
    quad: np.ndarray,
    *,
    mode: Mode = Mode.GREY,
    kind: PageKind = PageKind.AUTO,
    dpi: int = 0,
    quarter_turns: int = 0,
    sizing: Sizing = NO_SIZING,
) -> tuple[Page, np.ndarray]:
    """Warp, clean up and encode one page; returns the Page and the flat, uncleaned image.

    With ``kind`` AUTO the format comes from the quad's shape and ``sizing``
    (the material, the camera's scale). The flat image is what the quality
    checks look at (glare and darkness are judged before the clean-up hides
    them). Raises ScanError for a
    frame or quad that cannot make a page.
    """
    mode, kind = Mode(mode), PageKind(kind)
    if frame is None or frame.size == 0:
        raise ScanError("scan.no_image")
    q = np.asarray(quad, np.float32).reshape(-1, 2)
    if q.shape != (4, 2) or not geo.is_convex(q) or geo.area(q) < 100:
        raise ScanError("scan.bad_corners")
    fh, fw = frame.shape[:2]
    w, h, dpi, kind = output_size(q, fw, fh, kind, dpi, sizing)
    flat = rotate(warp(frame, q, (w, h)), quarter_turns)
    clean = enhance(flat, mode)
    # the outermost pixels mix in a little desk: paper-white them
    b = 2
    clean[:b], clean[-b:], clean[:, :b], clean[:, -b:] = 255, 255, 255, 255
    data, media = encode(clean, mode)
    ch, cw = clean.shape[:2]
    page = Page(data, media, cw, ch, dpi, kind, mode, thumbnail(clean))
    return page, flat
