"""A capture source read with cv2.VideoCapture: a camera (index or /dev/video path) or a video file.

Cameras are opened through V4L2 on Linux with MJPG requested before the
size (most USB document cameras deliver their full resolution only as MJPG),
then the size they actually deliver is read back: a camera that ignores the
requested size says so in ``notice`` (the device manager shows it as a
degraded status), and the scan still works at the size it gives. Frames the
camera produced but that were never read (the reader fell behind) are
counted in ``dropped`` from the gaps between frame times. A video file
loops and is paced at its own frame rate.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

import cv2
import numpy as np

from core.config import CameraConfig
from core.errors import DeviceError
from core.i18n import N_
from drivers.base import Camera, DeviceLost
from drivers.registry import BackendContext

log = logging.getLogger(__name__)

# Consecutive failed reads before the camera counts as unplugged.
MAX_FAILED_READS = 30


def parse_source(source: str | int) -> str | int:
    """A device index as int ("0" -> 0), anything else (a path) as given."""
    if isinstance(source, str) and source.strip().isdigit():
        return int(source.strip())
    return source


class OpenCvCamera(Camera):
    """A camera (``"0"``, ``"/dev/video2"``) or a video file, through OpenCV.

    Call from the camera's I/O thread only (VideoCapture is not thread-safe);
    ``frames``, ``dropped``, ``actual_size`` and ``notice`` may be read from
    any thread (plain values). After MAX_FAILED_READS failed reads in a row
    ``read`` raises DeviceLost so the device manager re-opens it later.
    """

    backend = "opencv"

    def __init__(self, source: str | int = 0, width: int = 0, height: int = 0) -> None:
        self.source = source
        self.width = width
        self.height = height
        self._cap: cv2.VideoCapture | None = None
        self._failed = 0
        self._is_file = False
        self.frame_interval_s = 0.0  # 0: the device paces itself; files are paced by the reader
        self.fps = 0.0
        self.actual_size: tuple[int, int] = (0, 0)
        self.notice: str | tuple[str, ...] = ""  # e.g. the camera ignored the requested size
        self.frames = 0
        self.dropped = 0
        self._last_t = 0.0

    def open(self) -> None:
        src = parse_source(self.source)
        self._is_file = isinstance(src, str) and not src.startswith("/dev/")
        if self._is_file:
            cap = cv2.VideoCapture(src)
        elif sys.platform.startswith("linux"):
            cap = cv2.VideoCapture(src, cv2.CAP_V4L2)
            if not cap.isOpened():  # e.g. a GStreamer-only device
                cap.release()
                cap = cv2.VideoCapture(src)
        else:
            cap = cv2.VideoCapture(src)
        if not cap.isOpened():
            cap.release()
            raise DeviceError("camera.open_failed", device="camera")
        if not self._is_file:
            cap.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter_fourcc(*"MJPG"))
            if self.width and self.height:
                cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
                cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
            cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # the newest frame, not a queue of old ones
        w = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH))
        h = int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
        self.fps = float(cap.get(cv2.CAP_PROP_FPS) or 0.0)
        self.actual_size = (w, h)
        self.notice = ""
        if not self._is_file and self.width and self.height and (w, h) != (self.width, self.height):
            # a fixed text and the figures: the status bar translates the text
            self.notice = (N_("高拍仪分辨率与配置不同"), f"{w}×{h} ≠ {self.width}×{self.height}")
            log.warning("camera gives %dx%d, %dx%d requested", w, h, self.width, self.height)
        self.frame_interval_s = 1.0 / self.fps if self._is_file and 1 <= self.fps <= 120 else 0.0
        if self._is_file and not self.frame_interval_s:
            self.frame_interval_s = 1 / 25
        self._cap = cap
        self._failed = 0
        self._last_t = 0.0

    def read(self) -> np.ndarray | None:
        if self._cap is None:
            raise DeviceLost("camera.not_open", device="camera")
        ok, frame = self._cap.read()
        if not ok and self._is_file:
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0)  # loop a video file
            ok, frame = self._cap.read()
        if not ok or frame is None:
            self._failed += 1
            if self._failed >= MAX_FAILED_READS:
                raise DeviceLost("camera.no_frame", device="camera")
            return None
        self._failed = 0
        self._count(time.monotonic())
        if frame.shape[1::-1] != self.actual_size:
            self.actual_size = (frame.shape[1], frame.shape[0])
        return frame

    def _count(self, now: float) -> None:
        """Count frames, and frames the camera made that we never read (from the time gap)."""
        self.frames += 1
        if not self._is_file and self.fps >= 1 and self._last_t:
            gap = (now - self._last_t) * self.fps
            if gap > 1.5:
                self.dropped += round(gap) - 1
        self._last_t = now

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None


def create(cfg: CameraConfig, ctx: BackendContext) -> Camera:
    """The ``opencv`` backend (registered in pyproject).

    ``source`` is a device index ("0"), a /dev/video path, a video file, or a
    folder of images (played by FolderCamera: photos taken elsewhere).
    """
    if cfg.source and Path(cfg.source).is_dir():
        from drivers.camera.folder import FolderCamera

        return FolderCamera(cfg.source)
    return OpenCvCamera(cfg.source or "0", cfg.width, cfg.height)
