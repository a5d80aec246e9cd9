"""情景式引导: the item's scenario questions as big toggle buttons.

One row of buttons per question, one button per answer (exclusive within the
question). A question with a condition (``ScenarioQuestion.show_if``) shows
only once its earlier question has the given answer; when that answer
changes, the question hides and its own answer is forgotten, so what
``answers()`` returns is always what ``Item.select`` asks for.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.catalog import Item, ScenarioQuestion

# Answers this long or more than two per question go one per row.
_WIDE = 14


class ScenarioQuestions(QWidget):
    """The questions of one item; ``answers()`` is None until every shown one is answered.

    GUI thread only.
    """

    changed = Signal()  # an answer was given or a question appeared or went

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lay = QVBoxLayout(self)
        self.lay.setContentsMargins(0, 0, 0, 0)
        self.lay.setSpacing(8)
        self.questions: tuple[ScenarioQuestion, ...] = ()
        self.groups: dict[str, QButtonGroup] = {}
        self.boxes: dict[str, QWidget] = {}  # one per question: its text and its buttons

    def set_item(self, item: Item) -> None:
        while self.lay.count():
            w = self.lay.takeAt(0).widget()
            if w is not None:  # gone at once for findChild, deleted later
                w.hide()
                w.setParent(None)
                w.deleteLater()
        self.groups, self.boxes = {}, {}
        self.questions = item.scenario
        for q in item.scenario:
            box = QWidget(self)
            box.setObjectName(f"scenario_{q.key}")
            v = QVBoxLayout(box)
            v.setContentsMargins(0, 6, 0, 6)
            lab = QLabel(q.text, box)
            lab.setProperty("role", "subtitle")
            lab.setWordWrap(True)
            v.addWidget(lab)
            grid = QGridLayout()
            grid.setSpacing(10)
            one_per_row = len(q.options) > 2 or any(len(o.label) >= _WIDE for o in q.options)
            group = QButtonGroup(box)
            group.setExclusive(True)
            for i, o in enumerate(q.options):
                b = QPushButton(o.label, box)
                b.setObjectName(f"scenario_{q.key}_{i}")
                b.setCheckable(True)
                b.setProperty("choice", True)
                group.addButton(b, i)
                if one_per_row:
                    grid.addWidget(b, i, 0)
                else:
                    grid.addWidget(b, 0, i)
            group.idClicked.connect(lambda _i: self._follow())
            v.addLayout(grid)
            self.lay.addWidget(box)
            self.groups[q.key] = group
            self.boxes[q.key] = box
        self._follow()

    def answer(self, key: str, index: int) -> None:
        """Give an answer as a tap would; an answer to a question not shown is ignored."""
        box = self.boxes[key]
        if box.isHidden():
            return
        self.groups[key].button(index).click()

    def is_shown(self, key: str) -> bool:
        return not self.boxes[key].isHidden()

    def answers(self) -> dict[str, int] | None:
        out: dict[str, int] = {}
        for q in self.questions:
            if self.boxes[q.key].isHidden():
                continue
            idx = self.groups[q.key].checkedId()
            if idx < 0:
                return None
            out[q.key] = idx
        return out

    def _follow(self) -> None:
        """Show the questions the answers so far ask; forget answers of hidden ones."""
        given: dict[str, int] = {}
        for q in self.questions:
            shown = q.asked(given)
            self.boxes[q.key].setHidden(not shown)
            group = self.groups[q.key]
            if not shown:
                _clear(group)
            elif group.checkedId() >= 0:
                given[q.key] = group.checkedId()
        self.changed.emit()


def _clear(group: QButtonGroup) -> None:
    checked = group.checkedButton()
    if checked is not None:
        group.setExclusive(False)  # an exclusive group keeps one button down
        checked.setChecked(False)
        group.setExclusive(True)
