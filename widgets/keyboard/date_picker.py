"""A date picker with big buttons: year, month and day each stepped by − and +."""

from __future__ import annotations

import calendar
import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from widgets.i18n import tr

KEY = 64  # px: ≥ 60 at 1080p


class DatePicker(QWidget):
    """Picks a date without typing; emits ``picked`` (ISO text) on every change.

    GUI thread only.
    """

    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.date = dt.date.today()
        grid = QGridLayout(self)
        grid.setSpacing(8)
        self.labels: dict[str, QLabel] = {}
        for col, (part, name) in enumerate(
            (("year", tr("年")), ("month", tr("月")), ("day", tr("日")))
        ):
            up = self._key(f"{name} +", f"date_{part}_up", lambda _=False, p=part: self.step(p, 1))
            down = self._key(
                f"{name} -", f"date_{part}_down", lambda _=False, p=part: self.step(p, -1)
            )
            lab = QLabel("", self)
            lab.setObjectName(f"date_{part}")
            lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
            lab.setProperty("role", "date_part")
            lab.setMinimumHeight(KEY)
            self.labels[part] = lab
            grid.addWidget(up, 0, col)
            grid.addWidget(lab, 1, col)
            grid.addWidget(down, 2, col)
        today = self._key(tr("今天"), "date_today", lambda: self.set_date(dt.date.today(), True))
        today.setAutoRepeat(False)
        grid.addWidget(today, 3, 0, 1, 3)
        self._show()

    def _key(self, text: str, name: str, slot) -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        b.setMinimumSize(KEY * 2, KEY)
        b.setAutoRepeat(True)  # hold to run through the years
        b.setProperty("role", "key")
        b.clicked.connect(slot)
        return b

    def set_date(self, date: dt.date, emit: bool = False) -> None:
        self.date = date
        self._show()
        if emit:
            self.picked.emit(date.isoformat())

    def set_text(self, text: str) -> None:
        """Start from a field's text (ISO), or today when it holds none."""
        try:
            self.set_date(dt.date.fromisoformat(text.strip()))
        except ValueError:
            self.set_date(dt.date.today())

    def step(self, part: str, delta: int) -> None:
        d = self.date
        y, m = d.year, d.month
        if part == "year":
            y = min(max(y + delta, 1900), 2100)
        elif part == "month":
            m = (m - 1 + delta) % 12 + 1
        if part == "day":
            last = calendar.monthrange(y, m)[1]
            new = d.replace(day=(d.day - 1 + delta) % last + 1)
        else:
            new = dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))
        self.set_date(new, True)

    def _show(self) -> None:
        self.labels["year"].setText(str(self.date.year))
        self.labels["month"].setText(f"{self.date.month:02d}")
        self.labels["day"].setText(f"{self.date.day:02d}")
