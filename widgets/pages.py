"""Small helpers for building pages: titles, buttons, scroll areas.

Nothing here names ``PySide6.QtCore.Qt`` at import or for a title: the first
use of that namespace builds every enum in it (about 15 ms), which the apps'
first page (onewindow.gui's staged start) paints without. A centred title is
centred by the theme's style sheet, and a first page's buttons get their
hand cursor once the runtime is there (``hand_cursor``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from widgets.i18n import tr

if TYPE_CHECKING:
    from core.catalog import Item


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


def time_limit(item: Item) -> str:
    """The promised time of an item in the UI's language (当场办结 / N个工作日)."""
    if item.on_the_spot:
        return tr("当场办结")
    return tr("%d个工作日").replace("%d", str(item.promised_days))
