"""Proposals traced from regions: the contour path and the net's page map.

The contour path thresholds the working image a few ways (brightness,
whiteness, a brighter core, closed edges, regions walled in by edges); the
net's proposals come from its page-probability map at three cuts. Either
way the convex hull of each large region gets four sides fitted to it
(``quad_from_hull``), so a hand over a corner or an edge does not break the
quad. Part of the page detector (detect.py). Pure functions: any thread.
"""

from __future__ import annotations

import itertools
import math

import cv2
import numpy as np

from drivers.camera import geometry as geo
from drivers.camera.pagenet import OUT_H, OUT_W


def contour_quads(colour: np.ndarray, grey: np.ndarray, min_area: float) -> list[np.ndarray]:
    """Quads fitted to the large regions of the working image thresholded several ways."""
    g = cv2.GaussianBlur(grey, (5, 5), 0)
    b, gr, r = cv2.split(colour)
    white = cv2.GaussianBlur(cv2.min(cv2.min(b, gr), r), (5, 5), 0)
    t, m1 = cv2.threshold(g, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    _, m2 = cv2.threshold(white, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    masks = [m1, m2]
    hist = cv2.calcHist([g], [0], None, [256], [0, 256]).ravel()
    upper = hist[int(t) + 1 :]
    if upper.sum() > 0:  # a brighter core: between Otsu's cut and the bright class median
        med = int(t) + 1 + int(np.searchsorted(np.cumsum(upper), upper.sum() / 2))
        masks.append(cv2.threshold(g, (t + med) / 2, 255, cv2.THRESH_BINARY)[1])
    kernel = np.ones((3, 3), np.uint8)
    masks = [cv2.morphologyEx(m, cv2.MORPH_OPEN, kernel) for m in masks]
    edges = cv2.dilate(cv2.Canny(g, 20, 60), kernel)
    masks.append(edges)
    masks.append(cv2.bitwise_not(edges))  # regions walled in by edges
    min_px = min_area * g.shape[0] * g.shape[1]
    quads = []
    for m in masks:
        contours, _ = cv2.findContours(m, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        areas = [(cv2.contourArea(c), c) for c in contours]
        big = sorted((a for a in areas if a[0] >= min_px), key=lambda a: -a[0])[:3]
        for _a, c in big:
            q = quad_from_hull(cv2.convexHull(c).reshape(-1, 2).astype(np.float64))
            if q is not None:
                quads.append(q)
    return quads


def net_quads(page_prob: np.ndarray, w: int, h: int, min_area: float) -> list[np.ndarray]:
    """Quads fitted to the net's page map (its larger regions, at three cuts).

    ``page_prob`` is pagenet.PageNet's (64, 80) map of a w x h working image;
    the quads are in that image's pixels. Traced on the map at twice its size
    (160 x 128): the quads are only a start, which the detector snaps to the
    edges in the working image.
    """
    mw, mh = 2 * OUT_W, 2 * OUT_H
    prob = cv2.resize(page_prob, (mw, mh), interpolation=cv2.INTER_LINEAR)
    min_px = min_area * mw * mh
    to_work = np.array([w / mw, h / mh])
    quads = []
    for cut in (0.5, 0.3, 0.7):
        m = (prob > cut).astype(np.uint8)
        contours, _ = cv2.findContours(m, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        big = sorted((c for c in contours if cv2.contourArea(c) >= min_px), key=len)[-2:]
        for c in big:
            hull = (cv2.convexHull(c).reshape(-1, 2) + 0.5) * to_work - 0.5
            q = quad_from_hull(hull.astype(np.float64))
            if q is not None:
                quads.append(q)
    return quads


# ---- fitting four sides to a hull ------------------------------------------------------------
def quad_from_hull(hull: np.ndarray) -> np.ndarray | None:
    """Four sides fitted to a convex hull: the long sides whose quad best matches it.

    When a hand covers a corner the hull has a short chord there; choosing
    four of the long sides and intersecting them restores the corner.
    """
    peri = cv2.arcLength(hull.astype(np.float32), True)
    if peri <= 0:
        return None
    poly = cv2.approxPolyDP(hull.astype(np.float32), 0.012 * peri, True).reshape(-1, 2)
    poly = poly.astype(np.float64)
    n = len(poly)
    if n < 4:
        return None
    if n == 4:
        return np.float32(poly)
    nxt = geo.next_of(poly)
    lengths = np.hypot(*(nxt - poly).T)
    top = sorted(np.argsort(-lengths)[: min(n, 6)].tolist())
    lines = {i: geo.line_through(poly[i], nxt[i]) for i in top}
    hull_area = geo.area(poly)
    best, best_cost = None, math.inf
    for combo in itertools.combinations(top, 4):
        q = geo.quad_from_lines([lines[i] for i in combo])
        if q is None or not geo.is_convex(q):
            continue
        qa = geo.area(q)
        if qa > 3 * hull_area:
            continue
        inter, _ = cv2.intersectConvexConvex(q, np.float32(poly))  # fast; only a cost here
        cost = qa + hull_area - 2 * min(inter, qa, hull_area)
        if cost < best_cost:
            best, best_cost = q, cost
    return best
