"""The pages scanned for each material of one case, before they go into the case.

A ``ScannedPage`` keeps the processed page and what is needed to redo it
(the captured frame as a high-quality JPEG and the corners), so corners can
be adjusted, the page turned or the mode changed after the fact without a
new photo. ``ScanSession`` holds them per material, in order: add, retake
(replace), delete, move. Everything here is personal data: it lives in
memory only until the case is saved (then encrypted in the local store),
and ``clear`` forgets it. Qt-free; the GUI thread owns a session.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from drivers.camera import quality
from drivers.camera.codes import NO_SIZING, Sizing
from drivers.camera.page import SMALL, Mode, Page, PageKind, ScanError, process_page
from drivers.camera.pdf import assemble_pdf
from drivers.camera.quality import Issue

SOURCE_JPEG_QUALITY = 92


@dataclass(frozen=True)
class ScannedPage:
    """One accepted page. Immutable: changes make a new one (``redo``)."""

    page: Page
    source_jpeg: bytes = field(repr=False)  # the captured frame, to redo the page
    quad: np.ndarray = field(repr=False)
    issues: tuple[Issue, ...] = ()
    kind: PageKind = PageKind.AUTO  # what was asked for (the page says what it became)
    quarter_turns: int = 0
    sizing: Sizing = NO_SIZING  # what the material is and the camera's scale (for AUTO)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def frame(self) -> np.ndarray:
        """The captured frame, decoded (for corner editing)."""
        img = cv2.imdecode(np.frombuffer(self.source_jpeg, np.uint8), cv2.IMREAD_COLOR)
        if img is None:
            raise ScanError("scan.frame_damaged")
        return img

    def redo(
        self,
        quad: np.ndarray | None = None,
        mode: Mode | None = None,
        quarter_turns: int | None = None,
        kind: PageKind | None = None,
    ) -> ScannedPage:
        """The same capture processed again with new corners, mode, turn or format."""
        frame = self.frame()
        q = self.quad if quad is None else np.asarray(quad, np.float32)
        k = self.kind if kind is None else kind
        turns = self.quarter_turns if quarter_turns is None else quarter_turns
        page, flat = process_page(
            frame, q, mode=mode or self.page.mode, kind=k, quarter_turns=turns, sizing=self.sizing
        )
        h, w = frame.shape[:2]
        issues = quality.check(flat, q, w, h, card=page.kind in SMALL)
        return replace(self, page=page, quad=q, issues=tuple(issues), kind=k, quarter_turns=turns)


def capture_page(
    frame: np.ndarray,
    quad: np.ndarray,
    *,
    mode: Mode = Mode.GREY,
    kind: PageKind = PageKind.AUTO,
    sizing: Sizing = NO_SIZING,
) -> ScannedPage:
    """Process a captured frame into a page and run the quality checks. Any thread.

    With ``kind`` AUTO the format follows the page's shape and ``sizing``
    (the material's expected kind, the camera's scale)."""
    q = np.asarray(quad, np.float32)
    page, flat = process_page(frame, q, mode=mode, kind=kind, sizing=sizing)
    h, w = frame.shape[:2]
    issues = quality.check(flat, q, w, h, card=page.kind in SMALL)
    ok, src = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, SOURCE_JPEG_QUALITY])
    if not ok:
        raise ScanError("scan.frame_encode_failed")
    return ScannedPage(page, src.tobytes(), q, tuple(issues), kind, sizing=sizing)


class ScanSession:
    """Scanned pages per material code, in order. Not thread-safe: one owner (GUI thread)."""

    def __init__(self) -> None:
        self._pages: dict[str, list[ScannedPage]] = {}

    def pages(self, code: str) -> list[ScannedPage]:
        return list(self._pages.get(code, []))

    def codes(self) -> list[str]:
        return [c for c, p in self._pages.items() if p]

    def add(self, code: str, page: ScannedPage, at: int | None = None) -> int:
        """Insert a page (at the end by default); returns its index."""
        lst = self._pages.setdefault(code, [])
        i = len(lst) if at is None else max(0, min(at, len(lst)))
        lst.insert(i, page)
        return i

    def replace(self, code: str, index: int, page: ScannedPage) -> None:
        self._pages[code][index] = page

    def remove(self, code: str, index: int) -> ScannedPage:
        return self._pages[code].pop(index)

    def move(self, code: str, index: int, delta: int) -> int:
        """Move a page up (-1) or down (+1); returns where it ended up."""
        lst = self._pages[code]
        j = max(0, min(len(lst) - 1, index + delta))
        lst.insert(j, lst.pop(index))
        return j

    def clear(self) -> None:
        self._pages.clear()

    def pdf(self, code: str, title: str = "") -> bytes:
        return assemble_pdf([p.page for p in self._pages.get(code, [])], title)

    def total_kb(self, code: str) -> float:
        return sum(p.page.kb for p in self._pages.get(code, []))
