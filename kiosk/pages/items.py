"""The kiosk's items page: the catalogue in tabs by window class, one tile per item."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QTabWidget, QWidget

from core.catalog import WINDOW_CLASSES
from core.identity import Identity, mask_id_number, mask_name
from kiosk.pages.base import KioskPage
from widgets.i18n import tr
from widgets.pages import button

if TYPE_CHECKING:
    from kiosk.window import KioskWindow


class ItemsPage(KioskPage):
    """Choosing what to apply for. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("请选择要办理的事项"))
        self.who = QLabel("", self)
        self.who.setProperty("role", "subtitle")
        lay.addWidget(self.who)
        self.tabs = QTabWidget(self)
        self.item_buttons: dict[str, QWidget] = {}
        lay.addWidget(self.tabs, 1)
        self.fill()
        self.nav(lay, "home")

    def fill(self) -> None:
        self.tabs.clear()
        for wc in WINDOW_CLASSES:
            items = self.rt.catalog.by_window_class(wc)
            inner = QWidget()
            grid = QGridLayout(inner)
            grid.setSpacing(12)
            for i, it in enumerate(items):
                tags = " ".join(it.tags)
                b = button(f"{it.name}\n{tags}", inner, name=f"item_{it.code}")
                b.setProperty("tile", True)
                b.clicked.connect(lambda _=False, code=it.code: self.win.choose_item(code))
                grid.addWidget(b, i // 2, i % 2)
                self.item_buttons[it.code] = b
            grid.setRowStretch(grid.rowCount(), 1)
            area = QScrollArea()
            area.setWidgetResizable(True)
            area.setWidget(inner)
            self.tabs.addTab(area, tr(wc))

    def greet(self, identity: Identity) -> None:
        self.who.setText(
            tr("您好，%s（%s）")
            .replace("%s", mask_name(identity.name), 1)
            .replace("%s", mask_id_number(identity.id_number), 1)
        )
