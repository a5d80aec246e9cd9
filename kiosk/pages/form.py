"""The kiosk's form page: the application form, prefilled from the card, and the
on-screen keyboard that types into the field the citizen touches."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QScrollArea

from core.case import Case
from core.catalog import Item
from kiosk.pages.base import KioskPage
from widgets.form_view import FormView
from widgets.i18n import tr
from widgets.keyboard.keyboard import MAX_WIDTH, OnScreenKeyboard
from widgets.pages import button

if TYPE_CHECKING:
    from kiosk.window import KioskWindow


class FormPage(KioskPage):
    """Checking and filling the form. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("请核对并填写申请表"))
        # Side by side on a landscape screen, the keyboard under the form in portrait.
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        self.form = FormView(masked=True, touch=True, reveal=True)
        area.setWidget(self.form)
        self.row.addWidget(area, 1)
        self.keyboard = OnScreenKeyboard(self)
        self.keyboard.target_changed.connect(lambda ed: area.ensureWidgetVisible(ed))
        self.row.addWidget(self.keyboard, 1, Qt.AlignmentFlag.AlignHCenter)
        lay.addLayout(self.row, 1)
        nxt = button(tr("下一步：扫描材料"), self, name="form_next", primary=True)
        nxt.clicked.connect(self.next)
        self.nav(lay, "guide", nxt)

    def show_case(self, item: Item, case: Case) -> None:
        """A new draft (just started from the card read): its form, and the session's
        privacy consent recorded on it."""
        if case.consent is None:
            case.consent = self.win.consent
        self.keyboard.reset()
        self.form.set_form(list(item.form), case.form)
        for ed in self.form.line_editors():
            self.keyboard.attach(ed)
        self.keyboard.set_target(self.form.first_editable())

    def resizeEvent(self, e: QResizeEvent) -> None:
        w, h = e.size().width(), e.size().height()
        portrait = h > w
        self.row.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        # Landscape: leave the form at least 45 % of the width; keys stay ≥ 60 px.
        self.keyboard.setMaximumWidth(
            MAX_WIDTH if portrait else max(700, min(MAX_WIDTH, w * 11 // 20))
        )
        super().resizeEvent(e)

    def next(self) -> None:
        win = self.win
        assert win.case is not None
        if self.form.validate():
            return
        win.case.form = self.form.current_values()
        win.intake.refresh_checklist()
        win.show_page("scan")
