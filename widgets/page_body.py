"""A page's content that scrolls only when the page is told it may (长辈模式).

In the everyday mode the body asks for all the room its content needs, as a
plain layout would: the window is sized for it and the screen-size tests see
any page that outgrows the screen. In 长辈模式 the words are half as big again
and some pages (the confirm page's read-back, the rating, the scan page) are
taller than a 1280×800 panel: there the body gives way and scrolls, so that
no button ends up below the screen's edge. The scroll bar is the way to
scroll here, not a drag: the scan page's corners and the keyboard's
handwriting pad are dragged too.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

from widgets.touch import SCROLL_BAR


class PageBody(QScrollArea):
    """The scrolling frame of one page's content. GUI thread only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_body")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.viewport().setAutoFillBackground(False)
        self.setStyleSheet(
            "#page_body { background: transparent; }"
            f"QScrollBar:vertical {{ width: {SCROLL_BAR}px; }}"
            f"QScrollBar:horizontal {{ height: {SCROLL_BAR}px; }}"
        )
        inner = QWidget(self)
        inner.setObjectName("page_body_inner")
        inner.setAutoFillBackground(False)
        self.setWidget(inner)
        inner.installEventFilter(self)
        self.scrolls = False

    def set_scrolls(self, on: bool) -> None:
        """May the content be larger than the page (and scroll)?"""
        self.scrolls = on
        self.updateGeometry()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the content's needs changed: so do the page's
        return super().eventFilter(obj, event)

    def minimumSizeHint(self) -> QSize:
        if self.scrolls:
            return QSize(SCROLL_BAR * 4, SCROLL_BAR * 4)
        return self.widget().minimumSizeHint()

    def sizeHint(self) -> QSize:
        return self.widget().sizeHint()
