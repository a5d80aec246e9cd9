"""The counter's card page: the applicant's card, and an agent's when one applies for them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel

from core.errors import OneWindowError
from core.identity import Identity, mask_id_number, mask_name
from counter.pages.base import CounterPage
from drivers.base import DeviceStatus
from widgets.i18n import tr
from widgets.pages import button, title

if TYPE_CHECKING:
    from counter.window import CounterWindow


class CardPage(CounterPage):
    """Reads the applicant (and agent) while shown. GUI thread only."""

    def __init__(self, win: CounterWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("读取申请人身份证"))
        self.card_prompt = title(tr("请申请人将身份证放在读卡器上"), self, role="subtitle")
        lay.addWidget(self.card_prompt)
        self.people = QLabel("", self)
        self.people.setTextFormat(Qt.TextFormat.RichText)
        self.people.setWordWrap(True)
        lay.addWidget(self.people)
        self.agent_box = QCheckBox(tr("由代办人办理（需再读取代办人身份证）"), self)
        self.agent_box.setObjectName("agent_box")
        lay.addWidget(self.agent_box)
        self.card_msg = QLabel("", self)
        self.card_msg.setProperty("role", "error")
        self.card_msg.setWordWrap(True)
        lay.addWidget(self.card_msg)
        lay.addStretch(1)
        self.demo_card_btn = button(tr("演示：放入样例身份证"), self, name="demo_card")
        self.demo_card_btn.clicked.connect(win.intake.present_demo_card)
        self.demo_card_btn.setVisible(self.rt.devices.card_slot is not None)
        self.card_next = button(tr("下一步：选择事项"), self, name="card_next", primary=True)
        self.card_next.clicked.connect(self.next)
        # 网上预审件 (issue 16, item 6): a service starts here, from a card or from an
        # application made online (its button here, not beside the title: that row is full
        # in English at 1280 px).
        self.online_btn = button(tr("网上预审件"), self, name="show_online")
        self.online_btn.setToolTip(tr("调取网上申报（按申报号或刷身份证），核验原件后当场受理"))
        self.online_btn.clicked.connect(win.new_online)
        self.toolbar(lay, self.demo_card_btn, self.online_btn, self.card_next)
        win.bridge.card_read.connect(self._on_card)
        win.bridge.card_error.connect(self._on_card_error)
        win.bridge.device_status.connect(self._on_device_status)

    def _on_device_status(self, st: DeviceStatus) -> None:
        if st.device == "id_reader":  # the virtual reader exists only once devices started
            self.demo_card_btn.setVisible(self.rt.devices.card_slot is not None)

    def _on_card_error(self, exc: OneWindowError) -> None:
        self.win.intake.card_error(exc, self.card_msg)

    def _on_card(self, identity: Identity, warnings: list[str]) -> None:
        win = self.win
        if win.current_page() != "card":
            return
        if win.reading_for == "agent":
            win.agent = identity
        else:
            win.applicant = identity
        self.card_msg.setText("\n".join(tr(w) for w in warnings))
        self.update_people()

    def update_people(self) -> None:
        win = self.win
        parts = []
        for label, who in ((tr("申请人"), win.applicant), (tr("代办人"), win.agent)):
            if who is not None:
                parts.append(
                    f"<p>{label}：<b>{mask_name(who.name)}</b> {mask_id_number(who.id_number)}</p>"
                )
        self.people.setText("".join(parts))
        need_agent = self.agent_box.isChecked() and win.agent is None
        win.reading_for = "agent" if win.applicant is not None and need_agent else "applicant"
        if win.applicant is None:
            self.card_prompt.setText(tr("请申请人将身份证放在读卡器上"))
        elif need_agent:
            self.card_prompt.setText(tr("请代办人将身份证放在读卡器上"))
        else:
            self.card_prompt.setText(tr("证件已读取，可以选择事项"))
        self.card_next.setEnabled(win.applicant is not None and not need_agent)

    def next(self) -> None:
        self.update_people()
        if self.card_next.isEnabled():
            self.win.show_page("item")
