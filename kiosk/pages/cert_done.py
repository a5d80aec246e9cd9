"""The kiosk's 证明打印 done page: take the certificate from the A4 printer, its code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from core.case import Case
from kiosk.pages.base import KioskPage
from widgets.i18n import tr
from widgets.pages import button

if TYPE_CHECKING:
    from kiosk.window import KioskWindow
    from services.certificates import Certificate


class CertDonePage(KioskPage):
    """Says the certificate is printed and how it is verified. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("证明已打印"))
        self.done_msg = QLabel("", self)
        self.done_msg.setObjectName("cert_done_msg")
        self.done_msg.setWordWrap(True)
        self.done_msg.setTextFormat(Qt.TextFormat.RichText)
        self.done_msg.setStyleSheet("font-size:24px;")
        lay.addWidget(self.done_msg)
        note = QLabel(tr("请取回身份证"), self)
        note.setProperty("role", "subtitle")
        note.setStyleSheet("color:#b26a00;font-weight:bold;")
        lay.addWidget(note)
        lay.addStretch(1)
        again = button(tr("完成，返回首页"), self, name="cert_finish", primary=True, big=True)
        again.clicked.connect(win.reset_session)
        lay.addWidget(again)
        self.nav(lay, None)

    def show_done(self, cert: Certificate, case: Case | None) -> None:
        parts = [
            tr("《%s》已在A4打印机打印，请在出纸口取走。").replace("%s", cert.title),
            tr("验证码：%s").replace("%s", cert.code),
            tr("用证单位可扫描证明上的二维码，或在核验页面输入验证码核验真伪。"),
        ]
        if case is not None and case.receipt_no:
            parts.append(tr("本次服务已记录，编号 %s。").replace("%s", case.receipt_no))
        self.done_msg.setText("<br><br>".join(parts))
