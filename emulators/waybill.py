"""A 快递面单 for the virtual document camera: a label with the waybill's Code128 barcode.

The demo, the tour and the tests lay it on the virtual camera's desk (a PNG among
the sample documents) so that 出件 of an express case reads its number the way a
real parcel's label is read. The barcode is drawn by python-barcode (installed with
python-escpos), the words by OpenCV. Any thread.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import barcode
import cv2
import numpy as np
from barcode.writer import ImageWriter
from PIL import Image

from emulators.virtual_camera import sample_documents_dir

SAMPLE_WAYBILL = "SF1234567890123"


def waybill_image(number: str = SAMPLE_WAYBILL) -> np.ndarray:
    """A white label (BGR, 1600×1000) with ``number``'s Code128 barcode and digits."""
    code = barcode.get("code128", number, writer=ImageWriter())
    buf = io.BytesIO()
    code.write(buf, options={"module_width": 0.5, "module_height": 18, "quiet_zone": 8})
    buf.seek(0)
    bars = cv2.cvtColor(np.array(Image.open(buf).convert("RGB")), cv2.COLOR_RGB2BGR)
    page = np.full((1000, 1600, 3), 235, np.uint8)  # the desk around the label
    cv2.rectangle(page, (120, 120), (1480, 880), (255, 255, 255), -1)
    cv2.rectangle(page, (120, 120), (1480, 880), (40, 40, 40), 3)
    cv2.putText(page, "EXPRESS", (170, 220), cv2.FONT_HERSHEY_SIMPLEX, 2.0, (0, 0, 0), 4)
    h, w = bars.shape[:2]
    scale = min(1.0, 1200 / w)
    bars = cv2.resize(bars, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    h, w = bars.shape[:2]
    y, x = 300, (1600 - w) // 2
    page[y : y + h, x : x + w] = bars
    return page


def write_waybill(folder: Path, number: str = SAMPLE_WAYBILL, name: str = "06_waybill") -> Path:
    """The label as ``folder/name.png`` (for a FolderCamera's desk); its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    cv2.imwrite(str(path), waybill_image(number))
    return path


def demo_desk(folder: Path) -> Path:
    """The demo counter's desk: the sample documents and a parcel's label (made once)."""
    if not (folder / "06_waybill.png").exists():
        shutil.copytree(sample_documents_dir(), folder, dirs_exist_ok=True)
        write_waybill(folder)
    return folder
