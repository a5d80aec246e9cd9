"""Small helpers for building pages: titles, buttons, scroll areas.

Nothing here names ``PySide6.QtCore.Qt`` at import or for a title: the first
use of that namespace builds every enum in it (about 15 ms), which the apps'
first page (onewindow.gui's staged start) paints without. A centred title is
centred by the theme's style sheet, and a first page's buttons get their
hand cursor once the runtime is there (``hand_cursor``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QWidget


def title(
    text: str, parent: QWidget | None = None, role: str = "title", *, centred: bool = False
) -> QLabel:
    lab = QLabel(text, parent)
    lab.setProperty("role", role)
    if centred:
        lab.setProperty("centred", True)  # widgets.theme: qproperty-alignment
    lab.setWordWrap(True)
    return lab


def hand_cursor(b: QPushButton) -> None:
    """The pointing hand over a button."""
    from PySide6.QtCore import Qt

    b.setCursor(Qt.CursorShape.PointingHandCursor)


def button(
    text: str,
    parent: QWidget | None = None,
    *,
    name: str = "",
    primary=False,
    big=False,
    hand=True,
) -> QPushButton:
    """A themed button; ``hand=False`` leaves its cursor to a later ``hand_cursor``."""
    b = QPushButton(text, parent)
    if name:
        b.setObjectName(name)
    b.setProperty("primary", primary)
    b.setProperty("big", big)
    if hand:
        hand_cursor(b)
    return b
