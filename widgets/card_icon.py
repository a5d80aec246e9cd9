"""A drawn ID card laid on a reader, for the kiosk's card page.

Drawn with QPainter rather than an emoji (🪪 has no glyph in the bundled
CJK fonts and showed as a box): the card with its photo and lines of text,
the reader under it, and the arcs of the radio field between them. It
scales with its widget and keeps its proportions.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from widgets.theme import BLUE

CARD = QColor("#e3eefb")
INK = QColor(BLUE)
READER = QColor("#37474f")
ASPECT = 1.3  # width : height of the whole drawing (card, arcs, reader)


class CardIcon(QWidget):
    """The picture of "put the card on the reader". Draws only; GUI thread only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card_icon")
        self.setMinimumSize(130, 100)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(312, 240)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        h = min(self.height(), self.width() / ASPECT)
        w = h * ASPECT
        box = QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)
        u = h / 100  # one unit: the drawing is 130 × 100 units
        # The card, tilted as if laid down, 86 × 54 like an ID-1 card.
        card = QRectF(box.x() + 22 * u, box.y() + 4 * u, 86 * u, 54 * u)
        p.setPen(QPen(INK, 2.5 * u))
        p.setBrush(CARD)
        p.drawRoundedRect(card, 6 * u, 6 * u)
        # Photo on the right (as on the card's face): head and shoulders.
        photo = QRectF(card.right() - 30 * u, card.y() + 8 * u, 22 * u, 28 * u)
        p.setPen(QPen(INK, 1.5 * u))
        p.setBrush(QColor("white"))
        p.drawRect(photo)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(INK)
        p.drawEllipse(QRectF(photo.x() + 6 * u, photo.y() + 4 * u, 10 * u, 11 * u))
        body = QPainterPath()
        body.moveTo(photo.x() + 2 * u, photo.bottom())
        body.quadTo(photo.center().x(), photo.y() + 10 * u, photo.right() - 2 * u, photo.bottom())
        p.drawPath(body)
        # Lines of text on the left, and the number along the bottom.
        for i, length in enumerate((30, 40, 26, 38)):
            y = card.y() + (10 + i * 7) * u
            p.drawRoundedRect(QRectF(card.x() + 8 * u, y, length * u, 3 * u), 1.5 * u, 1.5 * u)
        p.drawRoundedRect(
            QRectF(card.x() + 8 * u, card.bottom() - 10 * u, 66 * u, 4 * u), 2 * u, 2 * u
        )
        # The field: three arcs under the card.
        p.setBrush(Qt.BrushStyle.NoBrush)
        centre_x = card.center().x()
        for i in range(3):
            r = (8 + i * 7) * u
            pen = QPen(INK, 2.5 * u)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            p.setPen(pen)
            arc = QRectF(centre_x - r, card.bottom() + 24 * u - r, 2 * r, 2 * r)
            p.drawArc(arc, 50 * 16, 80 * 16)
        # The reader.
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(READER)
        p.drawRoundedRect(QRectF(box.x() + 10 * u, box.y() + 84 * u, 110 * u, 14 * u), 5 * u, 5 * u)
        p.setBrush(QColor("#81c784"))
        p.drawEllipse(QRectF(box.x() + 104 * u, box.y() + 88 * u, 6 * u, 6 * u))
        p.end()
