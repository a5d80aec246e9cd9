"""帮办 at the kiosk: a clerk signs in with the staff account to help the citizen here.

The header's 工作人员帮办 opens this page: the staff login and password, typed on the
on-screen keyboard (Latin first; the password is never shown), 登录帮办. The account
is checked as at the counter (services.staff_session: online, or offline from this
device's sealed cache; lock after failed tries; window roles of this hall only). Once
signed in, the header names the clerk, and every case the session submits records
the assisting clerk (``Case.assisted_by``) and prints 帮办人员 on its receipt. 结束帮办,
回首页 and the idle timeout end it (the staff token too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QLineEdit, QVBoxLayout

from kiosk.pages.base import KioskPage, beside_keyboard
from widgets.errors import user_text
from widgets.i18n import tr
from widgets.pages import button

if TYPE_CHECKING:
    from kiosk.window import KioskWindow
    from services.staff_session import Clerk


class AssistPage(KioskPage):
    """The staff sign-in for 帮办, with the on-screen keyboard. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        from widgets.keyboard.keyboard import OnScreenKeyboard

        super().__init__(win)
        lay = self.page_layout(tr("工作人员帮办登录"))
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        fields = QVBoxLayout()
        fields.setSpacing(14)
        note = QLabel(tr("仅限大厅工作人员：用本人工作账号登录后，帮助群众在本机办理。"), self)
        note.setWordWrap(True)
        note.setProperty("role", "subtitle")
        self.login = QLineEdit(self)
        self.login.setObjectName("assist_login")
        self.login.setPlaceholderText(tr("工作账号"))
        self.login.setProperty("keyboard_mode", "latin")
        self.password = QLineEdit(self)
        self.password.setObjectName("assist_password")
        self.password.setPlaceholderText(tr("密码"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setProperty("keyboard_mode", "latin")
        self.msg = QLabel("", self)
        self.msg.setObjectName("assist_msg")
        self.msg.setProperty("role", "error")
        self.msg.setWordWrap(True)
        for w in (note, self.login, self.password, self.msg):
            fields.addWidget(w)
        fields.addStretch(1)
        self.row.addLayout(fields, 1)
        self.keyboard = OnScreenKeyboard(self)
        for ed in (self.login, self.password):
            self.keyboard.attach(ed)
        self.row.addWidget(self.keyboard, 1, Qt.AlignmentFlag.AlignHCenter)
        lay.addLayout(self.row, 1)
        self.sign_in_btn = button(tr("登录帮办"), self, name="assist_sign_in", primary=True)
        self.sign_in_btn.clicked.connect(self.sign_in)
        self.password.returnPressed.connect(self.sign_in)
        self.nav(lay, None, self.sign_in_btn)
        self.busy = self.busy_state(self.sign_in_btn)
        self.back_to = "home"

    def resizeEvent(self, e: QResizeEvent) -> None:
        beside_keyboard(self.row, self.keyboard, e.size(), least=700, share=11 / 20)
        super().resizeEvent(e)

    def open(self, back_to: str) -> None:
        """Nothing typed; after the sign-in the kiosk goes back to ``back_to``."""
        self.back_to = back_to if back_to != "assist" else "home"
        self.reset()
        self.win.show_page("assist")
        self.keyboard.set_target(self.login)

    def reset(self) -> None:
        self.login.clear()
        self.password.clear()
        self.msg.setText("")
        self.keyboard.reset()

    def sign_in(self) -> None:
        desk = self.rt.staff
        login, password = self.login.text(), self.password.text()
        self.password.clear()

        def done(clerk: Clerk) -> None:
            self.reset()
            self.win.set_assistant(clerk)
            self.win.show_page(self.back_to)

        self.win.ops.run(
            "assist_sign_in",
            lambda: desk.sign_in(login, password),
            done,
            lambda exc: self.msg.setText(user_text(exc)),
            busy=self.busy,
        )
