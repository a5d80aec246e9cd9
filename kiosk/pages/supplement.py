"""The kiosk's 补交材料 page: what the case owes beside the document camera, then submit.

Each owed material is scanned like at intake (the scan panel of widgets); 提交
keeps the pages, sends the 补正 through the outbox and prints the 补正回执
(services.supplements), on the background lane; the done page says what is
still owed or when the time limit now ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLabel

from kiosk.pages.base import KioskPage
from services.supplements import HandInResult, OwedCase
from widgets.i18n import tr
from widgets.pages import button
from widgets.supplement import SupplementPanel

if TYPE_CHECKING:
    from kiosk.window import KioskWindow


class SupplementPage(KioskPage):
    """Scanning the owed materials of one case and handing them in. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("请将要补交的材料平放在扫描区"))
        self.heading = lay.itemAt(0).widget()
        self.panel = SupplementPanel(win.bridge, self, touch=True)
        lay.addWidget(self.panel, 1)
        self.msg = QLabel(tr("选择左侧的材料，放到镜头下拍摄；拍完要补交的材料后点“提交”。"), self)
        self.msg.setProperty("role", "hint")
        self.msg.setWordWrap(True)
        lay.addWidget(self.msg)
        self.submit_btn = button(
            tr("提交并打印补正回执"), self, name="supplement_submit", primary=True
        )
        self.submit_btn.clicked.connect(self.submit)
        self.nav(lay, "supplement_find", self.submit_btn)
        self.busy = self.busy_state(self.submit_btn)
        self.panel.camera.message.connect(self.msg.setText)
        self.panel.changed.connect(self._follow)

    def arrange(self, size: QSize) -> None:
        portrait = size.height() > size.width()
        self.panel.row.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )

    def resizeEvent(self, e: QResizeEvent) -> None:
        self.arrange(e.size())
        super().resizeEvent(e)

    def show_cases(self, found: list[OwedCase]) -> None:
        self.panel.show_cases(found)
        case = self.panel.current()
        if case is not None:
            self.heading.setText(tr("补交材料：") + case.item_name)

    def _follow(self) -> None:
        self.submit_btn.setEnabled(bool(self.panel.pages()))
        case = self.panel.current()
        if case is not None:
            self.heading.setText(tr("补交材料：") + case.item_name)

    def shown(self, on: bool) -> None:
        """The camera runs while the page shows."""
        self.panel.run_camera(on)
        if on:
            self._follow()

    def submit(self) -> None:
        self.panel.hand_in(
            actor="citizen",
            clerk="",
            done=self._done,
            failed=lambda exc: self.msg.setText(self.win.intake.error_text(exc, "supplement")),
            busy=self.busy,
        )

    def _done(self, result: HandInResult) -> None:
        self.win.pages["supplement_done"].show_result(result)
        self.win.show_page("supplement_done")

    def reset(self) -> None:
        self.panel.clear()
        self.msg.setText(tr("选择左侧的材料，放到镜头下拍摄；拍完要补交的材料后点“提交”。"))
