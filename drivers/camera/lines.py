"""Proposals from straight lines: the line path of the page detector (detect.py).

For low contrast, light-on-light, shadows and partly covered pages: OpenCV's
LSD line-segment detector runs on a contrast-stretched copy, collinear
segments are merged into lines (``merge_segments``), the lines that are real
brightness steps are kept, always with the outermost of each direction (a
page's text rows are inside it; ``select_lines``), and quads are made of two
roughly parallel pairs (``quads_from_lines``); the image border may stand in
for the side of a page running out of frame. Pure functions: any thread
(the LSD instance passed to ``line_quads`` belongs to its caller's thread).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import cv2
import numpy as np

from drivers.camera import geometry as geo
from drivers.camera.scoring import MAX_ASPECT

if TYPE_CHECKING:
    from drivers.camera.scoring import Scorer


def line_quads(
    lsd: cv2.LineSegmentDetector, grey: np.ndarray, scorer: Scorer, min_area: float
) -> list[np.ndarray]:
    """The line path's proposals on the working image (``scorer`` judges the lines' steps)."""
    # LSD's gradient threshold is absolute: stretch the contrast so faint edges
    # (white paper on a white desk) pass it; its a-contrario test keeps noise out.
    lo, hi = np.percentile(grey, (2, 98))
    gain = 255.0 / max(float(hi - lo), 16.0)
    stretched = cv2.convertScaleAbs(grey, alpha=gain, beta=-float(lo) * gain)
    segs = lsd.detect(stretched)[0]
    if segs is None:
        return []
    h, w = grey.shape
    lines = merge_segments(segs.reshape(-1, 4), min_len=0.04 * math.hypot(w, h))
    scorer.edgeness(lines)
    return quads_from_lines(select_lines(lines), w, h, min_area)


@dataclass
class Line:
    """A straight line made of collinear LSD segments (working-image pixels).

    Made and read by the thread detecting in one frame.
    """

    theta: float  # direction angle in [0, pi)
    rho: float  # offset along the normal (-sin theta, cos theta)
    support: float  # total length of its segments
    lo: float  # extent of its segments along the direction
    hi: float
    edge: float = 0.5  # how much of it is a real brightness step (0-1)

    def point(self, s: float) -> tuple[float, float]:
        c, si = math.cos(self.theta), math.sin(self.theta)
        return (s * c - self.rho * si, s * si + self.rho * c)


def merge_segments(
    segs: np.ndarray, min_len: float, max_lines: int = 60, max_segs: int = 160
) -> list[Line]:
    """Group LSD segments lying on one line (angle within 2.5 deg, offset within 2.5 px)."""
    d = segs[:, 2:4] - segs[:, 0:2]
    length = np.hypot(d[:, 0], d[:, 1])
    order = np.argsort(-length)[:max_segs]
    order = order[length[order] >= min_len * 0.3]
    segs, d, length = segs[order], d[order], length[order]
    theta = np.mod(np.arctan2(d[:, 1], d[:, 0]), np.pi)
    mid = (segs[:, 0:2] + segs[:, 2:4]) / 2
    rho = -np.sin(theta) * mid[:, 0] + np.cos(theta) * mid[:, 1]
    along = np.cos(theta) * mid[:, 0] + np.sin(theta) * mid[:, 1]
    # line state in arrays, grown as segments arrive (longest first)
    lt, lr = np.zeros(len(segs)), np.zeros(len(segs))
    ls, llo, lhi = np.zeros(len(segs)), np.zeros(len(segs)), np.zeros(len(segs))
    n = 0
    tol = math.radians(2.5)
    for i in range(len(segs)):
        th, r, ln, a = theta[i], rho[i], length[i], along[i]
        if n:
            dth = np.abs(th - lt[:n])
            wrap = dth > math.pi / 2  # same direction across the 0/pi wrap: normal flips
            dth = np.where(wrap, math.pi - dth, dth)
            r2 = np.where(wrap, -r, r)
            hit = np.flatnonzero((dth < tol) & (np.abs(r2 - lr[:n]) < 2.5))
            if hit.size:
                j = hit[0]
                a2 = -a if wrap[j] else a
                ls[j] += ln
                llo[j], lhi[j] = min(llo[j], a2 - ln / 2), max(lhi[j], a2 + ln / 2)
                continue
        lt[n], lr[n], ls[n], llo[n], lhi[n] = th, r, ln, a - ln / 2, a + ln / 2
        n += 1
    idx = [i for i in np.argsort(-ls[:n]) if ls[i] >= min_len][:max_lines]
    return [
        Line(float(lt[i]), float(lr[i]), float(ls[i]), float(llo[i]), float(lhi[i])) for i in idx
    ]


def select_lines(lines: list[Line], count: int = 22) -> list[Line]:
    """The best-supported step lines, plus the outermost lines of each direction.

    Text rows make many strong lines inside a page; its edges are the
    outermost lines of their direction, so those are always kept.
    """
    good = [ln for ln in lines if ln.edge >= 0.45]
    ranked = sorted(good, key=lambda ln: -ln.support * ln.edge)
    keep = ranked[: count - 8]
    bins: dict[int, list[Line]] = {}
    for ln in good:
        bins.setdefault(int(math.degrees(ln.theta) // 12) % 15, []).append(ln)
    extremes: list[Line] = []
    for group in bins.values():
        if len(group) >= 2:
            # rho flips sign across the 0/pi wrap, so compare offsets in the group's frame
            ref = group[0].theta
            off = [ln.rho if abs(ln.theta - ref) < math.pi / 2 else -ln.rho for ln in group]
            extremes += [group[int(np.argmin(off))], group[int(np.argmax(off))]]
    for ln in sorted(extremes, key=lambda ln: -ln.support):
        if len(keep) >= count:
            break
        if all(ln is not k for k in keep):
            keep.append(ln)
    return keep


def quads_from_lines(
    lines: list[Line], w: int, h: int, min_area: float, top: int = 24
) -> list[np.ndarray]:
    """Quads from two pairs of roughly parallel lines, best covered by their segments first.

    The image border may stand in for a side (a page running out of the
    frame). Vectorised: a few hundred lines' worth of pairs costs a few ms.
    """
    border = [
        Line(0.0, 0.0, 0.0, 0, w, 0.0),
        Line(0.0, float(h - 1), 0.0, 0, w, 0.0),
        Line(math.pi / 2, 0.0, 0.0, 0, h, 0.0),
        Line(math.pi / 2, -float(w - 1), 0.0, 0, h, 0.0),
    ]
    cand = lines + border
    n = len(cand)
    th = np.array([ln.theta for ln in cand])
    rho = np.array([ln.rho for ln in cand])
    lo = np.array([ln.lo for ln in cand])
    hi = np.array([ln.hi for ln in cand])
    density = np.array([ln.support / max(ln.hi - ln.lo, 1e-6) for ln in cand])
    weight = np.array([ln.edge if ln.support > 0 else 0.3 for ln in cand])
    density[-4:] = 1.0
    a, b, c = -np.sin(th), np.cos(th), -rho
    den = a[:, None] * b[None, :] - a[None, :] * b[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        mx = (b[:, None] * c[None, :] - b[None, :] * c[:, None]) / den
        my = (a[None, :] * c[:, None] - a[:, None] * c[None, :]) / den
    iu, ju = np.triu_indices(n, 1)
    dth = np.abs(th[iu] - th[ju])
    dth = np.minimum(dth, np.pi - dth)
    is_pair = (dth < math.radians(30)) & ~((iu >= n - 4) & (ju >= n - 4))
    pi_, pj_ = iu[is_pair], ju[is_pair]
    if len(pi_) < 2:
        return []
    x, y = np.triu_indices(len(pi_), 1)
    i, j, k, m = pi_[x], pj_[x], pi_[y], pj_[y]
    distinct = (i != k) & (i != m) & (j != k) & (j != m)
    dt = np.abs(th[i] - th[k])
    dt = np.minimum(dt, np.pi - dt)
    sel = distinct & (dt > math.radians(40))
    order = np.stack([i[sel], k[sel], j[sel], m[sel]], axis=1)  # sides around the quad
    nxt = geo.next_of(order, 1)
    qx, qy = mx[order, nxt], my[order, nxt]  # corner e joins side e and side e + 1
    ok = np.isfinite(qx).all(1) & np.isfinite(qy).all(1)
    ok &= (qx > -0.6 * w).all(1) & (qx < 1.6 * w).all(1)
    ok &= (qy > -0.6 * h).all(1) & (qy < 1.6 * h).all(1)
    order, qx, qy = order[ok], qx[ok], qy[ok]
    if len(order) == 0:
        return []
    quads = np.stack([qx, qy], axis=2)
    side = np.hypot(*(quads - geo.prev_of(quads, 1)).transpose(2, 0, 1))  # side e: e-1 -> e
    mean_a, mean_b = (side[:, 0] + side[:, 2]) / 2, (side[:, 1] + side[:, 3]) / 2
    short, long_ = np.minimum(mean_a, mean_b), np.maximum(mean_a, mean_b)
    keep = geo.convex_mask(quads) & (short >= 0.06 * min(w, h)) & (long_ <= MAX_ASPECT * short)
    keep &= geo.areas(quads) >= min_area * w * h
    order, quads, side = order[keep], quads[keep], side[keep]
    if len(order) == 0:
        return []
    # how much of each side its line's segments cover
    prev = geo.prev_of(quads, 1)
    ct, st = np.cos(th[order]), np.sin(th[order])
    s0 = prev[..., 0] * ct + prev[..., 1] * st
    s1 = quads[..., 0] * ct + quads[..., 1] * st
    overlap = np.minimum(hi[order], np.maximum(s0, s1)) - np.maximum(lo[order], np.minimum(s0, s1))
    covered = np.clip(overlap, 0, None) * density[order] * weight[order]
    cover = covered.sum(1) / np.maximum(side.sum(1), 1e-6)
    best = np.argsort(-cover)[:top]
    return [quads[b].astype(np.float32) for b in best]
