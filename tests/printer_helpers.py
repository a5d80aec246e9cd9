"""Checks on what the virtual printer decoded: transcripts, previews, QR codes.

``missing_lines`` looks for every printed line of a document in a job's PNG
preview by template matching (OpenCV), in order, which is how raster-mode
jobs (images only, no text to read) are checked field by field; text-mode
previews are checked the same way.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import zxingcpp

from core.receipt import Document
from drivers.printer import glyphs
from drivers.printer.layout import Line, in_printer_font, layout_document
from drivers.printer.profiles import profile_for
from emulators.virtual_printer import INLINE_IMAGE


def flat(text: str) -> str:
    return "".join(text.split())


def decode_qr(path: Path) -> str:
    img = cv2.imread(str(path))
    assert img is not None, path
    # zxing-cpp, not OpenCV: an independent decoder (the product itself uses
    # OpenCV), and OpenCV's QRCodeDetector misses about one 58 mm receipt in
    # twelve that zxing and phones read.
    found = zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode)
    return found[0].text if found else ""


def ink(path: Path) -> int:
    img = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    return int(np.count_nonzero(img < 128))


def printed_lines(doc: Document, paper_mm: int) -> list[Line]:
    return [x for x in layout_document(doc, profile_for(paper_mm).columns) if isinstance(x, Line)]


def expected_transcript_text(line: Line) -> str:
    """A layout line as the virtual printer's transcript shows it in text mode."""
    return "".join(c if in_printer_font(c) else INLINE_IMAGE for c in line.text).rstrip()


def _binary(a: np.ndarray) -> np.ndarray:
    return np.where(a < 128, 0, 255).astype(np.uint8)


def missing_lines(png: Path, doc: Document, paper_mm: int) -> list[str]:
    """Printed lines of ``doc`` not found, in order, in the preview ``png`` (empty = all there)."""
    page = _binary(cv2.imread(str(png), cv2.IMREAD_GRAYSCALE))
    missing: list[str] = []
    y = 0
    for ln in printed_lines(doc, paper_mm):
        text = ln.text.strip()
        if not text:
            continue
        tpl = np.array(glyphs.line_image(text, scale=ln.size, bold=ln.bold).convert("L"))
        tpl = _binary(tpl)
        rows = np.where((tpl < 128).any(axis=1))[0]
        cols = np.where((tpl < 128).any(axis=0))[0]
        tpl = tpl[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
        window = page[y : y + 700]
        if window.shape[0] < tpl.shape[0] or window.shape[1] < tpl.shape[1]:
            missing.append(text)
            continue
        res = cv2.matchTemplate(window, tpl, cv2.TM_SQDIFF_NORMED)
        hits = np.argwhere(res <= 0.05)  # (row, col); the first row is the next line
        if hits.size == 0:
            missing.append(text)
            continue
        y += int(hits[:, 0].min()) + tpl.shape[0] // 2
    return missing
