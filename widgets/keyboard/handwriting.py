"""Handwritten Chinese characters: the Zinnia recogniser (ctypes) and the pad it reads.

Zinnia (Debian ``libzinnia0``) is a small SVM recogniser with a plain C API;
``tegaki-zinnia-simplified-chinese`` ships its model for Simplified Chinese. No
maintained Python binding installs from PyPI for Python 3.11 (``zinnia-python``
needs the C++ headers and a compiler), so the few calls are bound with ctypes.
Strokes are point lists in the pad's own pixels; Zinnia normalises them by the
width and height given.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import itertools
import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

log = logging.getLogger(__name__)

LIBRARY_NAMES = ("libzinnia.so.0", "zinnia")
MODEL_PATHS = (
    Path("/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model"),
    Path("/usr/local/share/tegaki/models/zinnia/handwriting-zh_CN.model"),
)
Stroke = Sequence[tuple[float, float]]
BOX = 300  # the square the strokes are fitted into for the recogniser


def fit_to_box(strokes: Sequence[Stroke], box: int = BOX) -> list[list[tuple[float, float]]]:
    """``strokes`` scaled to 80 % of a ``box`` square, centred, aspect kept."""
    xs = [x for s in strokes for x, _ in s]
    ys = [y for s in strokes for _, y in s]
    if not xs:
        return []
    w, h = max(xs) - min(xs), max(ys) - min(ys)
    scale = 0.8 * box / max(w, h, 1.0)
    ox = (box - w * scale) / 2 - min(xs) * scale
    oy = (box - h * scale) / 2 - min(ys) * scale
    return [[(x * scale + ox, y * scale + oy) for x, y in s] for s in strokes]


class HandwritingRecognizer:
    """Strokes in, likely characters out. One per keyboard; GUI thread only."""

    def __init__(
        self,
        library: tuple[str, ...] = LIBRARY_NAMES,
        model: tuple[Path, ...] = MODEL_PATHS,
    ) -> None:
        self._lib: ctypes.CDLL | None = None
        self._rec: int | None = None
        lib = None
        for name in library:
            try:
                lib = ctypes.CDLL(name)
                break
            except OSError:
                found = ctypes.util.find_library(name)
                if found:
                    try:
                        lib = ctypes.CDLL(found)
                        break
                    except OSError:
                        pass
        model_path = next((p for p in model if p.is_file()), None)
        if lib is None or model_path is None:
            log.info("handwriting unavailable (library %s, model %s)", lib, model_path)
            return
        vp, sz = ctypes.c_void_p, ctypes.c_size_t
        for fn, args, res in (
            ("zinnia_recognizer_new", [], vp),
            ("zinnia_recognizer_open", [vp, ctypes.c_char_p], ctypes.c_int),
            ("zinnia_recognizer_destroy", [vp], None),
            ("zinnia_character_new", [], vp),
            ("zinnia_character_destroy", [vp], None),
            ("zinnia_character_set_width", [vp, sz], None),
            ("zinnia_character_set_height", [vp, sz], None),
            ("zinnia_character_add", [vp, sz, ctypes.c_int, ctypes.c_int], ctypes.c_int),
            ("zinnia_recognizer_classify", [vp, vp, sz], vp),
            ("zinnia_result_size", [vp], sz),
            ("zinnia_result_value", [vp, sz], ctypes.c_char_p),
            ("zinnia_result_destroy", [vp], None),
        ):
            getattr(lib, fn).argtypes = args
            getattr(lib, fn).restype = res
        rec = lib.zinnia_recognizer_new()
        if not rec or not lib.zinnia_recognizer_open(rec, str(model_path).encode()):
            log.warning("handwriting model %s did not open", model_path)
            if rec:
                lib.zinnia_recognizer_destroy(rec)
            return
        self._lib, self._rec = lib, rec

    @property
    def available(self) -> bool:
        return self._rec is not None

    def classify(self, strokes: Sequence[Stroke], n: int = 10) -> list[str]:
        """The ``n`` likeliest characters for ``strokes``, best first.

        The strokes are first fitted into a square box (keeping their shape), so
        a character written small or off-centre on a wide pad reads the same.
        """
        lib = self._lib
        if lib is None or self._rec is None or not strokes:
            return []
        ch = lib.zinnia_character_new()
        try:
            lib.zinnia_character_set_width(ch, BOX)
            lib.zinnia_character_set_height(ch, BOX)
            for i, stroke in enumerate(fit_to_box(strokes)):
                for x, y in stroke:
                    lib.zinnia_character_add(ch, i, int(x), int(y))
            res = lib.zinnia_recognizer_classify(self._rec, ch, n)
            if not res:
                return []
            try:
                return [
                    (lib.zinnia_result_value(res, i) or b"").decode("utf-8", errors="replace")
                    for i in range(lib.zinnia_result_size(res))
                ]
            finally:
                lib.zinnia_result_destroy(res)
        finally:
            lib.zinnia_character_destroy(ch)

    def close(self) -> None:
        if self._lib is not None and self._rec is not None:
            self._lib.zinnia_recognizer_destroy(self._rec)
        self._rec = None


class HandwritingPad(QWidget):
    """A square the citizen writes one character in, by finger (touch reaches it as
    mouse events, which Qt synthesises for widgets). Emits ``strokes_changed`` after
    each stroke. GUI thread only."""

    strokes_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handwriting_pad")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(220, 220)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the focus
        self.strokes: list[list[tuple[float, float]]] = []
        self._current: list[tuple[float, float]] | None = None

    def sizeHint(self) -> QSize:
        return QSize(320, 320)

    def clear(self) -> None:
        self.strokes.clear()
        self._current = None
        self.update()
        self.strokes_changed.emit()

    def undo(self) -> None:
        if self.strokes:
            self.strokes.pop()
            self.update()
            self.strokes_changed.emit()

    def mousePressEvent(self, e: QMouseEvent) -> None:
        if e.button() == Qt.MouseButton.LeftButton:
            p = e.position()
            self._current = [(p.x(), p.y())]
            self.update()

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        if self._current is not None:
            p = e.position()
            self._current.append((p.x(), p.y()))
            self.update()

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        if self._current is not None and e.button() == Qt.MouseButton.LeftButton:
            p = e.position()
            self._current.append((p.x(), p.y()))
            self.strokes.append(self._current)
            self._current = None
            self.update()
            self.strokes_changed.emit()

    def paintEvent(self, e: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        guide = QPen(QColor("#d8dee6"), 1, Qt.PenStyle.DashLine)
        p.setPen(guide)  # the 米字格 centre lines writers are used to
        w, h = self.width(), self.height()
        p.drawLine(w // 2, 0, w // 2, h)
        p.drawLine(0, h // 2, w, h // 2)
        p.setPen(QPen(QColor("#8a96a3"), 2))
        p.drawRect(self.rect().adjusted(1, 1, -2, -2))
        ink = QPen(QColor("#1b2733"), 7)
        ink.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(ink)
        for stroke in [*self.strokes, *([self._current] if self._current else [])]:
            pts = [QPointF(x, y) for x, y in stroke]
            for a, b in itertools.pairwise(pts):
                p.drawLine(a, b)
        p.end()
