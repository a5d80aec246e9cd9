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

This module holds the orchestration (``DocumentDetector``) and its result
(``Detection``); each stage has its own module: contours.py (the contour
path, the net's quads, four sides fitted to a hull), lines.py (the line
path), scoring.py (``Scorer``, ``Candidate``, ``FEATURES``), ranker.py (the
learned ranker: ``choose``), refine.py (``refine``, ``extensions``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import cv2
import numpy as np

from drivers.camera import geometry as geo
from drivers.camera.contours import contour_quads, net_quads
from drivers.camera.lines import line_quads
from drivers.camera.pagenet import PageNet
from drivers.camera.ranker import RANKER, choose, feature_matrix, rank_scores
from drivers.camera.refine import extensions, refine
from drivers.camera.scoring import FEATURES, Candidate, Scorer

# What scripts/train_ranker.py and the tests reach through this module.
__all__ = [
    "FEATURES",
    "RANKER",
    "Candidate",
    "Detection",
    "DocumentDetector",
    "choose",
    "feature_matrix",
    "rank_scores",
]

WORK_LONG = 480  # long side of the working copy, in pixels
MIN_AREA = 0.02  # smallest page, as a share of the frame
ACCEPT = 0.45  # lowest score reported as a page
CLEAN_SCORE = 0.88  # the contour path's pick needs no second opinion at or above this


MASK_AGREEMENT = 0.8  # the net's agreement that stands for edges too weak to see
MASK_CONFIDENCE = 0.5  # the most confidence a mask-only quad gets (below auto-capture's)
NET_TRUST = 0.85  # the net's agreement below which the confidence falls (2 per unit)
HIDDEN_CAP = 0.5  # confidence cap over the worst side's edge share: a hidden side waits

MIN_SIDE = 32  # pixels: a frame narrower than this holds no page
MAX_ASPECT_SIDE = 20  # a frame more than 20 times as long as it is wide is no photo


@dataclass(frozen=True)
class Detection:
    """Where the page is in one frame. Immutable, so any thread may read it.

    ``quad`` is (4, 2) float32 in frame pixels, clockwise from the top-left,
    or None when no page was found; ``confidence`` is 0-1; ``method`` says
    which path proposed it ("net", "contour", "lines", "mask" for the net's map
    alone where no edge could be seen, or "none").
    ``cut_sides`` counts the sides along or beyond the frame's border (the
    page runs out of the picture: the quad is the visible part's best
    guess); ``agreement`` is the page net's agreement with the quad (0-1) and
    ``worst_side`` the share of the least visible side that is a seen edge
    (a hand or an object over it lowers it). Both also cap ``confidence``,
    so that auto-capture waits while the page is doubtful.
    """

    quad: np.ndarray | None
    confidence: float
    method: str
    width: int
    height: int
    ms: float = 0.0
    cut_sides: int = 0
    agreement: float = 0.0
    worst_side: float = 0.0

    @property
    def cut(self) -> bool:
        """The page runs out of the frame."""
        return self.cut_sides > 0

    @property
    def found(self) -> bool:
        return self.quad is not None

    def as_list(self) -> list[list[float]] | None:
        if self.quad is None:
            return None
        return [[round(float(x), 1), round(float(y), 1)] for x, y in self.quad]


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
        if min(h, w) < MIN_SIDE or max(h, w) > MAX_ASPECT_SIDE * min(h, w):
            # a sliver or a dot holds no page (and the working copies would be empty)
            return Detection(None, 0.0, "none", w, h, (time.perf_counter() - t0) * 1000)
        k, colour, grey = self._work_images(frame)
        scorer = self._scorer(colour, grey)
        cands = self._first_candidates(colour, grey, scorer)
        best = choose(cands)
        if self.use_lines and not self._clean(best):
            cands += self._judge(self._line_quads(grey, scorer), scorer, "lines", snap=3)
            cands += self._extended(cands, scorer)
            best = choose(cands)
        if best is None or best.score < ACCEPT:
            best = self._mask_only(cands) or best
        if best is None or (best.score < ACCEPT and best.method != "mask"):
            ms = (time.perf_counter() - t0) * 1000
            return Detection(None, 0.0 if best is None else best.score, "none", w, h, ms)
        quad = best.quad * k + (k - 1) / 2  # working-pixel centres to frame pixels
        quad = refine(frame, quad, best.polarity, radius=max(4.0, 1.5 * k + 2))
        quad = refine(frame, quad, best.polarity, radius=2.5)
        final = scorer.score((quad - (k - 1) / 2) / k, best.method)
        if final is None or final.score < best.score - 0.1:  # refinement went astray
            quad, final = best.quad * k + (k - 1) / 2, best
        conf = min(1.0, max(final.score, best.score * 0.9))
        f = dict(zip(FEATURES, final.features, strict=False))
        net, worst = float(f["net"]), float(f["worst_side"])
        cut = round(float(f["border_sides"]) * 4)
        if net < NET_TRUST:  # the quad and the net's map disagree
            conf = min(conf, max(0.0, 1 - 2 * (NET_TRUST - net)))
        if best.method == "mask":
            conf = min(conf, MASK_CONFIDENCE)
        if not cut:  # a side mostly hidden (a side out of frame is measured otherwise)
            conf = min(conf, HIDDEN_CAP + worst)
        ms = (time.perf_counter() - t0) * 1000
        return Detection(geo.order_quad(quad), float(conf), best.method, w, h, ms, cut, net, worst)

    def _mask_only(self, cands: list[Candidate]) -> Candidate | None:
        """Where no side is a clear edge (white paper on a white desk, a dim frame) but the
        net is sure of the page: its quad, with a confidence that keeps auto-capture
        waiting (MASK_CONFIDENCE); the clerk may still take it by hand."""
        i_net = FEATURES.index("net")
        sure = [c for c in cands if c.features[FEATURES.index("by_net")] and
                c.features[i_net] >= MASK_AGREEMENT]  # fmt: skip
        if not sure:
            return None
        c = max(sure, key=lambda c: c.features[i_net])
        return replace(c, method="mask")

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
        out = self._judge(contour_quads(colour, grey, self.min_area), scorer, "contour")
        quads = net_quads(scorer.page_prob, scorer.w, scorer.h, self.min_area)
        net = self._judge(quads, scorer, "net", snap=3, coarse=True)
        for c in net:
            c.features[FEATURES.index("by_net")] = 1.0
        return out + net

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
        i_net = FEATURES.index("net")
        out = [
            c
            for c in scorer.score_many(q[keep], method)
            if c.score >= 0.2 or (coarse and c.features[i_net] >= MASK_AGREEMENT)
        ]
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

    def _line_quads(self, grey: np.ndarray, scorer: Scorer) -> list[np.ndarray]:
        if self._lsd is None:
            self._lsd = cv2.createLineSegmentDetector(cv2.LSD_REFINE_STD)
        return line_quads(self._lsd, grey, scorer, self.min_area)
