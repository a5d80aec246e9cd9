"""The kiosk's 证明打印 page: which certificate, fetched for the card read.

Reached from the home page's 证明打印 tile through the card page. The
self-print items of the catalog (``Item.self_print``) are big buttons; a tap
asks the back office for the card holder's certificate on this page's own
lane (services.certificates.fetch; the network is needed). Fetched, it goes
to the preview (kiosk/pages/cert_preview.py). Offline, the page says the
service needs the network and offers the item's guide on the receipt printer
(一次性告知书) instead; a holder without a record is told to ask at the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton

from core.catalog import Item
from kiosk.pages.base import KioskPage
from services.certificates import Certificate, fetch, self_print_items
from services.printing import PrintJob, notice_document
from sync.errors import NotFound, Offline, ServerBusy
from widgets.background import BackgroundOps
from widgets.errors import report_fault
from widgets.i18n import N_, tr
from widgets.pages import button, title

if TYPE_CHECKING:
    from kiosk.window import KioskWindow

NEEDS_NETWORK = N_(
    "证明打印需要联网查询，网络暂时不通。您可以先打印这项业务的办事指南，或到人工窗口办理。"
)


class CertsPage(KioskPage):
    """Choose a certificate and fetch it. GUI thread only; the fetch runs on ``lane``."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.lane = BackgroundOps(self, name="ow-certs")
        self.item: Item | None = None
        self.notice_job: PrintJob | None = None
        lay = self.page_layout(tr("证明打印"))
        lay.addWidget(
            title(tr("请选择要打印的证明，打印在A4纸上，加盖电子印章"), self, role="subtitle")
        )
        self.grid = QGridLayout()
        self.grid.setSpacing(20)
        lay.addLayout(self.grid)
        self.item_buttons: list[QPushButton] = []
        self.cert_msg = QLabel("", self)
        self.cert_msg.setObjectName("cert_msg")
        self.cert_msg.setProperty("role", "error")
        self.cert_msg.setWordWrap(True)
        lay.addWidget(self.cert_msg)
        self.guide_btn = button(tr("打印办事指南"), self, name="cert_guide")
        self.guide_btn.clicked.connect(self.print_guide)
        self.guide_btn.hide()
        lay.addWidget(self.guide_btn)
        lay.addStretch(1)
        self.nav(lay, None)
        self.busy = self.busy_state(self.guide_btn)
        win.bridge.print_job_changed.connect(self._on_job_changed)

    def show_items(self) -> None:
        """The self-print items of the catalog in use, as big buttons."""
        self.cert_msg.setText("")
        self.guide_btn.hide()
        items = self_print_items(self.rt.catalog)
        if [b.objectName() for b in self.item_buttons] == [f"cert_{i.code}" for i in items]:
            for b, item in zip(self.item_buttons, items, strict=True):
                b.setText(item.name)  # a new catalog may have renamed it
            return
        for b in self.item_buttons:
            self.grid.removeWidget(b)
            self.busy.buttons.remove(b)
            b.hide()  # at once: deleteLater paints it until the next turn of the loop
            b.deleteLater()
        self.item_buttons = []
        for n, item in enumerate(items):
            b = button(item.name, self, name=f"cert_{item.code}", primary=True, big=True)
            b.setProperty("tile", True)
            b.clicked.connect(lambda _=False, code=item.code: self.choose_code(code))
            self.grid.addWidget(b, n // 2, n % 2)
            self.item_buttons.append(b)
            self.busy.add(b)

    def choose_code(self, code: str) -> None:
        """A tile: the item of that code in the catalog in use."""
        self.choose(self.rt.catalog.item(code))

    def choose(self, item: Item) -> None:
        """Fetch the card holder's certificate of ``item``."""
        win = self.win
        if win.identity is None:
            win.show_page("card")
            return
        self.item = item
        win.item = item
        self.cert_msg.setText(tr("正在查询证明，请稍候……"))
        self.guide_btn.hide()
        identity, rt = win.identity, self.rt
        self.lane.run(
            "certificate_fetch",
            lambda: fetch(rt, item, identity),
            self._fetched,
            self._not_fetched,
            busy=self.busy,
        )

    def _fetched(self, cert: Certificate) -> None:
        if self.win.current_page() != "certs" or self.item is None:
            return
        self.cert_msg.setText("")
        self.win.pages["cert_preview"].show_certificate(self.item, cert)
        self.win.show_page("cert_preview")

    def _not_fetched(self, exc: BaseException) -> None:
        if isinstance(exc, Offline | ServerBusy):
            self.cert_msg.setText(tr(NEEDS_NETWORK))
            self.guide_btn.show()
            return
        if isinstance(exc, NotFound):
            self.cert_msg.setText(tr("没有查到您的这项证明。请到人工窗口咨询，或拨打 12345。"))
            return
        report_fault(exc, "certificate", self.win)
        self.cert_msg.setText(tr("证明暂时不能打印，请稍后再试，或到人工窗口办理。"))

    def print_guide(self) -> None:
        """Offline: the item's guide (一次性告知书) on the receipt printer instead."""
        item, rt = self.item, self.rt
        if item is None:
            return
        self.win.ops.run(
            "print_notice",
            lambda: rt.printing.print(notice_document(rt, item), actor="citizen"),
            self._guide_sent,
            self._guide_not_sent,
            busy=self.busy,
        )

    def _guide_sent(self, job: PrintJob) -> None:
        self.notice_job = job
        self.cert_msg.setText(tr("正在打印办事指南……"))
        self._on_job_changed(job)

    def _guide_not_sent(self, exc: BaseException) -> None:
        report_fault(exc, "printer", self.win)
        self.cert_msg.setText(tr("办事指南暂时无法打印，请到人工窗口领取。"))

    def _on_job_changed(self, job: PrintJob) -> None:
        if job is not self.notice_job or job.pending:
            return
        self.notice_job = None
        if job.state.value == "printed":
            self.cert_msg.setText(tr("办事指南已打印，请取走。联网后可再来打印证明。"))
        else:
            self.cert_msg.setText(tr("办事指南暂时无法打印，请到人工窗口领取。"))

    def reset(self) -> None:
        self.item = None
        self.notice_job = None
        self.cert_msg.setText("")
        self.guide_btn.hide()
