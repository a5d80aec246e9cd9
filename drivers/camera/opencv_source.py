"""A capture source read with cv2.VideoCapture (a camera index, device or video file)."""

from __future__ import annotations

import logging

import cv2
import numpy as np

from core.errors import DeviceError
from drivers.base import Camera, DeviceLost

log = logging.getLogger(__name__)

# Consecutive failed reads before the camera counts as unplugged.
MAX_FAILED_READS = 30


class OpenCvCamera(Camera):
    """A camera (``"0"``, ``"/dev/video2"``) or a video file, through OpenCV.

    Call from the camera's I/O thread only (VideoCapture is not thread-safe).
    A video file loops at its end. After MAX_FAILED_READS failed reads in a
    row ``read`` raises DeviceLost so the device manager re-opens it later.
    """

    backend = "opencv"

    def __init__(self, source: str | int = 0, width: int = 0, height: int = 0) -> None:
        self.source = source
        self.width = width
        self.height = height
        self._cap: cv2.VideoCapture | None = None
        self._failed = 0
        self._is_file = False

    def open(self) -> None:
        src: str | int = self.source
        if isinstance(src, str) and src.strip().isdigit():
            src = int(src.strip())
        self._is_file = isinstance(src, str) and not src.startswith("/dev/")
        cap = cv2.VideoCapture(src)
        if not cap.isOpened():
            cap.release()
            raise DeviceError(
                "无法打开摄像头", hint="请检查高拍仪连接或配置的 source", device="camera"
            )
        if not self._is_file and self.width and self.height:
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        self._cap = cap
        self._failed = 0

    def read(self) -> np.ndarray | None:
        if self._cap is None:
            raise DeviceLost("摄像头未打开", device="camera")
        ok, frame = self._cap.read()
        if not ok and self._is_file:
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0)  # loop a video file
            ok, frame = self._cap.read()
        if not ok or frame is None:
            self._failed += 1
            if self._failed >= MAX_FAILED_READS:
                raise DeviceLost("摄像头没有画面", hint="请检查高拍仪连接", device="camera")
            return None
        self._failed = 0
        return frame

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None
