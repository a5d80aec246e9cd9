"""What every kiosk page has: a title, and 返回 / 回首页 / next at the bottom."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout, QWidget

from widgets.i18n import tr
from widgets.pages import button, title
from widgets.touch import TOUCH_STYLE, refit_text_room, touch_rows

if TYPE_CHECKING:
    from kiosk.window import KioskWindow
    from services.runtime import Runtime
    from widgets.background import Busy


def beside_keyboard(
    row: QBoxLayout,
    keyboard: QWidget,
    size: QSize,
    *,
    least: int = 700,
    share: float = 11 / 20,
    stacked: bool | None = None,
) -> bool:
    """Lay out a page's fields and its on-screen keyboard for the page's ``size``:
    the keys under the fields when portrait (or ``stacked``), beside them otherwise, at
    least ``least`` px wide (keys ≥ 60 px) and at most ``share`` of the width. Returns
    whether the page is portrait. GUI thread."""
    from widgets.keyboard.keyboard import MAX_WIDTH  # here: the first page paints without it

    w, h = size.width(), size.height()
    portrait = h > w
    under = portrait if stacked is None else stacked
    row.setDirection(
        QBoxLayout.Direction.TopToBottom if under else QBoxLayout.Direction.LeftToRight
    )
    keyboard.setMaximumWidth(MAX_WIDTH if portrait else max(least, min(MAX_WIDTH, int(w * share))))
    return portrait


class KioskPage(QWidget):
    """One page of the kiosk, talking to its window (the session). GUI thread only.

    Every target on it is touch-sized (widgets.touch.TOUCH_STYLE: sizes only,
    the theme keeps the look).
    """

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win.stack)
        self.setStyleSheet(TOUCH_STYLE)
        self.win = win
        self.nav_buttons: list = []

    @property
    def rt(self) -> Runtime:
        """The window's runtime (a first page is built before it exists)."""
        return self.win.rt

    def showEvent(self, event) -> None:
        touch_rows(self)  # the drop-downs a page made since (a form's choices)
        refit_text_room(self)  # a style sheet polished since puts back its own minimum
        super().showEvent(event)

    def page_layout(self, heading: str) -> QVBoxLayout:
        """The page's content layout, under ``heading``, in a body that scrolls in
        长辈模式 (widgets.page_body); the nav row stays below it, on the screen."""
        from widgets.page_body import PageBody  # here: the first page paints without it

        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 0, 0, 0)
        self._outer.setSpacing(0)
        self.body = PageBody(self)
        self._outer.addWidget(self.body, 1)
        lay = QVBoxLayout(self.body.widget())
        lay.setContentsMargins(40, 24, 40, 8)
        lay.setSpacing(14)
        lay.addWidget(title(heading, self))
        return lay

    def nav(self, lay: QVBoxLayout, back: str | None, nxt: QWidget | None = None) -> None:
        row = QHBoxLayout()
        row.setSpacing(24)  # 返回 and 回首页 apart: a finger meant for one must not hit both
        if back:
            b = button(tr("返回"), self, name=f"back_{back}")
            b.clicked.connect(lambda: self.win.show_page(back))
            row.addWidget(b)
            self.nav_buttons.append(b)
        home = button(tr("回首页"), self, name="home")
        home.clicked.connect(self.win.reset_session)
        row.addWidget(home)
        self.nav_buttons.append(home)
        row.addStretch(1)
        from widgets.background import Busy  # here: the first page paints without it

        self.busy_label = Busy.label_for(self)  # in the row: no height of its own
        self.busy_label.hide()
        row.addWidget(self.busy_label)
        if nxt is not None:
            row.addWidget(nxt)
        outer = getattr(self, "_outer", None)
        if outer is None:  # a page laid out by itself: the row is its last
            lay.addLayout(row)
            return
        row.setContentsMargins(40, 6, 40, 24)
        outer.addLayout(row)

    def busy_state(self, *buttons: QWidget) -> Busy:
        """The "正在保存…" word in the nav row; the page's buttons are off while it shows."""
        from widgets.background import Busy

        return Busy(self.busy_label, [*self.nav_buttons, *buttons])
