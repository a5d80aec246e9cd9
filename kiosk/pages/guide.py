"""The kiosk's guide page: an item's full guide, its scenario questions, the notice, 我要办理.

Readable without a card. The guide scrolls by dragging (QScroller); the
scenario questions are big toggle buttons, and once they are answered the
materials shown are exactly those the answers ask for. 我要办理 with no card
read yet goes to the card page, and the card read comes back here to start
the case (``start``); with a card it starts the case at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from core.catalog import Bundle, Catalog, Item
from kiosk.pages.base import KioskPage
from kiosk.pages.guide_text import bundle_html, header_html, materials_html, rest_html
from services.printing import PrintJob, notice_document
from widgets.errors import report_fault
from widgets.i18n import tr
from widgets.pages import button, title
from widgets.scenario import ScenarioQuestions
from widgets.touch import kinetic

if TYPE_CHECKING:
    from kiosk.window import KioskWindow


def _rich(parent: QWidget) -> QLabel:
    lab = QLabel("", parent)
    lab.setWordWrap(True)
    lab.setTextFormat(Qt.TextFormat.RichText)
    lab.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    lab.setStyleSheet("font-size: 20px;")
    return lab


class GuidePage(KioskPage):
    """What the item needs, and the way on to applying for it. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.notice_job: PrintJob | None = None  # the 一次性告知书 being followed
        lay = self.page_layout(tr("办事指南"))
        area = QScrollArea(self)
        area.setObjectName("guide_area")
        area.setWidgetResizable(True)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget()
        self.guide_lay = QVBoxLayout(holder)
        self.guide_lay.setContentsMargins(8, 0, 16, 0)
        self.bundle_text = _rich(holder)  # 一件事: the bundle and its items, first
        self.guide_lay.addWidget(self.bundle_text)
        self.guide_text = _rich(holder)
        self.guide_lay.addWidget(self.guide_text)
        self.bundle_offers = QWidget(holder)  # an item's guide: the bundles it is part of
        self.bundle_offers_lay = QVBoxLayout(self.bundle_offers)
        self.bundle_offers_lay.setContentsMargins(0, 0, 0, 0)
        self.guide_lay.addWidget(self.bundle_offers)
        self.scenario_title = title(tr("请回答以下问题，确定您需要的材料"), holder, role="subtitle")
        self.guide_lay.addWidget(self.scenario_title)
        self.scenario = ScenarioQuestions(holder)
        self.scenario.changed.connect(self._show_materials)
        self.guide_lay.addWidget(self.scenario)
        self.materials_text = _rich(holder)
        self.guide_lay.addWidget(self.materials_text)
        self.rest_text = _rich(holder)
        self.guide_lay.addWidget(self.rest_text)
        self.guide_lay.addStretch(1)
        area.setWidget(holder)
        kinetic(area)
        self.area = area
        lay.addWidget(area, 1)
        self.guide_msg = QLabel("", self)
        self.guide_msg.setProperty("role", "error")
        self.guide_msg.setWordWrap(True)
        lay.addWidget(self.guide_msg)
        self.apply_btn = button(tr("我要办理"), self, name="guide_next", primary=True)
        self.apply_btn.clicked.connect(self.next)
        notice = button(tr("打印一次性告知书"), self, name="print_notice")
        notice.clicked.connect(self.print_notice)
        holder = QWidget(self)
        h = QHBoxLayout(holder)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(notice)
        h.addWidget(self.apply_btn)
        self.nav(lay, "items", holder)
        self.busy = self.busy_state(notice, self.apply_btn)
        win.bridge.print_job_changed.connect(self._on_job_changed)

    def show_item(self, it: Item) -> None:
        self._item = it
        self.bundle_text.setText("")
        self.bundle_text.hide()
        self._offer_bundles(self.win.pages["items"].catalog, it)
        self._show(it)

    def show_bundle(self, b: Bundle, it: Item, catalog: Catalog) -> None:
        """一件事: the bundle's items first, then the merged guide (``it``, its bundle_item)."""
        self._item = it
        self.bundle_text.setText(bundle_html(b, catalog))
        self.bundle_text.show()
        self._offer_bundles(catalog, None)
        self._show(it)
        self.guide_text.setText(header_html(it, b.code))

    def _offer_bundles(self, catalog: Catalog, it: Item | None) -> None:
        """On an item's guide, a big button per 一件事 the item is part of."""
        while self.bundle_offers_lay.count():
            w = self.bundle_offers_lay.takeAt(0).widget()
            if w is not None:
                w.hide()
                w.setParent(None)
                w.deleteLater()
        bundles = catalog.bundles_of([it.code]) if it is not None else []
        for b in bundles:
            words = tr("也可以“一件事”一次办理：%s").replace("%s", b.name)
            btn = button(words, self.bundle_offers, name=f"bundle_offer_{b.code}")
            btn.setProperty("tile", True)
            btn.clicked.connect(lambda _=False, code=b.code: self.win.choose_bundle(code))
            self.bundle_offers_lay.addWidget(btn)
        self.bundle_offers.setVisible(bool(bundles))

    def _show(self, it: Item) -> None:
        self.guide_text.setText(header_html(it))
        self.rest_text.setText(rest_html(it, self.rt.config.hall_name))
        self.scenario_title.setVisible(bool(it.scenario))
        self.scenario.set_item(it)  # shows the materials through ``changed``
        self._assume_own_card(it)
        self.guide_msg.setText("")
        has_card = self.win.identity is not None
        self.apply_btn.setText(tr("下一步：填写申请表") if has_card else tr("我要办理（刷身份证）"))
        self.area.verticalScrollBar().setValue(0)

    def _assume_own_card(self, it: Item) -> None:
        """代办 is not asked blindly: the card read is taken as the applicant's own
        (本人办理); the form page offers 代他人办理 (kiosk/pages/form.py)."""
        from kiosk.pages.form import AGENT_QUESTION

        if any(q.key == AGENT_QUESTION for q in it.scenario):
            self.scenario.answer(AGENT_QUESTION, 0)

    def _show_materials(self) -> None:
        self.materials_text.setText(materials_html(self._item, self.scenario.answers()))

    def next(self) -> None:
        """我要办理: the answers first, then the card if none is read yet, then the form."""
        win = self.win
        assert win.item is not None
        answers = self.scenario.answers()
        if answers is None:
            self.guide_msg.setText(tr("请先回答上面的问题"))
            return
        win.answers = answers
        if win.identity is None:
            win.applying = True  # the card page comes back to ``start``
            win.show_page("card")
            return
        self.start()

    def start(self) -> None:
        """The case of the item on this page, for the card just read, and on to the form."""
        win = self.win
        assert win.item is not None and win.identity is not None
        win.applying = False
        win.case = win.start_case()
        win.pages["form"].show_case(win.item, win.case)
        win.show_page("form")

    def print_notice(self) -> None:
        """Print the one-time notice (一次性告知书) of the item on the guide page."""
        item = self.win.item
        if item is None:
            return
        rt = self.rt
        self.win.ops.run(
            "print_notice",
            lambda: rt.printing.print(notice_document(rt, item), actor="citizen"),
            self._notice_sent,
            self._notice_not_sent,
            busy=self.busy,
        )

    def _notice_not_sent(self, exc: BaseException) -> None:
        """The notice's job could not be made: the citizen's words here, the code on the bar."""
        report_fault(exc, "printer", self.win)
        self.guide_msg.setText(tr("一次性告知书暂时无法打印，请到人工窗口领取。"))

    def _notice_sent(self, job: PrintJob) -> None:
        self.guide_msg.setText(tr("正在打印一次性告知书……"))
        self.notice_job = job
        self._show_notice(job)

    def _on_job_changed(self, job: PrintJob) -> None:
        if job is self.notice_job:
            self._show_notice(job)

    def _show_notice(self, job: PrintJob) -> None:
        """The first outcome of the notice's job, while the guide is shown."""
        if self.win.current_page() != "guide":
            self.notice_job = None
            return
        if job.pending:
            return
        if job.state.value == "printed":
            self.guide_msg.setText(tr("一次性告知书已打印，请取走。"))
        elif job.error is not None:
            report_fault(job.error, "printer", self.win)  # the technical words: status bar, log
            self.guide_msg.setText(tr("一次性告知书暂时无法打印，请到人工窗口领取。"))
        self.notice_job = None
