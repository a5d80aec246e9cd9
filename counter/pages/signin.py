"""The counter's sign-in page: the clerk's number and name."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout

from counter.pages.base import CounterPage
from widgets.i18n import tr
from widgets.pages import button, hand_cursor, title

if TYPE_CHECKING:
    from counter.window import CounterWindow

log = logging.getLogger(__name__)


class SignInPage(CounterPage):
    """Who works at this window. GUI thread only."""

    def __init__(self, win: CounterWindow) -> None:
        super().__init__(win)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(200, 60, 200, 60)
        lay.addWidget(title(tr("综合窗口工作人员登录"), self))
        form = QFormLayout()
        self.clerk_id = QLineEdit(self)
        self.clerk_id.setObjectName("clerk_id")
        self.clerk_id.setPlaceholderText(tr("工号，例如 C0012"))
        self.clerk_name = QLineEdit(self)
        self.clerk_name.setObjectName("clerk_name")
        form.addRow(tr("工号"), self.clerk_id)
        form.addRow(tr("姓名"), self.clerk_name)
        lay.addLayout(form)
        self.signin_msg = QLabel("", self)
        self.signin_msg.setProperty("role", "error")
        lay.addWidget(self.signin_msg)
        self.signin_btn = button(tr("登录"), self, name="signin", primary=True, hand=False)
        self.signin_btn.clicked.connect(self.sign_in)
        self.clerk_name.returnPressed.connect(self.sign_in)
        lay.addWidget(self.signin_btn)
        lay.addStretch(1)

    def set_ready(self, ready: bool) -> None:
        """Signing in waits for the runtime (the page paints before it is there)."""
        self.signin_btn.setEnabled(ready)
        if ready:
            hand_cursor(self.signin_btn)

    def sign_in(self) -> None:
        if not self.signin_btn.isEnabled():
            return
        self._sign_in()

    def _sign_in(self) -> None:
        cid, name = self.clerk_id.text().strip().upper(), self.clerk_name.text().strip()
        if not cid or not name:
            self.signin_msg.setText(tr("请填写工号和姓名"))
            return
        win = self.win
        win.clerk = cid
        win.clerk_display = name
        win.header.setText(
            f"{tr('综合窗口')} · {self.rt.config.hall_name} · {tr('经办人')} {cid} {name}"
        )
        log.info("clerk %s signed in", cid)
        win.start_work()
