"""显示: personal data shown in full only while the citizen's finger holds a button.

Kiosk screens face the queue behind the citizen: a name, an ID number, a
birth date or an address read from the card is shown masked (core.identity's
mask functions). Pressing and holding 显示 shows the full values; releasing
it (or the page going away) masks them again. A tap is a short hold.
"""

from __future__ import annotations

from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from widgets.i18n import tr
from widgets.pages import hand_cursor

MIN_SIZE = 60  # a touch target at 1080p; as tall as the theme's plain buttons


class HoldToShow(QPushButton):
    """A 显示 button, held to show, over some labels or line edits. GUI thread only.

    ``add(widget, full, masked)`` registers a value; ``clear()`` forgets all
    of them (a new form, a new citizen). The full text lives only in this
    object and in the widget while the button is held.
    """

    def __init__(self, parent: QWidget | None = None, *, name: str = "reveal") -> None:
        super().__init__(tr("显示"), parent)
        self.setObjectName(name)
        self.setMinimumSize(MIN_SIZE * 2, MIN_SIZE)
        self.setToolTip(tr("按住时显示完整信息，松开即隐藏"))
        hand_cursor(self)
        self._values: list[tuple[QLabel | QLineEdit, str, str]] = []
        self.showing = False
        self.pressed.connect(lambda: self._show(True))
        self.released.connect(lambda: self._show(False))
        self.setVisible(False)

    def add(self, widget: QLabel | QLineEdit, full: str, masked: str) -> None:
        self._values.append((widget, full, masked))
        widget.setText(full if self.showing else masked)
        self.setVisible(self.has_values)

    @property
    def has_values(self) -> bool:
        """Something is masked under this button."""
        return any(f != m for _w, f, m in self._values)

    def clear(self) -> None:
        """Forget the values; their widgets are left blank (a new citizen's comes next)."""
        self.showing = False
        for widget, _full, _masked in self._values:
            widget.setText("")
        self._values = []
        self.setVisible(False)

    def _show(self, on: bool) -> None:
        self.showing = on
        for widget, full, masked in self._values:
            widget.setText(full if on else masked)

    def hideEvent(self, e: QHideEvent) -> None:
        self._show(False)  # a page changed under the finger: masked again
        super().hideEvent(e)
