"""The counter's 日报 page: the day of the signed-in clerk, or of the whole window.

Cases taken in by item, 容缺 and 补正 still owed, hand-overs, 好差评 counted by
level, and the hall queue's figures where the window calls tickets
(services.day_report). Shown on screen, printed on the receipt printer or on
A4. The figures are gathered on the page's own lane (the store and, for the
queue, the hall server).
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel

from core.day_report import DayReport, report_lines
from counter.pages.base import CounterPage
from services.day_report import day_report, print_report, print_report_a4
from widgets.background import BackgroundOps
from widgets.errors import user_text
from widgets.i18n import tr
from widgets.pages import button

if TYPE_CHECKING:
    from counter.window import CounterWindow


class ReportPage(CounterPage):
    """One day's figures and their printing. GUI thread only; the work runs on ``lane``."""

    def __init__(self, win: CounterWindow) -> None:
        super().__init__(win)
        self.lane = BackgroundOps(self, name="ow-report")
        self.report: DayReport | None = None
        lay = self.page_layout(tr("窗口日报"))
        row = QHBoxLayout()
        self.scope = QComboBox(self)
        self.scope.setObjectName("report_scope")
        self.scope.addItem(tr("本人"), "mine")
        self.scope.addItem(tr("本窗口全部人员"), "window")
        self.scope.currentIndexChanged.connect(lambda _i: self.refresh())
        self.day = QDateEdit(QDate.currentDate(), self)
        self.day.setObjectName("report_day")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setMaximumDate(QDate.currentDate())
        self.day.dateChanged.connect(lambda _d: self.refresh())
        row.addWidget(QLabel(tr("范围："), self))
        row.addWidget(self.scope)
        row.addWidget(QLabel(tr("日期："), self))
        row.addWidget(self.day)
        row.addStretch(1)
        lay.addLayout(row)
        self.view = QLabel("", self)
        self.view.setObjectName("report_view")
        self.view.setTextFormat(Qt.TextFormat.RichText)
        self.view.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.view, 1)
        self.msg = QLabel("", self)
        self.msg.setObjectName("report_msg")
        self.msg.setWordWrap(True)
        self.msg.setProperty("role", "hint")
        lay.addWidget(self.msg)
        self.paper_btn = button(tr("打印凭条"), self, name="report_print")
        self.paper_btn.clicked.connect(self.print_paper)
        self.a4_btn = button(tr("打印A4"), self, name="report_a4", primary=True)
        self.a4_btn.clicked.connect(self.print_a4)
        self.a4_btn.setVisible(self.rt.a4.available)
        self.toolbar(lay, self.paper_btn, self.a4_btn)
        self.busy = self.busy_state(self.paper_btn, self.a4_btn)

    def refresh(self) -> None:
        win = self.win
        mine = self.scope.currentData() == "mine"
        clerk = win.clerk if mine else ""
        label = win.clerk_label if mine else ""
        day = self.day.date().toPython()
        assert isinstance(day, dt.date)
        rt = self.rt
        self.msg.setText(tr("正在统计……"))
        self.lane.run(
            "day_report",
            lambda: day_report(rt, clerk=clerk, clerk_label=label, day=day),
            self._show,
            lambda exc: self.msg.setText(user_text(exc)),
        )

    def _show(self, report: DayReport) -> None:
        self.report = report
        rows = "".join(
            f"<tr><td style='padding:3px 24px 3px 0'>{html.escape(k)}</td>"
            f"<td><b>{html.escape(v)}</b></td></tr>"
            for k, v in report_lines(report)
        )
        self.view.setText(f"<table>{rows}</table>")
        self.msg.setText("")

    def print_paper(self) -> None:
        report, rt, clerk = self.report, self.rt, self.win.clerk
        if report is None:
            return
        self.lane.run(
            "report_print",
            lambda: print_report(rt, report, clerk),
            lambda _job: self.msg.setText(tr("日报已发送到凭条打印机。")),
            lambda exc: self.msg.setText(user_text(exc)),
            busy=self.busy,
        )

    def print_a4(self) -> None:
        report, rt = self.report, self.rt
        if report is None:
            return
        self.lane.run(
            "report_a4",
            lambda: print_report_a4(rt, report),
            lambda _job: self.msg.setText(tr("日报已发送到A4打印机。")),
            lambda exc: self.msg.setText(user_text(exc)),
            busy=self.busy,
        )
