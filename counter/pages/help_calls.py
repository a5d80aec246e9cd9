"""The counter's list of help calls (呼叫工作人员) from the hall's kiosks.

A section of the cases page: the hall's open help requests, fetched from
the back office while the section is shown (at once, then every
``REFRESH_MS``), and 已处理 for the one selected once a clerk has gone to
the kiosk. The back office is reached on this section's own lane, so a slow
network never holds up the store's writes.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from services.help import mark_help_handled, open_help_requests
from widgets.background import BackgroundOps
from widgets.errors import user_text
from widgets.i18n import N_, tr
from widgets.pages import button

if TYPE_CHECKING:
    from services.runtime import Runtime

REFRESH_MS = 15000

# Where the citizen was when calling (kiosk page names), in words for the clerk.
PAGE_NAMES = {
    "home": N_("首页"),
    "card": N_("读身份证"),
    "items": N_("选择事项"),
    "guide": N_("办事指南"),
    "form": N_("填写申请表"),
    "scan": N_("拍摄材料"),
    "confirm": N_("核对提交"),
    "done": N_("提交完成"),
    "hotline": N_("咨询投诉"),
    "hotline_done": N_("咨询投诉"),
    "hotline_answer": N_("查看答复"),
}


def call_text(row: dict[str, Any]) -> str:
    """One call as the list shows it: when, which device, which page."""
    try:
        at = dt.datetime.fromisoformat(str(row.get("at", ""))).astimezone().strftime("%H:%M")
    except ValueError:
        at = "--:--"
    page = str(row.get("page") or "")
    where = tr(PAGE_NAMES[page]) if page in PAGE_NAMES else page
    text = f"{at}　{tr('终端')} {row.get('device_code', '')}"
    return text + (f"　{tr('页面')}：{where}" if where else "")


class HelpCallsSection(QWidget):
    """The hall's open help calls, with 刷新 and 已处理. GUI thread only."""

    def __init__(self, rt: Runtime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rt = rt
        self.lane = BackgroundOps(self, name="ow-help")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        head = QLabel(tr("呼叫工作人员"), self)
        head.setProperty("role", "subtitle")
        row.addWidget(head)
        self.help_msg = QLabel("", self)
        self.help_msg.setObjectName("help_msg")
        self.help_msg.setProperty("role", "hint")
        self.help_msg.setWordWrap(True)
        row.addWidget(self.help_msg, 1)
        refresh = button(tr("刷新"), self, name="help_refresh")
        refresh.clicked.connect(self.refresh)
        self.handled_btn = button(tr("已处理"), self, name="help_handled", primary=True)
        self.handled_btn.clicked.connect(self.mark_selected)
        row.addWidget(refresh)
        row.addWidget(self.handled_btn)
        lay.addLayout(row)
        self.help_list = QListWidget(self)
        self.help_list.setObjectName("help_list")
        self.help_list.setMaximumHeight(96)  # the cases list below needs the room
        lay.addWidget(self.help_list)
        self.rows: list[dict[str, Any]] = []
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.refresh()
        self._timer.start()

    def hideEvent(self, event: Any) -> None:
        super().hideEvent(event)
        self._timer.stop()

    def refresh(self) -> None:
        if self.rt.closed:
            return
        rt = self.rt
        self.lane.run("help_list", lambda: open_help_requests(rt), self._show, self._failed)

    def _show(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.help_list.clear()
        for r in rows:
            li = QListWidgetItem(call_text(r), self.help_list)
            li.setData(Qt.ItemDataRole.UserRole, r.get("id"))
        self.help_msg.setText(
            tr("有 %n 个呼叫等待处理。").replace("%n", str(len(rows))) if rows else tr("没有呼叫。")
        )

    def _failed(self, exc: BaseException) -> None:
        self.help_msg.setText(tr("呼叫列表暂时无法刷新：") + user_text(exc))

    def mark_selected(self) -> None:
        """已处理: a clerk went to the kiosk of the selected call."""
        li = self.help_list.currentItem()
        request_id = li.data(Qt.ItemDataRole.UserRole) if li is not None else None
        if not request_id:
            self.help_msg.setText(tr("请先选中一个呼叫。"))
            return
        rt = self.rt
        self.lane.run(
            "help_handled",
            lambda: mark_help_handled(rt, request_id),
            lambda _row: self.refresh(),
            self._failed,
        )
