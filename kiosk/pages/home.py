"""The kiosk's home page: the one big start button (off while the reader is absent)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout

from kiosk.pages.base import KioskPage
from widgets.i18n import tr
from widgets.pages import button, hand_cursor, title

if TYPE_CHECKING:
    from drivers.base import DeviceStatus
    from kiosk.window import KioskWindow
    from widgets.bridge import RuntimeBridge


class HomePage(KioskPage):
    """Welcome and start. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(60, 40, 60, 40)
        lay.setSpacing(24)
        lay.addStretch(1)
        lay.addWidget(title(tr("欢迎使用政务服务自助终端"), self, centred=True))
        sub = title(tr("一证通办：刷身份证即可办理，最多跑一次"), self, "subtitle", centred=True)
        lay.addWidget(sub)
        self.start_btn = button(
            tr("刷身份证 开始办事"), self, name="start", primary=True, big=True, hand=False
        )
        self.start_btn.clicked.connect(lambda: win.show_page("card"))
        lay.addWidget(self.start_btn)
        lay.addStretch(2)

    def attach(self, bridge: RuntimeBridge) -> None:
        """The runtime is there: the start button follows the card reader."""
        hand_cursor(self.start_btn)
        self.start_btn.setEnabled(True)
        bridge.device_status.connect(self._on_device_status)

    def _on_device_status(self, st: DeviceStatus) -> None:
        from drivers.base import Health

        if st.device != "id_reader":
            return
        self.start_btn.setEnabled(st.health is not Health.ABSENT)
        if st.health is Health.ABSENT:
            self.start_btn.setText(tr("读卡器暂不可用，请到人工窗口办理"))
        else:
            self.start_btn.setText(tr("刷身份证 开始办事"))
