"""Every touch target on every kiosk page is at least 60 px (about 15 mm) at 1080p.

The walk (tests/kiosk_walk.py) puts the real kiosk window at 1920×1080 into
each state a citizen sees; on each, every visible interactive thing is
measured: buttons (push, tool, radio, check), text boxes, drop-downs and the
rows of their lists, the rows of item views, tab bar tabs, sliders. Its
smaller dimension must be ≥ 60 px.

Scroll bars are the one exception, at ≥ 28 px thick: the kiosk's lists
scroll by dragging their content (QScroller, widgets.touch.kinetic), so the
bar is an indicator a finger may grab, not the way to scroll; a 60 px bar
would take a tenth of a 1280 px panel's width from every list.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QLineEdit,
    QScrollBar,
    QSlider,
    QTabBar,
    QWidget,
)

from onewindow.gui import make_window
from tests.gui_helpers import app_config
from tests.kiosk_walk import STATES, walk
from widgets.theme import apply_theme

MIN_TARGET = 60  # px at 1080p: about 15 mm on a 21.5" panel
MIN_SCROLL_BAR = 28  # px thick: see the module's docstring
NOWHERE = "http://127.0.0.1:9"


def _shown(w: QWidget, top: QWidget) -> bool:
    return w.isVisibleTo(top) and w.isVisible()


def _rows(view: QAbstractItemView) -> list[int]:
    model = view.model()
    if model is None:
        return []
    out = []
    for row in range(model.rowCount(view.rootIndex())):
        idx = model.index(row, 0, view.rootIndex())
        rect = view.visualRect(idx)
        h = rect.height() if rect.isValid() and rect.height() > 0 else view.sizeHintForRow(row)
        out.append(h)
    return out


def small_targets(page: str, win: QWidget) -> list[str]:
    """``page/objectName/class/size`` of each visible target below the minimum."""
    found: list[str] = []

    def note(w: QWidget, what: str, w_px: int, h_px: int) -> None:
        # A button's words when it has no name; never a text box's (personal data).
        label = w.text()[:16] if isinstance(w, QAbstractButton) else ""
        name = w.objectName() or label or "?"
        found.append(f"{page}/{name}/{type(w).__name__}{what}/{w_px}x{h_px}")

    for w in win.findChildren(QWidget):
        if not _shown(w, win):
            continue
        if isinstance(w, QScrollBar):
            thick = w.width() if w.orientation() == Qt.Orientation.Vertical else w.height()
            if thick < MIN_SCROLL_BAR:
                note(w, "", w.width(), w.height())
            continue
        if isinstance(w, QAbstractScrollArea):
            # A bar that appears later (a list grows) has the width its style gives it.
            bar = w.verticalScrollBar()
            if (
                w.verticalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff
                and not bar.isVisible()
                and bar.sizeHint().width() < MIN_SCROLL_BAR
                and not isinstance(w.parent(), QComboBox)
                and type(w).__name__ != "QComboBoxListView"
            ):
                note(bar, "(hidden bar)", bar.sizeHint().width(), bar.sizeHint().height())
        if isinstance(w, QAbstractItemView):  # the rows of a list, a table, a checklist
            for i, h in enumerate(_rows(w)):
                if h < MIN_TARGET:
                    note(w, f"[row {i}]", w.viewport().width(), h)
        if isinstance(w, QComboBox):
            view = w.view()
            for i in range(w.count()):
                h = view.sizeHintForRow(i)
                if h < MIN_TARGET:
                    note(w, f"[row {i}]", w.width(), h)
        if isinstance(w, QTabBar):
            for i in range(w.count()):
                r = w.tabRect(i)
                if min(r.width(), r.height()) < MIN_TARGET:
                    note(w, f"[tab {i}]", r.width(), r.height())
            continue
        targets = QAbstractButton | QLineEdit | QComboBox | QSlider
        if isinstance(w, targets) and min(w.width(), w.height()) < MIN_TARGET:
            note(w, "", w.width(), w.height())
    return found


@pytest.fixture
def kiosk(qtbot, qapp, tmp_path):
    apply_theme(qapp)
    win, bridge = make_window(app_config(tmp_path, "kiosk", NOWHERE))
    qtbot.addWidget(win)
    win.resize(1920, 1080)
    win.show()
    bridge.start()
    yield win
    bridge.close()
    qapp.setStyleSheet("")


def test_every_kiosk_target_is_at_least_60_px_at_1080p(qtbot, kiosk):
    small: list[str] = []
    seen = []
    for state in walk(qtbot, kiosk):
        seen.append(state)
        small += small_targets(state, kiosk)
    assert len(seen) == len(STATES), seen
    assert not small, "smaller than a finger (page/objectName/class/size):\n" + "\n".join(small)
