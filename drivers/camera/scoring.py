"""Judging a proposed quad: is each of its sides a paper edge, is its inside paper?

``Scorer`` samples the colour just inside and just outside each side of a
stack of quads on the working image: a paper edge is a step above the
noise, in the same colour direction all along it, with even paper inside; a
table rule, a text block or a desk pattern is not. What it measures per quad
(``FEATURES``) is what the learned ranker (ranker.py) weighs. Part of the
page detector (detect.py).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import cv2
import numpy as np

from drivers.camera import geometry as geo
from drivers.camera.pagenet import OUT_H, OUT_W, agreement

if TYPE_CHECKING:
    from drivers.camera.lines import Line

MAX_ASPECT = 2.8  # longest over shortest mean side; ID-1 is 1.59, A4 1.41
GREY = np.float32([0.114, 0.587, 0.299])  # BGR weights

# What the ranker weighs, per candidate, in this order (see Scorer.score_many and
# ranker.feature_matrix). The ranker (assets/models/ranker.json, read by drivers.camera.ranker:
# a linear term plus one small tanh layer) is fitted by scripts/train_ranker.py on
# training sets rendered with other seeds than the bench's.
FEATURES = (
    "score",  # share of the sides that are paper edges (0.7 mean + 0.3 worst side)
    "worst_side",
    "border_sides",  # share of sides along or beyond the image border
    "border_paper",  # does the paper reach the image border there
    "paper",  # share of the inside that looks like paper
    "size",  # square root of the share of the frame
    "aspect",  # sides' ratio near a paper or card format
    "lines",  # found by the line path
    "contrast",  # typical step across the sides
    "inner_side",  # worst share of a side whose outside looks like the paper
    "net",  # agreement (soft IoU) with the page-segmentation net's map (pagenet)
    "by_net",  # proposed from the net's map
    "holds",  # other good quads inside it
    "held",  # lies inside a bigger good quad
    "extended",  # made by pushing a side of another proposal out to the paper's edge
    "pushed",  # share of its sides beyond which the page goes on (a part of the page)
    "rel_size",  # square root of its area over the largest good proposal's
    "score_gap",  # how far its score is below the best proposal's
    "net_gap",  # how far its "net" is below the best proposal's
)


@dataclass
class Candidate:
    """A judged proposal, in working-image pixels (any thread may read it)."""

    quad: np.ndarray  # (4, 2), clockwise from the top-left
    score: float  # 0-1: how much of the sides are paper edges
    method: str
    polarity: np.ndarray  # per side: +1 when the page side is brighter
    rank: float  # score plus small priors for size and a paper-like inside
    features: np.ndarray  # what the ranker weighs (see FEATURES)
    extended: bool = False  # made by ``extensions``
    pushed: float = 0.0  # share of its sides ``extensions`` could push out

    @property
    def area(self) -> float:
        return geo.area(self.quad)


class Scorer:
    """Judges quads on the working image by sampling colour across their sides.

    A side counts where the colour changes across it by more than the noise
    allows, in the same direction (in colour space) as along the rest of
    that side, and the inside matches its neighbours along the side (even
    paper, not a text block or a table). Sides along or beyond the image
    border count by whether the paper reaches the border. One per frame, used
    by the thread detecting in that frame.
    """

    SAMPLES = 32
    OFFSETS = (1.5, 3.0)

    def __init__(self, colour: np.ndarray, grey: np.ndarray, page_prob: np.ndarray) -> None:
        self.page_prob = page_prob  # the net's (64, 80) page map (pagenet.PageNet)
        self.colour_u8 = colour
        self.colour = colour.astype(np.float32)
        self.h, self.w = grey.shape
        g = grey.astype(np.float32)
        self.grey = g
        resid = np.abs(g - cv2.blur(g, (3, 3)))[::2, ::2]  # a subsample is plenty
        sigma = 1.4826 * float(np.median(resid)) / 0.94
        self.step = float(np.clip(3.5 * sigma, 4.0, 14.0))
        self.median = float(np.median(g[::2, ::2]))
        self.area = float(self.w * self.h)
        u = (np.arange(8) + 0.5) / 8
        # (64, 2) bilinear weights: where a quad's inside is sampled (paper_many, extensions)
        self.uv = np.stack(np.meshgrid(u, u), axis=-1).reshape(-1, 2)
        w, h = self.w, self.h
        xs, ys = np.arange(2.0, w - 2, 6.0), np.arange(2.0, h - 2, 6.0)
        self._rim = np.concatenate(
            [
                np.stack([xs, np.full_like(xs, 2.0)], 1),
                np.stack([xs, np.full_like(xs, h - 3.0)], 1),
                np.stack([np.full_like(ys, 2.0), ys], 1),
                np.stack([np.full_like(ys, w - 3.0), ys], 1),
            ]
        )
        self._rim_colour = self.sample(self._rim)

    @functools.cached_property
    def texture(self) -> np.ndarray:
        """Local texture: high in text and tables, low on desks and plain paper."""
        return cv2.blur(np.abs(cv2.Laplacian(self.grey, cv2.CV_32F)), (5, 5))

    def sample(self, pts: np.ndarray) -> np.ndarray:
        """Bilinear colours at (N, 2) points -> (N, 3)."""
        xs = pts[..., 0].astype(np.float32).reshape(1, -1)
        ys = pts[..., 1].astype(np.float32).reshape(1, -1)
        col = cv2.remap(self.colour, xs, ys, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        return col.reshape(*pts.shape[:-1], 3)

    def _across(self, p0: np.ndarray, p1: np.ndarray, n: int):
        """Mean colours inside/outside at n points along sides p0 -> p1 (outward = left).

        p0, p1: (..., 2). Returns c_in, c_out (..., n, 3) and valid (..., n).
        """
        t = (np.arange(n) + 0.5) / n
        d = p1 - p0
        d = d / np.maximum(np.linalg.norm(d, axis=-1, keepdims=True), 1e-9)
        outward = np.stack([d[..., 1], -d[..., 0]], axis=-1)
        base = p0[..., None, :] + t[:, None] * (p1 - p0)[..., None, :]
        offs = np.array([-o for o in self.OFFSETS] + list(self.OFFSETS))
        pts = base[..., None, :] + offs[:, None] * outward[..., None, None, :]
        col = self.sample(pts)
        valid = (
            (pts[..., 0] >= 0).all(-1)
            & (pts[..., 0] <= self.w - 1).all(-1)
            & (pts[..., 1] >= 0).all(-1)
            & (pts[..., 1] <= self.h - 1).all(-1)
        )
        k = len(self.OFFSETS)
        return col[..., :k, :].mean(axis=-2), col[..., k:, :].mean(axis=-2), valid

    def _consistent(self, diff: np.ndarray, valid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per point: a step above the noise along its side's typical colour change.

        diff: (..., n, 3). Returns ok (..., n) and the typical grey step per side.
        """
        mag = np.linalg.norm(diff, axis=-1)
        strong = valid & (mag > self.step)
        cnt = strong.sum(-1, keepdims=True)
        typical = (diff * strong[..., None]).sum(-2) / np.maximum(cnt, 1)
        typical = np.where(cnt >= 3, typical, 0.0)
        tn = np.linalg.norm(typical, axis=-1)
        cos = (diff * typical[..., None, :]).sum(-1) / np.maximum(mag * tn[..., None], 1e-6)
        return strong & (cos > 0.7), typical @ GREY

    def score(self, quad: np.ndarray, method: str) -> Candidate | None:
        return self.score_many(np.asarray(quad)[None], method, keep_all=True)[0]

    def score_many(self, quads: np.ndarray, method: str, keep_all: bool = False) -> list:
        """Judge a (C, 4, 2) stack; returns Candidates (None for rejects when keep_all)."""
        q = geo.order_quads(quads)
        w, h = self.w, self.h
        q_next = geo.next_of(q, 1)
        side = np.linalg.norm(q_next - q, axis=2)
        a, b = (side[:, 0] + side[:, 2]) / 2, (side[:, 1] + side[:, 3]) / 2
        short, long_ = np.minimum(a, b), np.maximum(a, b)
        fine = geo.convex_mask(q) & (short >= 0.06 * min(w, h)) & (long_ <= MAX_ASPECT * short)
        n = self.SAMPLES
        c_in, c_out, valid = self._across(q, q_next, n)  # (C, 4, n, ...)
        ok, g_typ = self._consistent(c_in - c_out, valid)
        g_in = c_in @ GREY
        g_step = g_in - c_out @ GREY
        # even paper inside: each inside sample close to the median of it and its neighbours
        padded = np.pad(g_in, ((0, 0), (0, 0), (2, 2)), mode="edge")
        a, b = padded[..., :n], padded[..., 4:]
        local = np.maximum(np.minimum(a, b), np.minimum(np.maximum(a, b), g_in))
        ok &= np.abs(g_in - local) < np.maximum(self.step, 0.3 * np.abs(g_step))
        nv = valid.sum(-1)
        measured = nv >= n * 0.25
        frac = ok.sum(-1) / np.maximum(nv, 1)
        # per side: share of points whose outside matches the paper typical of that quad
        paper_col = np.median(c_in.reshape(len(q), -1, 3), axis=1)
        same = np.linalg.norm(c_out - paper_col[:, None, None, :], axis=-1) < 2 * self.step
        like_paper = (same & valid).sum(-1) / np.maximum(nv, 1)
        inside_area = geo.areas(q) / self.area
        papers = self.paper_many(q)
        net = agreement(self.page_prob, q, (OUT_W / w, OUT_H / h))
        # Every candidate at once (a loop of small numpy calls per candidate cost more
        # than the sampling); only sides along the border need one call per candidate.
        n_meas = measured.sum(-1)
        alive = fine & (n_meas >= 2)
        whole = measured.all(-1)
        es = frac.copy()
        border = np.zeros(len(q))
        for ci in np.nonzero(alive & ~whole)[0]:  # sides along or beyond the image border
            okc = ok[ci]
            border[ci] = self._border_score(q[ci], c_in[ci][okc], c_out[ci][okc])
            es[ci][~measured[ci]] = 0.75 * border[ci]
        sign = np.sign(g_typ)
        majority = np.where(sign.sum(-1) >= 0, 1.0, -1.0)
        pol = np.where(np.abs(g_typ) > 1.0, sign, majority[:, None]).astype(np.float32)
        es_min = es.min(-1)
        score = 0.7 * es.mean(-1) + 0.3 * es_min
        size = np.sqrt(np.minimum(1.0, inside_area))
        contrast = (np.abs(g_typ) * measured).sum(-1) / np.maximum(n_meas, 1) / 64.0
        # sides whose outside looks like the paper inside: a line across the page, not its edge
        inner = np.where(measured, like_paper, -np.inf).max(-1)
        feats = np.zeros((len(q), 12))
        feats[:, 0] = score
        feats[:, 1] = es_min
        feats[:, 2] = (4 - n_meas) / 4.0
        feats[:, 3] = np.where(whole, 0.0, border)
        feats[:, 4] = papers
        feats[:, 5] = size
        feats[:, 6] = 0.5
        feats[:, 7] = 1.0 if method == "lines" else 0.0
        feats[:, 8] = np.minimum(contrast, 1.0)
        feats[:, 9] = inner
        feats[:, 10] = net
        # feats[:, 11], by_net: set by the caller
        rank = score + 0.1 * papers + 0.1 * size
        out: list[Candidate | None] = []
        for ci in range(len(q)):
            if not alive[ci]:
                out.append(None)
                continue
            f = feats[ci].copy()
            if whole[ci]:
                f[6] = _aspect_prior(q[ci])
            out.append(
                Candidate(np.float32(q[ci]), float(score[ci]), method, pol[ci], float(rank[ci]), f)
            )
        return out if keep_all else [c for c in out if c is not None]

    def _border_score(self, q: np.ndarray, page: np.ndarray, desk: np.ndarray) -> float:
        """For a page running out of the frame: does the paper reach the image border?

        Compares the typical colour just inside the image border (and inside
        the quad) with the paper and the desk seen across the measured sides:
        1 when it is paper, 0 when it is desk (a quad the border closes
        around a desk pattern), 0.5 when it cannot tell.
        """
        if len(page) < 4:
            return 0.0
        d = geo.next_of(q) - q
        rel = self._rim[:, None, :] - q[None, :, :]
        inside = (d[None, :, 0] * rel[..., 1] - d[None, :, 1] * rel[..., 0] > 2).all(1)
        if inside.sum() < 4:
            return 0.0
        m = np.median(self._rim_colour[inside], axis=0)
        paper, outside = np.median(page, axis=0), np.median(desk, axis=0)
        d_in, d_out = float(np.linalg.norm(m - paper)), float(np.linalg.norm(m - outside))
        return d_out / (d_in + d_out + 1e-6)

    def paper_many(self, q: np.ndarray) -> np.ndarray:
        """Per quad of a (C, 4, 2) stack: share of the inside that looks like paper
        (unsaturated, not darker than the frame's median)."""
        u, v = self.uv[None, :, :1], self.uv[None, :, 1:]
        c0, c1, c2, c3 = (q[:, None, i, :] for i in range(4))
        pts = (1 - u) * (1 - v) * c0 + u * (1 - v) * c1 + u * v * c2 + (1 - u) * v * c3
        c = self.sample(pts)  # (C, 64, 3)
        hi, lo = c.max(axis=-1), c.min(axis=-1)
        sat = (hi - lo) / np.maximum(hi, 1.0)
        return np.mean((sat < 0.25) & (c @ GREY >= self.median), axis=-1)

    def edgeness(self, lines: list[Line]) -> None:
        """Set each line's ``edge``: the share of its extent that is a consistent step."""
        if not lines:
            return
        p0 = np.array([ln.point(ln.lo) for ln in lines])
        p1 = np.array([ln.point(ln.hi) for ln in lines])
        c_a, c_b, valid = self._across(p0, p1, 24)
        ok, _ = self._consistent(c_a - c_b, valid)
        nv = valid.sum(-1)
        for ln, good, v in zip(lines, ok.sum(-1), nv, strict=True):
            ln.edge = float(good) / float(v) if v >= 6 else 0.0


FORMATS = (1.294, 1.362, 1.414, 1.586)  # letter, 户口簿 page, A4/A5, ID-1 card


def _aspect_prior(q: np.ndarray) -> float:
    """1 when the sides' ratio is near a paper or card format, falling off outside."""
    s = geo.side_lengths(q)
    a, b = (s[0] + s[2]) / 2, (s[1] + s[3]) / 2
    r = math.log(max(a, b) / max(min(a, b), 1e-6))
    d = max(0.0, math.log(FORMATS[0]) - 0.05 - r, r - math.log(FORMATS[-1]) - 0.05)
    return math.exp(-((d / 0.15) ** 2))
