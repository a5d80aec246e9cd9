"""The kiosk's 进度查询 by typing: the receipt number and the check code printed under the
receipt's QR, with the on-screen keyboard beside the fields (under them in portrait).

For a citizen without the paper at hand under the camera; 查询 runs the same query
as the QR (kiosk.pages.progress.run_query, services.progress.progress_by_receipt).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QLineEdit, QVBoxLayout

from core.errors import OneWindowError
from kiosk.pages.base import KioskPage, beside_keyboard
from kiosk.pages.progress import run_query
from widgets.errors import user_text
from widgets.i18n import tr
from widgets.pages import button

if TYPE_CHECKING:
    from kiosk.window import KioskWindow


class ProgressTypePage(KioskPage):
    """Two fields, the keyboard and 查询. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        from widgets.keyboard.keyboard import OnScreenKeyboard

        super().__init__(win)
        lay = self.page_layout(tr("输入受理编号和校验码"))
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        fields = QVBoxLayout()
        fields.setSpacing(14)
        self.receipt = QLineEdit(self)
        self.receipt.setObjectName("progress_receipt")
        self.receipt.setPlaceholderText(tr("受理编号，如 FS01-K01-20261124-0007"))
        self.check = QLineEdit(self)
        self.check.setObjectName("progress_check")
        self.check.setPlaceholderText(tr("校验码（二维码下方，8位）"))
        self.check.setMaxLength(12)
        self.msg = QLabel("", self)
        self.msg.setObjectName("progress_type_msg")
        self.msg.setProperty("role", "error")
        self.msg.setWordWrap(True)
        for w in (self.receipt, self.check, self.msg):
            fields.addWidget(w)
        fields.addStretch(1)
        self.row.addLayout(fields, 1)
        self.keyboard = OnScreenKeyboard(self)
        for ed in (self.receipt, self.check):
            self.keyboard.attach(ed)
        self.row.addWidget(self.keyboard, 1, Qt.AlignmentFlag.AlignHCenter)
        lay.addLayout(self.row, 1)
        self.find_btn = button(tr("查询"), self, name="progress_find", primary=True)
        self.find_btn.clicked.connect(self.find)
        self.nav(lay, "progress", self.find_btn)
        self.busy = self.busy_state(self.find_btn)

    def resizeEvent(self, e: QResizeEvent) -> None:
        """Portrait: the keyboard under the fields; landscape: beside them."""
        beside_keyboard(self.row, self.keyboard, e.size(), least=700, share=11 / 20)
        super().resizeEvent(e)

    def new(self) -> None:
        """Nothing typed; the keyboard on the receipt number."""
        self.receipt.clear()
        self.check.clear()
        self.msg.setText("")
        self.keyboard.reset()
        self.keyboard.set_target(self.receipt)

    def find(self) -> None:
        """查询 with what was typed."""
        from services.progress import progress_by_receipt, read_lookup

        try:
            lookup = read_lookup(f"{self.receipt.text()} {self.check.text()}")
        except OneWindowError as exc:
            self.msg.setText(user_text(exc))
            return
        rt = self.rt
        run_query(
            self.win,
            "progress_by_receipt",
            lambda: progress_by_receipt(rt, lookup),
            by_card=False,
            msg=self.msg,
            busy=self.busy,
        )
