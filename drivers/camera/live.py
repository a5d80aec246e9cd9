"""The live scan: detection, smoothing, stillness and guidance for each preview frame.

``LiveScanner.process`` runs on the capture thread for every frame the
preview shows. It detects the page, smooths the corners across frames (so
the overlay does not jitter), measures how long the page has been still,
runs the quality checks once it is still, and says what to tell the person
(a ``Hint``) and whether to take the picture now (``ready``). Words for the
hints live in widgets/scan_text.py.

Detection runs at most every DETECT_INTERVAL_S (every third frame of a
30 fps camera): the frames in between keep the last quad and guidance, and
never trigger a capture. The page checks (darkness, glare, blur: a warp at
800 pixels) run at most every PAGE_CHECK_INTERVAL_S while the page stays
put. At 1080p 30 fps that is a third of the CPU (bench/live.py).

After a capture the scanner is disarmed: it will not fire again until the
page has been taken away or moved to a new place, so one page is not
captured twice.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field, replace

import numpy as np

from drivers.camera import geometry as geo
from drivers.camera import quality
from drivers.camera.codes import NO_SIZING, Hint, Issue, IssueCode, Sizing
from drivers.camera.detect import Detection, DocumentDetector
from drivers.camera.page import SIZES_MM, PageKind, judged_small, output_size, warp

DETECT_INTERVAL_S = 0.08  # at most ~12 detections a second
PAGE_CHECK_INTERVAL_S = 0.25  # the page checks again after this while the page is still

ISSUE_HINT = {
    IssueCode.OUT_OF_FRAME: Hint.OUT_OF_FRAME,
    IssueCode.TOO_SMALL: Hint.TOO_SMALL,
    IssueCode.TOO_DARK: Hint.TOO_DARK,
    IssueCode.GLARE: Hint.GLARE,
    IssueCode.HAND: Hint.HAND,
    IssueCode.OBJECT: Hint.OBJECT,
    IssueCode.BLURRED: Hint.BLURRED,
}


@dataclass(frozen=True)
class LiveState:
    """The scan state for one frame. Immutable: made on the capture thread, read by the GUI."""

    quad: np.ndarray | None  # smoothed corners in frame pixels, clockwise from top-left
    confidence: float
    still: float  # 0-1: progress of the page staying still towards auto-capture
    hint: Hint
    ready: bool  # take the picture now (auto-capture)
    issues: tuple[Issue, ...] = field(default=())
    detection: Detection | None = None
    width: int = 0
    height: int = 0


class QuadTracker:
    """Smooths quads across frames and measures how long they have stayed still.

    ``update`` takes the detection of each frame and its time (seconds).
    Single-threaded: the capture thread's.
    """

    def __init__(
        self,
        alpha: float = 0.55,
        hold_frames: int = 3,
        jump: float = 0.06,
        still: float = 0.012,
    ) -> None:
        self.alpha = alpha  # weight of the new frame in the smoothed corners
        self.hold_frames = hold_frames  # frames a lost page is still shown
        self.jump = jump  # a move bigger than this (share of the diagonal) starts anew
        self.still_tol = still  # moves smaller than this (share of the diagonal) are still
        self.reset()

    def reset(self) -> None:
        self.quad: np.ndarray | None = None
        self.confidence = 0.0
        self._missing = 0
        self._anchor: np.ndarray | None = None
        self._still_since = 0.0
        self.new_track = True

    @property
    def still_since(self) -> float:
        """When the page came to rest where it is now (the time ``update`` was given)."""
        return self._still_since

    def update(self, det: Detection, now: float) -> tuple[np.ndarray | None, float, float]:
        """(smoothed quad or None, confidence, seconds it has been still)."""
        diag = math.hypot(det.width, det.height) or 1.0
        self.new_track = False
        if det.quad is None:
            self._missing += 1
            if self._missing > self.hold_frames:
                if self.quad is not None:
                    self.new_track = True
                self.quad, self.confidence, self._anchor = None, 0.0, None
            else:
                self.confidence *= 0.7
            return self.quad, self.confidence, 0.0
        self._missing = 0
        new = np.asarray(det.quad, np.float64)
        if self.quad is None or geo.mean_corner_distance(new, self.quad) > self.jump * diag:
            self.quad = new
            self.new_track = True
        else:
            self.quad = self.quad + self.alpha * (new - self.quad)
        self.confidence = det.confidence
        if self._anchor is None or np.abs(new - self._anchor).max() > self.still_tol * diag:
            self._anchor, self._still_since = new, now
        return self.quad.astype(np.float32), self.confidence, now - self._still_since


class LiveScanner:
    """Detect, track and judge each preview frame; decides auto-capture.

    ``process`` is for the capture thread only; ``disarm``, ``rearm`` and
    the settings may be called from any thread.
    """

    def __init__(
        self,
        auto_delay_s: float = 0.8,
        min_confidence: float = 0.6,
        detector: DocumentDetector | None = None,
        detect_interval_s: float = DETECT_INTERVAL_S,
        page_check_interval_s: float = PAGE_CHECK_INTERVAL_S,
    ) -> None:
        self.detector = detector or DocumentDetector()
        self.tracker = QuadTracker()
        self.auto_delay_s = auto_delay_s
        self.min_confidence = min_confidence
        self.detect_interval_s = detect_interval_s
        self.page_check_interval_s = page_check_interval_s
        self._lock = threading.Lock()
        self._armed = True
        self._kind = PageKind.AUTO
        self._sizing = NO_SIZING
        # capture thread only: the last detected state, and the last page checks
        self._last: LiveState | None = None
        self._last_at = 0.0
        self._last_quad: np.ndarray | None = None  # the tracker's, to see a reset
        self._checked: tuple[float, PageKind, float, list[Issue]] | None = None

    # ---- any thread ------------------------------------------------------------------------------
    def disarm(self) -> None:
        """Just captured: wait for the page to go or move before capturing again."""
        with self._lock:
            self._armed = False

    def rearm(self) -> None:
        with self._lock:
            self._armed = True

    @property
    def armed(self) -> bool:
        with self._lock:
            return self._armed

    def set_kind(self, kind: PageKind) -> None:
        """What is being scanned (an ID card is small: judged as a card)."""
        with self._lock:
            self._kind = kind

    def set_sizing(self, sizing: Sizing) -> None:
        """What the material is and the camera's scale (for the format of AUTO pages)."""
        with self._lock:
            self._sizing = sizing

    # ---- capture thread -------------------------------------------------------------------------
    def process(self, frame: np.ndarray, now: float) -> LiveState:
        h, w = frame.shape[:2]
        last = self._last
        if (
            last is not None
            and (last.width, last.height) == (w, h)
            and 0.0 <= now - self._last_at < self.detect_interval_s
            and self.tracker.quad is self._last_quad  # not reset meanwhile
        ):
            return self._between(last)
        state = self._detect(frame, now, w, h)
        self._last, self._last_at, self._last_quad = state, now, self.tracker.quad
        return state

    def _between(self, last: LiveState) -> LiveState:
        """A frame between detections: the last quad and guidance, never a capture."""
        with self._lock:
            armed = self._armed
        hint = Hint.CAPTURED if not armed and last.quad is not None else last.hint
        return replace(last, hint=hint, ready=False)

    def _page_issues(
        self, frame: np.ndarray, quad: np.ndarray, kind: PageKind, sizing: Sizing, now: float
    ):
        """quick_page_issues, again only once the page moved, the kind changed or
        ``page_check_interval_s`` passed."""
        since = self.tracker.still_since
        c = self._checked
        if (
            c is not None
            and c[0] == since
            and c[1] is kind
            and now - c[2] < self.page_check_interval_s
        ):
            return list(c[3])
        issues = quick_page_issues(frame, quad, kind, sizing)
        self._checked = (since, kind, now, issues)
        return list(issues)

    def _detect(self, frame: np.ndarray, now: float, w: int, h: int) -> LiveState:
        det = self.detector.detect(frame)
        quad, conf, still_s = self.tracker.update(det, now)
        with self._lock:
            if self.tracker.new_track and not self._armed:
                self._armed = True  # the page went away or moved: ready for the next one
            armed, kind, sizing = self._armed, self._kind, self._sizing
        if quad is None:
            return LiveState(None, 0.0, 0.0, Hint.NO_PAGE if armed else Hint.CAPTURED, False,
                             detection=det, width=w, height=h)  # fmt: skip
        progress = min(1.0, still_s / self.auto_delay_s) if self.auto_delay_s > 0 else 1.0
        if conf < self.min_confidence:
            return LiveState(quad, conf, progress, Hint.UNSURE, False, detection=det,
                             width=w, height=h)  # fmt: skip
        card = judged_small(kind, sizing) or _looks_like_card(quad, w, h)
        issues = quality.check_frame(quad, w, h, card)
        if not issues and still_s >= 0.3 * self.auto_delay_s:  # page checks once it settles
            issues = self._page_issues(frame, quad, kind, sizing, now)
        hint = Hint.READY
        if issues:
            hint = ISSUE_HINT[issues[0].code]
        elif progress < 1.0:
            hint = Hint.HOLD_STILL
        if not armed:
            hint = Hint.CAPTURED
        ready = armed and not issues and progress >= 1.0
        return LiveState(quad, conf, progress, hint, ready, tuple(issues), det, w, h)


def _looks_like_card(quad: np.ndarray, w: int, h: int) -> bool:
    r = max(geo.side_lengths(quad)) / max(min(geo.side_lengths(quad)), 1e-6)
    share = quality.frame_share(quad, w, h)
    ratio = SIZES_MM[PageKind.ID1][1] / SIZES_MM[PageKind.ID1][0]
    return share < 0.25 and abs(math.log(r / ratio)) < 0.15


def quick_page_issues(
    frame: np.ndarray,
    quad: np.ndarray,
    kind: PageKind,
    sizing: Sizing = NO_SIZING,
    foreign: bool = True,
) -> list[Issue]:
    """Darkness, glare, a hand or an object (unless ``foreign`` is False), and blur on
    a flat copy at the blur check's fixed width."""
    fh, fw = frame.shape[:2]
    ow, oh, _dpi, _kind = output_size(quad, fw, fh, kind, sizing=sizing)
    s = quality.BLUR_WIDTH / max(ow, 1)
    flat = warp(frame, quad, (quality.BLUR_WIDTH, max(8, round(oh * s))))
    return quality.check_page(flat, foreign)
