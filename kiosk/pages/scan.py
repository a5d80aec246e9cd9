"""The kiosk's scan page: the checklist of materials beside the scan panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout

from kiosk.pages.base import KioskPage
from widgets.checklist import MaterialChecklist
from widgets.i18n import tr
from widgets.pages import button

if TYPE_CHECKING:
    from kiosk.window import KioskWindow

CHECKLIST_WIDTH = 360  # px beside the camera (landscape)
CHECKLIST_HEIGHT = 300  # px above it (portrait): the camera keeps the rest
UNLIMITED = 16_777_215  # Qt's QWIDGETSIZE_MAX


class ScanPage(KioskPage):
    """Scanning each material; its pages are kept through the intake controller.

    GUI thread only.
    """

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("请将材料平放在扫描区"))
        # The checklist beside the camera; above it on a portrait screen.
        self.row = row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.checklist = MaterialChecklist(self)
        self.checklist.setMaximumWidth(CHECKLIST_WIDTH)
        row.addWidget(self.checklist, 2)
        hint = tr("选择左侧的材料，放到镜头下：画面稳定后会自动拍摄，也可以点“拍摄”。")
        self.camera = win.intake.add_scan_area(self, lay, row, 3, hint, self.checklist)
        self.camera.use_touch_sizes()
        nxt = button(tr("下一步：确认提交"), self, name="scan_next", primary=True)
        nxt.clicked.connect(self.next)
        self.nav(lay, "form", nxt)
        win.intake.scan_busy = self.busy_state(nxt)

    def arrange(self, size: QSize) -> None:
        """Portrait or landscape, for the page's size (also called as the page shows)."""
        portrait = size.height() > size.width()
        self.row.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self.checklist.setMaximumSize(
            UNLIMITED if portrait else CHECKLIST_WIDTH, CHECKLIST_HEIGHT if portrait else UNLIMITED
        )

    def resizeEvent(self, e: QResizeEvent) -> None:
        self.arrange(e.size())
        super().resizeEvent(e)

    def next(self) -> None:
        win = self.win
        assert win.case is not None and win.item is not None
        win.pages["confirm"].show_case(win.case, win.item, win.identity)
        win.show_page("confirm")
