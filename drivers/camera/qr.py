"""Reading a receipt's QR code off a document-camera frame (OpenCV's QR detector).

The kiosk's 进度查询 holds the receipt under the document camera; each frame
is tried on the camera thread (widgets.bridge.FrameStream's judge), first as
it is and then at half size (a 4K frame's QR is often found only smaller).
Returns the text, or "" when no QR is read. Any thread: each call makes its
own detector (OpenCV's detector keeps state and is not shared).
"""

from __future__ import annotations

import cv2
import numpy as np


def read_qr(frame: np.ndarray) -> str:
    """The text of the first QR code found in ``frame`` (BGR or grey), or ""."""
    if frame is None or frame.size == 0:
        return ""
    grey = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    detector = cv2.QRCodeDetector()
    for scale in (1.0, 0.5, 2.0):
        img = grey
        if scale != 1.0:
            img = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        try:
            text, _points, _ = detector.detectAndDecode(img)
        except cv2.error:
            continue
        if text:
            return str(text)
    return ""
