"""The kiosk's 预约签到: a citizen with an appointment checks in and gets a priority ticket.

Reached from the 取号 page's 预约签到 button (only when the hall honours the
"appointment" priority). Two ways: 刷身份证 (the card page through
``KioskWindow.ask_card``; the ID number goes to the hall server only, never
logged, never shown) and 扫预约二维码 (the document camera's picture, each
frame read with OpenCV's QR detector on the camera thread as 进度查询 does; a
scanner gun typing the code and Enter into the field works too). No category
is asked: the hall server issues the ticket in the category the appointment is
for (wire.queue.TakeTicket). The ticket prints through the 取号 page's path
(TicketPage.issue); the page says, and speaks when voice guidance is on,
whether it is a priority one or why it is a normal one (the catalogue's words
for ``Ticket.note``). Nothing about the citizen stays after the session
(``reset``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from core.errors import OneWindowError
from core.identity import Identity
from core.messages import render
from kiosk.pages.base import KioskPage
from kiosk.pages.progress import mark_chosen
from widgets.i18n import N_, tr
from widgets.pages import button, title
from wire.queue import Ticket

if TYPE_CHECKING:
    from kiosk.window import KioskWindow

CHECKED_IN = N_("预约签到成功，已为您优先排队")
NOT_FOUND = "appointment.not_found"
OFFLINE = "appointment.offline"


def note_words(ticket: Ticket) -> str:
    """Why a checked-in ticket is a normal one, in the catalogue's words (UI language)."""
    text, hint = render(ticket.note, {}, tr)
    if ticket.note == "appointment.too_early" and ticket.note_params.get("time"):
        back, now = render("appointment.come_back", ticket.note_params, tr)
        hint = f"{back}\n{now}"
    return f"{text}\n{hint}" if hint else text


class CheckinPage(KioskPage):
    """刷身份证 or 扫预约二维码, then the printed ticket and why. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        from widgets.bridge import FrameStream

        super().__init__(win)
        lay = self.page_layout(tr("预约签到"))
        lay.addWidget(
            title(
                tr("已预约的市民：刷身份证或扫描预约二维码签到，按时签到可优先叫号"),
                self,
                "subtitle",
            )
        )
        ways = QHBoxLayout()
        ways.setSpacing(20)
        self.way_buttons: dict[str, Any] = {}
        for way, text in (("card", tr("刷身份证")), ("scan", tr("扫预约二维码"))):
            b = button(text, self, name=f"checkin_{way}", hand=True)
            b.setProperty("tile", True)
            b.setMinimumHeight(60)
            b.setCheckable(True)
            b.clicked.connect(lambda _c=False, w=way: self.choose(w))
            ways.addWidget(b, 1)
            self.way_buttons[way] = b
        lay.addLayout(ways)
        # The camera's picture, and beside it the hint and the scanner gun's field
        # (side by side: the page fits a 1280×800 screen).
        self.scan_panel = QWidget(self)
        s_lay = QHBoxLayout(self.scan_panel)
        s_lay.setContentsMargins(0, 0, 0, 0)
        s_lay.setSpacing(20)
        from widgets.camera_view import CameraView

        self.view = CameraView(self.scan_panel)
        self.view.setObjectName("checkin_camera")
        self.view.set_editable(False)
        s_lay.addWidget(self.view, 3)
        side = QVBoxLayout()
        side.addWidget(
            title(
                tr("请把预约二维码（手机或打印件）对准扫描区，认出后自动签到"),
                self.scan_panel,
                "subtitle",
            )
        )
        # A scanner gun types the code and Enter into this field.
        self.code = QLineEdit(self.scan_panel)
        self.code.setObjectName("checkin_code")
        self.code.setPlaceholderText(tr("也可以用扫码枪扫描预约二维码"))
        self.code.setMinimumHeight(60)
        self.code.setMaxLength(40)
        self.code.returnPressed.connect(lambda: self.by_code(self.code.text()))
        side.addWidget(self.code)
        side.addStretch(1)
        s_lay.addLayout(side, 2)
        self.scan_panel.hide()
        lay.addWidget(self.scan_panel, 1)
        result = QHBoxLayout()
        result.setSpacing(32)
        self.number = QLabel("", self)
        self.number.setObjectName("checkin_number")
        self.number.setStyleSheet("font-size: 72px; font-weight: bold;")
        self.msg = QLabel("", self)
        self.msg.setObjectName("checkin_msg")
        self.msg.setWordWrap(True)
        result.addWidget(self.number)
        result.addWidget(self.msg, 1)
        lay.addLayout(result)
        lay.addStretch(1)
        self.nav(lay, "ticket")
        self.busy = self.busy_state(*self.way_buttons.values())
        self.way = ""
        self._frames = FrameStream(self.rt.devices, self)
        self._frames.frame_ready.connect(self._on_frame)
        self._streaming = False
        self._asking = False
        self._last_code = ""  # the QR last asked about (kept out of the log and the screen)
        self.ticket: Ticket | None = None

    # ---- the page's life ---------------------------------------------------------
    def reset(self) -> None:
        """A new citizen: no way chosen, nothing read or shown."""
        self._stop_stream()
        self.way = ""
        self._asking = False
        self._last_code = ""
        self.ticket = None
        self.code.clear()
        self.number.setText("")
        self.msg.setText("")
        self.view.set_frame(None)
        for b in self.way_buttons.values():
            mark_chosen(b, False)
        self.scan_panel.hide()

    def shown(self) -> None:
        if self.way == "scan" and not self._asking:
            self._start_stream()

    def left(self) -> None:
        self._stop_stream()

    def choose(self, way: str) -> None:
        """刷身份证 goes to the card page; 扫预约二维码 streams the camera here."""
        self.number.setText("")
        self.msg.setText("")
        if way == "card":
            self._stop_stream()
            self.win.ask_card(back="checkin", then=self.card_read)
            return
        self.way = way
        self._last_code = ""  # chosen again: the same QR may be asked again
        for name, b in self.way_buttons.items():
            mark_chosen(b, name == way)
        self.scan_panel.show()
        self.code.setFocus()
        if self.win.current_page() == "checkin":
            self._start_stream()

    def _start_stream(self) -> None:
        from drivers.camera.qr import read_qr

        if not self._streaming:
            self._streaming = True
            self._frames.start(lambda frame, _now: read_qr(frame))

    def _stop_stream(self) -> None:
        if self._streaming:
            self._streaming = False
            self._frames.stop()

    def _on_frame(self) -> None:
        mail = self._frames.take()
        if mail is None or not self._streaming or self._asking:
            return
        frame, text = mail
        self.view.set_frame(frame)
        if text and text != self._last_code:  # the same QR still under the camera: asked
            self.by_code(str(text))

    # ---- check-in ------------------------------------------------------------------
    def card_read(self, identity: Identity) -> None:
        """The card just read (the card page's ``then``): check in by its holder."""
        self.way = "card"
        self.scan_panel.hide()
        for name, b in self.way_buttons.items():
            mark_chosen(b, name == "card")
        self.win.show_page("checkin")
        id_number = identity.id_number
        self._check_in(lambda desk: desk.take("", id_number=id_number))

    def by_code(self, text: str) -> None:
        """The appointment's QR (camera or scanner gun)."""
        code = text.strip()
        self.code.clear()
        if not code or self._asking:
            return
        self._last_code = code
        if len(code) > 40:
            self.msg.setText(tr("这个二维码不是预约二维码，请换一个，或刷身份证签到"))
            return
        self._stop_stream()
        self._check_in(lambda desk: desk.take("", appointment_code=code))

    def _check_in(self, take: Any) -> None:
        desk = self.rt.tickets
        if desk is None:
            return
        self._asking = True
        self.ticket = None
        self.win.pages["ticket"].issue(
            lambda: take(desk), number=self.number, msg=self.msg, busy=self.busy, then=self._done
        )

    def _done(self, ticket: Ticket | None, words: str) -> None:
        """Printed (or not): say why it is a priority ticket or a normal one."""
        self._asking = False
        self.ticket = ticket
        if ticket is None:
            if self._refused_code() in (NOT_FOUND, OFFLINE):
                words += "\n" + tr("点“返回”选择业务类别即可取普通号。")
            self.msg.setText(words)
        else:
            if ticket.priority == "appointment":
                lead = tr(CHECKED_IN)
            else:
                lead = note_words(ticket) if ticket.note else ""
            words = f"{lead}\n{words}" if lead else words
            self.msg.setText(words)
        if self.win.voice.enabled:
            self.win.voice.say_text(words)
        if self.way == "scan" and ticket is None and self.win.current_page() == "checkin":
            self._start_stream()

    def _refused_code(self) -> str:
        exc = self.win.pages["ticket"].last_error
        return exc.code if isinstance(exc, OneWindowError) else ""
