"""The kiosk's form page: the application form, prefilled from the card, and a number pad."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QScrollArea

from core.case import Case
from core.catalog import Item
from kiosk.pages.base import KioskPage
from widgets.form_view import FormView
from widgets.i18n import tr
from widgets.keypad import NumberPad
from widgets.pages import button

if TYPE_CHECKING:
    from kiosk.window import KioskWindow


class FormPage(KioskPage):
    """Checking and filling the form. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("请核对并填写申请表"))
        row = QHBoxLayout()
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        self.form = FormView(masked=True)
        area.setWidget(self.form)
        row.addWidget(area, 3)
        self.pad = NumberPad(self)
        row.addWidget(self.pad, 2)
        lay.addLayout(row, 1)
        nxt = button(tr("下一步：扫描材料"), self, name="form_next", primary=True)
        nxt.clicked.connect(self.next)
        self.nav(lay, "guide", nxt)

    def show_case(self, item: Item, case: Case) -> None:
        self.form.set_form(list(item.form), case.form)
        self.pad.target = self.form.first_editable()

    def next(self) -> None:
        win = self.win
        assert win.case is not None
        if self.form.validate():
            return
        win.case.form = self.form.current_values()
        win.intake.refresh_checklist()
        win.show_page("scan")
