"""The kiosk's certificate preview: page 1 as it will print, its code, 打印.

The PDF's first page is drawn by Qt's QtPdf (widgets.pdf_preview). 打印
sends the PDF to the A4 printer on the 证明打印 page's lane (the printer's
own thread does the I/O), then records the service on a case of its own
through the normal submission path (services.certificates.record, on the
store's lane), then the done page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from core.case import Case
from core.catalog import Item
from drivers.a4.base import A4Error
from kiosk.pages.base import KioskPage
from services.certificates import Certificate, print_pdf, record
from widgets.errors import report_fault
from widgets.i18n import tr
from widgets.pages import button
from widgets.pdf_preview import first_page

if TYPE_CHECKING:
    from kiosk.window import KioskWindow

PREVIEW_HEIGHT = 620  # px at most: an A4 page's first look, beside the code and the buttons
CHROME_HEIGHT = 360  # px of the window that are not the preview (header, title, nav, status)


class CertPreviewPage(KioskPage):
    """Shows the fetched certificate and prints it. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.item: Item | None = None
        self.cert: Certificate | None = None
        lay = self.page_layout(tr("证明预览"))
        row = QHBoxLayout()
        row.setSpacing(32)
        self.preview = QLabel(self)
        self.preview.setObjectName("cert_preview_image")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background:#ffffff;border:1px solid #cbd2d9;")
        row.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        side = QVBoxLayout()
        side.setSpacing(16)
        self.info = QLabel("", self)
        self.info.setObjectName("cert_info")
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setStyleSheet("font-size:22px;")
        side.addWidget(self.info)
        self.preview_msg = QLabel("", self)
        self.preview_msg.setObjectName("cert_preview_msg")
        self.preview_msg.setProperty("role", "error")
        self.preview_msg.setWordWrap(True)
        side.addWidget(self.preview_msg)
        side.addStretch(1)
        self.print_btn = button(tr("打印证明（A4纸）"), self, name="cert_print", primary=True)
        self.print_btn.setProperty("big", True)
        self.print_btn.clicked.connect(self.print_certificate)
        side.addWidget(self.print_btn)
        row.addLayout(side, 1)
        lay.addLayout(row, 1)
        self.nav(lay, "certs")
        self.busy = self.busy_state(self.print_btn)

    def show_certificate(self, item: Item, cert: Certificate) -> None:
        self.item, self.cert = item, cert
        height = max(300, min(PREVIEW_HEIGHT, self.win.height() - CHROME_HEIGHT))
        img = first_page(cert.pdf, height)
        self.preview.setPixmap(QPixmap.fromImage(img))
        self.preview.setFixedSize(img.width() + 2, img.height() + 2)
        a = cert.answer
        self.info.setText(
            f"<b>{a.title}</b><br>"
            + tr("验证码：%s").replace("%s", a.code)
            + "<br>"
            + tr("有效期至：%s").replace("%s", a.valid_until)
            + "<br><br>"
            + tr("请核对内容，然后点“打印证明”。用证单位可扫描证明上的二维码核验真伪。")
        )
        self.preview_msg.setText("")
        self.print_btn.setEnabled(True)

    def print_certificate(self) -> None:
        """Print on A4 (the printer's thread), then record the service (the store's lane)."""
        cert, item, identity = self.cert, self.item, self.win.identity
        if cert is None or item is None or identity is None:
            return
        rt = self.rt
        self.preview_msg.setText(tr("正在打印，请稍候……"))
        self.win.pages["certs"].lane.run(
            "certificate_print",
            lambda: print_pdf(rt, cert),
            self._printed,
            self._not_printed,
            busy=self.busy,
        )

    def _printed(self, job_id: str) -> None:
        cert, item, identity = self.cert, self.item, self.win.identity
        if cert is None or item is None or identity is None:
            return
        rt, version = self.rt, self.win.catalog_version
        self.win.ops.run(
            "certificate_record",
            lambda: record(rt, item, identity, cert, job_id, catalog_version=version),
            self._recorded,
            self._not_recorded,
            busy=self.busy,
        )

    def _not_printed(self, exc: BaseException) -> None:
        report_fault(exc, "certificate", self.win)
        if isinstance(exc, A4Error):
            self.preview_msg.setText(tr("A4打印机暂时不能打印，请到人工窗口打印证明。"))
        else:
            self.preview_msg.setText(tr("证明暂时不能打印，请稍后再试，或到人工窗口办理。"))

    def _recorded(self, case: Case) -> None:
        self.win.submitted = case
        assert self.cert is not None
        self.win.pages["cert_done"].show_done(self.cert, case)
        self.win.show_page("cert_done")

    def _not_recorded(self, exc: BaseException) -> None:
        # The certificate is printed: the citizen has it; the record is the device's problem.
        report_fault(exc, "submit", self.win)
        assert self.cert is not None
        self.win.pages["cert_done"].show_done(self.cert, None)
        self.win.show_page("cert_done")

    def reset(self) -> None:
        self.item = self.cert = None
        self.preview.clear()
        self.info.setText("")
        self.preview_msg.setText("")
