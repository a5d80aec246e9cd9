"""Reading a waybill's 1-D barcode (Code128, Code39, Code93) off a document-camera frame.

At 出件 of an express case the clerk lays the parcel's 快递面单 under the document
camera; each frame is tried on the camera thread (widgets.bridge.FrameStream's
judge), as it is and then at half size. zxing-cpp, not OpenCV: OpenCV's barcode
detector reads EAN/UPC only and, in the build we ship, not even those reliably.
Returns the text, or "" when no barcode is read. Any thread (each call is
independent; zxing-cpp keeps no state between calls).
"""

from __future__ import annotations

import cv2
import numpy as np
import zxingcpp

_FORMATS = (
    zxingcpp.BarcodeFormat.Code128,
    zxingcpp.BarcodeFormat.Code39,
    zxingcpp.BarcodeFormat.Code93,
)


def read_barcode(frame: np.ndarray) -> str:
    """The text of the first 1-D barcode found in ``frame`` (BGR or grey), or ""."""
    if frame is None or frame.size == 0:
        return ""
    grey = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    for scale in (1.0, 0.5):
        img = grey
        if scale != 1.0:
            img = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        try:
            # All formats, filtered here: how ``formats=`` is spelled changed within 3.1.
            found = zxingcpp.read_barcodes(np.ascontiguousarray(img))
        except (ValueError, RuntimeError):
            continue
        for result in found:
            if result.valid and result.text and result.format in _FORMATS:
                return str(result.text)
    return ""
