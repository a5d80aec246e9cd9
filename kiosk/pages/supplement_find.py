"""The kiosk's 补交材料 start: find the case by the ID card, or by the receipt number and
its check code typed on the on-screen keyboard (the citizen cannot be asked to type
otherwise). What the case owes opens on the supplement page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from core.identity import Identity
from kiosk.pages.base import KioskPage, beside_keyboard
from services.supplements import OwedCase, find_by_card, find_by_receipt
from widgets.i18n import tr
from widgets.keyboard.keyboard import OnScreenKeyboard
from widgets.pages import button, title

if TYPE_CHECKING:
    from kiosk.window import KioskWindow


class SupplementFindPage(KioskPage):
    """刷身份证 or 受理编号 + 校验码, then the case's owed materials. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("补交材料"))
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        left = QVBoxLayout()
        left.setSpacing(12)
        self.card_btn = button(
            tr("刷身份证查找\n列出您需要补交材料的办件"), self, name="supplement_card", primary=True
        )
        self.card_btn.setProperty("tile", True)
        self.card_btn.clicked.connect(self.by_card)
        left.addWidget(self.card_btn)
        left.addWidget(title(tr("或者输入受理回执上的受理编号和校验码"), self, "subtitle"))
        self.receipt = QLineEdit(self)
        self.receipt.setObjectName("supplement_receipt")
        self.receipt.setPlaceholderText(tr("受理编号，如 FS01-K01-20261124-0007"))
        self.code = QLineEdit(self)
        self.code.setObjectName("supplement_check")
        self.code.setPlaceholderText(tr("校验码（二维码下方的8位字母和数字）"))
        for ed in (self.receipt, self.code):
            ed.setProperty("keyboard_mode", "latin")
            ed.setMinimumHeight(60)
            left.addWidget(ed)
        find = button(tr("查找"), self, name="supplement_lookup", primary=True)
        find.clicked.connect(self.by_receipt)
        left.addWidget(find)
        self.msg = QLabel("", self)
        self.msg.setProperty("role", "error")
        self.msg.setWordWrap(True)
        left.addWidget(self.msg)
        left.addStretch(1)
        holder = QWidget(self)
        holder.setLayout(left)
        self.row.addWidget(holder, 2)
        self.keyboard = OnScreenKeyboard(self)
        for ed in (self.receipt, self.code):
            self.keyboard.attach(ed)
        self.row.addWidget(self.keyboard, 3)
        lay.addLayout(self.row, 1)
        self.nav(lay, "home")
        self.busy = self.busy_state(self.card_btn, find)

    def arrange(self, size: QSize) -> None:
        """Portrait or landscape, for the page's size."""
        beside_keyboard(self.row, self.keyboard, size, least=700, share=3 / 5)

    def resizeEvent(self, e: QResizeEvent) -> None:
        self.arrange(e.size())
        super().resizeEvent(e)

    def start(self) -> None:
        """A new look-up: empty fields, the keys on the receipt number."""
        self.msg.setText("")
        self.keyboard.reset()
        self.receipt.clear()
        self.code.clear()
        self.keyboard.set_target(self.receipt)

    def by_card(self) -> None:
        """刷身份证: the card page (after the privacy notice) reads it, then ``card_read``."""
        self.win.ask_card(back="supplement_find", then=self.card_read)

    def card_read(self, identity: Identity) -> None:
        """The card just read: the holder's cases that owe materials (asked on the
        background lane: the back office may take a moment, the screen never waits)."""
        rt = self.rt

        def found(cases: list[OwedCase]) -> None:
            if not cases:
                self.msg.setText(tr("没有找到需要您补交材料的办件。材料已齐全的，无需补交。"))
                self.win.show_page("supplement_find")
                return
            self._open(cases)

        self.win.ops.run(
            "supplement_lookup", lambda: find_by_card(rt, identity), found, self._failed,
            busy=self.busy,
        )  # fmt: skip

    def by_receipt(self) -> None:
        rt, number, code = self.rt, self.receipt.text(), self.code.text()
        self.win.ops.run(
            "supplement_lookup",
            lambda: [find_by_receipt(rt, number, code)],
            self._open,
            self._failed,
            busy=self.busy,
        )

    def _failed(self, exc: BaseException) -> None:
        self.msg.setText(self.win.intake.error_text(exc, "supplement"))
        self.win.show_page("supplement_find")

    def _open(self, found: list[OwedCase]) -> None:
        self.msg.setText("")
        self.win.pages["supplement"].show_cases(found)
        self.win.show_page("supplement")
