"""Small helpers for building pages: titles, buttons, scroll areas."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget


def title(text: str, parent: QWidget | None = None, role: str = "title") -> QLabel:
    lab = QLabel(text, parent)
    lab.setProperty("role", role)
    lab.setWordWrap(True)
    return lab


def button(
    text: str, parent: QWidget | None = None, *, name: str = "", primary=False, big=False
) -> QPushButton:
    b = QPushButton(text, parent)
    if name:
        b.setObjectName(name)
    b.setProperty("primary", primary)
    b.setProperty("big", big)
    b.setCursor(Qt.CursorShape.PointingHandCursor)
    return b
