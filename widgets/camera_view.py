"""The camera picture with the page outline drawn over it, and corners to drag.

``CameraView`` paints the newest frame it was given, scaled to fit, with
the detected page outline on top (green when the page is good to take,
amber while it is being judged), a bar at the top showing how long the page
has been still, and a line of guidance at the bottom. In editing mode the
four corners are handles that can be dragged (mouse or touch) to where the
page's corners really are.

Frames are numpy BGR arrays shared with the capture thread: the view wraps
the array's memory in a QImage without copying and keeps a reference while
it paints; it never writes to it. A live preview also hands over the frame
already scaled to the view (``preview_picture``, made on the capture
thread): painting it is a plain copy, where scaling and converting a 1080p
frame in the paint took a tenth of a core at 30 fps. GUI thread only, but
``preview_picture`` and reading ``area`` are for any thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QMouseEvent,
    QPainter,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

if TYPE_CHECKING:
    import numpy as np

GOOD = QColor("#2e7d32")
BUSY = QColor("#f9a825")
EDIT = QColor("#1f5fae")
HANDLE_PX = 26  # touch-friendly handle radius (widget pixels)


def to_qimage(frame: np.ndarray) -> QImage:
    """A QImage over the frame's memory (no copy): keep ``frame`` alive while it is used."""
    h, w = frame.shape[:2]
    fmt = QImage.Format.Format_Grayscale8 if frame.ndim == 2 else QImage.Format.Format_BGR888
    return QImage(frame.data, w, h, frame.strides[0], fmt)


def fit_size(w: int, h: int, area_w: int, area_h: int) -> tuple[int, int]:
    """A w x h picture scaled to fit area_w x area_h, aspect kept (whole pixels)."""
    s = min(area_w / w, area_h / h)
    return max(1, round(w * s)), max(1, round(h * s))


def preview_picture(frame: np.ndarray, area: tuple[int, int] | None) -> np.ndarray | None:
    """``frame`` scaled to fit ``area`` (the view's pixels), four bytes a pixel as
    QImage.Format_RGB32 wants them; None when the view is not smaller or its size
    is unknown. Bilinear, as the paint's smooth scaling was. Any thread."""
    import cv2

    if area is None or area[0] < 1 or area[1] < 1:
        return None
    h, w = frame.shape[:2]
    size = fit_size(w, h, *area)
    if size[0] >= w:
        return None
    small = cv2.resize(frame, size, interpolation=cv2.INTER_LINEAR)
    return cv2.cvtColor(small, cv2.COLOR_GRAY2BGRA if small.ndim == 2 else cv2.COLOR_BGR2BGRA)


def encode_jpeg(frame: np.ndarray, quality: int = 85) -> bytes:
    import cv2  # OpenCV loads on the first page, not before the apps' first paint

    ok, buf = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return buf.tobytes()


class CameraView(QWidget):
    """Shows frames with a page outline; lets the corners be dragged when editing.

    ``corners_changed`` carries the new corners (frame pixels, (4, 2)
    float32) when a drag ends. GUI thread only.
    """

    corners_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(400, 180)  # the rest of a 800 px high kiosk page is buttons
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._frame: np.ndarray | None = None
        self._image: QImage | None = None
        self._picture: np.ndarray | None = None  # the frame scaled to the view (kept alive)
        self._picture_image: QImage | None = None
        self.area: tuple[int, int] | None = None  # device pixels the picture may fill
        self._quad: np.ndarray | None = None
        self._good = False
        self._progress = 0.0
        self._message = ""
        self._editable = False
        self._drag: int | None = None
        self.placeholder = ""

    # ---- what to show -------------------------------------------------------------------------
    @property
    def frame(self) -> np.ndarray | None:
        return self._frame

    def set_frame(self, frame: np.ndarray | None, picture: np.ndarray | None = None) -> None:
        """Show ``frame``; ``picture`` is it scaled to ``area`` (preview_picture), if made."""
        self._frame = frame
        self._image = None if frame is None else to_qimage(frame)
        self._picture = picture if frame is not None else None
        self._picture_image = None
        if self._picture is not None:
            ph, pw = self._picture.shape[:2]
            self._picture_image = QImage(
                self._picture.data, pw, ph, self._picture.strides[0], QImage.Format.Format_RGB32
            )
        self.update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # read by the capture thread (a tuple: replaced whole); a scaled screen gets none
        dpr = self.devicePixelRatioF()
        self.area = (self.width(), self.height()) if dpr == 1.0 else None

    def set_overlay(
        self, quad: np.ndarray | None, good: bool = False, progress: float = 0.0
    ) -> None:
        import numpy as np  # loaded by the frames' producer already; not needed at start

        if self._drag is None:  # never move a corner out from under a finger
            self._quad = None if quad is None else np.asarray(quad, np.float32).copy()
        self._good = good
        self._progress = progress
        self.update()

    def set_message(self, text: str) -> None:
        self._message = text
        self.update()

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self._drag = None
        self.update()

    def corners(self) -> np.ndarray | None:
        return None if self._quad is None else self._quad.copy()

    # ---- geometry -----------------------------------------------------------------------------
    def _target(self) -> QRectF:
        """Where the frame is drawn: centred, aspect kept."""
        if self._frame is None:
            return QRectF(self.rect())
        h, w = self._frame.shape[:2]
        s = min(self.width() / w, self.height() / h)
        dw, dh = w * s, h * s
        return QRectF((self.width() - dw) / 2, (self.height() - dh) / 2, dw, dh)

    def to_widget(self, pts: np.ndarray) -> list[QPointF]:
        t = self._target()
        h, w = self._frame.shape[:2] if self._frame is not None else (1, 1)
        sx, sy = t.width() / w, t.height() / h
        return [QPointF(t.x() + (x + 0.5) * sx, t.y() + (y + 0.5) * sy) for x, y in pts]

    def to_frame(self, p: QPointF) -> tuple[float, float]:
        t = self._target()
        h, w = self._frame.shape[:2] if self._frame is not None else (1, 1)
        x = (p.x() - t.x()) / (t.width() / w) - 0.5
        y = (p.y() - t.y()) / (t.height() / h) - 0.5
        return (min(max(x, 0.0), w - 1.0), min(max(y, 0.0), h - 1.0))

    # ---- painting -----------------------------------------------------------------------------
    def _font(self, factor: float) -> QFont:
        """The widget's font, larger (style sheets set pixel sizes, not points)."""
        f = QFont(self.font())
        if f.pointSizeF() > 0:
            f.setPointSizeF(f.pointSizeF() * factor)
        elif f.pixelSize() > 0:
            f.setPixelSize(round(f.pixelSize() * factor))
        return f

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#263238"))
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if self._image is None:
            p.setPen(QColor("white"))
            p.setFont(self._font(1.3))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.placeholder)
            p.end()
            return
        target = self._target()
        pic = self._picture_image
        if pic is not None and (pic.width(), pic.height()) == (
            round(target.width()),
            round(target.height()),
        ):
            p.drawImage(QPoint(round(target.x()), round(target.y())), pic)  # no scaling
        else:
            p.drawImage(target, self._image)
        if self._quad is not None:
            colour = EDIT if self._editable else (GOOD if self._good else BUSY)
            pts = self.to_widget(self._quad)
            fill = QColor(colour)
            fill.setAlpha(40)
            p.setBrush(fill)
            p.setPen(QPen(colour, 4))
            p.drawPolygon(QPolygonF(pts))
            if self._editable:
                p.setBrush(QColor(255, 255, 255, 220))
                p.setPen(QPen(colour, 3))
                for pt in pts:
                    p.drawEllipse(pt, HANDLE_PX * 0.6, HANDLE_PX * 0.6)
        if self._progress > 0 and not self._editable:
            t = self._target()
            bar = QRectF(t.x() + 12, t.y() + 10, (t.width() - 24) * self._progress, 8)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(GOOD if self._good else BUSY)
            p.drawRoundedRect(bar, 4, 4)
        if self._message:
            f = self._font(1.2)
            f.setBold(True)
            p.setFont(f)
            t = self._target()
            flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
            # font metrics, not p.boundingRect: that one is empty while the pen is NoPen
            need = QFontMetricsF(f).boundingRect(
                QRectF(0, 0, t.width() - 24, 1000), flags, self._message
            )
            # at the bottom: the top corners stay free to grab
            box = QRectF(t.x(), t.bottom() - need.height() - 16, t.width(), need.height() + 16)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(0, 0, 0, 150))
            p.drawRect(box)
            p.setPen(QColor("white"))
            p.drawText(box.adjusted(12, 8, -12, -8), flags, self._message)
        p.end()

    # ---- dragging corners ---------------------------------------------------------------------
    def mousePressEvent(self, e: QMouseEvent) -> None:
        if not self._editable or self._quad is None:
            return
        pts = self.to_widget(self._quad)
        d = [(pt.x() - e.position().x()) ** 2 + (pt.y() - e.position().y()) ** 2 for pt in pts]
        i = min(range(len(d)), key=d.__getitem__)
        if d[i] <= (HANDLE_PX * 1.6) ** 2:
            self._drag = i

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        if self._drag is None or self._quad is None:
            return
        self._quad[self._drag] = self.to_frame(e.position())
        self.update()

    def mouseReleaseEvent(self, _e: QMouseEvent) -> None:
        if self._drag is None or self._quad is None:
            return
        self._drag = None
        self.corners_changed.emit(self._quad.copy())

    def move_corner(self, index: int, x: float, y: float) -> None:
        """Put a corner at frame pixel (x, y) as a drag would (keyboard, tests)."""
        if self._quad is None:
            return
        self._quad[index] = (x, y)
        self.update()
        self.corners_changed.emit(self._quad.copy())
