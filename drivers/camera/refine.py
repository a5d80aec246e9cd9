"""Moving a quad's sides onto the page's real edges.

``refine`` re-fits each side to the nearest strong brightness step along its
normal (on the working image to snap proposals, on the full frame for
sub-pixel corners); ``extensions`` pushes a side that lies across the page
(a table rule, a gap between text rows) out to where the paper really ends.
Part of the page detector (detect.py). Pure functions: any thread.
"""

from __future__ import annotations

import functools
import math

import cv2
import numpy as np

from drivers.camera import geometry as geo
from drivers.camera.scoring import GREY, Candidate, Scorer


# ---- pushing a side out to the page's real edge ---------------------------------------------
def extensions(scorer: Scorer, cand: Candidate, run: int = 8) -> tuple[list[np.ndarray], float]:
    """Quads with a side moved outward to where the paper really ends.

    A quad closed by a line across the page (a table rule, a gap between
    text rows) has paper on both sides of that line. Walking outward from
    each side, the page goes on (paper, or text: textured) until a smooth
    darker run at least ``run`` pixels long (the desk, the page's shadow):
    a side whose walk finds page first is moved to where the run starts (a
    robust line through those points; the first run, and the longest).
    Returns the quads with one side moved and with all movable sides moved,
    and the share of the sides that could be moved.
    """
    q = cand.quad.astype(np.float64)
    g = scorer.grey
    h, w = g.shape
    u, v = scorer.uv[:, :1], scorer.uv[:, 1:]
    inside = (1 - u) * (1 - v) * q[0] + u * (1 - v) * q[1] + u * v * q[2] + (1 - u) * v * q[3]
    paper = float(np.percentile(scorer.sample(inside) @ GREY, 75))
    tol = max(2.0 * scorer.step, 0.06 * paper)
    t = np.linspace(0.12, 0.88, 12)
    lines = [geo.line_through(q[e], q[(e + 1) % 4]) for e in range(4)]
    moved: dict[int, tuple[float, float, float]] = {}
    for e in range(4):
        p0, p1 = q[e], q[(e + 1) % 4]
        d = (p1 - p0) / max(np.linalg.norm(p1 - p0), 1e-9)
        n = np.array([d[1], -d[0]])
        opp = (q[(e + 2) % 4] + q[(e + 3) % 4]) / 2
        extent = abs(float(np.dot(opp - p0, n)))
        reach = min(2.0 * extent, 0.6 * max(w, h))  # a part may be a third of the page
        if reach < 2 * run:
            continue
        dist = np.arange(1.0, reach)
        base = p0 + t[:, None] * (p1 - p0)
        pts = base[:, None, :] + dist[None, :, None] * n
        ok = (
            (pts[..., 0] >= 0)
            & (pts[..., 0] <= w - 1)
            & (pts[..., 1] >= 0)
            & (pts[..., 1] <= h - 1)
        )
        xs, ys = pts[..., 0].astype(np.float32), pts[..., 1].astype(np.float32)
        prof = cv2.remap(g, xs, ys, cv2.INTER_LINEAR)
        tex = cv2.remap(scorer.texture, xs, ys, cv2.INTER_LINEAR)
        # darker than the paper and smooth (desk, the page's shadow; not a block of text),
        # or far darker than any text block looks at this size (a dark desk)
        low = ((prof < paper - tol) & (tex < 6.0)) | (prof < 0.6 * paper) | ~ok
        # where dark runs of at least `run` samples start (a cumulative-sum window)
        c = np.concatenate([np.zeros((len(t), 1)), np.cumsum(low, axis=1)], axis=1)
        full = (c[:, run:] - c[:, :-run]) >= run
        first = np.where(full.any(1), full.argmax(1), -1)
        # ...and the start of the longest dark stretch (text blocks make short ones first)
        edges = np.diff(np.pad(full.astype(np.int8), ((0, 0), (1, 1))), axis=1)
        r_on, c_on = np.nonzero(edges == 1)
        _r_off, c_off = np.nonzero(edges == -1)
        longest = np.full(len(t), -1)
        if r_on.size:
            order = np.lexsort((-(c_off - c_on), r_on))
            rows_u, at = np.unique(r_on[order], return_index=True)
            longest[rows_u] = c_on[order][at]
        rows = np.arange(len(t))
        for which, pick in ((0, first), (1, longest)):
            far = (pick >= 3) & ok[rows, np.maximum(pick, 0)]
            if far.sum() < 5:
                continue
            edge = base[far] + (dist[pick[far]] - 0.5)[:, None] * n
            moved[e * 2 + which] = geo.robust_line(edge)
    out = []
    for key, ln in moved.items():
        ls = list(lines)
        ls[key // 2] = ln
        quad = geo.quad_from_lines(ls)
        if quad is not None:
            out.append(quad)
    for which in (0, 1):
        chosen = {key // 2: ln for key, ln in moved.items() if key % 2 == which}
        if len(chosen) > 1:
            quad = geo.quad_from_lines([chosen.get(e, lines[e]) for e in range(4)])
            if quad is not None:
                out.append(quad)
    return out, len({key // 2 for key in moved}) / 4.0


# ---- refinement ------------------------------------------------------------------------------
def refine(
    frame: np.ndarray, quad: np.ndarray, polarity: np.ndarray, radius: float, samples: int = 48
) -> np.ndarray:
    """Re-fit each side to the nearest strong brightness step along its normal.

    Works at any resolution (the working image to snap proposals, the full
    frame for sub-pixel corners). Returns the input when a fit fails.
    """
    h, w = frame.shape[:2]
    q = geo.order_quad(quad).astype(np.float64)
    n = samples
    t, offs, near = _refine_grid(n, radius)
    p0, p1 = q, q[_NEXT]
    d = p1 - p0
    ln = np.sqrt((d * d).sum(1))
    if (ln < 8).any():
        return np.float32(quad)
    d /= ln[:, None]
    out = np.stack([d[:, 1], -d[:, 0]], axis=1)
    base = p0[:, None, :] + t[None, :, None] * (p1 - p0)[:, None, :]  # (4, n, 2)
    pts = base[:, :, None, :] + offs[None, None, :, None] * out[:, None, None, :]
    xs = pts[..., 0].astype(np.float32).reshape(4 * n, -1)
    ys = pts[..., 1].astype(np.float32).reshape(4 * n, -1)
    prof = cv2.remap(frame, xs, ys, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    prof = prof.astype(np.float32) @ GREY if prof.ndim == 3 else prof.astype(np.float32)
    prof = prof.reshape(4, n, -1)
    valid = ((xs >= 0) & (xs <= w - 1) & (ys >= 0) & (ys <= h - 1)).all(1).reshape(4, n)
    # the step going outward, signed so the page side's change is positive
    deriv = -(prof[..., 2:] - prof[..., :-2]) * np.asarray(polarity, np.float32)[:, None, None]
    # the strongest step, favouring the one nearest the current side (not a shadow beside it)
    idx = np.argmax(deriv * near, axis=2)
    side, row = _refine_rows(n)
    strength = deriv[side, row, idx]
    i = np.clip(idx, 1, deriv.shape[2] - 2)
    ym1, y0, yp1 = deriv[side, row, i - 1], deriv[side, row, i], deriv[side, row, i + 1]
    den = ym1 - 2 * y0 + yp1
    safe = np.where(np.abs(den) > 1e-6, den, 1.0)
    sub = np.clip(np.where(np.abs(den) > 1e-6, 0.5 * (ym1 - yp1) / safe, 0.0), -0.5, 0.5)
    found = base + (offs[1:-1][idx] + sub)[..., None] * out[:, None, :]
    good_all = valid & (strength > 3) & (idx > 0) & (idx < deriv.shape[2] - 1)
    # per side, keep the points at least 0.4 of its median strength (sides with 6 or more)
    count = good_all.sum(1)
    ranked = np.sort(np.where(good_all, strength, np.inf), axis=1)
    lo, hi = np.maximum(count - 1, 0) // 2, count // 2
    median = (ranked[_SIDES, lo] + ranked[_SIDES, hi]) / np.float32(2)
    strong = strength >= (0.4 * median)[:, None]
    good_all = np.where((count >= 6)[:, None], good_all & strong, good_all)
    lines = []
    for e, enough in enumerate(good_all.sum(1) >= 6):
        fit = geo.robust_line(found[e][good_all[e]]) if enough else geo.line_through(p0[e], p1[e])
        lines.append(fit)
    new = geo.quad_from_lines(lines)  # new[i] joins side i and side i + 1: the corner q[i + 1]
    if new is None:
        return np.float32(quad)
    new = new[_PREV]
    if not geo.is_convex(new) or np.abs(new - q).max() > 4 * radius:
        return np.float32(quad)
    return new


# Corner and side indices: plain indexing, where np.roll costs more than the work on 4 rows.
_NEXT = np.array([1, 2, 3, 0])
_PREV = np.array([3, 0, 1, 2])
_SIDES = np.arange(4)


@functools.cache
def _refine_grid(n: int, radius: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """refine's sample positions along a side, offsets across it, nearness weights."""
    t = 0.06 + 0.88 * (np.arange(n) + 0.5) / n
    r = math.ceil(radius)
    offs = np.arange(-r, r + 1, dtype=np.float64)
    near = np.exp(-0.5 * (offs[1:-1] / max(radius * 0.6, 1.0)) ** 2).astype(np.float32)
    for a in (t, offs, near):
        a.flags.writeable = False
    return t, offs, near


@functools.cache
def _refine_rows(n: int) -> tuple[np.ndarray, np.ndarray]:
    side, row = np.meshgrid(np.arange(4), np.arange(n), indexing="ij")
    side.flags.writeable = row.flags.writeable = False
    return side, row
