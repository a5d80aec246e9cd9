"""The 补交材料 panel both apps show: the cases found, what the chosen one owes, the camera.

The kiosk's and the counter's 补正 pages put it under their own words and
buttons; it lists the cases a look-up found (services.supplements), the
materials the chosen case still owes with their deadlines, and the scan
panel that takes each one's pages. ``hand_in`` keeps the pages and sends the
补正 on the bridge's background lane and prints the 补正回执.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from services.supplements import HandInResult, OwedCase, hand_in
from widgets.background import Busy
from widgets.bridge import RuntimeBridge
from widgets.i18n import tr
from widgets.scan_panel import ScanPanel
from widgets.touch import kinetic

LIST_WIDTH = 380  # px beside the camera


def _list(parent: QWidget, name: str) -> QListWidget:
    w = QListWidget(parent)
    w.setObjectName(name)
    w.setWordWrap(True)
    w.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    w.setResizeMode(QListView.ResizeMode.Adjust)
    w.setStyleSheet("QListWidget::item { padding: 10px 0px; }")
    w.setViewportMargins(10, 0, 4, 0)
    kinetic(w)
    return w


class SupplementPanel(QWidget):
    """Cases found, the chosen case's owed materials, and the scan panel. GUI thread only.

    ``changed`` fires when the pages taken or the chosen case change (a page
    enables its submit button on it).
    """

    changed = Signal()

    def __init__(self, bridge: RuntimeBridge, parent: QWidget, *, touch: bool) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.cases: list[OwedCase] = []
        self._camera_on = False
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.row.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        self.cases_list = _list(self, "supplement_cases")
        self.cases_list.setMaximumHeight(220)
        self.cases_list.currentRowChanged.connect(self._case_chosen)
        left.addWidget(self.cases_list)
        self.owed_list = _list(self, "supplement_owed")
        self.owed_list.currentRowChanged.connect(self._material_chosen)
        left.addWidget(self.owed_list, 1)
        holder = QWidget(self)
        holder.setLayout(left)
        holder.setMaximumWidth(LIST_WIDTH)
        self.row.addWidget(holder, 2)
        self.camera = ScanPanel(bridge.runtime.devices, self)
        if touch:
            self.camera.use_touch_sizes()
        self.camera.pages_changed.connect(lambda _code, _pages: self._refresh_owed())
        self.row.addWidget(self.camera, 3)

    # ---- the camera --------------------------------------------------------
    def run_camera(self, on: bool) -> None:
        """Start the preview as the page shows, stop it as it goes; a page that is
        not this one's never stops the stream another page's panel runs."""
        if on and not self._camera_on:
            self.camera.start()
        elif not on and self._camera_on:
            self.camera.stop()
        self._camera_on = on

    # ---- the cases ---------------------------------------------------------
    def show_cases(self, cases: list[OwedCase]) -> None:
        """The cases a look-up found (soonest due first); the first one is chosen."""
        self.camera.clear()
        self.cases = list(cases)
        self.cases_list.blockSignals(True)
        self.cases_list.clear()
        for c in self.cases:
            QListWidgetItem(f"{c.item_name}\n{c.receipt_no}", self.cases_list)
        self.cases_list.blockSignals(False)
        self.cases_list.setVisible(len(self.cases) > 1)
        if self.cases:
            self.cases_list.setCurrentRow(0)
            self._case_chosen(0)
        else:
            self.owed_list.clear()

    def current(self) -> OwedCase | None:
        row = self.cases_list.currentRow()
        return self.cases[row] if 0 <= row < len(self.cases) else None

    def _case_chosen(self, _row: int) -> None:
        self.camera.clear()  # pages belong to one case's materials
        self._refresh_owed()
        if self.owed_list.count():
            self.owed_list.setCurrentRow(0)
        self.changed.emit()

    # ---- the materials -----------------------------------------------------
    def _refresh_owed(self) -> None:
        case = self.current()
        current = max(self.owed_list.currentRow(), 0)
        self.owed_list.blockSignals(True)
        self.owed_list.clear()
        today = dt.date.today()
        for o in case.owed if case is not None else ():
            n = len(self.camera.pages(o.code))
            if n:
                mark, state = "✔", tr("已拍摄 %n 页").replace("%n", str(n))
            elif o.overdue(today):
                mark, state = "⚠", tr("已逾期（截止 %d）").replace("%d", o.due.isoformat())
            else:
                mark, state = "○", tr("请于 %d 前补交").replace("%d", o.due.isoformat())
            QListWidgetItem(f"{mark} {o.name}\n{state}", self.owed_list)
        self.owed_list.blockSignals(False)
        if self.owed_list.count():
            self.owed_list.setCurrentRow(min(current, self.owed_list.count() - 1))
            self._material_chosen(self.owed_list.currentRow())
        self.changed.emit()

    def _material_chosen(self, row: int) -> None:
        case = self.current()
        if case is not None and 0 <= row < len(case.owed):
            self.camera.set_material(case.owed[row].code, case.owed[row].name)

    def choose_material(self, code: str) -> None:
        """Scripts and tests: scan for this owed material next."""
        case = self.current()
        codes = [o.code for o in case.owed] if case is not None else []
        if case is not None and code in codes:
            self.owed_list.setCurrentRow(codes.index(code))
            self.camera.set_material(code, case.owed[codes.index(code)].name)

    def pages(self) -> dict[str, list]:
        """The pages taken, by material code (drivers.camera.page.Page, in order)."""
        case = self.current()
        if case is None:
            return {}
        out = {o.code: [sp.page for sp in self.camera.pages(o.code)] for o in case.owed}
        return {code: ps for code, ps in out.items() if ps}

    def clear(self) -> None:
        """Forget the cases and the pages (the next citizen)."""
        self.camera.clear()
        self.cases = []
        self.cases_list.clear()
        self.owed_list.clear()

    # ---- handing in --------------------------------------------------------
    def hand_in(
        self,
        *,
        actor: str,
        clerk: str,
        done: Callable[[HandInResult], None],
        failed: Callable[[BaseException], None],
        busy: Busy | None,
    ) -> None:
        """Keep the pages, send the 补正 and print the 补正回执 (on the background lane)."""
        case = self.current()
        if case is None:
            return
        rt, pages = self.bridge.runtime, self.pages()
        self.bridge.ops.run(
            "supplement",
            lambda: hand_in(rt, case, pages, actor=actor, clerk=clerk),
            done,
            failed,
            busy=busy,
        )
