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
* ``too_small``: the page covers too little of the frame to be legible.

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


def check_page(flat: np.ndarray) -> list[Issue]:
    """The checks that look at the flat page (before clean-up)."""
    issues = []
    level = paper_level(flat)
    if level < DARK_PAPER:
        issues.append(Issue(IssueCode.TOO_DARK, level))
    g = glare_share(flat)
    if g >= GLARE_MIN_SHARE:
        issues.append(Issue(IssueCode.GLARE, g))
    sharp = sharpness(flat)
    if sharp is not None and sharp < BLUR_MIN:
        issues.append(Issue(IssueCode.BLURRED, sharp))
    return issues


def check(
    flat: np.ndarray, quad: np.ndarray, width: int, height: int, card: bool = False
) -> list[Issue]:
    """Every check, most useful advice first (framing before lighting before focus)."""
    return check_frame(quad, width, height, card) + check_page(flat)
