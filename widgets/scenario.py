"""情景式引导: the item's scenario questions as choice boxes."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from core.catalog import Item
from widgets.i18n import tr


class ScenarioQuestions(QWidget):
    """One choice box per question; ``answers()`` is None until all are answered.

    GUI thread only.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lay = QVBoxLayout(self)
        self.lay.setContentsMargins(0, 0, 0, 0)
        self.combos: dict[str, QComboBox] = {}

    def set_item(self, item: Item) -> None:
        while self.lay.count():
            w = self.lay.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.combos = {}
        for q in item.scenario:
            lab = QLabel(q.text, self)
            lab.setProperty("role", "subtitle")
            lab.setWordWrap(True)
            combo = QComboBox(self)
            combo.setObjectName(f"scenario_{q.key}")
            combo.addItem(tr("请选择"), -1)
            for i, o in enumerate(q.options):
                combo.addItem(o.label, i)
            self.lay.addWidget(lab)
            self.lay.addWidget(combo)
            self.combos[q.key] = combo

    def answer(self, key: str, index: int) -> None:
        combo = self.combos[key]
        combo.setCurrentIndex(combo.findData(index))

    def answers(self) -> dict[str, int] | None:
        out: dict[str, int] = {}
        for key, combo in self.combos.items():
            idx = combo.currentData()
            if idx is None or idx < 0:
                return None
            out[key] = idx
        return out
