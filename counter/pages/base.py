"""What every counter page has: a title and the clerk's toolbar; the state words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from widgets.i18n import N_, tr
from widgets.pages import button, title

if TYPE_CHECKING:
    from counter.window import CounterWindow
    from services.runtime import Runtime
    from widgets.background import Busy

STATE_NAMES = {
    "submitted": N_("待上报"),
    "synced": N_("已上报"),
    "accepted": N_("已受理"),
    "rejected": N_("不予受理"),
    "ready": N_("待取件"),
    "delivered": N_("已出件"),
}


class CounterPage(QWidget):
    """One page of the counter, talking to its window (the session). GUI thread only."""

    def __init__(self, win: CounterWindow) -> None:
        super().__init__(win.stack)
        self.win = win
        self.toolbar_buttons: list = []
        self._nav_row: QHBoxLayout | None = None  # beside the title (page_layout)

    @property
    def rt(self) -> Runtime:
        """The window's runtime (a first page is built before it exists)."""
        return self.win.rt

    def page_layout(self, heading: str) -> QVBoxLayout:
        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 16, 24, 16)
        lay.setSpacing(10)
        head = QHBoxLayout()
        head.setSpacing(8)
        head.addWidget(title(heading, self), 1)
        # The clerk's way between pages sits beside the title, so the bottom row holds only
        # this page's own actions (in English the two together are wider than 1280 px).
        self._nav_row = QHBoxLayout()
        self._nav_row.setSpacing(8)
        head.addLayout(self._nav_row)
        lay.addLayout(head)
        return lay

    def toolbar(self, lay: QVBoxLayout, *extra: QWidget) -> None:
        row = QHBoxLayout()
        new = button(tr("新的受理"), self, name="new_intake")
        new.clicked.connect(self.win.new_intake)
        cases = button(tr("办件列表"), self, name="show_cases")
        cases.clicked.connect(lambda: self.win.show_page("cases"))
        prints = button(tr("打印记录"), self, name="show_prints")
        prints.clicked.connect(lambda: self.win.show_page("prints"))
        pickup = button(tr("出件"), self, name="show_pickup")
        pickup.clicked.connect(self.win.new_pickup)
        hotline = button(tr("12345"), self, name="show_hotline")  # 咨询投诉 登记
        hotline.setToolTip(tr("12345 咨询投诉（窗口登记）"))
        hotline.clicked.connect(lambda: self.win.show_page("hotline"))
        supplement = button(tr("补交材料"), self, name="show_supplement")  # 补正 (issue 14)
        supplement.clicked.connect(self.win.new_supplement)
        nav = self._nav_row if self._nav_row is not None else row
        navs = [new, cases, prints, pickup, hotline, supplement]
        if self.rt.calling is not None:
            # With the hall queue a service starts from 叫号 (its page keeps 新的受理 for a
            # citizen without a ticket while the hall server is away): one button, not two,
            # so the row stays as wide as before.
            calling = button(tr("叫号"), self, name="show_calling")
            calling.clicked.connect(self.win.show_calling)
            self.win.calling_buttons.append(calling)
            new.hide()
            navs[0] = calling
        for b in navs:
            nav.addWidget(b)
            self.toolbar_buttons.append(b)
        row.addStretch(1)
        from widgets.background import Busy  # here: the first page paints without it

        self.busy_label = Busy.label_for(self)  # in the row: no height of its own
        self.busy_label.hide()
        row.addWidget(self.busy_label)
        for w in extra:
            row.addWidget(w)
        lay.addLayout(row)

    def busy_state(self, *buttons: QWidget) -> Busy:
        """The "正在保存…" word in the toolbar; the page's buttons are off while it shows."""
        from widgets.background import Busy

        return Busy(self.busy_label, [*self.toolbar_buttons, *buttons])
