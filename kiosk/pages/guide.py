"""The kiosk's guide page: the item's 办事指南, its scenario questions, the one-time notice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from core.catalog import Item
from core.intake import start_case
from kiosk.pages.base import KioskPage
from services.printing import PrintJob, notice_document
from widgets.errors import user_text
from widgets.i18n import tr
from widgets.pages import button, time_limit
from widgets.scenario import ScenarioQuestions

if TYPE_CHECKING:
    from kiosk.window import KioskWindow


class GuidePage(KioskPage):
    """What the item needs, and the start of the case. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.notice_job: PrintJob | None = None  # the 一次性告知书 being followed
        lay = self.page_layout(tr("办事指南"))
        self.guide_text = QLabel("", self)
        self.guide_text.setWordWrap(True)
        self.guide_text.setTextFormat(Qt.TextFormat.RichText)
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        holder = QWidget()
        self.guide_lay = QVBoxLayout(holder)
        self.guide_lay.addWidget(self.guide_text)
        self.scenario = ScenarioQuestions(holder)
        self.guide_lay.addWidget(self.scenario)
        self.guide_lay.addStretch(1)
        area.setWidget(holder)
        lay.addWidget(area, 1)
        self.guide_msg = QLabel("", self)
        self.guide_msg.setProperty("role", "error")
        lay.addWidget(self.guide_msg)
        nxt = button(tr("下一步：填写申请表"), self, name="guide_next", primary=True)
        nxt.clicked.connect(self.next)
        notice = button(tr("打印一次性告知书"), self, name="print_notice")
        notice.clicked.connect(self.print_notice)
        holder = QWidget(self)
        h = QHBoxLayout(holder)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(notice)
        h.addWidget(nxt)
        self.nav(lay, "items", holder)
        self.busy = self.busy_state(notice, nxt)
        win.bridge.print_job_changed.connect(self._on_job_changed)

    def show_item(self, it: Item) -> None:
        mats = "".join(
            f"<li>{m.name}（{tr('原件')}{m.originals}，{tr('复印件')}{m.copies}）"
            + (f" <i>{tr('可容缺后补')}</i>" if m.deficiency_allowed else "")
            + "</li>"
            for m in it.materials
        )
        limit = time_limit(it)
        self.guide_text.setText(
            f"<h2>{it.name}</h2>"
            f"<p>{tr('承诺时限')}：{limit}　{tr('收费')}：{it.fee}　"
            f"{tr('到现场次数')}：{it.onsite_visits}</p>"
            f"<p><b>{tr('申请材料')}</b></p><ul>{mats}</ul>"
        )
        self.scenario.set_item(it)
        self.guide_msg.setText("")

    def next(self) -> None:
        win = self.win
        assert win.item is not None and win.identity is not None
        answers = self.scenario.answers()
        if answers is None:
            self.guide_msg.setText(tr("请先回答上面的问题"))
            return
        win.answers = answers
        cfg = self.rt.config
        win.case = start_case(
            win.item,
            win.identity,
            hall_code=cfg.hall_code,
            device_code=cfg.device_code,
            channel=cfg.role.value,
            actor="citizen",
            answers=answers,
        )
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
            lambda exc: self.guide_msg.setText(user_text(exc)),
            busy=self.busy,
        )

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
            self.guide_msg.setText(tr("一次性告知书暂时无法打印：") + user_text(job.error))
        self.notice_job = None
