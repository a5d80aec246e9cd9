"""Quadrilateral helpers shared by detection, tracking, processing and the bench.

A quad is a (4, 2) float32 array of corners in image pixels. ``order_quad``
puts them clockwise (on screen, y pointing down) starting at the top-left,
which is the order every public API uses. Pure functions: any thread.
"""

from __future__ import annotations

import cv2
import numpy as np

Quad = np.ndarray
HLine = tuple[float, float, float]  # homogeneous line (a, b, c): a*x + b*y + c = 0


def next_of(a: np.ndarray, axis: int = 0) -> np.ndarray:
    """``np.roll(a, -1, axis)`` (each corner's successor), with a fraction of its overhead:
    detection calls this thousands of times a second on 4-row arrays."""
    a = np.asarray(a)
    if axis < 0:
        axis += a.ndim
    head = (slice(None),) * axis
    return np.concatenate((a[(*head, slice(1, None))], a[(*head, slice(0, 1))]), axis=axis)


def prev_of(a: np.ndarray, axis: int = 0) -> np.ndarray:
    """``np.roll(a, 1, axis)`` (each corner's predecessor); see ``next_of``."""
    a = np.asarray(a)
    if axis < 0:
        axis += a.ndim
    head = (slice(None),) * axis
    return np.concatenate((a[(*head, slice(-1, None))], a[(*head, slice(0, -1))]), axis=axis)


def order_quad(pts: np.ndarray) -> Quad:
    """Corners clockwise on screen, starting with the one nearest the top-left (min x + y)."""
    p = np.asarray(pts, np.float32).reshape(4, 2)
    c = p.mean(axis=0)
    ang = np.arctan2(p[:, 1] - c[1], p[:, 0] - c[0])
    p = p[np.argsort(ang)]  # increasing angle = clockwise when y points down
    start = int(np.argmin(p[:, 0] + p[:, 1]))
    return p[(np.arange(4) + start) % 4]


def area(quad: Quad) -> float:
    """Unsigned polygon area."""
    return float(abs(cv2.contourArea(np.asarray(quad, np.float32))))


def is_convex(quad: Quad) -> bool:
    q = np.asarray(quad, np.float64).reshape(-1, 2)
    d = next_of(q) - q
    dn = next_of(d)
    cross = d[:, 0] * dn[:, 1] - d[:, 1] * dn[:, 0]
    return bool(np.all(cross > 0) or np.all(cross < 0))


def frame_rect(width: int, height: int) -> np.ndarray:
    return np.float32([[0, 0], [width, 0], [width, height], [0, height]])


def clip_convex(subject: np.ndarray, clip: np.ndarray) -> np.ndarray:
    """Sutherland-Hodgman: the part of polygon ``subject`` inside convex polygon ``clip``.

    Written out because cv2.intersectConvexConvex returns wrong areas when
    the polygons share a collinear side (a page cut by the image border).
    """
    c = np.asarray(clip, np.float64).reshape(-1, 2)
    if _signed_area(c) < 0:
        c = c[::-1]
    out = [tuple(p) for p in np.asarray(subject, np.float64).reshape(-1, 2)]
    for i in range(len(c)):
        if not out:
            break
        ax, ay = c[i]
        bx, by = c[(i + 1) % len(c)]
        ex, ey = bx - ax, by - ay

        def side(p, ax=ax, ay=ay, ex=ex, ey=ey):
            return ex * (p[1] - ay) - ey * (p[0] - ax)

        src, out = out, []
        for j in range(len(src)):
            p, q = src[j - 1], src[j]
            sp, sq = side(p), side(q)
            if sq >= 0:
                if sp < 0:
                    t = sp / (sp - sq)
                    out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
                out.append(q)
            elif sp >= 0:
                t = sp / (sp - sq)
                out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return np.array(out, np.float64).reshape(-1, 2)


def _signed_area(p: np.ndarray) -> float:
    """Positive for clockwise on screen (y down), like the quads here."""
    x, y = p[:, 0], p[:, 1]
    return 0.5 * float(np.sum(x * next_of(y) - next_of(x) * y))


def clip_to_frame(quad: Quad, width: int, height: int) -> np.ndarray:
    """The part of a convex quad inside the image, as a convex polygon (maybe empty)."""
    return clip_convex(quad, frame_rect(width, height)).astype(np.float32)


def intersection_area(a: np.ndarray, b: np.ndarray) -> float:
    """Area shared by two convex polygons."""
    poly = clip_convex(a, b)
    return abs(_signed_area(poly)) if len(poly) >= 3 else 0.0


def iou_in_frame(a: Quad | None, b: Quad | None, width: int, height: int) -> float:
    """Polygon IoU of two convex quads, both clipped to the image first.

    The part of a page that lies outside the photo cannot be seen, so it does
    not count. A missing or non-convex quad scores 0.
    """
    if a is None or b is None or not is_convex(a) or not is_convex(b):
        return 0.0
    pa, pb = clip_to_frame(a, width, height), clip_to_frame(b, width, height)
    if len(pa) < 3 or len(pb) < 3:
        return 0.0
    inter = intersection_area(pa, pb)
    union = area(pa) + area(pb) - inter
    return float(inter / union) if union > 0 else 0.0


def line_through(p: np.ndarray, q: np.ndarray) -> HLine:
    """Homogeneous line (a, b, c), a*x + b*y + c = 0, through two points.

    Plain floats: numpy's cross costs more than the arithmetic here, and
    detection calls this thousands of times a frame.
    """
    return (p[1] - q[1], q[0] - p[0], p[0] * q[1] - q[0] * p[1])


def intersect(l1: HLine, l2: HLine) -> tuple[float, float] | None:
    """Where two homogeneous lines meet; None when they are parallel."""
    a1, b1, c1 = l1
    a2, b2, c2 = l2
    d = a1 * b2 - a2 * b1
    if abs(d) < 1e-9:
        return None
    return ((b1 * c2 - b2 * c1) / d, (a2 * c1 - a1 * c2) / d)


def quad_from_lines(lines: list[HLine]) -> Quad | None:
    """Corners where consecutive lines of four (in order around the quad) meet:
    corner i joins line i and line i + 1."""
    pts = []
    for i in range(4):
        p = intersect(lines[i], lines[(i + 1) % 4])
        if p is None:
            return None
        pts.append(p)
    return np.float32(pts)


def robust_line(pts: np.ndarray) -> HLine:
    """A line through points, ignoring outliers (occluders, text near the edge)."""
    p = pts.astype(np.float32)
    vx = vy = x0 = y0 = 0.0
    for _ in range(2):
        vx, vy, x0, y0 = (float(v) for v in cv2.fitLine(p, cv2.DIST_HUBER, 0, 0.01, 0.01).ravel())
        res = np.abs((p[:, 0] - x0) * -vy + (p[:, 1] - y0) * vx)
        if res.max() < 1.0:  # all on the line already
            break
        keep = res < max(1.0, 2.0 * float(res.mean()))
        if keep.sum() < 6 or keep.all():
            break
        p = p[keep]
    return line_through(np.array([x0, y0]), np.array([x0 + vx, y0 + vy]))


def side_lengths(quad: Quad) -> np.ndarray:
    q = np.asarray(quad, np.float32)
    return np.linalg.norm(next_of(q) - q, axis=1)


def mean_corner_distance(a: Quad, b: Quad) -> float:
    return float(np.linalg.norm(np.asarray(a) - np.asarray(b), axis=1).mean())


def default_quad(width: int, height: int, inset: float = 0.1) -> Quad:
    """A centred rectangle for manual corner editing when nothing was detected."""
    dx, dy = width * inset, height * inset
    return np.float32([[dx, dy], [width - dx, dy], [width - dx, height - dy], [dx, height - dy]])


def order_quads(quads: np.ndarray) -> np.ndarray:
    """``order_quad`` for a stack of quads, shape (C, 4, 2)."""
    q = np.asarray(quads, np.float64).reshape(-1, 4, 2)
    c = q.mean(axis=1, keepdims=True)
    ang = np.arctan2(q[..., 1] - c[..., 1], q[..., 0] - c[..., 0])
    q = np.take_along_axis(q, np.argsort(ang, axis=1)[..., None], axis=1)
    start = np.argmin(q[..., 0] + q[..., 1], axis=1)
    idx = (start[:, None] + np.arange(4)[None, :]) % 4
    return np.take_along_axis(q, idx[..., None], axis=1)


def convex_mask(quads: np.ndarray) -> np.ndarray:
    """Which quads of a (C, 4, 2) stack are strictly convex."""
    d = next_of(quads, 1) - quads
    dn = next_of(d, 1)
    cross = d[..., 0] * dn[..., 1] - d[..., 1] * dn[..., 0]
    return (cross > 0).all(1) | (cross < 0).all(1)


def areas(quads: np.ndarray) -> np.ndarray:
    """Unsigned areas of a (C, 4, 2) stack (shoelace)."""
    x, y = quads[..., 0], quads[..., 1]
    return 0.5 * np.abs((x * next_of(y, 1) - next_of(x, 1) * y).sum(1))
