"""The kiosk's confirm page: everything entered, checked once more, then submit.

The summary (it scrolls by dragging) lists the item, the applicant, every
form value, the scenario answers and the materials with their page counts;
personal values are masked, shown in full only while 显示 is held. Below it
the delivery (two big toggle buttons; an express address typed on the
on-screen keyboard, sent to the card's address when nothing is typed) and
告知承诺 where a missing proof may be replaced (the commitment page: read, sign with a
finger), then 确认提交.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QWidget,
)

from core.case import Case, DeliveryMethod, MaterialStatus
from core.catalog import Item
from core.commitment import replaceable
from core.identity import Identity, mask_address, mask_id_number, mask_name
from core.intake import CARD_READ
from kiosk.pages.base import KioskPage
from services.submission import submit
from widgets.choice_buttons import toggle_button
from widgets.errors import citizen_text
from widgets.form_view import masked_value
from widgets.i18n import tr
from widgets.keyboard.keyboard import OnScreenKeyboard
from widgets.keyboard.layouts import CHINESE
from widgets.pages import button
from widgets.reveal import HoldToShow
from widgets.touch import kinetic

if TYPE_CHECKING:
    from kiosk.window import KioskWindow

TOGGLE_HEIGHT = 64  # ≥ 60 px at 1080p


def summary_html(c: Case, item: Item, answers: dict[str, int], *, masked: bool) -> str:
    """What the citizen entered, as rich text; ``masked``: personal values masked."""

    def show(value: str, mask: Callable[[str], str]) -> str:
        return html.escape(mask(value) if masked else value)

    applicant = (
        f"{show(c.applicant.name, mask_name)}（{show(c.applicant.id_number, mask_id_number)}）"
    )
    parts = [f"<h2>{html.escape(c.item_name)}</h2>"]
    if c.sub_item:
        parts.append(f"<p>{tr('办理项')}：{html.escape(c.sub_item)}</p>")
    if c.bundle_items:  # 一件事: every item applied for at once
        names = "".join(f"<li>{html.escape(b.name)}</li>" for b in c.bundle_items)
        parts.append(f"<p><b>{tr('一并办理的事项')}</b></p><ol>{names}</ol>")
    parts.append(f"<p>{tr('申请人')}：{applicant}</p>")
    if c.agent is not None:  # 代他人办理: the card read was the agent's
        agent = f"{show(c.agent.name, mask_name)}（{show(c.agent.id_number, mask_id_number)}）"
        parts.append(f"<p>{tr('代办人')}：{agent}</p>")
    rows = []
    for f in item.form:
        v = c.form.get(f.key, "")
        if not v:
            continue
        shown = html.escape(masked_value(f, v, typed=True) if masked else v)
        rows.append(f"<tr><td>{html.escape(f.label)}：</td><td>{shown}</td></tr>")
    if rows:
        parts.append(f"<p><b>{tr('申请表')}</b></p><table cellpadding='3'>{''.join(rows)}</table>")
    qa = []
    for q in item.scenario:
        i = answers.get(q.key)
        if i is not None and q.asked(answers) and 0 <= i < len(q.options):
            qa.append(f"<li>{html.escape(q.text)} {html.escape(q.options[i].label)}</li>")
    if qa:
        parts.append(f"<p><b>{tr('您的回答')}</b></p><ul>{''.join(qa)}</ul>")
    mats = []
    for m in c.materials:
        if m.status is MaterialStatus.RECEIVED and m.source == CARD_READ:
            mats.append(f"<li>{html.escape(m.name)}：{tr('读卡获取')}</li>")
        elif m.status is MaterialStatus.COMMITMENT:  # the signed 承诺书 replaces it
            mats.append(f"<li>{html.escape(m.name)}：{tr('以告知承诺代替（已签名）')}</li>")
        elif m.status is MaterialStatus.RECEIVED:
            state = tr("已扫描 %n 页").replace("%n", str(m.pages))
            mats.append(f"<li>{html.escape(m.name)}：{state}</li>")
        else:
            state = f"<span style='color:#b26a00'>{tr('未提交')}</span>"
            mats.append(f"<li>{html.escape(m.name)}：{state}</li>")
    parts.append(f"<p><b>{tr('材料')}</b></p><ul>{''.join(mats)}</ul>")
    return "".join(parts)


COMMITMENT_WIDTH = 960  # px: within a 1080 px portrait screen less the page's margins


class ConfirmPage(KioskPage):
    """The last check before the case is saved (on the background lane). GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("请确认办件信息"))
        self.heading = lay.itemAt(0).widget()
        head_row = QHBoxLayout()
        hint = QLabel(tr("请核对以下信息，无误后点“确认提交”。个人信息已部分隐藏。"), self)
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        head_row.addWidget(hint, 1)
        self.reveal = HoldToShow(self, name="confirm_reveal")
        head_row.addWidget(self.reveal)
        self.head_holder = QWidget(self)
        self.head_holder.setLayout(head_row)
        head_row.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.head_holder)
        self.summary = QLabel("")
        self.summary.setObjectName("confirm_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.area = QScrollArea(self)
        self.area.setObjectName("confirm_area")
        self.area.setWidgetResizable(True)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setWidget(self.summary)
        kinetic(self.area)
        lay.addWidget(self.area, 1)

        box = QHBoxLayout()
        box.addWidget(QLabel(tr("取件方式："), self))
        self.delivery_group = QButtonGroup(self)
        self.delivery_group.setExclusive(True)
        self.pickup = toggle_button(tr("窗口取件"), self, "delivery_window")
        self.express = toggle_button(tr("快递送达（免费）"), self, "delivery_express")
        self.pickup.setChecked(True)
        for i, b in enumerate((self.pickup, self.express)):
            self.delivery_group.addButton(b, i)
            box.addWidget(b)
        self.address = QLineEdit(self)
        self.address.setObjectName("express_address")
        self.address.setMinimumHeight(TOGGLE_HEIGHT)
        box.addWidget(self.address, 20)  # beside the choice: the keyboard needs the height
        box.addStretch(1)
        lay.addLayout(box)
        self.address.setVisible(False)
        self.express.toggled.connect(self._express_toggled)
        # Typing the address: the keyboard takes the summary's place meanwhile.
        self.keyboard = OnScreenKeyboard(self, compact=True)
        self.keyboard.attach(self.address, CHINESE)
        self.keyboard.hide()
        lay.addWidget(self.keyboard, 0, Qt.AlignmentFlag.AlignHCenter)
        # 告知承诺: a missing proof the catalog lets a 承诺书 replace (kiosk/pages/commitment.py)
        self.commit_btn = button(
            tr("缺少的证明可以用告知承诺代替：点这里阅读并签名"), self, name="commitment"
        )
        self.commit_btn.setMinimumHeight(TOGGLE_HEIGHT)
        self.commit_btn.setMaximumWidth(COMMITMENT_WIDTH)
        self.commit_btn.clicked.connect(lambda: self.win.pages["commitment"].open())
        lay.addWidget(self.commit_btn)
        self.confirm_msg = QLabel("", self)
        self.confirm_msg.setProperty("role", "error")
        self.confirm_msg.setWordWrap(True)
        lay.addWidget(self.confirm_msg)
        self.confirm_msg.hide()  # shown with words only: the keyboard needs the height
        # Not ``big``: with the keyboard up the page must still fit 800 px (60 px is enough).
        sub = button(tr("确认提交"), self, name="submit", primary=True)
        sub.setMinimumWidth(220)
        sub.clicked.connect(self.submit)
        self.nav(lay, "scan", sub)
        self.busy = self.busy_state(sub, self.pickup, self.express, self.commit_btn)
        self._card_address = ""

    def _express_toggled(self, on: bool) -> None:
        # Hide first, then show: the window never needs both at once (it would grow).
        typing = (self.address, self.keyboard)
        reading = (self.area, self.head_holder, self.heading)  # the keyboard needs their height
        for w in reading if on else typing:
            w.hide()
        for w in typing if on else reading:
            w.show()
        self.keyboard.set_target(self.address if on else None)

    def show_case(self, c: Case, item: Item, identity: Identity | None) -> None:
        answers = self.win.answers
        self.reveal.clear()
        self.reveal.add(
            self.summary,
            summary_html(c, item, answers, masked=False),
            summary_html(c, item, answers, masked=True),
        )
        self.area.verticalScrollBar().setValue(0)
        self.commit_btn.setVisible(bool(replaceable(c, item)))
        self.commit_btn.setText(
            tr("已签署告知承诺书（点这里重新签署）")
            if c.commitment is not None
            else tr("缺少的证明可以用告知承诺代替：点这里阅读并签名")
        )
        # The card's address is the default, shown masked; what is typed stays visible.
        self._card_address = identity.address if identity else ""
        self.address.clear()
        self.address.setPlaceholderText(
            tr("寄到身份证地址（%s）；寄往别处请在这里输入").replace(
                "%s", mask_address(self._card_address)
            )
            if self._card_address
            else tr("请输入快递地址")
        )
        self.keyboard.reset()  # nothing typed by the previous citizen survives
        if self.express.isChecked():
            self.keyboard.set_target(self.address)
        self.say("")

    def say(self, text: str) -> None:
        """A word under the choices (a problem with the submission), hidden when empty."""
        self.confirm_msg.setText(text)
        self.confirm_msg.setVisible(bool(text))

    def reset(self) -> None:
        """A new citizen: nothing of the last one's case, address or choices is left."""
        self.reveal.clear()
        self.summary.setText("")
        self._card_address = ""
        self.address.clear()
        self.address.setPlaceholderText("")
        self.keyboard.reset()
        self.pickup.setChecked(True)
        self.say("")

    def submit(self) -> None:
        win = self.win
        case, item = win.case, win.item
        assert case is not None and item is not None
        if self.express.isChecked():
            address = self.address.text().strip() or self._card_address
            if not address:
                self.say(tr("请填写快递地址"))
                return
            case.delivery.method = DeliveryMethod.EXPRESS
            case.delivery.address = address
        else:
            case.delivery.method = DeliveryMethod.WINDOW
        rt = self.rt
        win.ops.run(
            "submit",
            lambda: submit(rt, case, item, actor="citizen"),
            lambda c: self._submitted(case, c),
            lambda exc: self.say(citizen_text(exc, "submit", win)),
            busy=self.busy,
        )

    def _submitted(self, draft: Case, c: Case) -> None:
        if self.win.case is not draft:
            return  # the session was wiped meanwhile (idle): the case is saved, nobody waits
        self.win.submitted = c
        self.win.pages["done"].show_submitted(c)
