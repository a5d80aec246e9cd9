"""The citizen's screen at a window (评价屏): the 好差评 card, away from the clerk's screen.

The counter's rating belongs to the citizen: when the clerk asks for it, the
card appears here, on the window's second monitor turned to the citizen
(full screen there when the PC has two screens), never on the clerk's screen,
which only says that a rating is awaited (counter/pages/evaluate.py). Between
ratings it shows the hall and who is serving (the clerk's staff number and
name, as on the receipt). A PC with one screen shows it as a window of its
own, to be moved to a citizen-facing display; ``[counter] customer_screen =
"none"`` leaves it out (a hall with a separate evaluator device).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from widgets.evaluation import evaluation_card
from widgets.i18n import tr
from widgets.pages import title


class CustomerScreen(QWidget):
    """The citizen-facing window: a welcome, or the rating card. GUI thread only."""

    def __init__(self, hall_name: str) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("customer_screen")
        self.setWindowTitle(tr("一窗通 · 服务评价"))
        self.setStyleSheet("QWidget#customer_screen{background:#f4f6f8;}")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(60, 32, 60, 24)
        self.stack = QStackedWidget(self)
        lay.addWidget(self.stack, 1)
        welcome = QWidget(self.stack)
        wl = QVBoxLayout(welcome)
        wl.addStretch(1)
        wl.addWidget(title(hall_name, welcome, centred=True))
        self.serving = title("", welcome, role="subtitle", centred=True)
        self.serving.setObjectName("customer_serving")
        wl.addWidget(self.serving)
        hello = title(
            tr("您好，欢迎办理。办理完成后，请在这里对我们的服务进行评价。"), welcome, "hint"
        )
        hello.setAlignment(Qt.AlignmentFlag.AlignCenter)
        wl.addWidget(hello)
        wl.addStretch(2)
        self.stack.addWidget(welcome)
        card_page = QWidget(self.stack)
        cl = QVBoxLayout(card_page)
        cl.setContentsMargins(0, 0, 0, 0)
        card, self.evaluation = evaluation_card(card_page, margin=20)
        cl.addWidget(card, 1)
        self.stack.addWidget(card_page)
        self.resize(1024, 600)  # a citizen-facing display's size; full screen on a second one

    def set_clerk(self, label: str) -> None:
        """Who serves here (staff number and name), or "" when nobody is signed in."""
        self.serving.setText(f"{tr('经办人')} {label}" if label else tr("窗口暂停服务"))
        self.serving.setVisible(True)

    def show_welcome(self) -> None:
        self.stack.setCurrentIndex(0)

    def show_rating(self, context: str) -> None:
        """The card, fresh, for the case just taken in (``context``: who, which receipt)."""
        self.evaluation.reset(context)
        self.stack.setCurrentIndex(1)
        self.raise_()

    @property
    def rating(self) -> bool:
        return self.stack.currentIndex() == 1

    def place(self, beside: QWidget) -> None:
        """On the second screen, full screen, when there is one; else a window of its own."""
        screens = QGuiApplication.screens()
        mine = beside.screen() if beside.isVisible() else QGuiApplication.primaryScreen()
        others = [s for s in screens if s is not mine]
        if others:
            self.setScreen(others[0])
            self.move(others[0].geometry().topLeft())
            self.showFullScreen()
        else:
            self.show()
