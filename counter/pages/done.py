"""The counter's done page: the receipt (printed, reprinted), the 补正 notice, 好差评."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from core.case import Case
from counter.pages.approval import (
    SupervisorApproval,
    approved_actor,
    needs_approval,
    printed_before,
)
from counter.pages.base import CounterPage
from services.commitment import print_letter
from services.printing import PrintJob, deficiency_document
from services.submission import print_receipt
from widgets.errors import user_text
from widgets.i18n import tr
from widgets.pages import button

if TYPE_CHECKING:
    from counter.window import CounterWindow
    from services.staff_session import Clerk


class DonePage(CounterPage):
    """What was taken in, and its papers. GUI thread only."""

    def __init__(self, win: CounterWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("受理完成"))
        self.done_text = QLabel("", self)
        self.done_text.setWordWrap(True)
        self.done_text.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.done_text, 1)
        self.print_msg = QLabel("", self)
        self.print_msg.setProperty("role", "subtitle")
        self.print_msg.setWordWrap(True)
        lay.addWidget(self.print_msg)
        self.commitment_note = QLabel("", self)  # the 承诺书's paper
        self.commitment_note.setObjectName("commitment_note")
        self.commitment_note.setProperty("role", "subtitle")
        lay.addWidget(self.commitment_note)
        self.commitment_note.hide()  # shown with words only (the window stays 800 px high)
        self.eval_note = QLabel("", self)
        self.eval_note.setProperty("role", "hint")
        lay.addWidget(self.eval_note)
        reprint = button(tr("补打回执"), self, name="reprint")
        reprint.clicked.connect(self.reprint)
        self.deficiency_btn = button(tr("打印补正材料通知书"), self, name="print_deficiency")
        self.deficiency_btn.clicked.connect(self.print_deficiency_notice)
        self.commitment_btn = button(tr("打印告知承诺书"), self, name="print_commitment")
        self.commitment_btn.clicked.connect(self.print_commitment)
        self.commitment_btn.hide()  # shown for a 告知承诺 case only
        self.ask_eval_btn = button(tr("请办事人评价"), self, name="ask_evaluation")
        self.ask_eval_btn.clicked.connect(win.ask_evaluation)
        # 好差评 is on the citizen's screen; without one (an evaluator device) not asked here
        self.ask_eval_btn.setVisible(self.rt.config.counter.customer_screen != "none")
        self.approval = SupervisorApproval(win, self)  # a second copy: 值班长确认
        lay.addWidget(self.approval)
        self.toolbar(lay, self.ask_eval_btn, self.commitment_btn, self.deficiency_btn, reprint)
        # 请办事人评价 stays on: the rating does not wait for the receipt's paper
        self.busy = self.busy_state(self.deficiency_btn, self.commitment_btn, reprint)
        win.intake.print_msg = self.print_msg

    def show_submitted(self, c: Case) -> None:
        due = f"{c.promised_date:%Y-%m-%d}" if c.promised_date else ""
        defs = "".join(f"<li>{d.name}：{d.due:%Y-%m-%d}</li>" for d in c.deficiencies)
        self.done_text.setText(
            f"<p style='font-size:24px'>{tr('受理编号')}：<b>{c.receipt_no}</b></p>"
            f"<p>{c.item_name}　{tr('承诺办结日期')}：{due}</p>"
            + (
                f"<p>{tr('一并办理的事项')}：</p><ol>"
                + "".join(f"<li>{b.name}（{b.code}）</li>" for b in c.bundle_items)
                + "</ol>"
                if c.bundle_items
                else ""
            )
            + (f"<p>{tr('待补正材料')}：</p><ul>{defs}</ul>" if defs else "")
        )
        self.win.show_page("done")
        self.print_receipt()
        self.commitment_btn.setVisible(c.commitment is not None)
        self.commitment_note.setText("")
        self.commitment_note.hide()
        if c.commitment is not None:  # the 承诺书 on A4 (the receipt printer without one)
            self.print_commitment()

    def print_commitment(self) -> None:
        """The signed 承诺书 of the case just taken in, with the signature image."""
        c, item = self.win.submitted, self.win.item
        if c is None or c.commitment is None or item is None:
            return
        rt, clerk = self.rt, self.win.clerk

        def printed(_job: object) -> None:
            if self.win.submitted is c:
                self.commitment_note.setText(tr("告知承诺书已打印。"))
                self.commitment_note.show()

        def failed(exc: BaseException) -> None:
            if self.win.submitted is c:
                self.commitment_note.setText(tr("告知承诺书未打印：") + user_text(exc))
                self.commitment_note.show()

        self.win.ops.run(
            "print_commitment",
            lambda: print_letter(rt, c, item, clerk),
            printed,
            failed,
            busy=self.busy,
        )

    def print_receipt(self) -> None:
        c, intake = self.win.submitted, self.win.intake
        if c is None:
            return
        self.deficiency_btn.setVisible(bool(c.deficiencies))
        self.print_msg.setText(tr("正在打印回执……"))
        intake.print_state = "pending"
        rt, clerk, label = self.rt, self.win.clerk, self.win.clerk_label

        def not_kept(exc: BaseException) -> None:
            if self.win.submitted is c:
                intake.print_state = "failed"
                self.print_msg.setText(tr("回执未打印：") + user_text(exc))

        self.win.ops.run(
            "print_receipt",
            lambda: print_receipt(rt, c, clerk=clerk, label=label),
            lambda job: self._follow(c, job),
            not_kept,
            busy=self.busy,
        )

    def _follow(self, c: Case, job: PrintJob) -> None:
        if self.win.submitted is c:
            self.win.intake.follow(job)

    def reprint(self) -> None:
        """补打 the receipt of the case just taken in (marked 补打 on paper)."""
        c, job = self.win.submitted, self.win.intake.print_job
        if job is None:
            self.print_receipt()
            return
        if needs_approval(self.win, "reprint") and printed_before(self.win, job.id):
            self.approval.ask(
                "reprint",
                tr("回执已经打印过，补打第二份需值班长确认："),
                lambda supervisor: self._reprint(c, job, supervisor),
            )
            return
        self._reprint(c, job, None)

    def _reprint(self, c: Case | None, job: PrintJob, supervisor: Clerk | None) -> None:
        rt, clerk = self.rt, approved_actor(self.win.clerk, supervisor)

        def sent(new: PrintJob) -> None:
            if self.win.submitted is c:
                self.print_msg.setText(tr("正在补打回执……"))
                self.win.intake.follow(new)

        self.win.ops.run(
            "reprint",
            lambda: rt.printing.reprint(job.id, actor=clerk),
            sent,
            lambda exc: self.print_msg.setText(user_text(exc)),
            busy=self.busy,
        )

    def print_deficiency_notice(self) -> None:
        """补正材料通知书 for the case just taken in."""
        c = self.win.submitted
        if c is None:
            return
        rt, clerk = self.rt, self.win.clerk

        def work() -> None:
            doc = deficiency_document(rt, c, clerk=clerk)
            rt.printing.print(doc, case_id=c.id, actor=clerk)

        self.win.ops.run(
            "print_deficiency",
            work,
            lambda _r: self.print_msg.setText(tr("补正材料通知书已发送到打印机。")),
            lambda exc: self.print_msg.setText(user_text(exc)),
            busy=self.busy,
        )
