"""The counter's print list: the latest print jobs, reprint (补打) or cancel one."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem

from core.errors import OneWindowError
from core.messages import translated
from counter.pages.approval import (
    SupervisorApproval,
    approved_actor,
    needs_approval,
    printed_before,
)
from counter.pages.base import CounterPage
from widgets.errors import user_text
from widgets.i18n import N_, tr
from widgets.pages import button

if TYPE_CHECKING:
    from counter.window import CounterWindow
    from services.staff_session import Clerk

log = logging.getLogger(__name__)

# Print-job words for the reprint list (the same as core.receipt.KIND_LABELS and
# sync.print_jobs.STATE_LABELS, marked here for translation).
JOB_KINDS = {
    "ticket": N_("取号凭条"),
    "receipt": N_("受理回执"),
    "notice": N_("一次性告知书"),
    "deficiency": N_("补正材料通知书"),
    "pickup": N_("取件凭条"),
    "hotline": N_("12345工单回执"),
}
JOB_STATES = {
    "queued": N_("排队中"),
    "printing": N_("打印中"),
    "held": N_("等待打印机"),
    "printed": N_("已打印"),
    "expired": N_("已过期未打印"),
    "cancelled": N_("已取消"),
}
# Reasons stored as prose before they were catalogue codes (print.* in core.messages):
# marked so that such old rows still read in English.
JOB_REASONS = (N_("程序重启前未打印完成"), N_("超时未打印，未发出"), N_("工作人员取消"))


class PrintsPage(CounterPage):
    """The reprint list; refreshed when a job or the printer changes. GUI thread only."""

    def __init__(self, win: CounterWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("打印记录（补打）"))
        self.prints_list = QListWidget(self)
        self.prints_list.setObjectName("prints_list")
        lay.addWidget(self.prints_list, 1)
        self.prints_msg = QLabel("", self)
        self.prints_msg.setProperty("role", "hint")
        self.prints_msg.setWordWrap(True)
        lay.addWidget(self.prints_msg)
        cancel = button(tr("取消所选"), self, name="cancel_print")
        cancel.clicked.connect(self.cancel_selected)
        again = button(tr("补打所选"), self, name="reprint_selected", primary=True)
        again.clicked.connect(self.reprint_selected)
        self.approval = SupervisorApproval(win, self)  # a second copy: 值班长确认
        lay.addWidget(self.approval)
        self.toolbar(lay, cancel, again)
        self.busy = self.busy_state(cancel, again)
        win.bridge.device_status.connect(lambda _st: self.refresh_if_shown())
        win.bridge.print_job_changed.connect(lambda _job: self.refresh_if_shown())

    def refresh(self) -> None:
        """The latest print jobs with their state."""
        self.prints_list.clear()
        try:
            jobs = self.rt.printing.recent(200)
        except OneWindowError as exc:
            self.prints_msg.setText(user_text(exc))
            return
        for rec in jobs:
            when = rec.created_at.astimezone().strftime("%m-%d %H:%M")
            kind = tr(JOB_KINDS.get(rec.kind, rec.kind))
            state = tr(JOB_STATES[rec.state.value])
            if rec.state.value == "held" and rec.reason:
                state += "：" + translated(rec.reason, tr)
            mark = tr("（补打）") if rec.reprint_of else ""
            li = QListWidgetItem(f"{when}　{kind}{mark}　{rec.ref}　{state}", self.prints_list)
            li.setData(Qt.ItemDataRole.UserRole, rec.id)

    def refresh_if_shown(self) -> None:
        # A status queued just before the runtime closed may still arrive.
        if self.win.current_page() == "prints" and not self.rt.closed:
            self.refresh()

    def _selected(self) -> str | None:
        li = self.prints_list.currentItem()
        job_id = li.data(Qt.ItemDataRole.UserRole) if li is not None else None
        if job_id is None:
            self.prints_msg.setText(tr("请先选中一条打印记录。"))
        return job_id

    def reprint_selected(self) -> None:
        job_id = self._selected()
        if job_id is None:
            return
        if needs_approval(self.win, "reprint") and printed_before(self.win, job_id):
            self.approval.ask(
                "reprint",
                tr("这张单据已经打印过，补打第二份需值班长确认："),
                lambda supervisor: self._reprint(job_id, supervisor),
            )
            return
        self._reprint(job_id, None)

    def _reprint(self, job_id: str, supervisor: Clerk | None) -> None:
        rt, clerk = self.rt, approved_actor(self.win.clerk, supervisor)

        def sent(_job) -> None:
            log.info("clerk %s reprinted print job %s", clerk, job_id)
            self.prints_msg.setText(tr("已发送补打。"))
            self.refresh_if_shown()

        self.win.ops.run(
            "reprint",
            lambda: rt.printing.reprint(job_id, actor=clerk),
            sent,
            lambda exc: self.prints_msg.setText(user_text(exc)),
            busy=self.busy,
        )

    def cancel_selected(self) -> None:
        job_id = self._selected()
        if job_id is None:
            return
        rt = self.rt

        def done(ok: bool) -> None:
            if ok:
                self.prints_msg.setText(tr("已取消，该单据不会再打印。"))
            else:
                self.prints_msg.setText(tr("只能取消等待打印的单据。"))
            self.refresh()

        self.win.ops.run(
            "cancel_print",
            lambda: rt.printing.cancel(job_id),
            done,
            lambda exc: self.prints_msg.setText(user_text(exc)),
            busy=self.busy,
        )
