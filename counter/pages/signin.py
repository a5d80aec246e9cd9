"""The counter's sign-in page: a staff account's login and password.

The account is the back office's (services.staff_session): online the back
office checks it, offline a cache of earlier sign-ins on this device does.
A made-up name cannot sign in. The page also locks the window when it has
been left idle (``lock``): the same clerk's password opens it again where
the work was, or another clerk signs in and the session starts afresh.
The check (network, scrypt) runs on the page's own lane.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout

from counter.pages.base import CounterPage
from widgets.i18n import tr
from widgets.pages import button, hand_cursor, title

if TYPE_CHECKING:
    from counter.window import CounterWindow
    from services.staff_session import Clerk

log = logging.getLogger(__name__)


class SignInPage(CounterPage):
    """Who works at this window, and the lock when left idle. GUI thread only; the
    check runs on ``lane`` (made with the runtime)."""

    def __init__(self, win: CounterWindow) -> None:
        super().__init__(win)
        self.lane = None
        self.locked_page = ""  # the page the lock hides ("" when not locked)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(200, 60, 200, 60)
        self.heading = title(tr("综合窗口工作人员登录"), self)
        lay.addWidget(self.heading)
        self.hint = title(tr("请用本人的工作人员账号登录（账号由管理员在后台开设）"), self, "hint")
        lay.addWidget(self.hint)
        form = QFormLayout()
        self.clerk_id = QLineEdit(self)
        self.clerk_id.setObjectName("clerk_id")
        self.clerk_id.setPlaceholderText(tr("登录名，例如 c0012"))
        self.password = QLineEdit(self)
        self.password.setObjectName("clerk_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("登录名"), self.clerk_id)
        form.addRow(tr("密码"), self.password)
        lay.addLayout(form)
        self.signin_msg = QLabel("", self)
        self.signin_msg.setProperty("role", "error")
        self.signin_msg.setWordWrap(True)
        lay.addWidget(self.signin_msg)
        row = QHBoxLayout()
        self.signin_btn = button(tr("登录"), self, name="signin", primary=True, hand=False)
        self.signin_btn.clicked.connect(self.sign_in)
        self.password.returnPressed.connect(self.sign_in)
        self.other_btn = button(tr("换人登录"), self, name="signin_other")
        self.other_btn.clicked.connect(self.other_clerk)
        self.other_btn.hide()
        row.addWidget(self.signin_btn, 1)
        row.addWidget(self.other_btn)
        lay.addLayout(row)
        lay.addStretch(1)

    def set_ready(self, ready: bool) -> None:
        """Signing in waits for the runtime (the page paints before it is there)."""
        self.signin_btn.setEnabled(ready)
        if ready:
            hand_cursor(self.signin_btn)
            if self.lane is None:
                from widgets.background import BackgroundOps

                self.lane = BackgroundOps(self, name="ow-signin")

    def sign_in(self) -> None:
        if not self.signin_btn.isEnabled() or self.lane is None:
            return
        login, password = self.clerk_id.text(), self.password.text()
        self.signin_msg.setText(tr("正在核对账号……"))
        self.signin_btn.setEnabled(False)
        desk = self.rt.staff
        self.lane.run(
            "staff_sign_in", lambda: desk.sign_in(login, password), self._signed_in, self._refused
        )

    def _refused(self, exc: BaseException) -> None:
        from widgets.errors import user_text

        self.signin_btn.setEnabled(True)
        self.password.clear()
        self.signin_msg.setText(user_text(exc))

    def _signed_in(self, clerk: Clerk) -> None:
        self.signin_btn.setEnabled(True)
        self.password.clear()
        self.signin_msg.setText("")
        win = self.win
        if self.locked_page:
            page, self.locked_page = self.locked_page, ""
            self._unlocked_look()
            if win.staff is not None and clerk.login == win.staff.login:
                win.set_clerk(clerk)
                win.show_page(page)  # the work is where it was left
                return
        win.set_clerk(clerk)
        win.start_work()

    # ---- the idle lock ----------------------------------------------------------------
    def lock(self, page: str) -> None:
        """The window left idle: this page over ``page`` until a password is given."""
        if self.locked_page or self.win.staff is None:
            return
        self.locked_page = page
        self.heading.setText(tr("窗口已锁定"))
        self.hint.setText(
            tr("离开时窗口已自动锁定。%s 请输入密码继续，或换人登录。").replace(
                "%s", self.win.staff.label
            )
        )
        self.clerk_id.setText(self.win.staff.login)
        self.clerk_id.setReadOnly(True)
        self.other_btn.show()
        self.signin_msg.setText("")
        self.win.show_page("signin")
        self.password.setFocus()

    def other_clerk(self) -> None:
        """换人登录: the clerk before is signed out; the next one starts afresh."""
        self.locked_page = ""
        self._unlocked_look()
        self.win.sign_out()

    def _unlocked_look(self) -> None:
        self.heading.setText(tr("综合窗口工作人员登录"))
        self.hint.setText(tr("请用本人的工作人员账号登录（账号由管理员在后台开设）"))
        self.clerk_id.setReadOnly(False)
        self.other_btn.hide()
