"""未完成的受理: intakes kept through a crash or power cut, offered back after sign-in."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem

from core.identity import mask_name
from counter.pages.base import CounterPage
from widgets.errors import user_text
from widgets.i18n import tr
from widgets.pages import button

if TYPE_CHECKING:
    from counter.window import CounterWindow
    from services.drafts import KeptDraft


class DraftsPage(CounterPage):
    """The kept drafts: 继续受理 one, 放弃 one, or start the day's work. GUI thread only."""

    def __init__(self, win: CounterWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("未完成的受理"))
        note = QLabel(
            tr(
                "上次关闭前有受理没有提交（断电或程序退出）。已拍摄的材料和填写的内容都已保存，可以继续办理。"
            ),
            self,
        )
        note.setWordWrap(True)
        note.setProperty("role", "subtitle")
        lay.addWidget(note)
        self.draft_list = QListWidget(self)
        self.draft_list.setObjectName("draft_list")
        lay.addWidget(self.draft_list, 1)
        self.msg = QLabel("", self)
        self.msg.setProperty("role", "error")
        self.msg.setWordWrap(True)
        lay.addWidget(self.msg)
        later = button(tr("稍后处理"), self, name="drafts_later")
        later.clicked.connect(self.later)
        drop = button(tr("放弃所选"), self, name="drop_draft")
        drop.clicked.connect(self.drop_selected)
        go_on = button(tr("继续受理"), self, name="resume_draft", primary=True)
        go_on.clicked.connect(self.resume_selected)
        self.toolbar(lay, later, drop, go_on)
        self.busy = self.busy_state(later, drop, go_on)
        self.kept: list[KeptDraft] = []

    def show_drafts(self, kept: list[KeptDraft]) -> None:
        """List ``kept`` (the latest first), the first selected."""
        self.kept = list(kept)
        self.draft_list.clear()
        self.msg.setText("")
        for i, k in enumerate(self.kept):
            case = k.case
            when = dt.datetime.fromisoformat(k.updated_at).astimezone().strftime("%m-%d %H:%M")
            who = mask_name(case.applicant.name)
            pages = tr("已拍 %n 页").replace("%n", str(k.page_count))
            by = f"{tr('经办人')} {k.body.started_by}" if k.body.started_by else ""
            li = QListWidgetItem(f"{when}　{who}　{case.item_name}　{pages}　{by}", self.draft_list)
            li.setData(Qt.ItemDataRole.UserRole, i)
        if self.kept:
            self.draft_list.setCurrentRow(0)

    def _selected(self) -> KeptDraft | None:
        li = self.draft_list.currentItem()
        if li is None:
            self.msg.setText(tr("请先选中一份未完成的受理。"))
            return None
        return self.kept[li.data(Qt.ItemDataRole.UserRole)]

    def resume_selected(self) -> None:
        kept = self._selected()
        if kept is None:
            return
        self.win.drafts.resume(kept, lambda exc: self.msg.setText(user_text(exc)), self.busy)

    def drop_selected(self) -> None:
        kept = self._selected()
        if kept is None:
            return
        self.win.drafts.drop(kept.case.id)
        self.show_drafts([k for k in self.kept if k is not kept])
        if not self.kept:
            self.later()

    def later(self) -> None:
        """The drafts stay (offered at the next sign-in); the day's work starts."""
        self.win.start_work(offer_drafts=False)
