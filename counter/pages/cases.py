"""The counter's cases page: this window's cases with their sync state and 补正 due or
overdue; retry one; and 进度查询 of any case (counter.pages.progress_lookup)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
)

from core.identity import mask_name
from core.messages import translated
from core.supplements import outstanding
from counter.pages.approval import SupervisorApproval, approved_actor, needs_approval
from counter.pages.base import STATE_NAMES, CounterPage
from counter.pages.help_calls import HelpCallsSection
from widgets.errors import user_text
from widgets.i18n import tr
from widgets.pages import button
from widgets.theme import AMBER

if TYPE_CHECKING:
    from core.case import Case
    from counter.window import CounterWindow
    from services.staff_session import Clerk
    from sync.store import CaseSync

log = logging.getLogger(__name__)


def sync_text(sync: CaseSync) -> str:
    """The outbox state of a case in words for staff (quarantined ones with the reason)."""
    if sync.state == "quarantined":
        return tr("需处理：") + translated(sync.reason, tr)
    if sync.state == "retry":
        when = dt.datetime.fromtimestamp(sync.next_attempt_at or 0).strftime("%H:%M:%S")
        return tr("等待重试（%s）").replace("%s", when)
    if sync.state == "uploading":
        return tr("上传中")
    return tr("排队中")


class CasesPage(CounterPage):
    """Recent cases, refreshed with each sync status while shown. GUI thread only."""

    def __init__(self, win: CounterWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("本窗口办件"))
        self.help_calls = HelpCallsSection(self.rt, self)  # the hall's kiosks calling for staff
        lay.addWidget(self.help_calls)
        self.due_msg = QLabel("", self)  # 补正 due and overdue, counted
        self.due_msg.setObjectName("supplement_due")
        self.due_msg.setProperty("role", "subtitle")
        lay.addWidget(self.due_msg)
        # 进度查询 of any device's or hall's case (issue 14)
        from counter.pages.progress_lookup import ProgressLookup

        self.progress = ProgressLookup(win, self)
        lay.addWidget(self.progress)
        find = QHBoxLayout()  # search and filters over this window's cases
        self.search = QLineEdit(self)
        self.search.setObjectName("cases_search")
        self.search.setPlaceholderText(tr("搜索：受理编号、事项或申请人姓名"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.refresh())
        find.addWidget(self.search, 1)
        self.state_filter = QComboBox(self)
        self.state_filter.setObjectName("cases_filter")
        self.state_filter.addItem(tr("全部状态"), "")
        for value, words in STATE_NAMES.items():
            self.state_filter.addItem(tr(words), value)
        self.state_filter.addItem(tr("待补正"), "owed")
        self.state_filter.addItem(tr("今日受理"), "today")
        self.state_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        find.addWidget(self.state_filter)
        self.totals = QLabel("", self)  # today's figures at this window, beside the search
        self.totals.setObjectName("cases_totals")
        self.totals.setProperty("role", "hint")
        find.addWidget(self.totals)
        lay.addLayout(find)
        self.cases_list = QListWidget(self)
        self.cases_list.setObjectName("cases_list")
        lay.addWidget(self.cases_list, 1)
        self.cases_msg = QLabel("", self)
        self.cases_msg.setProperty("role", "hint")
        self.cases_msg.setWordWrap(True)
        lay.addWidget(self.cases_msg)
        retry = button(tr("重试上报"), self, name="retry_sync")
        retry.clicked.connect(self.retry_selected)
        sync_now = button(tr("立即上报"), self, name="sync_now")
        sync_now.clicked.connect(self.rt.sync.sync_now)
        self.approval = SupervisorApproval(win, self)  # a quarantined entry: 值班长确认
        lay.addWidget(self.approval)
        report = button(tr("窗口日报"), self, name="show_report")
        report.clicked.connect(lambda: win.show_page("report"))
        self.toolbar(lay, report, retry, sync_now)
        self.busy = self.busy_state(retry)
        win.bridge.sync_status.connect(lambda _st: self.refresh_if_shown())

    def refresh_if_shown(self) -> None:
        # A status queued just before the runtime closed may still arrive.
        if self.win.current_page() == "cases" and not self.rt.closed:
            self.refresh()

    def refresh(self) -> None:
        """Reads the store on the GUI thread (reads are quick; writes go to the lane)."""
        self.cases_list.clear()
        cases = self.rt.store.list_cases(limit=200)
        syncs = self.rt.store.case_sync_states([c.id for c in cases])
        today = dt.date.today()
        due = overdue = 0
        wanted, needle = self.state_filter.currentData() or "", self.search.text().strip()
        taken_today = deferred_today = 0
        for c in cases:
            owed = supplement_text(c, today)  # 补正 due or overdue
            if owed:
                due += owed[1] == "due"
                overdue += owed[1] == "overdue"
            submitted = submitted_day(c)
            if submitted == today:
                taken_today += 1
                deferred_today += bool(c.deficiencies)
            if not matches(c, needle) or not in_filter(c, wanted, owed, submitted, today):
                continue
            state = tr(STATE_NAMES.get(c.state.value, c.state.value))
            if owed:
                state += "　" + owed[0]
            sync = syncs.get(c.id)
            if sync is not None and sync.state != "done":
                state += "　" + sync_text(sync)
            name = mask_name(c.applicant.name) or tr("（已清除）")
            li = QListWidgetItem(f"{c.receipt_no}　{c.item_name}　{name}　{state}", self.cases_list)
            li.setToolTip(consent_text(c))
            if owed and owed[1] == "overdue":
                li.setForeground(QColor(AMBER))
            if sync is not None and sync.state in ("quarantined", "retry"):
                li.setData(Qt.ItemDataRole.UserRole, sync.entry_id)
                li.setData(Qt.ItemDataRole.UserRole + 1, sync.state)

        self.totals.setText(
            tr("今日：受理 %1 件（容缺 %2 件）；列表 %3 件")
            .replace("%1", str(taken_today))
            .replace("%2", str(deferred_today))
            .replace("%3", str(self.cases_list.count()))
        )
        self.due_msg.setText(
            tr("补正：%d 件待补交，其中 %o 件已逾期。")
            .replace("%d", str(due + overdue))
            .replace("%o", str(overdue))
            if due + overdue
            else ""
        )

    def retry_selected(self) -> None:
        """Staff action: send the selected case's quarantined (or waiting) entry again."""
        li = self.cases_list.currentItem()
        entry_id = li.data(Qt.ItemDataRole.UserRole) if li is not None else None
        if entry_id is None:
            self.cases_msg.setText(tr("请先选中一件“需处理”或“等待重试”的办件。"))
            return
        quarantined = li.data(Qt.ItemDataRole.UserRole + 1) == "quarantined"
        if quarantined and needs_approval(self.win, "retry"):
            self.approval.ask(
                "retry",
                tr("“需处理”的办件重新上报需值班长确认："),
                lambda supervisor: self._retry(int(entry_id), supervisor),
            )
            return
        self._retry(int(entry_id), None)

    def _retry(self, entry_id: int, supervisor: Clerk | None) -> None:
        rt, clerk = self.rt, approved_actor(self.win.clerk, supervisor)

        def done(_r) -> None:
            log.info("clerk %s retried outbox entry %s", clerk, entry_id)
            self.cases_msg.setText(tr("已重新排队上报。"))
            rt.sync.sync_now()
            self.refresh()

        self.win.ops.run(
            "retry_sync",
            lambda: rt.store.retry_now(entry_id),
            done,
            lambda exc: self.cases_msg.setText(user_text(exc)),
            busy=self.busy,
        )


def submitted_day(c: Case) -> dt.date | None:
    """The local day the case was taken in (its trail's "submitted" event)."""
    for ev in c.events:
        if ev.kind == "submitted":
            return (ev.at.astimezone() if ev.at.tzinfo else ev.at).date()
    return None


def matches(c: Case, needle: str) -> bool:
    """The search: part of the receipt number, the item's name or the applicant's name
    (the name is matched in memory and shown masked)."""
    if not needle:
        return True
    n = needle.upper()
    return n in c.receipt_no.upper() or needle in c.item_name or needle in c.applicant.name


def in_filter(
    c: Case, wanted: str, owed: tuple[str, str] | None, submitted: dt.date | None, today: dt.date
) -> bool:
    if not wanted:
        return True
    if wanted == "owed":
        return owed is not None
    if wanted == "today":
        return submitted == today
    return c.state.value == wanted


def supplement_text(c: Case, today: dt.date) -> tuple[str, str] | None:
    """(words, "due" or "overdue") for a case still owing 补正 materials, else None."""
    if c.state.value not in ("submitted", "synced", "accepted", "ready"):
        return None
    owed = outstanding(c)
    if not owed:
        return None
    first = owed[0]
    names = "、".join(o.name for o in owed)
    if first.due < today:
        return tr("补正逾期（截止 %d）：%s").replace("%s", names).replace(
            "%d", first.due.isoformat()
        ), "overdue"
    return tr("待补正（截止 %d）：%s").replace("%s", names).replace(
        "%d", first.due.isoformat()
    ), "due"


def consent_text(c: Case) -> str:
    """Who applied and the kiosk's privacy consent, for the clerk (the list row's tooltip)."""
    who = tr("代办人办理") if c.applied_by == "agent" else tr("本人办理") if c.applied_by else ""
    if c.consent is None:
        return who
    agreed = tr("已同意个人信息告知（%s，%t）").replace("%s", c.consent.notice_version)
    return "　".join(filter(None, (who, agreed.replace("%t", f"{c.consent.at:%Y-%m-%d %H:%M}"))))
