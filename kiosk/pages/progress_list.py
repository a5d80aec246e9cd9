"""The kiosk's 进度查询 result: the cases found as big rows; a tap shows one case.

Each row names the item, the receipt number and the state; the detail says
the step, the department, the promised date and the 补正 materials still
owed, with the applicant's masked name only. When the back office could not
be reached the page says so: the list is then this kiosk's own cases.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.pages.base import KioskPage
from widgets.i18n import N_, tr
from widgets.pages import button, title

if TYPE_CHECKING:
    from kiosk.window import KioskWindow
    from services.progress import ProgressResult
    from wire.progress import ProgressCase

ROW_HEIGHT = 96
"""A result row: two lines of words, a big target (≥ 60 px)."""

STATE_WORDS = {
    "submitted": N_("已提交，等待上传"),
    "synced": N_("已收件，等待受理"),
    "accepted": N_("已受理，正在审查"),
    "rejected": N_("不予受理"),
    "ready": N_("已办结，请到窗口取件"),
    "delivered": N_("已出件"),
}


def state_words(state: str) -> str:
    """The citizen's words for a case's state."""
    return tr(STATE_WORDS.get(state, state))


def detail_html(case: ProgressCase) -> str:
    """One case as rich text (escaped): what a citizen asks about it."""
    e = html.escape
    rows = [
        (tr("办理事项"), case.item_name),
        (tr("受理编号"), case.receipt_no),
        (tr("申请人"), case.applicant),
        (tr("办理状态"), state_words(case.state)),
    ]
    if case.department:
        rows.append((tr("办理部门"), case.department))
    if case.promised_date is not None:
        rows.append((tr("承诺办结日期"), case.promised_date.isoformat()))
    if case.reason and case.state == "rejected":
        rows.append((tr("说明"), case.reason))
    out = "".join(f"<p><b>{e(k)}</b>：{e(v)}</p>" for k, v in rows)
    if case.outstanding:
        items = "、".join(case.outstanding)
        out += f"<p><b>{e(tr('待补正材料'))}</b>：{e(items)}</p>"
        out += f"<p>{e(tr('补齐材料后方可出件。'))}</p>"
    if case.state == "ready":
        out += f"<p>{e(tr('请携带受理回执和申请人身份证原件到综合窗口取件，任一大厅均可。'))}</p>"
    return out


class ProgressListPage(KioskPage):
    """The result list and one case's detail. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("查询结果"))
        self.offline = QLabel("", self)
        self.offline.setObjectName("progress_offline")
        self.offline.setProperty("role", "banner")
        self.offline.setWordWrap(True)
        self.offline.hide()
        lay.addWidget(self.offline)
        self.summary = title("", self, role="subtitle")
        lay.addWidget(self.summary)
        self.rows_box = QWidget(self)
        self.rows = QVBoxLayout(self.rows_box)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(12)
        lay.addWidget(self.rows_box)
        self.detail = QLabel("", self)
        self.detail.setObjectName("progress_detail")
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setProperty("role", "subtitle")  # the bigger words: read at arm's length
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.detail, 1)
        self.nav(lay, "progress")
        self.cases: list[ProgressCase] = []
        self.row_buttons: list[QPushButton] = []

    def show_result(self, result: ProgressResult, *, by_card: bool) -> None:
        """Fill the page with ``result`` (one case opens at once)."""
        self.cases = list(result.cases)
        for b in self.row_buttons:
            self.rows.removeWidget(b)
            b.deleteLater()
        self.row_buttons = []
        if result.offline:
            self.offline.setText(
                tr("暂时无法连接后台：下面只是本机办理的办件，其他终端和窗口的办件请稍后再查。")
            )
        self.offline.setVisible(result.offline)
        if not self.cases:
            self.summary.setText(tr("没有查到您的办件。") if by_card else tr("没有查到这个办件。"))
        elif len(self.cases) == 1:
            self.summary.setText("")
        else:
            self.summary.setText(
                tr("查到 %n 件办件，请点选查看详情。").replace("%n", str(len(self.cases)))
            )
        for n, case in enumerate(self.cases):
            text = f"{case.item_name}\n{case.receipt_no}　{state_words(case.state)}"
            b = button(text, self.rows_box, name=f"progress_row_{n}")
            b.setProperty("tile", True)
            b.setMinimumHeight(ROW_HEIGHT)  # made after the page's style was polished
            b.setCheckable(True)
            b.clicked.connect(lambda _c=False, i=n: self.open(i))
            self.rows.addWidget(b)
            self.row_buttons.append(b)
        self.detail.setText("")
        if len(self.cases) == 1:
            self.open(0)

    def open(self, index: int) -> None:
        """Show one case's detail."""
        from kiosk.pages.progress import mark_chosen

        for n, b in enumerate(self.row_buttons):
            mark_chosen(b, n == index)
        self.detail.setText(detail_html(self.cases[index]))
