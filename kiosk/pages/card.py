"""The kiosk's card page: put the ID card on the reader.

A read card opens the items, or, after 我要办理 on a guide, that item's form.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

from core.errors import OneWindowError
from core.identity import Identity
from drivers.base import DeviceStatus
from kiosk.pages.base import KioskPage
from widgets.card_icon import CardIcon
from widgets.i18n import tr
from widgets.pages import button, title

if TYPE_CHECKING:
    from kiosk.window import KioskWindow

log = logging.getLogger(__name__)


class CardPage(KioskPage):
    """Waits for a card while shown. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("请将身份证放在读卡区"))
        hint = title(
            tr("证件放平，不要移动，读卡约需2秒。没有身份证请到人工窗口办理。"),
            self,
            role="subtitle",
        )
        lay.addWidget(hint)
        lay.addWidget(CardIcon(self), 1)  # drawn: no emoji font on the kiosk
        self.card_msg = QLabel("", self)
        self.card_msg.setProperty("role", "error")
        self.card_msg.setWordWrap(True)
        lay.addWidget(self.card_msg)
        self.demo_card_btn = button(tr("演示：放入样例身份证"), self, name="demo_card")
        self.demo_card_btn.clicked.connect(win.intake.present_demo_card)
        self.demo_card_btn.setVisible(self.rt.devices.card_slot is not None)
        self.nav(lay, "home", self.demo_card_btn)
        back = self.nav_buttons[0]  # 返回: to the guide when 我要办理 brought the citizen here
        back.clicked.disconnect()
        back.clicked.connect(self._back)
        win.bridge.card_read.connect(self._on_card)
        win.bridge.card_error.connect(self._on_card_error)
        win.bridge.device_status.connect(self._on_device_status)

    def _on_card(self, identity: Identity, warnings: list[str]) -> None:
        if self.win.current_page() != "card":
            return
        self.win.identity = identity
        self.card_msg.setText("")
        if warnings:
            log.info("card read with %d warning(s)", len(warnings))
        self.win.pages["items"].greet(identity)
        request = self.win.card_request  # a page's own flow (补交材料, 12345, 证明打印)
        if request is not None:
            self.win.card_request = None
            request.then(identity)
        elif self.win.applying and self.win.item is not None:
            self.win.pages["guide"].start()
        else:
            self.win.show_page("items")

    def _back(self) -> None:
        request = self.win.card_request
        if request is not None:  # back to the page that asked for the card
            self.win.card_request = None
            self.win.show_page(request.back)
        elif self.win.applying and self.win.item is not None:
            self.win.applying = False
            self.win.show_page("guide")
        else:
            self.win.show_page("home")

    def _on_card_error(self, exc: OneWindowError) -> None:
        self.win.intake.card_error(exc, self.card_msg)

    def _on_device_status(self, st: DeviceStatus) -> None:
        if st.device == "id_reader":  # the virtual reader exists only once devices started
            self.demo_card_btn.setVisible(self.rt.devices.card_slot is not None)
