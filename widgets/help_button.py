"""呼叫工作人员: the kiosk header's help button and what it says after a press.

A press saves a help request (services.help) on the background lane, so the
GUI never waits on the store; the button then says, in words for the
citizen, that staff are coming, that the call is waiting for the network
(请稍候，或到人工窗口), or that staff were already called (a second press
within a minute makes no second record). The button is at least 60 px each
way (about 15 mm on a 1080p kiosk panel).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from services.help import HelpCall, HelpDesk
from widgets.background import BackgroundOps
from widgets.i18n import N_, tr
from widgets.pages import hand_cursor

TOUCH_PX = 60
# The whole box: 48 content + 2×4 padding + 2×2 border = 60 px, with or without the theme.
STYLE = (
    "QPushButton#call_staff { min-height: 48px; min-width: 48px; padding: 4px 14px;"
    " font-size: 20px; font-weight: bold; border: 2px solid #b26a00; border-radius: 10px;"
    " background: #ffd54f; color: #1a1a1a; }"
    "QPushButton#call_staff:disabled { color: #6b6b6b; }"
)

COMING = N_("工作人员马上到，请在此稍候。")
WAITING = N_("呼叫已记录，网络暂时不通，恢复后送达。请稍候，或到人工窗口。")
ALREADY = N_("已通知工作人员，请稍候。")
NOT_SAVED = N_("呼叫未能记录。请到人工窗口，或请身边的工作人员帮助。")
SENT_NOW = N_("呼叫已送达，工作人员马上到。")  # a call that waited offline has gone


def answer_for(call: HelpCall) -> str:
    """What the kiosk says after a press (a catalogue source string)."""
    if call.repeat:
        return ALREADY
    return COMING if call.online else WAITING


class HelpButton(QPushButton):
    """Calls staff for the page the citizen is on. GUI thread only.

    ``page_of`` names the current page (no personal data goes with a call);
    ``answered`` carries the catalogue source of what to show and say.
    """

    answered = Signal(str)

    def __init__(
        self,
        desk: HelpDesk,
        ops: BackgroundOps,
        page_of: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.ops = ops
        self.page_of = page_of
        self.last_call: HelpCall | None = None
        self._waiting: str | None = None  # id of a call saved offline, followed until sent
        self.setObjectName("call_staff")
        self.setStyleSheet(STYLE)
        self.setMinimumSize(TOUCH_PX, TOUCH_PX)
        hand_cursor(self)
        self.retranslate()
        self.clicked.connect(self.call)

    def retranslate(self) -> None:
        self.setText(tr("呼叫工作人员"))

    def call(self) -> None:
        desk, page = self.desk, self.page_of()
        self.ops.run("call_staff", lambda: desk.call(page), self._called, self._failed)

    def _called(self, call: HelpCall) -> None:
        self.last_call = call
        if call.record is not None and not call.online:
            self._waiting = call.record.id
        self.answered.emit(answer_for(call))

    def follow_sync(self, st: Any) -> None:
        """A sync status (``sync.worker.SyncStatus``): once a call that waited offline has
        left the outbox, say that it reached the staff (reads the store: quick)."""
        if self._waiting is None or not st.online:
            return
        store = self.desk.runtime.store
        waiting = {e.record_id for e in store.entries(("queued", "retry", "uploading"))}
        if self._waiting in waiting:
            return
        set_aside = {e.record_id for e in store.entries(("quarantined",))}
        sent = self._waiting not in set_aside
        self._waiting = None
        if sent:
            self.answered.emit(SENT_NOW)

    def forget(self) -> None:
        """The session ended: a later delivery is not the next citizen's news."""
        self._waiting = None

    def _failed(self, _exc: BaseException) -> None:
        # The citizen needs what to do, not why: the status bar has the store's health.
        self.answered.emit(NOT_SAVED)
