"""The counter's item page: search the catalogue, answer the item's scenario questions.

The list comes from ``catalog``, the catalog it was built from. When the device
pulls a new one (``catalog_changed``) a hidden page is rebuilt at once; one the
clerk is using keeps its list until it is shown next. A case already started
keeps its item and the catalog version it was started under.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from core.intake import start_case
from counter.pages.base import CounterPage
from widgets.i18n import tr
from widgets.pages import button, time_limit
from widgets.scenario import ScenarioQuestions

if TYPE_CHECKING:
    from core.case import Company
    from counter.window import CounterWindow

BUNDLE = "bundle:"  # a list row's data for a 一件事 (else an item code)


class ItemPage(CounterPage):
    """Choosing the item and starting the case. GUI thread only."""

    def __init__(self, win: CounterWindow) -> None:
        super().__init__(win)
        lay = self.page_layout(tr("选择办理事项"))
        row = QHBoxLayout()
        left = QVBoxLayout()
        self.search = QLineEdit(self)
        self.search.setObjectName("item_search")
        self.search.setPlaceholderText(tr("输入事项名称、编码或关键词搜索"))
        self.search.textChanged.connect(self._filter_items)
        left.addWidget(self.search)
        self.item_list = QListWidget(self)
        self.item_list.setObjectName("item_list")
        self.item_list.currentItemChanged.connect(self._item_picked)
        left.addWidget(self.item_list, 1)
        row.addLayout(left, 2)
        right = QVBoxLayout()
        self.item_info = QLabel(tr("请在左侧选择事项"), self)
        self.item_info.setWordWrap(True)
        self.item_info.setTextFormat(Qt.TextFormat.RichText)
        right.addWidget(self.item_info)
        self.scenario = ScenarioQuestions(self)
        right.addWidget(self.scenario)
        right.addStretch(1)
        self.item_msg = QLabel("", self)
        self.item_msg.setProperty("role", "error")
        right.addWidget(self.item_msg)
        row.addLayout(right, 3)
        lay.addLayout(row, 1)
        nxt = button(tr("下一步：收取材料"), self, name="item_next", primary=True)
        nxt.clicked.connect(self.next)
        self.toolbar(lay, nxt)
        self.catalog = self.rt.catalog
        self.picked_version = ""  # the version of the catalog the picked item came from
        self.picked_bundle = ""  # 一件事: the bundle picked (win.item is its merged item)
        self._filter_items("")

    def catalog_changed(self) -> None:
        """The device has a new catalog: the list follows now if hidden, else when shown."""
        if not self.isVisible():
            self._rebuild()

    def _rebuild(self) -> None:
        self.catalog = self.rt.catalog
        # Quietly: the list's first row becoming current must not change the case's item.
        self.item_list.blockSignals(True)
        try:
            self._filter_items(self.search.text())
            self.item_list.setCurrentRow(-1)
        finally:
            self.item_list.blockSignals(False)

    def showEvent(self, event) -> None:
        if self.catalog is not self.rt.catalog:
            self._rebuild()
        super().showEvent(event)

    def _filter_items(self, text: str) -> None:
        self.item_list.clear()
        # 一件事 first (one case for its items), by the bundle's own words: an item's
        # search lists that item, not every bundle holding it.
        for b in self.catalog.search_bundles(text, through_items=False):
            count = tr("%n个事项").replace("%n", str(len(b.items)))
            li = QListWidgetItem(f"【{tr('一件事')}】{b.name}  [{count}]", self.item_list)
            li.setData(Qt.ItemDataRole.UserRole, BUNDLE + b.code)
        for it in self.catalog.search(text):
            li = QListWidgetItem(f"{it.name}  [{tr(it.window_class)}]", self.item_list)
            li.setData(Qt.ItemDataRole.UserRole, it.code)

    def select_item(self, code: str) -> None:
        for i in range(self.item_list.count()):
            if self.item_list.item(i).data(Qt.ItemDataRole.UserRole) == code:
                self.item_list.setCurrentRow(i)
                return

    def select_bundle(self, code: str) -> None:
        """一件事 ``code`` as the case's item (scripts, the tour, the tests)."""
        self.select_item(BUNDLE + code)

    def _item_picked(self, cur: QListWidgetItem | None, _prev=None) -> None:
        if cur is None:
            return
        code = cur.data(Qt.ItemDataRole.UserRole)
        self.picked_bundle = code.removeprefix(BUNDLE) if code.startswith(BUNDLE) else ""
        if self.picked_bundle:  # the bundle as one item: merged form and materials
            it = self.catalog.bundle_item(self.picked_bundle)
        else:
            it = self.catalog.item(code)
        self.win.item = it
        self.picked_version = self.catalog.version
        limit = time_limit(it)
        info = (
            f"<h3>{html.escape(it.name)}</h3><p>{html.escape(it.department)}</p>"
            if self.picked_bundle
            else f"<h3>{it.name}</h3><p>{it.code} · {it.department}</p>"
        )
        if self.picked_bundle:
            rows = "".join(
                f"<li>{html.escape(self.catalog.item(c).name)}（{html.escape(c)}，"
                f"{html.escape(self.catalog.item(c).department)}）</li>"
                for c in self.catalog.bundle(self.picked_bundle).items
            )
            info += f"<p><b>{tr('一并办理的事项')}</b></p><ol>{rows}</ol>"
        self.item_info.setText(
            info + f"<p>{tr('承诺时限')}：{limit}　{tr('收费')}：{html.escape(it.fee)}</p>"
        )
        self.scenario.set_item(it)
        self.item_msg.setText("")

    def next(self) -> None:
        win = self.win
        if win.item is None or win.applicant is None:
            self.item_msg.setText(tr("请先选择事项"))
            return
        answers = self.scenario.answers()
        if answers is None:
            self.item_msg.setText(tr("请先回答情形问题"))
            return
        win.answers = answers
        if win.item.for_company:  # 单位办理: the company the 经办人 (the card read) acts for
            win.pages["company"].show_for()
            return
        self.start()

    def start(self, company: Company | None = None) -> None:
        """Start the case of the item picked (with the company of a company item)."""
        win = self.win
        assert win.item is not None and win.applicant is not None
        cfg, answers = self.rt.config, win.answers
        win.case = start_case(
            win.item,
            win.applicant,
            hall_code=cfg.hall_code,
            device_code=cfg.device_code,
            channel=cfg.role.value,
            actor=win.clerk,
            answers=answers,
            agent=win.agent,
            catalog_version=self.picked_version,
            bundle=(self.catalog, self.picked_bundle) if self.picked_bundle else None,
            company=company,
        )
        win.pages["materials"].show_case()
        win.show_page("materials")
