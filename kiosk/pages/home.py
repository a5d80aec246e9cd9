"""The kiosk's home page: big tiles, and only 我要办理 asks for the ID card.

办事指南 opens the guides without a card (they work with the reader absent);
我要办理 goes to the card page, and is off while the reader is absent. The
language button names the other language in its own words (中文 / English)
and rebuilds the kiosk in it. The 长辈模式 tile turns widgets.elder's mode on
and off; in it the tiles say less, in bigger words. All wait for ``attach``: this first page
paints before the others exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout

from kiosk.pages.base import KioskPage
from widgets.i18n import tr
from widgets.pages import button, hand_cursor, title

if TYPE_CHECKING:
    from drivers.base import DeviceStatus
    from kiosk.window import KioskWindow
    from widgets.bridge import RuntimeBridge


LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}


class HomePage(KioskPage):
    """Welcome, and the way to the guides or to applying. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = QVBoxLayout(self)
        # Compact enough for the service tiles' rows at 1280×800, 长辈模式 too.
        lay.setContentsMargins(60, 16, 60, 16)
        lay.setSpacing(8)
        lay.addStretch(1)
        lay.addWidget(title(tr("欢迎使用政务服务自助终端"), self, centred=True))
        sub = title(
            tr("查看办事指南无需身份证；办理时再刷身份证，最多跑一次"),
            self,
            "subtitle",
            centred=True,
        )
        lay.addWidget(sub)
        grid = QGridLayout()
        grid.setSpacing(8)  # four service tiles and 长辈模式 fit 1280x800, 长辈模式 too
        self.reader_absent = False
        self.guides_btn = button("", self, name="guides", hand=False)
        self.guides_btn.setProperty("home_tile", True)
        self.guides_btn.clicked.connect(lambda: win.open_guides())
        self.start_btn = button("", self, name="start", primary=True, hand=False)
        self.start_btn.setProperty("home_tile", True)
        self.start_btn.clicked.connect(lambda: win.show_page("card"))
        grid.addWidget(self.guides_btn, 0, 0)
        grid.addWidget(self.start_btn, 0, 1)
        # 进度查询 (issue 14, item 1): row 1, column 0
        self.progress_btn = button("", self, name="progress", hand=False)
        self.progress_btn.setProperty("service_tile", True)
        self.progress_btn.clicked.connect(lambda: win.open_progress())
        grid.addWidget(self.progress_btn, 1, 0)
        # -- 补交材料 (issue 14, item 3): row 1, column 1 --------------------------
        self.supplement_btn = button("", self, name="supplement", hand=False)
        self.supplement_btn.setProperty("service_tile", True)
        self.supplement_btn.clicked.connect(lambda: win.open_supplement())
        grid.addWidget(self.supplement_btn, 1, 1)
        # -- end 补交材料 ---------------------------------------------------------------
        # 12345 咨询投诉 (issue 14, item 4): row 2, column 0; no card needed to start.
        self.hotline_btn = button("", self, name="hotline", hand=False)
        self.hotline_btn.setProperty("service_tile", True)
        self.hotline_btn.clicked.connect(lambda: win.show_page("hotline"))
        grid.addWidget(self.hotline_btn, 2, 0)
        self.elder_btn = button("", self, name="elder", hand=False)
        self.elder_btn.setProperty("tile", True)
        self.elder_btn.clicked.connect(lambda: win.elder.toggle())
        # 证明打印 (certs): row 2, column 1 (进度查询/补交材料 on row 1, 咨询投诉 at row 2 col 0)
        self.certs_btn = button("", self, name="certs", hand=False)
        self.certs_btn.setProperty("service_tile", True)
        self.certs_btn.clicked.connect(lambda: win.start_certs())
        grid.addWidget(self.certs_btn, 2, 1)
        # 取号 (the hall's queue) beside 长辈模式, only when a hall server is configured.
        self.ticket_btn = button("", self, name="ticket", hand=False)
        self.ticket_btn.setProperty("service_tile", True)
        self.ticket_btn.clicked.connect(lambda: win.open_ticket())
        self.ticket_btn.hide()
        self.elder_row = grid
        grid.addWidget(self.elder_btn, 3, 0, 1, 2)
        lay.addLayout(grid)
        self.sub = sub
        self.elder_on = False
        self._words()
        for b in (
            self.guides_btn,
            self.progress_btn,
            self.elder_btn,
            self.hotline_btn,
            self.supplement_btn,
            self.certs_btn,
        ):
            b.setEnabled(False)  # the guides' pages and the mode come with the runtime
        lay.addStretch(2)
        # The other language, named in itself (never translated).
        other = "zh_CN" if win.language.startswith("en") else "en"
        self.lang_btn = button(LANGUAGE_NAMES[other], self, name="lang", hand=False)
        self.lang_btn.setProperty("chip", True)
        self.lang_btn.setMinimumWidth(160)
        self.lang_btn.setEnabled(False)
        self.lang_btn.clicked.connect(lambda: win.switch_language(other))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.lang_btn)
        lay.addLayout(row)

    def attach(self, bridge: RuntimeBridge) -> None:
        """The runtime is there: the guides are open, the start tile follows the card reader."""
        for b in (
            self.guides_btn,
            self.start_btn,
            self.lang_btn,
            self.elder_btn,
            self.progress_btn,
            self.hotline_btn,
            self.supplement_btn,
            self.certs_btn,
            self.ticket_btn,
        ):
            hand_cursor(b)
            b.setEnabled(True)
        if bridge.runtime.tickets is not None:
            self.elder_row.removeWidget(self.elder_btn)
            self.elder_row.addWidget(self.elder_btn, 3, 0)
            self.elder_row.addWidget(self.ticket_btn, 3, 1)
            self.ticket_btn.show()
        bridge.device_status.connect(self._on_device_status)

    def set_elder(self, on: bool) -> None:
        """长辈模式: shorter words on the tiles (they are half as big again), no subtitle."""
        self.elder_on = on
        self.sub.setVisible(not on)
        self._words()

    def _words(self) -> None:
        absent = self.reader_absent
        if self.elder_on:
            self.guides_btn.setText(tr("办事指南\n不用身份证"))
            start = tr("读卡器暂不可用\n请到人工窗口") if absent else tr("我要办理\n请刷身份证")
            self.elder_btn.setText(tr("退出长辈模式"))
            self.progress_btn.setText(tr("进度查询"))
            self.supplement_btn.setText(tr("补交材料"))
            self.hotline_btn.setText(tr("咨询投诉 12345"))
            self.certs_btn.setText(tr("证明打印"))
            self.ticket_btn.setText(tr("取号"))
        else:
            self.guides_btn.setText(tr("办事指南\n查看要带的材料，无需身份证"))
            start = (
                tr("读卡器暂不可用，请到人工窗口办理")
                if absent
                else tr("我要办理\n刷身份证 开始办事")
            )
            self.elder_btn.setText(tr("长辈模式：大字、高对比、语音引导"))
            self.progress_btn.setText(tr("进度查询\n扫回执二维码或刷身份证"))
            self.supplement_btn.setText(tr("补交材料\n容缺受理后补交、补正"))
            self.hotline_btn.setText(tr("咨询投诉\n12345 咨询、投诉、建议、求助"))
            self.certs_btn.setText(tr("证明打印\n刷身份证 自助打印证明"))
            self.ticket_btn.setText(tr("取号排队\n无需身份证"))
        self.start_btn.setText(start)

    def _on_device_status(self, st: DeviceStatus) -> None:
        from drivers.base import Health

        if st.device != "id_reader":
            return
        self.reader_absent = st.health is Health.ABSENT
        self.start_btn.setEnabled(not self.reader_absent)
        self.certs_btn.setEnabled(not self.reader_absent)  # 证明打印 needs the card
        self._words()
