"""The signature pad: a citizen signs with a finger, a mouse or a pen tablet.

``SignaturePad`` keeps the strokes as points with a width: a finger or a
mouse draws at the pad's own width, a pen tablet (``QTabletEvent``) at a
width from its pressure. Touch is taken as touch (``QTouchEvent``, the first
point), so a finger never waits for Qt's mouse synthesis. ``png()`` draws the
strokes again on white, cropped to the ink with a margin: the image the
承诺书 carries. ``SignatureField`` is the pad with its hint and 重签 (clear)
button (≥ 60 px, for a finger at the kiosk). GUI thread only.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from widgets.i18n import tr
from widgets.pages import button

INK = QColor(16, 24, 64)
BASE_WIDTH = 4.0  # px, a finger's or a mouse's line
PEN_MIN, PEN_MAX = 1.5, 9.0  # px, a tablet pen's line at no and at full pressure
MARGIN = 16  # px of white around the cropped ink
MIN_POINTS = 8  # fewer points in all is a tap, not a signature
CLEAR_HEIGHT = 64  # ≥ 60 px

Point = tuple[float, float, float]  # x, y, width


class SignaturePad(QWidget):
    """Where the signature is drawn; ``changed(bool)`` says whether it holds ink now.
    GUI thread only."""

    changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, min_height: int = 240) -> None:
        super().__init__(parent)
        self.setObjectName("signature_pad")
        self.setMinimumHeight(min_height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._strokes: list[list[Point]] = []
        self._drawing = False

    # ---- what was drawn --------------------------------------------------------------
    def is_empty(self) -> bool:
        """No signature yet (nothing drawn, or only a tap or two)."""
        return sum(len(s) for s in self._strokes) < MIN_POINTS

    def clear(self) -> None:
        """重签: every stroke goes."""
        had = bool(self._strokes)
        self._strokes = []
        self._drawing = False
        self.update()
        if had:
            self.changed.emit(False)

    def strokes(self) -> list[list[Point]]:
        return [list(s) for s in self._strokes]

    def png(self) -> bytes:
        """The signature on white, cropped to the ink (plus a margin), as PNG; b"" when empty."""
        if self.is_empty():
            return b""
        xs = [p[0] for s in self._strokes for p in s]
        ys = [p[1] for s in self._strokes for p in s]
        pad = MARGIN + PEN_MAX
        left, top = min(xs) - pad, min(ys) - pad
        w, h = int(max(xs) - left + pad) + 1, int(max(ys) - top + pad) + 1
        img = QImage(w, h, QImage.Format.Format_RGB32)
        img.fill(QColor("white"))
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.translate(-left, -top)
        self._draw(p)
        p.end()
        buf = QByteArray()
        io = QBuffer(buf)
        io.open(QIODevice.OpenModeFlag.WriteOnly)
        img.save(io, "PNG")
        io.close()
        return bytes(buf.data())

    # ---- drawing ---------------------------------------------------------------------
    def _begin(self, pos: QPointF, width: float) -> None:
        self._drawing = True
        self._strokes.append([(pos.x(), pos.y(), width)])
        self.update()

    def _extend(self, pos: QPointF, width: float) -> None:
        if not self._drawing:
            return
        before = self.is_empty()
        self._strokes[-1].append((pos.x(), pos.y(), width))
        self.update()
        if before and not self.is_empty():
            self.changed.emit(True)

    def _end(self) -> None:
        self._drawing = False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position(), BASE_WIDTH)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position(), BASE_WIDTH)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position(), BASE_WIDTH)
            self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:
        """A pen: its pressure (0-1) sets the width. Accepted, so Qt sends no mouse copy."""
        width = PEN_MIN + (PEN_MAX - PEN_MIN) * max(0.0, min(1.0, event.pressure()))
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position(), width)
        elif kind == QTabletEvent.Type.TabletMove:
            self._extend(event.position(), width)
        elif kind == QTabletEvent.Type.TabletRelease:
            self._extend(event.position(), width)
            self._end()
        event.accept()

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if isinstance(event, QTouchEvent) and kind in (
            QTouchEvent.Type.TouchBegin,
            QTouchEvent.Type.TouchUpdate,
            QTouchEvent.Type.TouchEnd,
        ):
            points = event.points()
            if points:
                pos = points[0].position()
                if kind == QTouchEvent.Type.TouchBegin:
                    self._begin(pos, BASE_WIDTH)
                else:
                    self._extend(pos, BASE_WIDTH)
                if kind == QTouchEvent.Type.TouchEnd:
                    self._end()
            event.accept()
            return True
        return super().event(event)

    def _draw(self, p: QPainter) -> None:
        for stroke in self._strokes:
            if len(stroke) == 1:
                x, y, w = stroke[0]
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(INK)
                p.drawEllipse(QPointF(x, y), w / 2, w / 2)
                continue
            for (x0, y0, w0), (x1, y1, w1) in pairwise(stroke):
                pen = QPen(INK, (w0 + w1) / 2)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
                p.setPen(pen)
                p.drawLine(QPointF(x0, y0), QPointF(x1, y1))

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        # the line to sign on
        p.setPen(QPen(QColor(180, 190, 200), 2, Qt.PenStyle.DashLine))
        base = self.height() * 0.75
        p.drawLine(QPointF(24, base), QPointF(self.width() - 24, base))
        p.setPen(QPen(QColor(150, 160, 170), 2))
        p.drawRect(QRectF(1, 1, self.width() - 2, self.height() - 2))
        self._draw(p)
        p.end()


class SignatureField(QWidget):
    """The pad with its hint and 重签; ``changed(bool)`` as the pad's. GUI thread only."""

    changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, min_height: int = 240) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.hint = QLabel(tr("请在下面的框内签名（手指、鼠标或手写笔均可）"), self)
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        row.addWidget(self.hint, 1)
        self.clear_btn = button(tr("重签"), self, name="signature_clear")
        self.clear_btn.setMinimumSize(120, CLEAR_HEIGHT)
        row.addWidget(self.clear_btn)
        lay.addLayout(row)
        self.pad = SignaturePad(self, min_height=min_height)
        lay.addWidget(self.pad, 1)
        self.clear_btn.clicked.connect(self.pad.clear)
        self.pad.changed.connect(self.changed)

    def is_empty(self) -> bool:
        return self.pad.is_empty()

    def png(self) -> bytes:
        return self.pad.png()

    def clear(self) -> None:
        self.pad.clear()
