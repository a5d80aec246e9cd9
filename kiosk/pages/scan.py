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
        # 容缺后补: a material the catalog lets wait is marked at once, and can be undone.
        self.defer_btn = button(tr("暂缺，稍后补交"), self, name="scan_defer")
        self.defer_btn.clicked.connect(self.toggle_defer)
        self.checklist.material_selected.connect(self._follow_row)
        self.nav(lay, "form", self.defer_btn)
        self.nav_row_add(nxt)
        win.intake.scan_busy = self.busy_state(nxt, self.defer_btn)

    def nav_row_add(self, w) -> None:
        """One more button at the end of the nav row (after the defer button)."""
        self._outer.itemAt(self._outer.count() - 1).layout().addWidget(w)

    def toggle_defer(self) -> None:
        code = self.checklist.current_code()
        now = self.win.intake.toggle_deferred(code)
        msg = self.win.intake.material_msg
        if now is True:
            msg.setText(tr("已标记为暂缺：提交后请在补正期限前补交（窗口或自助终端“补交材料”）。"))
        elif now is False:
            msg.setText(tr("已撤销暂缺，请拍摄这份材料。"))
        self._follow_row(code)

    def _follow_row(self, code: str | None) -> None:
        intake = self.win.intake
        self.defer_btn.setVisible(intake.may_defer(code))
        marked = code is not None and code in intake.deferred
        self.defer_btn.setText(tr("撤销暂缺") if marked else tr("暂缺，稍后补交"))

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
