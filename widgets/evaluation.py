"""好差评 after a service: five big level buttons, reason chips for a 差评, submit or skip.

The five levels and their names are the official ones (国办发〔2019〕51号,
wire.records.EVALUATION_LEVEL_NAMES). A citizen at a kiosk has no keyboard,
so a 不满意 / 非常不满意 is explained by tapping reason chips (data:
wire.records.EVALUATION_REASONS), never by typing. The panel only says what
was chosen; the window saves it (services.submission.evaluate) and then
calls ``show_thanks`` or ``show_error``.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from widgets.i18n import tr
from widgets.pages import button
from widgets.theme import AMBER, BLUE, GREEN, RED
from widgets.touch import balanced_lines, fit_lines, keep_text_room, kinetic
from wire.records import (
    EVALUATION_LEVEL_NAMES,
    EVALUATION_REASONS,
    NEGATIVE_LEVELS,
    EvaluationLevel,
)

CHIP_COLUMNS = 3
# px of text: longer (English) names and reasons go over lines, so the panel
# fits beside the receipt number on a 1280 px panel and a 1080 px portrait one.
LEVEL_TEXT = 110
CHIP_TEXT = 190
_TONE = {5: "good", 4: "good", 3: "fair", 2: "bad", 1: "bad"}

# Local to the panel so the rest of the app keeps its look; a widget's own
# style sheet wins over the application's.
_STYLE = f"""
QPushButton[evalLevel] {{
  font-size: 22px; font-weight: bold; min-height: 88px; min-width: 96px;
  padding: 6px 4px; border-width: 3px; border-radius: 14px; background: white;
}}
QPushButton[evalLevel="good"] {{ border-color: {GREEN}; color: {GREEN}; }}
QPushButton[evalLevel="fair"] {{ border-color: {AMBER}; color: {AMBER}; }}
QPushButton[evalLevel="bad"] {{ border-color: {RED}; color: {RED}; }}
QPushButton[evalLevel="good"]:checked {{ background: {GREEN}; color: white; }}
QPushButton[evalLevel="fair"]:checked {{ background: {AMBER}; color: white; }}
QPushButton[evalLevel="bad"]:checked {{ background: {RED}; color: white; }}
QPushButton[evalChip="true"] {{
  font-size: 22px; min-height: 48px; padding: 4px 10px; border-radius: 29px;
  border: 2px solid #78909c; color: #37474f; background: white;
}}
QPushButton[evalChip="true"]:checked {{
  background: {BLUE}; border-color: {BLUE}; color: white; font-weight: bold;
}}
QPushButton[evalAction="true"] {{ font-size: 24px; min-height: 48px; padding: 6px 18px; }}
QLabel[evalRole="heading"] {{ font-size: 28px; font-weight: bold; color: {BLUE}; }}
QLabel[evalRole="thanks"] {{ font-size: 34px; font-weight: bold; color: {GREEN}; }}
"""


def _stars(level: int) -> str:
    return "★" * level + "☆" * (5 - level)


class EvaluationPanel(QWidget):
    """The 好差评 panel of the kiosk's done page and the counter's evaluator page.

    Emits ``submitted(level, reason_codes)`` once per ``reset`` (buttons lock
    until ``show_thanks`` or ``show_error``) and ``skipped()``. Keeps no
    store and nothing about the citizen. GUI thread only.
    """

    submitted = Signal(int, list)
    skipped = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        reasons: Mapping[str, str] | None = None,
        heading: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("evaluation")
        self.setStyleSheet(_STYLE)
        self.reason_labels = dict(EVALUATION_REASONS if reasons is None else reasons)
        self.state = "choose"  # choose | sending | thanks | skipped
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(12)

        self.choose_box = QWidget(self)
        lay = QVBoxLayout(self.choose_box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        self.heading = QLabel(heading or tr("请您对本次服务进行评价"), self.choose_box)
        self.heading.setProperty("evalRole", "heading")
        self.heading.setWordWrap(True)
        lay.addWidget(self.heading)
        self.context = QLabel("", self.choose_box)
        self.context.setProperty("role", "hint")
        self.context.setWordWrap(True)
        lay.addWidget(self.context)

        row = QHBoxLayout()
        row.setSpacing(6)
        self.level_group = QButtonGroup(self)
        self.level_group.setExclusive(True)
        self.level_buttons: dict[int, QPushButton] = {}
        for level in sorted(EvaluationLevel, reverse=True):
            name = tr(EVALUATION_LEVEL_NAMES[level])
            b = QPushButton(_stars(level), self.choose_box)
            b.setObjectName(f"eval_level_{int(level)}")
            b.setAccessibleName(name)
            b.setCheckable(True)
            b.setProperty("evalLevel", _TONE[int(level)])
            fit_lines(b, LEVEL_TEXT, f"{_stars(level)}\n{name}")
            b.setCursor(Qt.CursorShape.PointingHandCursor)
            self.level_group.addButton(b, int(level))
            self.level_buttons[int(level)] = b
            row.addWidget(b, 1)
        self.level_group.idToggled.connect(self._on_level)
        lay.addLayout(row)
        how = QLabel(tr("点选一项，再点“提交评价”。"), self.choose_box)
        how.setProperty("role", "hint")
        lay.addWidget(how)

        self.reasons_box = QWidget(self.choose_box)
        rl = QVBoxLayout(self.reasons_box)
        rl.setContentsMargins(0, 4, 0, 0)
        rl.setSpacing(8)
        ask = QLabel(tr("请点选不满意的原因（可多选）"), self.reasons_box)
        ask.setProperty("role", "subtitle")
        ask.setWordWrap(True)
        rl.addWidget(ask)
        # The chips scroll by dragging when a small screen (or elder mode's big
        # text) leaves too little room; the panel's height never depends on them.
        self.reasons_area = QScrollArea(self.reasons_box)
        self.reasons_area.setObjectName("eval_reasons")
        self.reasons_area.setWidgetResizable(True)
        self.reasons_area.setFrameShape(QFrame.Shape.NoFrame)
        self.reasons_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget()
        holder.setObjectName("eval_reasons_holder")
        self.reasons_area.setStyleSheet(
            "QScrollArea, QWidget#eval_reasons_holder { background: transparent; }"
        )
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(10)
        self.chips: dict[str, QPushButton] = {}
        self.chip_words: dict[str, str] = {}  # each chip's words, over lines where long
        for i, (code, label) in enumerate(self.reason_labels.items()):
            chip = QPushButton(tr(label), holder)
            chip.setObjectName(f"eval_reason_{code}")
            chip.setAccessibleName(tr(label))
            chip.setCheckable(True)
            chip.setProperty("evalChip", True)
            chip.ensurePolished()  # its style sheet's font, to measure the words with
            fitted = balanced_lines(f"✓ {tr(label)}", QFontMetrics(chip.font()), CHIP_TEXT)
            self.chip_words[code] = fitted.removeprefix("✓ ")  # the tick's room kept
            chip.setText(f"✓ {self.chip_words[code]}")
            keep_text_room(chip)  # as wide as it is chosen: it never grows under the finger
            chip.setText(self.chip_words[code])
            chip.setCursor(Qt.CursorShape.PointingHandCursor)
            chip.toggled.connect(lambda on, c=code: self._on_chip(c, on))
            grid.addWidget(chip, i // CHIP_COLUMNS, i % CHIP_COLUMNS)
            self.chips[code] = chip
        self.reasons_area.setWidget(holder)
        kinetic(self.reasons_area)
        rl.addWidget(self.reasons_area, 1)
        # Keeps its room while hidden, so the buttons below never move under a finger.
        keep = self.reasons_box.sizePolicy()
        keep.setRetainSizeWhenHidden(True)
        self.reasons_box.setSizePolicy(keep)
        self.reasons_box.hide()
        lay.addWidget(self.reasons_box)
        lay.addStretch(1)

        self.msg = QLabel("", self.choose_box)
        self.msg.setProperty("role", "error")
        self.msg.setWordWrap(True)
        lay.addWidget(self.msg)
        actions = QHBoxLayout()
        self.skip_btn = button(tr("跳过"), self.choose_box, name="eval_skip")
        self.skip_btn.clicked.connect(self._skip)
        self.submit_btn = button(tr("提交评价"), self.choose_box, name="eval_submit", primary=True)
        self.submit_btn.clicked.connect(self._submit)
        for b in (self.skip_btn, self.submit_btn):
            b.setProperty("evalAction", True)
        actions.addWidget(self.skip_btn, 1)
        actions.addWidget(self.submit_btn, 2)
        lay.addLayout(actions)
        root.addWidget(self.choose_box, 1)

        self.done_box = QWidget(self)
        dl = QVBoxLayout(self.done_box)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addStretch(1)
        self.done_title = QLabel("", self.done_box)
        self.done_title.setProperty("evalRole", "thanks")
        self.done_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_title.setWordWrap(True)
        dl.addWidget(self.done_title)
        self.done_note = QLabel("", self.done_box)
        self.done_note.setProperty("role", "subtitle")
        self.done_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_note.setWordWrap(True)
        dl.addWidget(self.done_note)
        self.again_btn = button(tr("我要评价"), self.done_box, name="eval_again")
        self.again_btn.setProperty("evalAction", True)
        self.again_btn.clicked.connect(lambda: self.reset(self.context.text()))
        dl.addWidget(self.again_btn, 0, Qt.AlignmentFlag.AlignHCenter)
        dl.addStretch(2)
        root.addWidget(self.done_box, 1)
        self.reset()

    # ---- what the window calls -------------------------------------------------
    def reset(self, context: str = "") -> None:
        """A fresh, empty evaluation (``context``: e.g. the receipt number, shown small)."""
        self.level_group.setExclusive(False)  # an exclusive group cannot uncheck
        for b in self.level_buttons.values():
            b.setChecked(False)
        self.level_group.setExclusive(True)
        for chip in self.chips.values():
            chip.setChecked(False)
        self.context.setText(context)
        self.context.setVisible(bool(context))
        self.reasons_box.hide()
        self.msg.setText("")
        self._set_state("choose")

    def show_thanks(self, note: str = "") -> None:
        """The evaluation is saved: thank the citizen (``note``: what happens next)."""
        self.done_title.setText("✓ " + tr("感谢您的评价！"))
        text = tr("您的评价将帮助我们改进服务。")
        self.done_note.setText(f"{text}\n{note}" if note else text)
        self._set_state("thanks")

    def show_error(self, text: str) -> None:
        """Saving failed: say so and let the citizen try again (the choice is kept)."""
        self.msg.setText(text)
        self._set_state("choose")

    def level(self) -> EvaluationLevel | None:
        chosen = self.level_group.checkedId()
        return EvaluationLevel(chosen) if chosen > 0 else None

    def reasons(self) -> list[str]:
        """The chosen reason codes, in the order they are offered."""
        if self.level() not in NEGATIVE_LEVELS:
            return []
        return [code for code, chip in self.chips.items() if chip.isChecked()]

    # ---- inside ------------------------------------------------------------------
    def _set_state(self, state: str) -> None:
        self.state = state
        choosing = state in ("choose", "sending")
        self.choose_box.setVisible(choosing)
        self.done_box.setVisible(not choosing)
        self.again_btn.setVisible(state == "skipped")
        self.done_title.setVisible(bool(self.done_title.text()))
        for b in (*self.level_buttons.values(), *self.chips.values(), self.skip_btn):
            b.setEnabled(state == "choose")
        self.submit_btn.setEnabled(state == "choose" and self.level() is not None)

    def _on_level(self, level: int, checked: bool) -> None:
        if not checked:
            return
        self.reasons_box.setVisible(EvaluationLevel(level) in NEGATIVE_LEVELS)
        self.msg.setText("")
        self.submit_btn.setEnabled(self.state == "choose")

    def _on_chip(self, code: str, on: bool) -> None:
        label = self.chip_words[code]
        self.chips[code].setText(f"✓ {label}" if on else label)  # not by colour alone
        if on:
            self.msg.setText("")

    def _submit(self) -> None:
        if self.state != "choose":
            return
        level = self.level()
        if level is None:
            self.msg.setText(tr("请先点选一项评价"))
            return
        reasons = self.reasons()
        if level in NEGATIVE_LEVELS and not reasons:
            self.msg.setText(tr("请至少点选一项原因，再提交评价"))
            return
        self._set_state("sending")
        self.submitted.emit(int(level), reasons)

    def _skip(self) -> None:
        if self.state != "choose":
            return
        self.done_title.setText("")
        self.done_note.setText(tr("您已跳过评价。"))
        self._set_state("skipped")
        self.skipped.emit()


def evaluation_card(parent: QWidget, margin: int) -> tuple[QFrame, EvaluationPanel]:
    """The panel on a white rounded card, as both apps show it (GUI thread)."""
    card = QFrame(parent)
    card.setObjectName("evaluation_card")
    card.setStyleSheet(
        "QFrame#evaluation_card{background:white;border:1px solid #cfd8dc;border-radius:14px;}"
    )
    inner = QVBoxLayout(card)
    inner.setContentsMargins(margin + 8, margin, margin + 8, margin)
    panel = EvaluationPanel(card)
    inner.addWidget(panel)
    return card, panel
