"""The counter's delivery page (送达方式): 窗口自取, or 邮寄送达 to a structured address.

Reached from the materials page (its 送达方式 button, which says the current
choice); 确定 checks the address, the recipient and the mobile (core.delivery, the
words of core.messages) and keeps them on the case, then goes back to the materials.
The applicant's name and a phone the form holds are offered as the recipient's.
GUI thread only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel

from core.case import Delivery, DeliveryMethod
from core.delivery import masked_address
from core.errors import DeliveryError
from counter.pages.base import CounterPage
from widgets.address_picker import AddressPicker
from widgets.errors import user_text
from widgets.i18n import tr
from widgets.pages import button, title

if TYPE_CHECKING:
    from counter.window import CounterWindow


def delivery_label(d: Delivery) -> str:
    """The choice in a few words for the materials page's button (masked)."""
    if d.method is DeliveryMethod.EXPRESS:
        return tr("送达方式：邮寄送达") + f"（{d.district or d.city or masked_address(d)}）"
    return tr("送达方式：窗口自取")


def _form_phone(values: dict[str, str]) -> str:
    for key, value in values.items():
        if "phone" in key and value.strip():
            return value.strip()
    return ""


class DeliveryPage(CounterPage):
    """How the applicant gets the result. GUI thread only."""

    def __init__(self, win: CounterWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("送达方式"))
        lay.addWidget(title(tr("办结后，结果文书或证照怎样交给申请人？"), self, role="subtitle"))
        row = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.pickup = button(tr("窗口自取"), self, name="delivery_window")
        self.express = button(tr("邮寄送达"), self, name="delivery_express")
        for i, b in enumerate((self.pickup, self.express)):
            b.setCheckable(True)
            b.setProperty("chip", True)  # the chosen one in the accent colour
            self.group.addButton(b, i)
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        self.address = AddressPicker(self)
        self.address.setObjectName("delivery_address")
        lay.addWidget(self.address)
        self.note = QLabel(tr("免费邮寄（EMS）。手机号码用于快递通知，回执上只印部分号码。"), self)
        self.note.setProperty("role", "hint")
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        self.msg = QLabel("", self)
        self.msg.setObjectName("delivery_msg")
        self.msg.setProperty("role", "error")
        self.msg.setWordWrap(True)
        lay.addWidget(self.msg)
        lay.addStretch(1)
        back = button(tr("返回材料"), self, name="delivery_back")
        back.clicked.connect(lambda: win.show_page("materials"))
        ok = button(tr("确定"), self, name="delivery_ok", primary=True)
        ok.clicked.connect(self.accept)
        self.toolbar(lay, back, ok)
        self.express.toggled.connect(self._express_toggled)
        self.pickup.setChecked(True)
        self._express_toggled(False)

    def _express_toggled(self, on: bool) -> None:
        self.address.setVisible(on)
        self.note.setVisible(on)
        self.msg.setText("")

    def open(self) -> None:
        """Show the case's choice (a new case: 窗口自取, the applicant as recipient)."""
        win = self.win
        case = win.case
        assert case is not None
        d = case.delivery
        if d.method is DeliveryMethod.EXPRESS and d.structured:
            self.address.show_delivery(d)
            self.express.setChecked(True)
        else:
            name = win.applicant.name if win.applicant is not None else ""
            values = win.pages["materials"].form.current_values()
            self.address.clear(recipient=name, phone=_form_phone(values))
            self.pickup.setChecked(True)
        self.msg.setText("")
        win.show_page("delivery")

    def accept(self) -> None:
        """确定: keep the choice on the case (the address checked) and go back."""
        case = self.win.case
        assert case is not None
        if self.express.isChecked():
            try:
                case.delivery = self.address.delivery()
            except DeliveryError as exc:
                self.msg.setText(user_text(exc))
                return
        else:
            case.delivery = Delivery()
        self.win.pages["materials"].delivery_changed()
        self.win.show_page("materials")
