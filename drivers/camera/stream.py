"""Reading a camera continuously on its I/O thread and handing each frame on.

The device manager runs ``FrameStream.run`` on the camera's own thread while
a preview wants frames. Every frame goes to the sink (the live scanner:
detection runs right there, on the capture thread, never on the GUI
thread) and is kept as the latest frame, without copies. Cameras pace
themselves; files and folders are paced at their ``frame_interval_s``.
Counts frames and the camera's dropped frames for ``doctor`` and the bench.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # numpy is for the annotations only: the device manager imports this at start
    import numpy as np

Sink = Callable[[Any, float], None]  # (frame: np.ndarray, t)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StreamStats:
    """Counters of a stream (any thread may read a copy)."""

    running: bool
    frames: int  # frames handed to the sink
    dropped: int  # frames the camera made that were never read
    fps: float  # over the last second or so
    width: int
    height: int
    notice: str  # e.g. the camera ignored the requested size


class FrameStream:
    """The continuous reader of one camera.

    ``set_sink``, ``latest`` and ``stats`` may be called from any thread;
    ``run`` only on the camera's I/O thread (it returns when the sink is
    cleared, ``stop`` is set or the camera fails).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sink: Sink | None = None
        self._latest: np.ndarray | None = None
        self._running = False
        self._frames = 0
        self._fps = 0.0
        self._camera: object | None = None
        self._failures = 0

    def set_sink(self, sink: Sink | None) -> None:
        with self._lock:
            self._sink = sink
            if sink is None:
                self._latest = None

    @property
    def wanted(self) -> bool:
        with self._lock:
            return self._sink is not None

    @property
    def running(self) -> bool:
        with self._lock:
            return self._running

    def latest(self) -> np.ndarray | None:
        """The last frame read (shared, read-only by convention), or None."""
        with self._lock:
            return self._latest

    def stats(self) -> StreamStats:
        with self._lock:
            cam = self._camera
            frames, fps, running = self._frames, self._fps, self._running
        w, h = getattr(cam, "actual_size", (0, 0)) or (0, 0)
        return StreamStats(
            running,
            frames,
            int(getattr(cam, "dropped", 0) or 0),
            round(fps, 1),
            int(w),
            int(h),
            str(getattr(cam, "notice", "") or ""),
        )

    def run(
        self, camera: object, read: Callable[[], np.ndarray | None], stop: threading.Event
    ) -> None:
        """Read and hand on frames until told to stop. Camera thread only.

        ``read`` raises when the camera is gone (the manager marks it lost
        and re-opens it later, then calls ``run`` again). Returns at once
        when a loop is already running or nobody wants frames.
        """
        with self._lock:
            if self._running or self._sink is None:
                return
            self._running = True
            self._camera = camera
        interval = float(getattr(camera, "frame_interval_s", 0.0) or 0.0)
        window: list[float] = []
        next_at = time.monotonic()
        try:
            while True:
                with self._lock:  # checked and cleared together: no start is ever missed
                    sink = self._sink
                    if sink is None or stop.is_set():
                        self._running = False
                        return
                frame = read()
                now = time.monotonic()
                if frame is None:
                    stop.wait(0.02)
                    continue
                window = [t for t in window if now - t < 1.0] + [now]
                with self._lock:
                    self._latest = frame
                    self._frames += 1
                    self._fps = len(window) / max(now - window[0], 1e-3) if len(window) > 1 else 0
                try:
                    sink(frame, now)
                except Exception:
                    self._failures += 1
                    if self._failures in (1, 100, 10000):
                        log.exception("camera frame sink failed (%d times)", self._failures)
                if interval:
                    next_at = max(next_at + interval, time.monotonic() - interval)
                    stop.wait(max(0.0, next_at - time.monotonic()))
        finally:
            with self._lock:
                self._running = False
