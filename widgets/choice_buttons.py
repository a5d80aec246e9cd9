"""A choice as big toggle buttons: a touch screen's drop-down list replaced.

``ChoiceButtons`` keeps the part of QComboBox's interface the forms use
(``addItem``, ``findData``, ``currentIndex``/``setCurrentIndex``,
``currentData``, ``count``), so code written for a combo box works with it.
Index 0 is the "nothing chosen" entry, which has no button.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QPushButton, QWidget

from widgets.pages import hand_cursor
from widgets.touch import balanced_lines

MIN_HEIGHT = 64  # ≥ 60 px at 1080p
PER_ROW = 2  # the kiosk's form is about half the screen wide
_WIDE = 6  # answers this long go one per row


def toggle_button(
    text: str, parent: QWidget | None, name: str, max_width: int | None = None
) -> QPushButton:
    """A big checkable button in the theme's ``choice`` look (bold when checked).

    ``max_width``: long words go over lines no wider than that (an English
    sentence on one line is wider than a portrait screen).
    """
    b = QPushButton(text, parent)
    b.setObjectName(name)
    b.setCheckable(True)
    b.setProperty("choice", True)
    # Checked, the theme makes it bold: wide enough for the bold words too.
    bold = QFont(b.font())
    bold.setBold(True)
    bold.setPixelSize(20)
    fm = QFontMetrics(bold)
    if max_width is not None:
        text = balanced_lines(text, fm, max_width - 48)
        b.setText(text)
    lines = text.split("\n")
    b.setMinimumHeight(max(MIN_HEIGHT, len(lines) * fm.lineSpacing() + 24))
    b.setMinimumWidth(max(fm.horizontalAdvance(line) for line in lines) + 48)
    hand_cursor(b)
    return b


class ChoiceButtons(QWidget):
    """One exclusive toggle button per choice. GUI thread only."""

    currentIndexChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(8)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.idClicked.connect(self.currentIndexChanged.emit)
        self._data: list[Any] = []
        self._texts: list[str] = []
        self.buttons: list[QPushButton] = []

    def addItem(self, text: str, data: Any = None) -> None:
        index = len(self._data)
        self._data.append(data)
        self._texts.append(text)
        if index == 0:
            return  # "请选择": no button, it is what nothing checked means
        b = toggle_button(text, self, f"{self.objectName() or 'choice'}_{index}")
        self.group.addButton(b, index)
        self.buttons.append(b)
        self._lay_out()

    def _lay_out(self) -> None:
        per_row = 1 if any(len(t) >= _WIDE for t in self._texts[1:]) else PER_ROW
        for i, b in enumerate(self.buttons):
            self.grid.addWidget(b, i // per_row, i % per_row)

    def setObjectName(self, name: str) -> None:
        super().setObjectName(name)
        for i, b in enumerate(self.buttons, start=1):
            b.setObjectName(f"{name}_{i}")

    def count(self) -> int:
        return len(self._data)

    def findData(self, data: Any) -> int:
        try:
            return self._data.index(data)
        except ValueError:
            return -1

    def currentIndex(self) -> int:
        i = self.group.checkedId()
        return i if i > 0 else 0

    def setCurrentIndex(self, index: int) -> None:
        if index <= 0:
            checked = self.group.checkedButton()
            if checked is not None:
                self.group.setExclusive(False)
                checked.setChecked(False)
                self.group.setExclusive(True)
        else:
            self.group.button(index).setChecked(True)
        self.currentIndexChanged.emit(self.currentIndex())

    def currentData(self) -> Any:
        return self._data[self.currentIndex()] if self._data else None

    def currentText(self) -> str:
        return self._texts[self.currentIndex()] if self._texts else ""
