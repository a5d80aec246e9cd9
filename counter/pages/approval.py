"""A supervisor's approval at the window (值班长确认), for what a clerk may not do alone.

A clerk's account accepts and hands out; a second paper copy of a receipt
already printed (补打) needs a supervisor (services.staff_session.Clerk.may).
``SupervisorApproval`` is the row a page shows then: the supervisor types
their own login and password at the clerk's PC, the back office (or this
device's cache, offline) checks them, and the page goes on with the
supervisor named beside the clerk. A supervisor signed in needs no one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from widgets.background import BackgroundOps
from widgets.errors import user_text
from widgets.i18n import tr
from widgets.pages import button

if TYPE_CHECKING:
    from counter.window import CounterWindow
    from services.staff_session import Clerk


def needs_approval(win: CounterWindow, act: str) -> bool:
    """The signed-in account may not ``act`` alone."""
    return win.staff is None or not win.staff.may(act)


def printed_before(win: CounterWindow, job_id: str) -> bool:
    """The print job came out on paper: a reprint would be a second copy."""
    from sync.print_jobs import JobState

    return win.rt.printing.jobs.get(job_id).state is JobState.PRINTED


def approved_actor(clerk: str, supervisor: Clerk | None) -> str:
    """Who did it, for the print log and the reprint mark: the clerk, and the approver."""
    return clerk if supervisor is None else f"{clerk}/{supervisor.staff_no}"


class SupervisorApproval(QWidget):
    """The supervisor's login and password, in one row under a page. GUI thread only;
    the check runs on its own lane."""

    def __init__(self, win: CounterWindow, parent: QWidget) -> None:
        super().__init__(parent)
        self.win = win
        self.lane = BackgroundOps(self, name="ow-approval")
        self._then: Callable[[Clerk], None] | None = None
        self._act = ""
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.prompt = QLabel("", self)
        self.prompt.setWordWrap(True)
        row.addWidget(self.prompt, 1)
        self.login = QLineEdit(self)
        self.login.setObjectName("approver_login")
        self.login.setPlaceholderText(tr("值班长登录名"))
        row.addWidget(self.login)
        self.password = QLineEdit(self)
        self.password.setObjectName("approver_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(tr("密码"))
        self.password.returnPressed.connect(self.confirm)
        row.addWidget(self.password)
        self.ok = button(tr("确认"), self, name="approve", primary=True)
        self.ok.clicked.connect(self.confirm)
        row.addWidget(self.ok)
        cancel = button(tr("取消"), self, name="approve_cancel")
        cancel.clicked.connect(self.close_row)
        row.addWidget(cancel)
        self.hide()

    def ask(self, act: str, why: str, then: Callable[[Clerk], None]) -> None:
        """Show the row; ``then(supervisor)`` once a supervisor's password was right."""
        self._act, self._then = act, then
        self.prompt.setText(why)
        self.prompt.setProperty("role", "hint")
        self.login.clear()
        self.password.clear()
        self.show()
        self.login.setFocus()

    def confirm(self) -> None:
        login, password, act = self.login.text(), self.password.text(), self._act
        self.password.clear()
        desk = self.win.rt.staff
        self.ok.setEnabled(False)
        self.lane.run(
            "approval", lambda: desk.approve(login, password, act), self._approved, self._refused
        )

    def _approved(self, supervisor: Clerk) -> None:
        self.ok.setEnabled(True)
        then, self._then = self._then, None
        self.hide()
        if then is not None:
            then(supervisor)

    def _refused(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        self.prompt.setText(user_text(exc))

    def close_row(self) -> None:
        self._then = None
        self.hide()
