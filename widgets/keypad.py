"""An on-screen number pad for citizens who cannot use a keyboard."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QWidget

from widgets.i18n import N_, tr


class NumberPad(QWidget):
    """Types digits into a target line edit. GUI thread only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target: QLineEdit | None = None
        grid = QGridLayout(self)
        grid.setSpacing(6)
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", N_("清空"), "0", N_("退格")]
        for i, k in enumerate(keys):
            b = QPushButton(tr(k) if not k.isdigit() else k, self)
            b.setMinimumSize(72, 56)
            b.setProperty("key", k)
            b.clicked.connect(lambda _=False, k=k: self.press(k))
            grid.addWidget(b, i // 3, i % 3)

    def press(self, key: str) -> None:
        if self.target is None:
            return
        text = self.target.text()
        if key == "清空":
            text = ""
        elif key == "退格":
            text = text[:-1]
        else:
            text += key
        self.target.setText(text)
