"""The kiosk's confirm page: the case summary, delivery (an express address typed on
the on-screen keyboard), the commitment, and submit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QCheckBox, QHBoxLayout, QLabel, QLineEdit, QRadioButton

from core.case import Case, DeliveryMethod, MaterialStatus
from core.catalog import Item
from core.identity import Identity, mask_id_number, mask_name
from kiosk.pages.base import KioskPage
from services.submission import submit
from widgets.errors import user_text
from widgets.i18n import tr
from widgets.keyboard.keyboard import OnScreenKeyboard
from widgets.keyboard.layouts import CHINESE
from widgets.pages import button

if TYPE_CHECKING:
    from kiosk.window import KioskWindow


class ConfirmPage(KioskPage):
    """The last check before the case is saved (on the background lane). GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("请确认办件信息"))
        self.heading = lay.itemAt(0).widget()
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.summary, 1)
        box = QHBoxLayout()
        box.addWidget(QLabel(tr("取件方式："), self))
        self.delivery_group = QButtonGroup(self)
        self.pickup = QRadioButton(tr("窗口取件"), self)
        self.express = QRadioButton(tr("快递送达（免费）"), self)
        self.pickup.setChecked(True)
        for i, rb in enumerate((self.pickup, self.express)):
            self.delivery_group.addButton(rb, i)
            box.addWidget(rb)
        self.address = QLineEdit(self)
        box.addWidget(self.address, 20)  # beside the choice: the keyboard needs the height
        box.addStretch(1)
        lay.addLayout(box)
        self.address.setPlaceholderText(tr("快递地址（默认身份证地址，可请工作人员协助修改）"))
        self.address.setVisible(False)
        self.express.toggled.connect(self._express_toggled)
        # Typing the address: the keyboard takes the summary's place meanwhile.
        self.keyboard = OnScreenKeyboard(self, compact=True)
        self.keyboard.attach(self.address, CHINESE)
        self.keyboard.hide()
        lay.addWidget(self.keyboard, 0, Qt.AlignmentFlag.AlignHCenter)
        self.commit_box = QCheckBox(
            tr("我承诺所填信息真实，缺少的证明材料适用告知承诺的，愿意以承诺代替"), self
        )
        lay.addWidget(self.commit_box)
        self.confirm_msg = QLabel("", self)
        self.confirm_msg.setProperty("role", "error")
        self.confirm_msg.setWordWrap(True)
        lay.addWidget(self.confirm_msg)
        sub = button(tr("确认提交"), self, name="submit", primary=True, big=True)
        sub.clicked.connect(self.submit)
        self.nav(lay, "scan", sub)
        self.busy = self.busy_state(sub, self.pickup, self.express, self.commit_box)

    def _express_toggled(self, on: bool) -> None:
        # Hide first, then show: the window never needs both at once (it would grow).
        typing = (self.address, self.keyboard)
        reading = (self.summary, self.heading)  # the keyboard needs their height at 800 px
        for w in reading if on else typing:
            w.hide()
        for w in typing if on else reading:
            w.show()
        self.keyboard.set_target(self.address if on else None)

    def show_case(self, c: Case, item: Item, identity: Identity | None) -> None:
        rows = []
        for m in c.materials:
            if m.status is MaterialStatus.RECEIVED:
                rows.append(f"<li>{m.name}：{tr('已扫描 %n 页').replace('%n', str(m.pages))}</li>")
            else:
                rows.append(f"<li>{m.name}：<span style='color:#b26a00'>{tr('未提交')}</span></li>")
        self.summary.setText(
            f"<h2>{c.item_name}</h2>"
            f"<p>{tr('申请人')}：{mask_name(c.applicant.name)}"
            f"（{mask_id_number(c.applicant.id_number)}）</p>"
            f"<p><b>{tr('材料')}</b></p><ul>{''.join(rows)}</ul>"
        )
        self.commit_box.setVisible(item.commitment_allowed)
        self.address.setText(identity.address if identity else "")
        self.keyboard.reset()  # nothing typed by the previous citizen survives
        if self.express.isChecked():
            self.keyboard.set_target(self.address)
        self.confirm_msg.setText("")

    def submit(self) -> None:
        win = self.win
        case, item = win.case, win.item
        assert case is not None and item is not None
        if self.express.isChecked():
            if not self.address.text().strip():
                self.confirm_msg.setText(tr("请填写快递地址"))
                return
            case.delivery.method = DeliveryMethod.EXPRESS
            case.delivery.address = self.address.text().strip()
        else:
            case.delivery.method = DeliveryMethod.WINDOW
        case.commitment_signed = self.commit_box.isChecked()
        rt = self.rt
        win.ops.run(
            "submit",
            lambda: submit(rt, case, item, actor="citizen"),
            lambda c: self._submitted(case, c),
            lambda exc: self.confirm_msg.setText(user_text(exc)),
            busy=self.busy,
        )

    def _submitted(self, draft: Case, c: Case) -> None:
        if self.win.case is not draft:
            return  # the session was wiped meanwhile (idle): the case is saved, nobody waits
        self.win.submitted = c
        self.win.pages["done"].show_submitted(c)
