"""Finding the page (or card) in a camera frame.

Three ways to propose the four corners, one way to judge them:

* a small **page-segmentation net** (pagenet.py; OpenCV's DNN module, about
  2 ms) maps the whole frame to page probabilities at 80 x 64; quads fitted
  to that map are proposals, snapped to the real edges, and every proposal's
  agreement with the map is what tells the page from what looks like one
  (its table, a shadow line across it, a white desk, the part left in frame);
* the fast **contour path** thresholds a small copy of the frame a few ways
  (brightness, whiteness, a brighter core, closed edges, regions walled in
  by edges), takes the convex hull of each large region and fits four sides
  to it, so a hand over a corner or an edge does not break the quad;
* the **line path** (low contrast, light-on-light, shadows, partly covered
  pages) runs OpenCV's LSD line-segment detector on a contrast-stretched
  copy, merges collinear segments into lines, keeps the lines that are real
  brightness steps (and always the outermost of each direction: a page's
  text rows are inside it) and tries quads of two roughly parallel pairs;
  the image border may stand in for the side of a page running out of frame.

Every proposal is judged by sampling the colour just inside and just outside
each side: a paper edge is a step above the noise, in the same colour
direction all along it, with even paper inside; a table rule, a text block
or a desk pattern is not. The best few are snapped to the nearest steps and
judged again. Of the good ones the outermost wins (a page contains its own
tables and photos). The winner is refined on the full-size frame: each side
is re-fitted robustly to the nearest strong step along its normal, giving
sub-pixel corners. The line path runs only when the net and the contour
path leave doubt. The winner's edge score is the confidence (0-1).
"""

from __future__ import annotations

import functools
import itertools
import math
import time
from dataclasses import dataclass

import cv2
import numpy as np

from drivers.camera import geometry as geo
from drivers.camera.pagenet import OUT_H, OUT_W, PageNet, agreement
from drivers.camera.ranker import load_ranker

WORK_LONG = 480  # long side of the working copy, in pixels
MIN_AREA = 0.02  # smallest page, as a share of the frame
MAX_ASPECT = 2.8  # longest over shortest mean side; ID-1 is 1.59, A4 1.41
ACCEPT = 0.45  # lowest score reported as a page
CLEAN_SCORE = 0.88  # the contour path's pick needs no second opinion at or above this
GREY = np.float32([0.114, 0.587, 0.299])  # BGR weights

# What the ranker weighs, per candidate, in this order (see Scorer.score_many and
# feature_matrix). The ranker (assets/models/ranker.json, read by drivers.camera.ranker:
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
RANKER = load_ranker()


@dataclass(frozen=True)
class Detection:
    """Where the page is in one frame. Immutable, so any thread may read it.

    ``quad`` is (4, 2) float32 in frame pixels, clockwise from the top-left,
    or None when no page was found; ``confidence`` is 0-1; ``method`` says
    which path proposed it ("net", "contour", "lines" or "none").
    """

    quad: np.ndarray | None
    confidence: float
    method: str
    width: int
    height: int
    ms: float = 0.0

    @property
    def found(self) -> bool:
        return self.quad is not None

    def as_list(self) -> list[list[float]] | None:
        if self.quad is None:
            return None
        return [[round(float(x), 1), round(float(y), 1)] for x, y in self.quad]


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


class DocumentDetector:
    """Detects one document per frame.

    Holds an LSD instance, so use one detector per thread (the capture
    thread has its own; the CLI and the bench make theirs).
    """

    def __init__(
        self,
        work_long: int = WORK_LONG,
        min_area: float = MIN_AREA,
        use_lines: bool = True,
        clean_score: float = CLEAN_SCORE,
    ) -> None:
        self.work_long = work_long
        self.min_area = min_area
        self.use_lines = use_lines
        self.clean_score = clean_score
        self._lsd: cv2.LineSegmentDetector | None = None
        self._net: PageNet | None = None

    # ---- public -------------------------------------------------------------------------------
    def detect(self, frame: np.ndarray) -> Detection:
        """Find the page in a BGR (or grey) frame; never raises for an odd image."""
        t0 = time.perf_counter()
        h, w = frame.shape[:2]
        k, colour, grey = self._work_images(frame)
        scorer = self._scorer(colour, grey)
        cands = self._first_candidates(colour, grey, scorer)
        best = choose(cands)
        if self.use_lines and not self._clean(best):
            cands += self._judge(self._line_quads(grey, scorer), scorer, "lines", snap=3)
            cands += self._extended(cands, scorer)
            best = choose(cands)
        if best is None or best.score < ACCEPT:
            ms = (time.perf_counter() - t0) * 1000
            return Detection(None, 0.0 if best is None else best.score, "none", w, h, ms)
        quad = best.quad * k + (k - 1) / 2  # working-pixel centres to frame pixels
        quad = refine(frame, quad, best.polarity, radius=max(4.0, 1.5 * k + 2))
        quad = refine(frame, quad, best.polarity, radius=2.5)
        final = scorer.score((quad - (k - 1) / 2) / k, best.method)
        if final is None or final.score < best.score - 0.1:  # refinement went astray
            quad, final = best.quad * k + (k - 1) / 2, best
        conf = min(1.0, max(final.score, best.score * 0.9))
        ms = (time.perf_counter() - t0) * 1000
        return Detection(geo.order_quad(quad), float(conf), best.method, w, h, ms)

    def _clean(self, c: Candidate | None) -> bool:
        """A first pick clear enough to skip the line path: the net's map agrees with
        it, or it has strong edges all round, all inside the frame, a page-like shape
        and a paper-like inside (and the net does not disagree)."""
        if c is None:
            return False
        f = dict(zip(FEATURES, c.features, strict=False))
        if c.score >= 0.7 and f["net"] >= 0.9:
            return True
        return (
            f["net"] >= 0.7
            and c.score >= self.clean_score
            and f["border_sides"] == 0
            and f["aspect"] >= 0.9
            and f["paper"] >= 0.5
            and f["inner_side"] < 0.6  # no side with paper beyond it (a shadow across the page)
        )

    def candidates(self, frame: np.ndarray, lines: bool = True) -> list[Candidate]:
        """Every judged proposal (working-image pixels); for tuning and tests."""
        _k, colour, grey = self._work_images(frame)
        scorer = self._scorer(colour, grey)
        out = self._first_candidates(colour, grey, scorer)
        if lines:
            out += self._judge(self._line_quads(grey, scorer), scorer, "lines", snap=3)
            out += self._extended(out, scorer)
        return out

    def _scorer(self, colour: np.ndarray, grey: np.ndarray) -> Scorer:
        if self._net is None:
            self._net = PageNet()
        return Scorer(colour, grey, self._net.probability(colour))

    def _first_candidates(
        self, colour: np.ndarray, grey: np.ndarray, scorer: Scorer
    ) -> list[Candidate]:
        """The contour path's proposals and the net's."""
        out = self._judge(self._contour_quads(colour, grey), scorer, "contour")
        net = self._judge(self._net_quads(scorer), scorer, "net", snap=3, coarse=True)
        for c in net:
            c.features[FEATURES.index("by_net")] = 1.0
        return out + net

    def _net_quads(self, scorer: Scorer) -> list[np.ndarray]:
        """Quads fitted to the net's page map (its larger regions, at three cuts).

        Traced on the map at twice its size (160 x 128): the quads are only a
        start, which ``_judge`` snaps to the edges in the working image.
        """
        mw, mh = 2 * OUT_W, 2 * OUT_H
        prob = cv2.resize(scorer.page_prob, (mw, mh), interpolation=cv2.INTER_LINEAR)
        min_px = self.min_area * mw * mh
        to_work = np.array([scorer.w / mw, scorer.h / mh])
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

    def _extended(self, cands: list[Candidate], scorer: Scorer) -> list[Candidate]:
        """The best two proposals with sides pushed out to the paper's real edge."""
        quads = []
        for c in sorted(cands, key=lambda c: -c.rank)[:2]:
            more, c.pushed = extensions(scorer, c)
            quads += more
        out = self._judge(quads, scorer, "lines", snap=1)
        for c in out:
            c.extended = True
        return out

    # ---- steps --------------------------------------------------------------------------------
    def _work_images(self, frame: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
        h, w = frame.shape[:2]
        k = max(1, round(max(w, h) / self.work_long))
        small = frame
        if k > 1:  # an exact integer factor keeps INTER_AREA on its fast path, mapping exact
            whole = frame[: h - h % k, : w - w % k]
            small = cv2.resize(whole, (w // k, h // k), interpolation=cv2.INTER_AREA)
        if small.ndim == 2:
            return k, cv2.cvtColor(small, cv2.COLOR_GRAY2BGR), small
        return k, small, cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)

    def _judge(
        self,
        quads: list[np.ndarray],
        scorer: Scorer,
        method: str,
        snap: int = 4,
        coarse: bool = False,
    ) -> list[Candidate]:
        """Judge proposals; snap the best few to the nearest steps and keep what improves.

        ``coarse`` proposals (the net's, drawn from an 80 x 64 map) are snapped
        from further away, and kept snapped unless that costs score: their
        sides are only near the edges.
        """
        if not quads:
            return []
        q = geo.order_quads(np.stack(quads))
        # drop near-duplicates (the masks often agree)
        keep: list[int] = []
        for i in range(len(q)):
            if all(np.abs(q[i] - q[j]).max() >= 1.5 for j in keep):
                keep.append(i)
        out = [c for c in scorer.score_many(q[keep], method) if c.score >= 0.2]
        out.sort(key=lambda c: -c.rank)
        if out[:snap]:
            img = scorer.colour_u8
            snapped = []
            for c in out[:snap]:
                q = c.quad
                if coarse:
                    q = refine(img, q, c.polarity, radius=7.0, samples=20)
                snapped.append(refine(img, q, c.polarity, radius=3.5, samples=20))
            again = scorer.score_many(np.stack(snapped), method, keep_all=True)
            slack = 0.02 if coarse else 0.0
            for i, c in enumerate(again):
                if c is not None and c.score > out[i].score - slack:
                    out[i] = c
        return out

    def _contour_quads(self, colour: np.ndarray, grey: np.ndarray) -> list[np.ndarray]:
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
        min_px = self.min_area * g.shape[0] * g.shape[1]
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

    def _line_quads(self, grey: np.ndarray, scorer: Scorer) -> list[np.ndarray]:
        if self._lsd is None:
            self._lsd = cv2.createLineSegmentDetector(cv2.LSD_REFINE_STD)
        # LSD's gradient threshold is absolute: stretch the contrast so faint edges
        # (white paper on a white desk) pass it; its a-contrario test keeps noise out.
        lo, hi = np.percentile(grey, (2, 98))
        gain = 255.0 / max(float(hi - lo), 16.0)
        stretched = cv2.convertScaleAbs(grey, alpha=gain, beta=-float(lo) * gain)
        segs = self._lsd.detect(stretched)[0]
        if segs is None:
            return []
        h, w = grey.shape
        lines = merge_segments(segs.reshape(-1, 4), min_len=0.04 * math.hypot(w, h))
        scorer.edgeness(lines)
        return quads_from_lines(select_lines(lines), w, h, self.min_area)


def feature_matrix(cands: list[Candidate]) -> np.ndarray:
    """Each candidate's own features plus how it sits among the others.

    A page's table, photo or dark header scores well too but lies inside
    the page, and a part of a page cut off by a shadow line lies inside the
    whole page: "holds other good quads" and "lies inside a good quad" are
    what tell the document from its parts.
    """
    own = np.stack([c.features for c in cands])
    q = np.stack([c.quad for c in cands]).astype(np.float64)  # (C, 4, 2), clockwise
    score = np.array([c.score for c in cands])
    area = geo.areas(q)
    d = geo.next_of(q, 1) - q  # sides of each container i
    rel = q[None, :, :, None, :] - q[:, None, None, :, :]  # (i, j, corner, side, 2)
    cross = d[:, None, None, :, 0] * rel[..., 1] - d[:, None, None, :, 1] * rel[..., 0]
    inside = (cross > -1.0).all(axis=(2, 3))  # j's corners all inside i (1 px slack)
    np.fill_diagonal(inside, False)
    good = score >= 0.6
    smaller = area[None, :] < 0.87 * area[:, None]
    holds = (inside & smaller & good[None, :]).sum(1)
    near = score[:, None] >= score[None, :] - 0.15
    held = (inside & smaller & (good[:, None] & near)).T.any(1)  # inside a good bigger quad
    ext = np.array([float(c.extended) for c in cands])
    pushed = np.array([c.pushed for c in cands])
    largest = area[good].max() if good.any() else area.max()
    rel = np.sqrt(np.minimum(area / max(largest, 1e-9), 1.5))
    gap = score.max() - score
    net = own[:, FEATURES.index("net")]
    net_gap = net.max() - net
    extra = np.stack(
        [np.minimum(holds, 3) / 3.0, held.astype(np.float64), ext, pushed, rel, gap, net_gap],
        axis=1,
    )
    return np.concatenate([own, extra], axis=1)


def rank_scores(f: np.ndarray, params: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """The ranker's score of each row of a feature matrix (higher: more likely the page)."""
    p = RANKER if params is None else params
    return np.tanh(f @ p["w1"] + p["b1"]) @ p["w2"] + f @ p["wl"]


def choose(cands: list[Candidate]) -> Candidate | None:
    """The candidate the ranker (RANKER over FEATURES) likes best."""
    if not cands:
        return None
    rank = rank_scores(feature_matrix(cands))
    # Candidate.rank stays as scored: ``_extended`` orders by it and must see the same
    # order in detect() as in candidates(), which the ranker is trained on
    return cands[int(np.argmax(rank))]


FORMATS = (1.294, 1.362, 1.414, 1.586)  # letter, 户口簿 page, A4/A5, ID-1 card


def _aspect_prior(q: np.ndarray) -> float:
    """1 when the sides' ratio is near a paper or card format, falling off outside."""
    s = geo.side_lengths(q)
    a, b = (s[0] + s[2]) / 2, (s[1] + s[3]) / 2
    r = math.log(max(a, b) / max(min(a, b), 1e-6))
    d = max(0.0, math.log(FORMATS[0]) - 0.05 - r, r - math.log(FORMATS[-1]) - 0.05)
    return math.exp(-((d / 0.15) ** 2))


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
    lines = {i: _line(poly[i], nxt[i]) for i in top}
    hull_area = geo.area(poly)
    best, best_cost = None, math.inf
    for combo in itertools.combinations(top, 4):
        q = _quad([lines[i] for i in combo])
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


def _line(p: np.ndarray, q: np.ndarray) -> tuple[float, float, float]:
    """Homogeneous line through two points (plain floats: numpy's cross is slow here)."""
    return (p[1] - q[1], q[0] - p[0], p[0] * q[1] - q[0] * p[1])


def _meet(l1: tuple[float, float, float], l2: tuple[float, float, float]):
    a1, b1, c1 = l1
    a2, b2, c2 = l2
    d = a1 * b2 - a2 * b1
    if abs(d) < 1e-9:
        return None
    return ((b1 * c2 - b2 * c1) / d, (a2 * c1 - a1 * c2) / d)


def _quad(lines: list[tuple[float, float, float]]) -> np.ndarray | None:
    pts = []
    for i in range(4):
        p = _meet(lines[i], lines[(i + 1) % 4])
        if p is None:
            return None
        pts.append(p)
    return np.float32(pts)


# ---- lines from segments ---------------------------------------------------------------------
@dataclass
class Line:
    """A straight line made of collinear LSD segments (working-image pixels)."""

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


# ---- judging quads ---------------------------------------------------------------------------
class Scorer:
    """Judges quads on the working image by sampling colour across their sides.

    A side counts where the colour changes across it by more than the noise
    allows, in the same direction (in colour space) as along the rest of
    that side, and the inside matches its neighbours along the side (even
    paper, not a text block or a table). Sides along or beyond the image
    border count by whether the paper reaches the border. One per frame.
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
        self._uv = np.stack(np.meshgrid(u, u), axis=-1).reshape(-1, 2)
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
        self._rim_colour = self._sample(self._rim)

    @functools.cached_property
    def texture(self) -> np.ndarray:
        """Local texture: high in text and tables, low on desks and plain paper."""
        return cv2.blur(np.abs(cv2.Laplacian(self.grey, cv2.CV_32F)), (5, 5))

    def _sample(self, pts: np.ndarray) -> np.ndarray:
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
        col = self._sample(pts)
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
        u, v = self._uv[None, :, :1], self._uv[None, :, 1:]
        c0, c1, c2, c3 = (q[:, None, i, :] for i in range(4))
        pts = (1 - u) * (1 - v) * c0 + u * (1 - v) * c1 + u * v * c2 + (1 - u) * v * c3
        c = self._sample(pts)  # (C, 64, 3)
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
    u, v = scorer._uv[:, :1], scorer._uv[:, 1:]
    inside = (1 - u) * (1 - v) * q[0] + u * (1 - v) * q[1] + u * v * q[2] + (1 - u) * v * q[3]
    paper = float(np.percentile(scorer._sample(inside) @ GREY, 75))
    tol = max(2.0 * scorer.step, 0.06 * paper)
    t = np.linspace(0.12, 0.88, 12)
    lines = [_line(q[e], q[(e + 1) % 4]) for e in range(4)]
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
            moved[e * 2 + which] = _robust_line(edge)
    out = []
    for key, ln in moved.items():
        ls = list(lines)
        ls[key // 2] = ln
        quad = _quad(ls)
        if quad is not None:
            out.append(quad)
    for which in (0, 1):
        chosen = {key // 2: ln for key, ln in moved.items() if key % 2 == which}
        if len(chosen) > 1:
            quad = _quad([chosen.get(e, lines[e]) for e in range(4)])
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
        lines.append(_robust_line(found[e][good_all[e]]) if enough else _line(p0[e], p1[e]))
    new = _quad(lines)  # new[i] joins side i and side i + 1: the corner q[i + 1]
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


def _robust_line(pts: np.ndarray) -> tuple[float, float, float]:
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
    return _line(np.array([x0, y0]), np.array([x0 + vx, y0 + vy]))
