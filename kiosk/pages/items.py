"""The kiosk's items page: find a guide by window class, life event, tag or search.

Shown without a card from the home page's 办事指南, and after the card read
(then it greets the citizen). Three ways to browse, each a row of big chips:
by window class, by life event (人生事件, catalog data), by tag (马上办…,
零跑动). Typing in the search box (Chinese words or pinyin initials, the
counter's search: core.search) shows its results instead. The list scrolls
by dragging (widgets.touch.kinetic).

The tiles come from ``catalog``, the catalog they were built from. When the
device pulls a new one (``catalog_changed``) a hidden page is rebuilt at
once; a page someone is looking at keeps its tiles until it is shown next,
so nothing moves under a finger. Withdrawn items go with the rebuild, new
ones come.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.catalog import TAGS, WINDOW_CLASSES, Bundle, Item
from core.identity import Identity, mask_id_number, mask_name
from core.search import item_tags
from kiosk.pages.base import KioskPage
from widgets.i18n import N_, tr
from widgets.pages import button, title
from widgets.reveal import HoldToShow
from widgets.touch import kinetic

if TYPE_CHECKING:
    from kiosk.window import KioskWindow

# The sample catalog's words that are not in the code: tags and life events.
WORDS = (
    N_("马上办"),
    N_("网上办"),
    N_("一次办"),
    N_("零跑动"),
    N_("出生"),
    N_("上学"),
    N_("就业"),
    N_("创业"),
    N_("结婚"),
    N_("安家置业"),
    N_("出行"),
    N_("退休"),
    N_("养老助残"),
)
MODES = {
    "window": N_("按窗口类别"),
    "event": N_("按人生事件"),
    "tag": N_("按办理方式"),
    "bundle": N_("一件事联办"),  # 一件事 (one application for several items)
}
COLUMNS = 2
MAX_CHIPS_PER_ROW = 6  # the rows as even as can be: 6 in one row, 9 as 5 + 4
# 长辈模式 (widgets.elder): fewer choices side by side, each half as big again.
ELDER_COLUMNS = 1
ELDER_CHIPS_PER_ROW = 3
ELDER_SEARCH_PX = 400


CHIPS_WIDTH = 1000  # px: a 1080 px portrait screen less the page's margins


def chips_per_row(widths: list[int], spacing: int = 8, most: int = MAX_CHIPS_PER_ROW) -> int:
    """Chips per row: as even as can be, at most ``most``, and the rows no wider
    than CHIPS_WIDTH (long English words take more rows)."""
    n = len(widths)
    for rows in range(max(1, -(-n // most)), n + 1):
        per_row = -(-n // rows)
        columns = [max(widths[c::per_row]) for c in range(per_row)]
        if sum(columns) + spacing * (per_row - 1) <= CHIPS_WIDTH:
            return per_row
    return 1


def _drop(w: QWidget) -> None:
    """Away at once (findChild no longer sees it), deleted later."""
    w.hide()
    w.setParent(None)
    w.deleteLater()


class ItemsPage(KioskPage):
    """Finding an item's guide, with or without a card. GUI thread only."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(40, 24, 40, 24)
        lay.setSpacing(12)
        row = QHBoxLayout()
        row.setSpacing(16)
        self.heading = title(tr("办事指南"), self)
        self.heading.setWordWrap(False)
        row.addWidget(self.heading)
        self.search = QLineEdit(self)
        self.search.setObjectName("guide_search")
        self.search.setPlaceholderText(tr("搜索：名称、关键词或拼音首字母（如 hj）"))
        self.search.setStyleSheet("QLineEdit { min-height: 46px; font-size: 22px; }")
        self.search.textChanged.connect(lambda _t: self.refresh())
        row.addWidget(self.search, 1)
        clear = button(tr("清空"), self, name="search_clear")
        clear.clicked.connect(self.search.clear)
        row.addWidget(clear)
        lay.addLayout(row)
        self.who = QLabel("", self)
        self.who.setProperty("role", "subtitle")
        self.who.hide()
        self.who_reveal: HoldToShow | None = None  # 显示 beside the greeting
        lay.addWidget(self.who)

        modes = QHBoxLayout()
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[str, QPushButton] = {}
        for key, word in MODES.items():
            b = self._chip(tr(word), f"browse_{key}")
            self.mode_group.addButton(b)
            b.clicked.connect(lambda _=False, k=key: self.set_mode(k))
            modes.addWidget(b)
            self.mode_buttons[key] = b
        modes.addStretch(1)
        lay.addLayout(modes)
        self.filter_holder = QWidget(self)
        self.filter_grid = QGridLayout(self.filter_holder)
        self.filter_grid.setContentsMargins(0, 0, 0, 0)
        self.filter_grid.setSpacing(8)
        lay.addWidget(self.filter_holder)
        self.filter_group = QButtonGroup(self)
        self.filter_buttons: dict[str, QPushButton] = {}

        self.count = QLabel("", self)
        self.count.setObjectName("guide_count")
        self.count.setProperty("role", "hint")
        lay.addWidget(self.count)
        self.inner = QWidget()
        self.grid = QGridLayout(self.inner)
        self.grid.setSpacing(12)
        self.item_buttons: dict[str, QPushButton] = {}
        self.bundle_buttons: dict[str, QPushButton] = {}  # 一件事 tiles, before the items
        area = QScrollArea(self)
        area.setObjectName("guide_list")
        area.setWidgetResizable(True)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setWidget(self.inner)
        kinetic(area)
        self.area = area
        lay.addWidget(area, 1)
        self.nav(lay, "home")
        self.mode = "window"
        self.choice = WINDOW_CLASSES[0]
        self.columns, self.chips_per_row = COLUMNS, MAX_CHIPS_PER_ROW
        self.greeted = self.elder = False
        self._warmed: object = None  # the catalog whose search index is built
        self.catalog = self.rt.catalog
        self.fill()

    def _chip(self, text: str, name: str, parent: QWidget | None = None) -> QPushButton:
        b = button(text, parent or self, name=name)
        b.setCheckable(True)
        b.setProperty("chip", True)
        return b

    # ---- what is listed --------------------------------------------------
    def catalog_changed(self) -> None:
        """The device has a new catalog: rebuild now if hidden, else when shown next."""
        if not self.isVisible():
            self.fill()

    def fill(self) -> None:
        """One tile per item of the catalog in use, then the current list."""
        self.catalog = self.rt.catalog
        for b in self.item_buttons.values():
            _drop(b)
        self.item_buttons = {}
        for it in self.catalog.items:
            tags = " · ".join(tr(t) for t in item_tags(it))
            b = button(f"{it.name}\n{tags}", self.inner, name=f"item_{it.code}")
            b.setProperty("tile", True)
            b.clicked.connect(lambda _=False, code=it.code: self.win.choose_item(code))
            b.hide()
            self.item_buttons[it.code] = b
        for b in self.bundle_buttons.values():
            _drop(b)
        self.bundle_buttons = {}
        for bd in self.catalog.bundles:
            count = tr("一次申请，同时办理 %n 个事项").replace("%n", str(len(bd.items)))
            b = button(f"{tr('一件事')}：{bd.name}\n{count}", self.inner, name=f"bundle_{bd.code}")
            b.setProperty("tile", True)
            b.clicked.connect(lambda _=False, code=bd.code: self.win.choose_bundle(code))
            b.hide()
            self.bundle_buttons[bd.code] = b
        self.set_mode(self.mode, self.choice)

    def set_mode(self, mode: str, choice: str | None = None) -> None:
        """Browse by ``window`` class, life ``event`` or ``tag``; ``choice``: the chip to select."""
        self.mode = mode
        self.mode_buttons[mode].setChecked(True)
        values = self._values(mode)
        for b in self.filter_buttons.values():
            self.filter_group.removeButton(b)
            _drop(b)
        self.filter_buttons = {}
        chips = []
        for value, word in values:
            b = self._chip(word, f"filter_{value}", self.filter_holder)
            b.clicked.connect(lambda _=False, v=value: self.set_choice(v))
            self.filter_group.addButton(b)
            chips.append(b)
            self.filter_buttons[value] = b
        per_row = chips_per_row([b.sizeHint().width() for b in chips], most=self.chips_per_row)
        for i, b in enumerate(chips):
            self.filter_grid.addWidget(b, i // per_row, i % per_row)
            b.show()  # now, not when the layout gets to it
        known = [v for v, _w in values]
        self.set_choice(choice if choice in known else (known[0] if known else ""))

    def set_choice(self, value: str) -> None:
        self.choice = value
        self.search.blockSignals(True)
        self.search.clear()  # a chip tapped is a new question
        self.search.blockSignals(False)
        self.refresh()

    def _values(self, mode: str) -> list[tuple[str, str]]:
        """The chips of a mode: (value, word shown)."""
        cat = self.catalog
        if mode == "bundle":
            return []  # one list of every 一件事, no chips
        if mode == "event":
            return [(e.code, tr(e.name)) for e in cat.life_events]
        if mode == "tag":
            return [(t, tr(t)) for t in TAGS if cat.by_tag(t)]
        return [(wc, tr(wc)) for wc in WINDOW_CLASSES if cat.by_window_class(wc)]

    def listed(self) -> list[Item]:
        """The items shown now: the search's results, or the chip's items."""
        cat = self.catalog
        text = self.search.text().strip()
        if text:
            return cat.search(text)
        if self.mode == "bundle":
            return []  # the bundles' tiles only (listed_bundles)
        if not self.choice:
            return list(cat.items)
        if self.mode == "event":
            return cat.by_life_event(self.choice)
        if self.mode == "tag":
            return cat.by_tag(self.choice)
        return cat.by_window_class(self.choice)

    def listed_bundles(self) -> list[Bundle]:
        """一件事 shown now, before the items: the search's, every bundle (the 一件事
        chip), or a life event's (the bundles holding its items)."""
        cat = self.catalog
        text = self.search.text().strip()
        if text:
            return cat.search_bundles(text)
        if self.mode == "bundle":
            return list(cat.bundles)
        if self.mode == "event" and self.choice:
            return cat.bundles_of(i.code for i in cat.by_life_event(self.choice))
        return []

    def refresh(self) -> None:
        items = self.listed()
        bundles = self.listed_bundles()
        searching = bool(self.search.text().strip())
        # While searching no chip is lit: the list is the search's, not the chip's.
        self.filter_group.setExclusive(False)
        for value, b in self.filter_buttons.items():
            b.setChecked(not searching and value == self.choice)
        self.filter_group.setExclusive(True)
        while self.grid.count():
            self.grid.takeAt(0)
        shown = set()
        tiles = [self.bundle_buttons[bd.code] for bd in bundles]
        tiles += [self.item_buttons[it.code] for it in items]
        for i, b in enumerate(tiles):
            self.grid.addWidget(b, i // self.columns, i % self.columns)
            b.show()
            shown.add(id(b))
        for b in (*self.item_buttons.values(), *self.bundle_buttons.values()):
            if id(b) not in shown:
                b.hide()
        self.grid.setRowStretch(self.grid.rowCount(), 1)
        if searching:
            self.count.setText(
                tr("找到 %n 个事项").replace("%n", str(len(items)))
                if items
                else tr("没有找到，请换个词试试，或按类别查找")
            )
        elif self.mode == "bundle":
            self.count.setText(
                tr("共 %n 个“一件事”，一次申请办理多个事项").replace("%n", str(len(bundles)))
            )
        else:
            self.count.setText(tr("共 %n 个事项，点击查看办事指南").replace("%n", str(len(items))))
        self.area.verticalScrollBar().setValue(0)

    def showEvent(self, event) -> None:
        if self.catalog is not self.rt.catalog:  # a catalog came while this page was shown
            typed = self.search.text()
            self.fill()
            self.search.setText(typed)
        super().showEvent(event)
        # The pinyin index (about 0.3 s the first time) is built on the
        # background lane while the citizen looks at the chips, not at the
        # first key typed on the GUI thread.
        cat = self.catalog
        if cat is not self._warmed:
            self._warmed = cat
            self.win.ops.run("search_index", lambda: cat.search("a"))

    def set_elder(self, on: bool) -> None:
        """长辈模式: one tile per row and three chips per row; the list still scrolls."""
        self.columns, self.chips_per_row = (
            (ELDER_COLUMNS, ELDER_CHIPS_PER_ROW) if on else (COLUMNS, MAX_CHIPS_PER_ROW)
        )
        self.elder = on
        self.search.setMinimumWidth(ELDER_SEARCH_PX if on else 0)  # not squeezed by the title
        self._title()
        typed = self.search.text()
        self.set_mode(self.mode, self.choice)  # the chips again, in rows of the new length
        self.search.setText(typed)  # what the citizen searched for stays (and lists again)

    def _title(self) -> None:
        """办事指南, or after the card read 请选择要办理的事项 (shorter in 长辈模式: one line)."""
        if not self.greeted:
            self.heading.setText(tr("办事指南"))
        else:
            self.heading.setText(tr("选择事项") if self.elder else tr("请选择要办理的事项"))

    # ---- who is here -----------------------------------------------------
    def greet(self, identity: Identity) -> None:
        self.greeted = True
        self._title()
        self.who.show()
        hello = tr("您好，%s（%s）")
        masked = hello.replace("%s", mask_name(identity.name), 1).replace(
            "%s", mask_id_number(identity.id_number), 1
        )
        full = hello.replace("%s", identity.name, 1).replace("%s", identity.id_number, 1)
        self._greeting_reveal().add(self.who, full, masked)

    def _greeting_reveal(self) -> HoldToShow:
        """显示 for the greeting (made at the first greeting): the name and number
        in full only while held."""
        if self.who_reveal is None:  # in the search row: a row of its own would add height
            self.who_reveal = HoldToShow(self, name="greeting_reveal")
            self.layout().itemAt(0).layout().addWidget(self.who_reveal)
        self.who_reveal.clear()
        return self.who_reveal

    def reset(self) -> None:
        """A new citizen: no greeting, no search, the first way of browsing."""
        self.greeted = False
        self._title()
        self.who.setText("")
        self.who.hide()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.set_mode("window")
