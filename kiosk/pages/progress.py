"""The kiosk's 进度查询: find cases by the receipt's QR, by receipt number and check code,
or by the ID card — no sign-in, no typing needed for the first and the last.

Three big buttons choose the way: 扫描回执二维码 streams the document
camera and reads each frame with OpenCV's QR detector on the camera thread
(drivers.camera.qr through widgets.bridge.FrameStream); 输入受理编号 opens the
typing page (kiosk/pages/progress_type.py: two fields and the on-screen
keyboard); 刷身份证查询 waits for the card (a card put on the reader at any
time on this page is taken as that way). The query runs on the background
lane (services.progress: the back office first, the local store when it
cannot be reached) and the list page shows the result.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.identity import Identity
from core.tracking import parse_lookup
from kiosk.pages.base import KioskPage
from widgets.card_icon import CardIcon
from widgets.errors import user_text
from widgets.i18n import tr
from widgets.pages import button, title

if TYPE_CHECKING:
    from kiosk.window import KioskWindow
    from services.progress import ProgressResult
    from widgets.background import Busy

log = logging.getLogger(__name__)

WAYS = ("scan", "card")


def mark_chosen(b: QPushButton, on: bool) -> None:
    """The chosen way or row in the accent colour (the theme's primary look)."""
    b.setChecked(on)
    if bool(b.property("primary")) != on:
        b.setProperty("primary", on)
        b.style().unpolish(b)
        b.style().polish(b)


def run_query(
    win: KioskWindow,
    name: str,
    work: Callable[[], ProgressResult],
    *,
    by_card: bool,
    msg: QLabel,
    busy: Busy,
    failed: Callable[[], None] | None = None,
) -> None:
    """Run a 进度查询 on the lane; its result opens the list page, its refusal is said
    in ``msg`` (catalogue words: 尚未收到…, offline…)."""
    msg.setText(tr("正在查询……"))

    def done(result: ProgressResult) -> None:
        msg.setText("")
        win.show_progress(result, by_card=by_card)

    def refused(exc: BaseException) -> None:
        msg.setText(user_text(exc))
        if failed is not None:
            failed()

    win.ops.run(name, work, done, refused, busy=busy)


class ProgressPage(KioskPage):
    """The ways to ask (QR under the camera, the card; typing on its own page) and the
    query they start. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        from widgets.bridge import FrameStream

        super().__init__(win)
        lay = self.page_layout(tr("进度查询"))
        lay.addWidget(title(tr("凭受理回执或身份证查询办理进度，无需登录"), self, role="subtitle"))
        ways = QHBoxLayout()
        ways.setSpacing(20)
        self.way_buttons: dict[str, Any] = {}
        for way, text in (
            ("scan", tr("扫描回执二维码")),
            ("type", tr("输入受理编号")),
            ("card", tr("刷身份证查询")),
        ):
            b = button(text, self, name=f"progress_{way}", hand=True)
            b.setProperty("tile", True)
            b.setCheckable(way != "type")
            b.clicked.connect(lambda _c=False, w=way: self.choose(w))
            ways.addWidget(b, 1)
            self.way_buttons[way] = b
        lay.addLayout(ways)
        # One panel per way, the other hidden.
        scan = QWidget(self)
        s_lay = QVBoxLayout(scan)
        s_lay.addWidget(
            title(tr("请把受理回执平放在扫描区，二维码朝上；认出后自动查询"), scan, role="subtitle")
        )
        from widgets.camera_view import CameraView

        # What the camera sees, so the citizen can aim the receipt's QR at it.
        self.view = CameraView(scan)
        self.view.setObjectName("progress_camera")
        self.view.set_editable(False)
        s_lay.addWidget(self.view, 1)
        card = QWidget(self)
        c_lay = QVBoxLayout(card)
        c_lay.addWidget(
            title(
                tr("请将身份证放在读卡区。身份证只用于查找您的办件，不会保存。"),
                card,
                role="subtitle",
            )
        )
        c_lay.addWidget(CardIcon(card), 1)
        self.panels = {"scan": scan, "card": card}
        for panel in self.panels.values():
            panel.hide()
            lay.addWidget(panel, 1)
        self.msg = QLabel("", self)
        self.msg.setObjectName("progress_msg")
        self.msg.setProperty("role", "error")
        self.msg.setWordWrap(True)
        lay.addWidget(self.msg)
        self.demo_card_btn = button(tr("演示：放入样例身份证"), self, name="progress_demo_card")
        self.demo_card_btn.clicked.connect(win.intake.present_demo_card)
        self.demo_card_btn.setVisible(self.rt.devices.card_slot is not None)
        self.nav(lay, "home", self.demo_card_btn)
        self.busy = self.busy_state(*self.way_buttons.values())
        self.way = "scan"
        self._frames = FrameStream(self.rt.devices, self)
        self._frames.frame_ready.connect(self._on_frame)
        self._streaming = False
        self._asking = False
        self._last_qr = ""  # the receipt asked about: still on the desk when 返回 comes back
        win.bridge.card_read.connect(self._on_card)
        win.bridge.device_status.connect(self._on_device_status)

    # ---- the page's life ---------------------------------------------------------
    def new(self) -> None:
        """A new citizen: the QR way first, nothing remembered."""
        self.msg.setText("")
        self._last_qr = ""
        self.choose("scan")

    def shown(self) -> None:
        """The window shows the page (after the scan page's camera stopped)."""
        self._asking = False
        self.choose(self.way)

    def left(self) -> None:
        self._stop_stream()

    def choose(self, way: str) -> None:
        """Show one way; the camera streams only for the QR; typing has its own page."""
        if way == "type":
            self._stop_stream()
            self.win.pages["progress_type"].new()
            self.win.show_page("progress_type")
            return
        self.way = way
        for name, b in self.way_buttons.items():
            mark_chosen(b, name == way)
        for name, panel in self.panels.items():
            panel.setVisible(name == way)
        self.msg.setText("")
        if way == "scan" and self.win.current_page() == "progress":
            self._start_stream()
        else:
            self._stop_stream()

    def _start_stream(self) -> None:
        from drivers.camera.qr import read_qr

        self._streaming = True
        self._frames.start(lambda frame, _now: read_qr(frame))

    def _stop_stream(self) -> None:
        if self._streaming:
            self._streaming = False
            self._frames.stop()
            self.view.set_frame(None)

    def _on_device_status(self, st: Any) -> None:
        if st.device == "id_reader":
            self.demo_card_btn.setVisible(self.rt.devices.card_slot is not None)

    # ---- the QR and the card -----------------------------------------------------
    def _on_frame(self) -> None:
        mail = self._frames.take()
        if mail is None or not self._streaming or self._asking:
            return
        frame, text = mail
        self.view.set_frame(frame)
        if not text or text == self._last_qr:
            return
        lookup = parse_lookup(text)
        if lookup is None or not lookup.check_code:
            self.msg.setText(tr("这个二维码不是受理回执的二维码，请换一张回执或输入受理编号"))
            return
        self._last_qr = text
        self._stop_stream()
        from services.progress import progress_by_receipt

        rt = self.rt
        self._run("progress_by_receipt", lambda: progress_by_receipt(rt, lookup), by_card=False)

    def _on_card(self, identity: Identity, _warnings: list[str]) -> None:
        if self.win.current_page() != "progress" or self._asking:
            return
        self.choose("card")
        from services.progress import progress_by_card

        rt = self.rt
        self._run("progress_by_card", lambda: progress_by_card(rt, identity), by_card=True)

    def _run(self, name: str, work: Callable[[], ProgressResult], *, by_card: bool) -> None:
        self._asking = True

        def failed() -> None:
            self._asking = False
            if self.way == "scan" and self.win.current_page() == "progress":
                self._start_stream()

        run_query(
            self.win, name, work, by_card=by_card, msg=self.msg, busy=self.busy, failed=failed
        )
