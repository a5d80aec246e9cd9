"""情景式引导: the item's scenario questions as big toggle buttons.

One row of buttons per question, one button per answer (exclusive within the
question). A question with a condition (``ScenarioQuestion.show_if``) shows
only once its earlier question has the given answer; when that answer
changes, the question hides and its own answer is forgotten, so what
``answers()`` returns is always what ``Item.select`` asks for.

One at a time (长辈模式, widgets.elder): only the current question is on
screen, an answer moves on to the next question asked, and 上一题 / 下一题
go back and forth; what is asked and answered is the same as with all of
them shown.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.catalog import Item, ScenarioQuestion
from widgets.i18n import tr
from widgets.pages import button

# Answers this long or more than two per question go one per row.
_WIDE = 14


class ScenarioQuestions(QWidget):
    """The questions of one item; ``answers()`` is None until every shown one is answered.

    GUI thread only.
    """

    changed = Signal()  # an answer was given or a question appeared or went

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(8)
        self.lay = QVBoxLayout()
        self.lay.setContentsMargins(0, 0, 0, 0)
        self.lay.setSpacing(8)
        outer.addLayout(self.lay)
        self.questions: tuple[ScenarioQuestion, ...] = ()
        self.groups: dict[str, QButtonGroup] = {}
        self.boxes: dict[str, QWidget] = {}  # one per question: its text and its buttons
        self.one_at_a_time = False
        self.asked: list[str] = []  # the questions the answers so far ask, in order
        self.current = ""  # the one on screen when one at a time
        self.steps = QWidget(self)  # 上一题 · 第 n 题，共 m 题 · 下一题
        row = QHBoxLayout(self.steps)
        row.setContentsMargins(0, 0, 0, 0)
        self.prev_btn = button(tr("上一题"), self.steps, name="scenario_prev")
        self.prev_btn.clicked.connect(lambda: self._step(-1))
        self.step_label = QLabel("", self.steps)
        self.step_label.setObjectName("scenario_step")
        self.next_btn = button(tr("下一题"), self.steps, name="scenario_next")
        self.next_btn.clicked.connect(lambda: self._step(1))
        row.addWidget(self.prev_btn)
        row.addStretch(1)
        row.addWidget(self.step_label)
        row.addStretch(1)
        row.addWidget(self.next_btn)
        self.steps.hide()
        outer.addWidget(self.steps)

    def set_item(self, item: Item) -> None:
        while self.lay.count():
            w = self.lay.takeAt(0).widget()
            if w is not None:  # gone at once for findChild, deleted later
                w.hide()
                w.setParent(None)
                w.deleteLater()
        self.groups, self.boxes = {}, {}
        self.current = ""
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
            group.idClicked.connect(lambda _i, k=q.key: self._follow(k))
            v.addLayout(grid)
            self.lay.addWidget(box)
            self.groups[q.key] = group
            self.boxes[q.key] = box
        self._follow()

    def set_one_at_a_time(self, on: bool) -> None:
        """长辈模式: one question on screen at a time (the first unanswered one)."""
        self.one_at_a_time = on
        self.current = ""
        if self.questions:
            self._follow()

    def answer(self, key: str, index: int) -> None:
        """Give an answer as a tap would; an answer to a question not asked is ignored."""
        if key not in self.asked:
            return
        self.groups[key].button(index).click()  # a hidden button clicks too (one at a time)

    def is_shown(self, key: str) -> bool:
        """The question is asked (on screen, or one at a time: in the row of questions)."""
        return key in self.asked

    def answers(self) -> dict[str, int] | None:
        out: dict[str, int] = {}
        for q in self.questions:
            if q.key not in self.asked:
                continue
            idx = self.groups[q.key].checkedId()
            if idx < 0:
                return None
            out[q.key] = idx
        return out

    def _follow(self, answered: str = "") -> None:
        """Show the questions the answers so far ask; forget answers of the others.

        ``answered``: the question just answered (one at a time, the next one comes).
        """
        given: dict[str, int] = {}
        self.asked = []
        for q in self.questions:
            group = self.groups[q.key]
            if not q.asked(given):
                _clear(group)
                continue
            self.asked.append(q.key)
            if group.checkedId() >= 0:
                given[q.key] = group.checkedId()
        if answered in self.asked:
            i = self.asked.index(answered)
            self.current = self.asked[min(i + 1, len(self.asked) - 1)]
        if self.current not in self.asked:
            waiting = [k for k in self.asked if k not in given]
            self.current = (waiting or self.asked or [""])[0]
        for q in self.questions:
            on_screen = q.key in self.asked and (not self.one_at_a_time or q.key == self.current)
            self.boxes[q.key].setHidden(not on_screen)
        self._show_steps(given)
        self.changed.emit()

    def _step(self, delta: int) -> None:
        if self.current in self.asked:
            i = self.asked.index(self.current) + delta
            self.current = self.asked[max(0, min(i, len(self.asked) - 1))]
        self._follow()

    def _show_steps(self, given: dict[str, int]) -> None:
        many = self.one_at_a_time and len(self.asked) > 1
        self.steps.setVisible(many)
        if not many:
            return
        i = self.asked.index(self.current)
        self.step_label.setText(
            tr("第 %1 题，共 %2 题").replace("%1", str(i + 1)).replace("%2", str(len(self.asked)))
        )
        self.prev_btn.setEnabled(i > 0)
        # On past an answered question; an unanswered one waits for its answer.
        self.next_btn.setEnabled(i + 1 < len(self.asked) and self.current in given)


def _clear(group: QButtonGroup) -> None:
    checked = group.checkedButton()
    if checked is not None:
        group.setExclusive(False)  # an exclusive group keeps one button down
        checked.setChecked(False)
        group.setExclusive(True)
