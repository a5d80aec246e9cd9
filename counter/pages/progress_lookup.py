"""The counter's 进度查询 section (on the cases page): any case of any device or hall.

The clerk scans the receipt's QR with a scanner gun (it types the tracking
address), or types the receipt number and its check code, and presses 查询进度;
or the citizen's card is read while the cases page shows: all the holder's
cases. The query runs on the background lane (services.progress: the back
office first; this window's store when it cannot be reached, said so) and
the answer fills a list with the masked name only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QListWidget, QVBoxLayout, QWidget

from core.errors import OneWindowError
from core.identity import Identity
from counter.pages.base import STATE_NAMES
from widgets.errors import user_text
from widgets.i18n import tr
from widgets.pages import button

if TYPE_CHECKING:
    from counter.window import CounterWindow
    from services.progress import ProgressResult
    from wire.progress import ProgressCase


def row_text(case: ProgressCase) -> str:
    """One answer as a list row for staff (masked name; what is outstanding)."""
    state = tr(STATE_NAMES.get(case.state, case.state))
    parts = [case.receipt_no, case.item_name, case.applicant, state]
    if case.department:
        parts.append(case.department)
    if case.promised_date is not None:
        parts.append(tr("承诺%s办结").replace("%s", case.promised_date.isoformat()))
    if case.outstanding:
        parts.append(tr("待补正：") + "、".join(case.outstanding))
    return "　".join(p for p in parts if p)


class ProgressLookup(QWidget):
    """The look-up row, its answers and its words. GUI thread only."""

    def __init__(self, win: CounterWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.win = win
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.input = QLineEdit(self)
        self.input.setObjectName("progress_lookup_input")
        self.input.setPlaceholderText(
            tr("进度查询：扫描回执二维码，或输入受理编号和校验码；也可读取身份证")
        )
        self.input.returnPressed.connect(self.find)
        row.addWidget(self.input, 1)
        self.find_btn = button(tr("查询进度"), self, name="progress_lookup")
        self.find_btn.clicked.connect(self.find)
        row.addWidget(self.find_btn)
        lay.addLayout(row)
        self.msg = QLabel("", self)
        self.msg.setObjectName("progress_lookup_msg")
        self.msg.setProperty("role", "hint")
        self.msg.setWordWrap(True)
        lay.addWidget(self.msg)
        self.list = QListWidget(self)
        self.list.setObjectName("progress_lookup_list")
        self.list.setMaximumHeight(160)
        self.list.hide()
        lay.addWidget(self.list)
        win.bridge.card_read.connect(self._on_card)

    def find(self) -> None:
        """查询进度 with what the scanner gun or the clerk typed."""
        from services.progress import progress_by_receipt, read_lookup

        try:
            lookup = read_lookup(self.input.text())
        except OneWindowError as exc:
            self._say(user_text(exc))
            return
        rt = self.win.rt
        self._run("progress_by_receipt", lambda: progress_by_receipt(rt, lookup))

    def _on_card(self, identity: Identity, _warnings: list[str]) -> None:
        if self.win.current_page() != "cases":
            return
        from services.progress import progress_by_card

        rt = self.win.rt
        self._run("progress_by_card", lambda: progress_by_card(rt, identity))

    def _run(self, name: str, work) -> None:  # type: ignore[no-untyped-def]
        self._say(tr("正在查询……"))
        self.win.ops.run(name, work, self._show, lambda exc: self._say(user_text(exc)))

    def _say(self, text: str) -> None:
        self.list.clear()
        self.list.hide()
        self.msg.setText(text)

    def _show(self, result: ProgressResult) -> None:
        self.list.clear()
        for case in result.cases:
            self.list.addItem(row_text(case))
        self.list.setVisible(bool(result.cases))
        if not result.cases:
            self.msg.setText(tr("没有查到办件。"))
        elif result.offline:
            self.msg.setText(tr("暂时无法连接后台：只列出本窗口的办件。"))
        else:
            self.msg.setText(tr("查到 %n 件。").replace("%n", str(len(result.cases))))
