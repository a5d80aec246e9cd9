"""Live camera preview with capture, fed from the camera's I/O thread."""

from __future__ import annotations

from concurrent.futures import Future

import cv2
import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from drivers.manager import DeviceManager
from widgets.i18n import tr


def to_qimage(frame: np.ndarray) -> QImage:
    h, w = frame.shape[:2]
    if frame.ndim == 2:
        return QImage(frame.data, w, h, frame.strides[0], QImage.Format.Format_Grayscale8).copy()
    return QImage(frame.data, w, h, frame.strides[0], QImage.Format.Format_BGR888).copy()


def encode_jpeg(frame: np.ndarray, quality: int = 85) -> bytes:
    ok, buf = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return buf.tobytes()


class CameraView(QWidget):
    """Shows frames while running; ``capture()`` returns the latest frame.

    GUI thread only. Frames are requested from the device manager, which
    reads them on the camera thread; at most one request is outstanding.
    """

    frame_shown = Signal()

    def __init__(self, devices: DeviceManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.devices = devices
        self.label = QLabel(tr("摄像头未启动"), self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setMinimumSize(480, 360)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.label.setStyleSheet("background:#263238; color:white; border-radius:8px;")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label)
        self.timer = QTimer(self)
        self.timer.setInterval(100)
        self.timer.timeout.connect(self._request)
        self._pending: Future | None = None
        self.last_frame: np.ndarray | None = None

    def start(self) -> None:
        self.timer.start()
        self._request()

    def stop(self) -> None:
        self.timer.stop()

    def _request(self) -> None:
        if self._pending is not None and not self._pending.done():
            return
        if self._pending is not None:
            self._show(self._pending)
        self._pending = self.devices.read_frame()

    def _show(self, fut: Future) -> None:
        try:
            frame = fut.result(timeout=0)
        except Exception:  # the manager reports camera health; keep the last frame here
            frame = None
        if frame is None:
            if self.last_frame is None:
                self.label.setText(tr("摄像头不可用，请联系工作人员"))
            return
        self.last_frame = frame
        pix = QPixmap.fromImage(to_qimage(frame)).scaled(
            self.label.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.label.setPixmap(pix)
        self.frame_shown.emit()

    def capture(self) -> np.ndarray | None:
        return None if self.last_frame is None else self.last_frame.copy()
