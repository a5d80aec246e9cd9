"""The kiosk's 取号 page: a big button per queue category, then the printed ticket.

Reached from the home page's 取号 tile, which is there only when the
device's config names a hall server (``[hall] url``). No card is needed. A
priority (老年人, 残疾人, 孕妇, 军人: the ones the hall honours) is one tap
before the category. The ticket comes from the hall server, or from this
kiosk's reserved block when the server does not answer (services.queue); it
is printed on the receipt printer and counts only once printed — a failed
print gives the number up and says to ask at the service desk. The page says
the number, how many wait before and the expected wait. Network and printing
run on the page's own lane. 预约签到 (when the hall honours appointments) opens
kiosk.pages.checkin, which prints through this page's ``issue``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QLabel, QPushButton

from core.errors import OneWindowError
from kiosk.pages.base import KioskPage
from services.printing import PrintJob
from widgets.background import BackgroundOps
from widgets.errors import user_text
from widgets.i18n import N_, current_language, sentences, tr
from widgets.pages import button, title
from wire.queue import Category, Ticket

if TYPE_CHECKING:
    from kiosk.window import KioskWindow
    from widgets.background import Busy

PRIORITY_WORDS = {
    "elderly": N_("老年人"),
    "disabled": N_("残疾人"),
    "pregnant": N_("孕妇"),
    "military": N_("军人"),
}


def category_words(c: Category, english: bool) -> tuple[str, str]:
    """A category's name and waiting area as the page shows them: the hall's English
    words in the English UI when it set them (each on its own), else the Chinese. The
    printed ticket keeps the Chinese."""
    if not english:
        return c.name, c.area
    return c.name_en or c.name, c.area_en or c.area


def _repolish(b: QPushButton) -> None:
    """A property set after the button was styled takes effect (the tile's height)."""
    b.style().unpolish(b)
    b.style().polish(b)


class TicketPage(KioskPage):
    """Choose a category, get a printed ticket. GUI thread only; the work runs on ``lane``."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.lane = BackgroundOps(self, name="ow-ticket")
        self.ticket: Ticket | None = None
        self.job: PrintJob | None = None
        self.categories: list[Category] = []
        lay = self.page_layout(tr("取号"))
        lay.addWidget(title(tr("请选择要办理的业务类别，号票会打印出来"), self, role="subtitle"))
        self.priority_row = QHBoxLayout()
        self.priority_row.setSpacing(16)
        self.priority_group = QButtonGroup(self)
        self.priority_group.setExclusive(False)
        # 预约签到 (kiosk.pages.checkin), only when the hall honours appointments: at
        # the priorities' right, in their row (the page fits 1280×800).
        self.checkin_btn = button(tr("预约签到"), self, name="checkin", primary=True)
        self.checkin_btn.setProperty("tile", True)
        _repolish(self.checkin_btn)
        self.checkin_btn.setMinimumHeight(60)
        self.checkin_btn.clicked.connect(win.open_checkin)
        self.checkin_btn.hide()
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addLayout(self.priority_row, 1)
        top.addWidget(self.checkin_btn)
        lay.addLayout(top)
        self.grid = QGridLayout()
        self.grid.setSpacing(20)
        lay.addLayout(self.grid)
        self.category_buttons: list[QPushButton] = []
        self.priority_buttons: list[QPushButton] = []
        self.number = QLabel("", self)
        self.number.setObjectName("ticket_number")
        self.number.setStyleSheet("font-size: 72px; font-weight: bold;")
        self.msg = QLabel("", self)
        self.msg.setObjectName("ticket_msg")
        self.msg.setWordWrap(True)
        result = QHBoxLayout()  # the number and its words side by side: fits 1280×800
        result.setSpacing(32)
        result.addWidget(self.number)
        result.addWidget(self.msg, 1)
        lay.addLayout(result)
        lay.addStretch(1)
        self.nav(lay, "home")
        self.busy = self.busy_state(self.checkin_btn)
        self._out: tuple[QLabel, QLabel, Callable[[Ticket | None, str], None] | None] = (
            self.number,
            self.msg,
            None,
        )
        self.last_error: BaseException | None = None  # the last take's refusal
        win.bridge.print_job_changed.connect(self._on_job_changed)

    # ---- the categories ---------------------------------------------------------
    def open(self) -> None:
        """Shown from the home tile: ask the hall for its categories (last known offline)."""
        self.reset()
        desk = self.rt.tickets
        if desk is None:
            return
        self.msg.setText(tr("正在连接大厅叫号系统……"))
        self.checkin_btn.hide()
        self.lane.run("queue_categories", desk.categories, self._show_categories, self._failed)

    def _show_categories(self, answer: tuple[list[Category], list[str]]) -> None:
        cats, priorities = answer
        self.msg.setText("")
        desk = self.rt.tickets
        if desk is not None and desk.online is False:
            self.msg.setText(
                tr("大厅叫号服务器暂时连不上：本机用预留的号码继续取号，号票上会注明。")
            )
        if not cats:
            self.msg.setText(tr("暂时不能取号，请到服务台人工取号。"))
        self.categories = cats
        self.checkin_btn.setVisible(bool(cats) and "appointment" in priorities)
        for b in self.category_buttons + self.priority_buttons:
            if b in self.busy.buttons:
                self.busy.buttons.remove(b)
            self.priority_group.removeButton(b)
            b.hide()
            b.deleteLater()
        self.category_buttons, self.priority_buttons = [], []
        for kind in priorities:
            if kind not in PRIORITY_WORDS:
                continue  # an appointment's priority comes from check-in, not a tap
            b = button(tr(PRIORITY_WORDS[kind]), self, name=f"priority_{kind}")
            b.setCheckable(True)
            b.setProperty("tile", True)
            _repolish(b)
            b.setProperty("kind", kind)
            self.priority_group.addButton(b)
            b.toggled.connect(lambda on, me=b: self._one_priority(me, on))
            self.priority_row.addWidget(b)
            self.priority_buttons.append(b)
            self.busy.add(b)
        if self.priority_buttons:
            self.priority_row.addStretch(1)
        english = current_language().startswith("en")
        for n, c in enumerate(cats):
            name, area = category_words(c, english)
            text = f"{c.code}  {name}" + (f"\n{area}" if area else "")
            b = button(text, self, name=f"category_{c.code}", primary=True, big=True)
            b.setProperty("tile", True)
            _repolish(b)
            b.clicked.connect(lambda _=False, code=c.code: self.take(code))
            self.grid.addWidget(b, n // 2, n % 2)
            self.category_buttons.append(b)
            self.busy.add(b)

    def _one_priority(self, me: QPushButton, on: bool) -> None:
        if on:
            for b in self.priority_buttons:
                if b is not me:
                    b.setChecked(False)

    def priority(self) -> str:
        return next((str(b.property("kind")) for b in self.priority_buttons if b.isChecked()), "")

    # ---- the ticket -------------------------------------------------------------
    def take(self, code: str) -> None:
        desk = self.rt.tickets
        if desk is None or not any(c.code == code for c in self.categories):
            return
        priority = self.priority()
        self.issue(lambda: desk.take(code, priority=priority))

    def issue(
        self,
        take: Callable[[], Ticket],
        *,
        number: QLabel | None = None,
        msg: QLabel | None = None,
        busy: Busy | None = None,
        then: Callable[[Ticket | None, str], None] | None = None,
    ) -> None:
        """Take a ticket (``take`` runs on the lane), print it, count it once printed.

        The one printing path of 取号 and 预约签到 (kiosk.pages.checkin): the
        number and the words go to ``number`` and ``msg`` (this page's own by
        default); ``then`` gets the ticket printed (None: not printed or not
        taken) and the words said.
        """
        desk, rt = self.rt.tickets, self.rt
        if desk is None:
            return
        self._out = (number or self.number, msg or self.msg, then)
        cats = {c.code: c for c in self.categories}
        hall_name = rt.config.hall_name
        self.last_error = None
        self._out[1].setText(tr("正在取号，请稍候……"))
        self._out[0].setText("")

        def work() -> tuple[Ticket, PrintJob]:
            ticket = take()
            cat = cats.get(ticket.category)
            job = rt.printing.issue_ticket(
                ticket.number,
                cat.name if cat is not None else ticket.category_name,
                ticket.waiting_before,
                hall_name,
                area=cat.area if cat is not None else "",
                expected_wait_min=round(ticket.expected_wait_s / 60),
                offline=ticket.offline,
            )
            return ticket, job

        self.lane.run("queue_take", work, self._taken, self._failed, busy=busy or self.busy)

    def _taken(self, result: tuple[Ticket, PrintJob]) -> None:
        self.ticket, self.job = result
        self._out[1].setText(tr("正在打印号票……"))
        self._on_job_changed(self.job)

    def _on_job_changed(self, job: PrintJob) -> None:
        if job is not self.job or job.pending or self.ticket is None:
            return
        ticket, self.job = self.ticket, None
        desk = self.rt.tickets
        if desk is None:
            return
        number, msg, then = self._out
        if job.state.value != "printed":
            self.lane.run("queue_void", lambda: desk.void(ticket), lambda _r: None, self._failed)
            words = tr("号票没能打印出来，这个号不会被叫到。请到服务台人工取号。")
            msg.setText(words)
            self._out = (number, msg, None)
            if then is not None:
                then(None, words)
            return
        self.lane.run("queue_printed", lambda: desk.printed(ticket), self._counted, self._failed)
        number.setText(ticket.number)
        minutes = round(ticket.expected_wait_s / 60)
        words = sentences(
            tr("请取走号票，留意叫号。前面还有 {n} 人。").format(n=ticket.waiting_before),
            tr("预计等候约 {m} 分钟。").format(m=minutes) if ticket.expected_wait_s >= 60 else "",
            tr("（离线取号，号码有效）") if ticket.offline else "",
        )
        msg.setText(words)
        self._out = (number, msg, None)
        if then is not None:
            then(ticket, words)

    def _counted(self, _result: object) -> None:
        for b in self.priority_buttons:
            b.setChecked(False)

    def _failed(self, exc: BaseException) -> None:
        self.last_error = exc
        msg, then = self._out[1], self._out[2]
        if isinstance(exc, OneWindowError):
            words = user_text(exc)
        else:
            words = tr("暂时不能取号，请到服务台人工取号。")
        msg.setText(words)
        if then is not None:
            self._out = (self.number, self.msg, None)
            then(None, words)

    def reset(self) -> None:
        self.ticket = None
        self.job = None
        self._out = (self.number, self.msg, None)
        self.number.setText("")
        self.msg.setText("")
