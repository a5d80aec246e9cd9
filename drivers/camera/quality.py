"""Is this page good enough to keep? Checks with a code per problem.

Each check looks at the flat page (warped, before the clean-up) or at the
quad in the frame and returns an ``Issue`` with a stable code; the words
for citizens and clerks (Chinese, plain language) live in one place,
``widgets/scan_text.py``, like the words for errors.

* ``blurred``: variance of the Laplacian, measured on the page scaled to a
  fixed width (so the same page scores the same at any camera resolution),
  on the tiles that hold ink (a blank margin says nothing about focus);
* ``glare``: a patch of blown-out white brighter than the paper around it
  (a lamp or a window reflected in glossy paper or a card's laminate);
* ``too_dark``: the paper itself is dim;
* ``out_of_frame``: a corner lies outside the image or a side runs along
  its border;
* ``too_small``: the page covers too little of the frame to be legible;
* ``hand`` and ``object``: a hand (a skin-coloured region), or a pen, a
  phone or the like (a dark or strongly coloured region), reaches into the
  page across one of its sides. What is printed on the page is not: text,
  tables and seal rings are thin (a morphological opening removes them), a
  photo or a header band lies inside the margins or runs along a whole side,
  and a sliver of desk left by corners a little off is too shallow.

Pure functions: any thread. Thresholds are module constants, tuned on the
evaluation set (scripts/make_eval_set.py) and the sample documents.
"""

from __future__ import annotations

import cv2
import numpy as np

from drivers.camera import geometry as geo
from drivers.camera.codes import Issue, IssueCode

BLUR_WIDTH = 800  # pages are judged at this width, in pixels
BLUR_MIN = 110.0  # variance of the Laplacian below which ink is blurred
GLARE_MIN_SHARE = 0.006  # blown-out share of the page that counts as glare
DARK_PAPER = 120  # paper (bright percentile) darker than this is too dark
EDGE_MARGIN = 2.0  # pixels: a corner this close to the border counts as touching it
MIN_SHARE = {"page": 0.10, "card": 0.03}  # share of the frame a page / card must cover
# hand and object: judged on a copy of the flat page this long, in pixels
FOREIGN_LONG = 200
FOREIGN_OPEN = 0.025  # opening, share of the short side: thinner strokes are print
FOREIGN_BORDER = 0.02  # a region within this share of the short side touches a side
FOREIGN_MAX_SIDE = 0.7  # a region along more than this of a side is printed (a band)
# (smallest part, how far it reaches in, least in all) as shares of the page / short side,
# and the share of a side such regions may run along before the side counts as printed
# (a card's coloured band, broken up by its words and shadows; an arm runs along a side
# too, so for skin only a whole side is): a hand's fingers are parts of their own
HAND_PARTS = (0.0015, 0.04, 0.005, 1.0)
OBJECT_PARTS = (0.004, 0.06, 0.004, 0.5)
SKIN_CR = (12.0, 180.0)  # skin: Cr this much above the paper's, and below the red of a seal
SKIN_CB = 6.0  # ... and Cb this much below the paper's
SKIN_HUE = (5, 25)  # ... and orange (OpenCV hue, 0-180): a seal's pink is redder
DARK_NORM = 0.5  # darker than this share of the paper under the same light: an object


def sharpness(flat: np.ndarray) -> float | None:
    """Variance of the Laplacian on the inked tiles of the page at BLUR_WIDTH.

    None when the page holds too little ink to judge (a blank side).
    """
    grey = cv2.cvtColor(flat, cv2.COLOR_BGR2GRAY) if flat.ndim == 3 else flat
    h, w = grey.shape
    s = BLUR_WIDTH / max(w, 1)
    g = cv2.resize(grey, (BLUR_WIDTH, max(8, round(h * s))), interpolation=cv2.INTER_AREA)
    lap = cv2.Laplacian(g, cv2.CV_32F, ksize=3)
    t = 50
    rows, cols = g.shape[0] // t, g.shape[1] // t
    if rows == 0 or cols == 0:
        return None
    g_t = g[: rows * t, : cols * t].reshape(rows, t, cols, t).astype(np.float32)
    l_t = lap[: rows * t, : cols * t].reshape(rows, t, cols, t)
    contrast = g_t.std(axis=(1, 3))
    inked = contrast > 18  # tiles with ink on paper, not blank paper or flat colour
    if inked.sum() < 3:
        return None
    return float(l_t.var(axis=(1, 3))[inked].mean())


def glare_share(flat: np.ndarray) -> float:
    """Share of the page in blown-out spots standing out from the light around them.

    A reflection is a compact bright spot; a lamp that merely lights one side
    of the page more is a broad slope. On a small copy the ink is closed
    away, then a morphological opening wider than a spot removes spots but
    keeps slopes: what the opening removed, where the picture is blown out,
    is glare.
    """
    grey = cv2.cvtColor(flat, cv2.COLOR_BGR2GRAY) if flat.ndim == 3 else flat
    h, w = grey.shape
    s = 128 / max(h, w)
    g = cv2.resize(grey, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
    paper = cv2.morphologyEx(g, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))  # ink away
    k = max(9, (max(g.shape) // 3) | 1)
    broad = cv2.morphologyEx(paper, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))  # spots away
    spot = (g >= 250) & (paper.astype(np.int16) - broad.astype(np.int16) >= 40)
    return float(spot.mean())


def paper_level(flat: np.ndarray) -> float:
    """Brightness of the paper: a high percentile of the page (ink is dark, paper is not)."""
    grey = cv2.cvtColor(flat, cv2.COLOR_BGR2GRAY) if flat.ndim == 3 else flat
    return float(np.percentile(grey[::4, ::4], 90))


def _skin_and_dark(small: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Masks of skin-coloured and of dark or strongly coloured pixels, relative to
    the paper (its brightness under the local light, its tint)."""
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    k = max(5, (max(grey.shape) // 8) | 1)
    light = cv2.dilate(grey, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    light = cv2.blur(light, (k, k)).astype(np.float32)
    norm = grey.astype(np.float32) / np.maximum(light, 1.0)
    ycc = cv2.cvtColor(small, cv2.COLOR_BGR2YCrCb).astype(np.float32)
    y, cr, cb = ycc[..., 0], ycc[..., 1], ycc[..., 2]
    paper = norm > 0.85
    if paper.sum() < 0.2 * paper.size:
        paper = np.ones_like(paper)
    cr0, cb0 = float(np.median(cr[paper])), float(np.median(cb[paper]))
    hsv = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)
    hue = hsv[..., 0]
    skin = (
        (cr - cr0 > SKIN_CR[0]) & (cr < SKIN_CR[1]) & (cb0 - cb > SKIN_CB) & (y > 45)
        & (norm > 0.3) & (hue >= SKIN_HUE[0]) & (hue <= SKIN_HUE[1])
    )  # fmt: skip
    strong = (hsv[..., 1] > 150) & (hsv[..., 2] > 60) & ~skin
    dark = ((norm < DARK_NORM) | strong) & ~skin
    return skin, dark


def _crossing_share(mask: np.ndarray, parts: tuple[float, float, float, float]) -> float:
    """Share of the page covered by the regions of ``mask`` that reach into the page
    across a side (thick, deep enough, not along a whole side nor across a side the
    mask runs along), 0 below the least total. ``parts``: smallest region, depth, least
    total, printed side (HAND_PARTS)."""
    min_part, min_depth, min_total, printed_side = parts
    h, w = mask.shape
    short = min(h, w)
    k = max(3, round(FOREIGN_OPEN * short))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    m = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_OPEN, kernel)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(m, connectivity=8)
    if n <= 1:
        return 0.0
    yy, xx = np.mgrid[0:h, 0:w]
    depth = np.minimum(np.minimum(xx, w - 1 - xx), np.minimum(yy, h - 1 - yy)) / short
    band = max(1, round(FOREIGN_BORDER * short))
    # a side the mask runs along (a printed band, broken up by its words) is the print's
    whole = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_CLOSE, kernel)
    printed = [
        whole[:band].any(0).mean() > printed_side,
        whole[-band:].any(0).mean() > printed_side,
        whole[:, :band].any(1).mean() > printed_side,
        whole[:, -band:].any(1).mean() > printed_side,
    ]
    total = 0.0
    for i in range(1, n):
        area = stats[i, cv2.CC_STAT_AREA] / float(h * w)
        if area < min_part:
            continue
        comp = labels == i
        if not (comp & (depth * short < band)).any() or depth[comp].max() < min_depth:
            continue
        sides = (comp[:band].any(0).mean(), comp[-band:].any(0).mean(),
                 comp[:, :band].any(1).mean(), comp[:, -band:].any(1).mean())  # fmt: skip
        along = [t > 0 for t in sides]
        crossing = any(along) and not any(a and p for a, p in zip(along, printed, strict=True))
        if crossing and max(sides) <= FOREIGN_MAX_SIDE:
            total += area
    return total if total >= min_total else 0.0


def foreign_shares(flat: np.ndarray) -> tuple[float, float]:
    """(hand, object): the share of the page under a hand, and under an object,
    that reaches in across a side (0 when there is none)."""
    if flat.ndim != 3:
        flat = cv2.cvtColor(flat, cv2.COLOR_GRAY2BGR)
    small = flat
    while max(small.shape[:2]) >= 2 * FOREIGN_LONG:  # halvings are cheaper than one resize
        small = cv2.pyrDown(small)
    h, w = small.shape[:2]
    s = FOREIGN_LONG / max(h, w)
    size = (max(8, round(w * s)), max(8, round(h * s)))
    small = cv2.resize(small, size, interpolation=cv2.INTER_AREA)
    skin, dark = _skin_and_dark(small)
    return _crossing_share(skin, HAND_PARTS), _crossing_share(dark, OBJECT_PARTS)


def out_of_frame(quad: np.ndarray, width: int, height: int) -> bool:
    q = np.asarray(quad, np.float64)
    m = EDGE_MARGIN
    return bool(
        (q[:, 0] < m).any()
        or (q[:, 1] < m).any()
        or (q[:, 0] > width - 1 - m).any()
        or (q[:, 1] > height - 1 - m).any()
    )


def frame_share(quad: np.ndarray, width: int, height: int) -> float:
    return geo.area(geo.clip_to_frame(quad, width, height)) / float(width * height)


def check_frame(quad: np.ndarray, width: int, height: int, card: bool) -> list[Issue]:
    """The checks that need only where the quad lies (cheap: run on every live frame)."""
    issues = []
    if out_of_frame(quad, width, height):
        issues.append(Issue(IssueCode.OUT_OF_FRAME))
    share = frame_share(quad, width, height)
    if share < MIN_SHARE["card" if card else "page"]:
        issues.append(Issue(IssueCode.TOO_SMALL, share))
    return issues


def check_page(flat: np.ndarray, foreign: bool = True) -> list[Issue]:
    """The checks that look at the flat page (before clean-up). ``foreign=False``
    skips the hand and object checks (a page partly out of frame: its flat copy is
    smeared where the frame ends)."""
    issues = []
    level = paper_level(flat)
    if level < DARK_PAPER:
        issues.append(Issue(IssueCode.TOO_DARK, level))
    g = glare_share(flat)
    if g >= GLARE_MIN_SHARE:
        issues.append(Issue(IssueCode.GLARE, g))
    hand, thing = foreign_shares(flat) if foreign else (0.0, 0.0)
    if hand > 0:
        issues.append(Issue(IssueCode.HAND, hand))
    if thing > 0:
        issues.append(Issue(IssueCode.OBJECT, thing))
    sharp = sharpness(flat)
    if sharp is not None and sharp < BLUR_MIN:
        issues.append(Issue(IssueCode.BLURRED, sharp))
    return issues


def check(
    flat: np.ndarray, quad: np.ndarray, width: int, height: int, card: bool = False
) -> list[Issue]:
    """Every check, most useful advice first (framing before lighting before focus)."""
    framing = check_frame(quad, width, height, card)
    whole = all(i.code is not IssueCode.OUT_OF_FRAME for i in framing)
    return framing + check_page(flat, foreign=whole)
