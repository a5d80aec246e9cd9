"""The materials checklist: what the item needs and what was scanned."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

from core.case import Case, MaterialStatus
from widgets.i18n import tr
from widgets.touch import kinetic


class MaterialChecklist(QListWidget):
    """One row per material of a case; selecting a row picks what to scan.

    A long list scrolls by dragging (widgets.touch.kinetic). GUI thread only.
    """

    material_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # rows wrap
        self.setResizeMode(QListView.ResizeMode.Adjust)  # ...to the width they are given
        # Qt wraps a row's words for its width without the style sheet's side
        # padding and then cuts the end ("…"): no side padding, a margin instead.
        self.setStyleSheet("QListWidget::item { padding: 10px 0px; }")
        self.setViewportMargins(10, 0, 4, 0)
        kinetic(self)
        self.currentRowChanged.connect(self._selected)
        self._codes: list[str] = []

    def show_case(
        self,
        case: Case,
        required: dict[str, bool],
        deferred: frozenset[str] = frozenset(),
        offered: dict[str, str] | None = None,
    ) -> None:
        """One row per material; ``deferred`` ones (容缺后补, marked by the person) say so
        at once instead of 待扫描, and a missing one ``offered`` (code → the offer's
        words: 可复用, 可调取电子证照) says what can stand in for a scan."""
        current = self.currentRow()
        self.blockSignals(True)
        self.clear()
        self._codes = []
        for m in case.materials:
            if m.status is MaterialStatus.RECEIVED and m.source == "card_read":
                mark, state = "✔", tr("读卡获取")  # the card's face from the read, no scan
            elif m.status is MaterialStatus.RECEIVED and m.source == "reuse":
                mark, state = "✔", tr("材料复用 %n 页").replace("%n", str(m.pages))
            elif m.status is MaterialStatus.RECEIVED and m.source == "elicence":
                mark, state = "✔", tr("电子证照")
            elif m.status is MaterialStatus.RECEIVED:
                mark, state = "✔", tr("已扫描 %n 页").replace("%n", str(m.pages))
            elif m.status is MaterialStatus.COMMITMENT:
                mark, state = "✎", tr("告知承诺")
            elif m.code in deferred:
                mark, state = "⏳", tr("容缺后补（提交后按期补交）")
            elif required.get(m.code, True):
                mark, state = "○", tr("待扫描")
            else:
                mark, state = "○", tr("可不提交")
            if m.status is not MaterialStatus.RECEIVED and offered and m.code in offered:
                state += "　· " + offered[m.code]
            if m.check.startswith("size:"):
                state += "　⚠ " + tr("尺寸与材料不符，请核对")
            # The state on a line of its own, under the material's name.
            QListWidgetItem(f"{mark} {m.name}\n{state}", self)
            self._codes.append(m.code)
        self.blockSignals(False)
        if self._codes:
            self.setCurrentRow(min(max(current, 0), len(self._codes) - 1))

    def current_code(self) -> str | None:
        row = self.currentRow()
        return self._codes[row] if 0 <= row < len(self._codes) else None

    def _selected(self, row: int) -> None:
        if 0 <= row < len(self._codes):
            self.material_selected.emit(self._codes[row])
