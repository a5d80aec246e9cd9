"""The counter's calling panel (叫号): this window's queue on the hall server.

Shown after sign-in when the device's config names the hall server and its
window (``[hall] url`` and ``window``). The clerk calls the next ticket by the
window's work profile (the hall server decides who), recalls it (the count
shows), marks a no-show after the hall's number of recalls, transfers it to
another category or window (it keeps its arrival time), serves a walk-in
(直接办理, no ticket), pauses and resumes calling. 开始办理 opens the intake
with the citizen's card read at the window; every case taken in during the
service records its ticket, wait and service times (core.case.QueueVisit).
The window's own day (served, no-shows, average service) and the hall's
waiting counts show beside it, refreshed while the page is shown.

The hall server is reached on this page's own lane: a slow hall network never
holds the GUI thread or the store's writes. When it does not answer, the
clerk can still take cases in (新的受理) without a ticket.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel

from core.errors import OneWindowError
from counter.pages.base import CounterPage
from services.queue import Serving
from sync.hall_client import HallUnreachable
from widgets.background import BackgroundOps
from widgets.errors import user_text
from widgets.i18n import tr
from widgets.pages import button, title
from wire.queue import CallAnswer, QueueStatus, Ticket, WindowState

if TYPE_CHECKING:
    from counter.window import CounterWindow

REFRESH_MS = 10000


def _minutes(seconds: int) -> str:
    return tr("%n 分钟").replace("%n", str(max(1, round(seconds / 60)) if seconds else 0))


def _words(exc: BaseException) -> str:
    if isinstance(exc, HallUnreachable):  # a counter has no reserved numbers: other advice
        exc = OneWindowError("queue.window_offline")
    return user_text(exc)


class CallingPage(CounterPage):
    """This window's 叫号 buttons, its current ticket and day. GUI thread only; the hall
    server is asked on ``lane``."""

    def __init__(self, win: CounterWindow) -> None:
        super().__init__(win)
        desk = self.rt.calling
        assert desk is not None  # the window adds this page only with a hall window
        self.desk = desk
        self.lane = BackgroundOps(self, name="ow-calling")
        self.state: WindowState | None = None
        self.hall: QueueStatus | None = None
        lay = self.page_layout(tr("叫号"))
        head = QHBoxLayout()
        head.setSpacing(24)
        self.number = QLabel("—", self)
        self.number.setObjectName("calling_number")
        self.number.setStyleSheet("font-size: 64px; font-weight: bold;")
        head.addWidget(self.number)
        self.status = title("", self, role="subtitle")
        self.status.setObjectName("calling_status")
        head.addWidget(self.status, 1)
        lay.addLayout(head)
        self.day = QLabel("", self)
        self.day.setObjectName("calling_day")
        lay.addWidget(self.day)
        self.waiting = QLabel("", self)
        self.waiting.setObjectName("calling_waiting")
        self.waiting.setWordWrap(True)
        self.waiting.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.waiting)

        grid = QGridLayout()
        grid.setSpacing(12)
        self.call_btn = button(tr("叫下一位"), self, name="call_next", primary=True)
        self.call_btn.clicked.connect(self.call_next)
        self.recall_btn = button(tr("重呼"), self, name="call_recall")
        self.recall_btn.clicked.connect(self.recall)
        self.no_show_btn = button(tr("过号"), self, name="call_no_show")
        self.no_show_btn.clicked.connect(self.no_show)
        self.start_btn = button(tr("开始办理"), self, name="call_start", primary=True)
        self.start_btn.clicked.connect(self.start)
        self.end_btn = button(tr("结束办理"), self, name="call_end")
        self.end_btn.clicked.connect(self.end)
        self.walk_in_btn = button(tr("直接办理"), self, name="call_walk_in")
        self.walk_in_btn.setToolTip(tr("没有号票的办事人：直接办理，也计入本窗口的统计"))
        self.walk_in_btn.clicked.connect(self.walk_in)
        self.pause_btn = button(tr("暂停叫号"), self, name="call_pause")
        self.pause_btn.clicked.connect(self.toggle_pause)
        big = (self.call_btn, self.recall_btn, self.no_show_btn, self.start_btn)
        for i, b in enumerate((*big, self.end_btn, self.walk_in_btn, self.pause_btn)):
            b.setMinimumHeight(60)
            grid.addWidget(b, i // 4, i % 4)
        lay.addLayout(grid)

        move = QHBoxLayout()
        move.addWidget(QLabel(tr("转到："), self))
        self.transfer_to = QComboBox(self)
        self.transfer_to.setObjectName("transfer_to")
        self.transfer_to.setMinimumWidth(260)
        move.addWidget(self.transfer_to)
        self.transfer_btn = button(tr("转移"), self, name="call_transfer")
        self.transfer_btn.clicked.connect(self.transfer)
        move.addWidget(self.transfer_btn)
        move.addStretch(1)
        lay.addLayout(move)
        self.msg = QLabel("", self)
        self.msg.setObjectName("calling_msg")
        self.msg.setProperty("role", "error")
        self.msg.setWordWrap(True)
        lay.addWidget(self.msg)
        lay.addStretch(1)
        self.refresh_btn = button(tr("刷新"), self, name="call_refresh")
        self.refresh_btn.clicked.connect(self.refresh)
        # A citizen without a ticket while the hall server is away: the intake as before.
        self.intake_btn = button(tr("新的受理"), self, name="new_intake")
        self.intake_btn.setToolTip(tr("不经叫号直接受理（叫号服务器连不上时）"))
        self.intake_btn.clicked.connect(win.new_intake)
        self.toolbar(lay, self.intake_btn, self.refresh_btn)
        self.busy = self.busy_state(*self._actions())
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._show_state()

    def _actions(self) -> tuple[Any, ...]:
        return (
            self.call_btn,
            self.recall_btn,
            self.no_show_btn,
            self.start_btn,
            self.end_btn,
            self.walk_in_btn,
            self.pause_btn,
            self.transfer_btn,
        )

    # ---- shown ----------------------------------------------------------------------
    def shown(self, on: bool) -> None:
        if on:
            self.refresh()
            self._timer.start()
        else:
            self._timer.stop()

    def refresh(self) -> None:
        if self.rt.closed:
            return
        desk = self.desk
        self.lane.run(
            "calling_state", lambda: (desk.state(), desk.hall()), self._refreshed, self._failed
        )

    def _refreshed(self, both: tuple[WindowState, QueueStatus]) -> None:
        self.hall = both[1]
        self._fill_targets()
        self._took(both[0])
        if self.msg.text() == _words(HallUnreachable()):
            self.msg.setText("")  # the hall is back

    def _failed(self, exc: BaseException) -> None:
        self.msg.setText(_words(exc))
        self._show_state()

    # ---- the clerk's actions -----------------------------------------------------------
    def _ask(self, name: str, work: Any, done: Any) -> None:
        self.msg.setText("")

        def then(result: Any) -> None:
            done(result)
            self.refresh()  # the hall's waiting counts after the change

        self.lane.run(name, work, then, self._failed, busy=self.busy)

    def call_next(self) -> None:
        """叫下一位: a service under way ends first, naming the last case it took in."""
        desk, serving = self.desk, self.win.serving
        case_id = serving.case_ids[-1] if serving and serving.case_ids else ""

        def work() -> CallAnswer:
            if serving is not None:
                try:
                    desk.end(case_id)
                except OneWindowError as exc:
                    if getattr(exc, "code", "") != "queue.nobody_served":
                        raise
            return desk.call()

        self._ask("call", work, self._called)

    def _called(self, answer: CallAnswer) -> None:
        self.win.set_serving(None)
        self._took(answer.window)
        if answer.ticket is None:
            self.msg.setText(tr("暂时没有人等候本窗口的业务。"))

    def recall(self) -> None:
        desk = self.desk
        self._ask("recall", desk.recall, lambda a: self._took(a.window))

    def no_show(self) -> None:
        desk = self.desk
        self._ask("no_show", desk.no_show, self._took)

    def start(self) -> None:
        """开始办理 (or, during a service, 去受理): the intake, with the card read here."""
        if self.win.serving is not None:
            self.win.new_intake()
            return
        desk = self.desk
        self._ask("start", desk.start, self._started)

    def _started(self, state: WindowState) -> None:
        self._took(state)
        if self.win.serving is not None:
            self.win.new_intake()

    def end(self) -> None:
        desk, serving = self.desk, self.win.serving
        case_id = serving.case_ids[-1] if serving and serving.case_ids else ""
        self._ask("end", lambda: desk.end(case_id), self._ended)

    def _ended(self, state: WindowState) -> None:
        self.win.set_serving(None)
        self._took(state)

    def walk_in(self) -> None:
        desk = self.desk
        self._ask("walk_in", desk.walk_in, self._started)

    def toggle_pause(self) -> None:
        desk = self.desk
        paused = not (self.state is not None and self.state.paused)
        self._ask("pause", lambda: desk.pause(paused), self._took)

    def transfer(self) -> None:
        target = self.transfer_to.currentData()
        if not target:
            self.msg.setText(user_text(OneWindowError("queue.transfer_where")))
            return
        kind, _, code = str(target).partition(":")
        desk = self.desk
        if kind == "category":
            work = lambda: desk.transfer(category=code)  # noqa: E731
        else:
            work = lambda: desk.transfer(to_window=code)  # noqa: E731
        self._ask("transfer", work, self._ended)

    # ---- what the page shows ------------------------------------------------------------
    def _took(self, state: WindowState) -> None:
        """The hall server's word on this window: the page and the session follow it."""
        self.state = state
        win = self.win
        cur = state.current
        if cur is not None and cur.state == "serving":
            known = win.serving
            if known is None or known.ticket is None or known.number != cur.number:
                win.set_serving(Serving(state.window, cur, started_at=_started_at(cur)))
            else:
                win.serving.ticket = cur
        elif state.walk_in:
            if win.serving is None or win.serving.ticket is not None:
                win.set_serving(Serving(state.window, None))
        elif win.serving is not None:
            win.set_serving(None)  # ended elsewhere (the CLI, another start of this counter)
        self._show_state()

    def _show_state(self) -> None:
        st, serving = self.state, self.win.serving
        cur = st.current if st is not None else None
        called = cur is not None and cur.state == "called"
        in_service = serving is not None
        paused = st is not None and st.paused
        if serving is not None and serving.ticket is None:
            self.number.setText(tr("直接办理"))
            self.status.setText(tr("正在办理（无号票）"))
        elif cur is not None:
            self.number.setText(cur.number)
            if called:
                text = tr("已呼叫，等待办事人到窗口")
                if cur.recalls:
                    text += "　" + tr("已重呼 %n 次").replace("%n", str(cur.recalls))
                self.status.setText(text)
            else:
                self.status.setText(tr("正在办理") + f"　{cur.category_name}")
        else:
            self.number.setText("—")
            self.status.setText(tr("暂停叫号中") if paused else tr("空闲，可以叫号"))
        known = st is not None
        self.call_btn.setEnabled(known and not paused and not called)
        self.recall_btn.setEnabled(called)
        self.no_show_btn.setEnabled(called)
        self.start_btn.setEnabled(called or in_service)
        self.start_btn.setText(tr("去受理") if in_service else tr("开始办理"))
        self.end_btn.setEnabled(in_service)
        self.walk_in_btn.setEnabled(known and cur is None and not in_service)
        self.pause_btn.setEnabled(known)
        self.pause_btn.setText(tr("恢复叫号") if paused else tr("暂停叫号"))
        self.transfer_btn.setEnabled(cur is not None and self.transfer_to.count() > 0)
        if st is not None:
            self.day.setText(
                tr("本窗口今日：已办 %1 人，过号 %2 人，平均办理 %3")
                .replace("%1", str(st.served_today))
                .replace("%2", str(st.no_shows_today))
                .replace("%3", _minutes(st.avg_service_s))
            )
        if self.hall is not None:
            rows = [
                f"<b>{c.category}</b> {c.name}：{tr('等候 %n 人').replace('%n', str(c.waiting))}"
                for c in self.hall.categories
            ]
            self.waiting.setText("　·　".join(rows))

    def _fill_targets(self) -> None:
        """转到: the hall's categories and its other windows."""
        hall, keep = self.hall, self.transfer_to.currentData()
        if hall is None:
            return
        self.transfer_to.clear()
        for c in hall.categories:
            label = f"{tr('类别')} {c.category} {c.name}"
            self.transfer_to.addItem(label, f"category:{c.category}")
        for w in hall.windows:
            if w.window != self.desk.window:
                self.transfer_to.addItem(w.name, f"window:{w.window}")
        if keep is not None:
            at = self.transfer_to.findData(keep)
            self.transfer_to.setCurrentIndex(max(0, at))


def _started_at(ticket: Ticket) -> dt.datetime:
    """When the hall server began this service (a counter started again keeps it)."""
    try:
        return dt.datetime.fromisoformat(ticket.started_at)
    except (TypeError, ValueError):
        return dt.datetime.now().astimezone()
