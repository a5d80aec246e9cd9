"""Touch: lists that scroll by dragging, targets a finger can hit, words that fit a button.

``kinetic`` makes a scroll area (a QScrollArea, a list) scroll by dragging
its content, with inertia (QScroller). ``TOUCH_STYLE`` is the kiosk's
touch-size style sheet: set on a kiosk page (kiosk.pages.base), it makes
every text box, drop-down and its rows, list row, tab and check box of that
page at least 60 px (about 15 mm at 1080p) and scroll bars 28 px thick. It
names only sizes, never fonts or colours, so the theme (widgets.theme, its
elder mode) keeps the look; ``touch_rows`` lets a drop-down's rows follow
it. ``fit_lines`` breaks a button's words over
lines, so that an English label does not make a page wider than its screen.
"""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QPushButton,
    QScroller,
    QScrollerProperties,
    QStyledItemDelegate,
    QWidget,
)

MIN_TARGET = 60  # px at 1080p
SCROLL_BAR = 28  # px: an indicator a finger may grab; the content is what is dragged

# Sizes only (box model: min-height + padding + border ≥ 60). A widget's own
# style sheet still wins over these, as over the theme's.
TOUCH_STYLE = f"""
QLineEdit, QComboBox {{ min-height: 46px; }}
QComboBox QAbstractItemView::item {{ min-height: {MIN_TARGET}px; }}
QListWidget::item {{ min-height: {MIN_TARGET - 20}px; }}
QTabBar::tab {{ min-height: {MIN_TARGET - 20}px; min-width: {MIN_TARGET}px; }}
QCheckBox, QRadioButton {{ min-height: {MIN_TARGET}px; spacing: 8px; }}
QCheckBox::indicator, QRadioButton::indicator {{ width: 36px; height: 36px; }}
QScrollBar:vertical {{ width: {SCROLL_BAR}px; }}
QScrollBar:horizontal {{ height: {SCROLL_BAR}px; }}
"""


def kinetic(area: QAbstractScrollArea) -> None:
    """Dragging the list scrolls it, with inertia; the bar is thick enough to grab.

    The press reaches the button under the finger at once (no press delay):
    with Qt's default delay a second tap soon after the first was lost.
    GUI thread.
    """
    if isinstance(area, QAbstractItemView):  # by pixels, not by whole rows: it follows the finger
        area.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        area.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(area.viewport())
    props = scroller.scrollerProperties()
    props.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0)
    scroller.setScrollerProperties(props)
    area.verticalScrollBar().setStyleSheet(f"QScrollBar:vertical {{ width: {SCROLL_BAR}px; }}")
    area.horizontalScrollBar().setStyleSheet(f"QScrollBar:horizontal {{ height: {SCROLL_BAR}px; }}")


def touch_rows(root: QWidget) -> None:
    """Every drop-down under ``root`` draws its rows with the style sheet's height.

    A QComboBox's own row painter ignores the style sheet (its rows stay
    about 37 px); a styled delegate follows ``TOUCH_STYLE``. GUI thread.
    """
    for combo in root.findChildren(QComboBox):
        if not isinstance(combo.itemDelegate(), QStyledItemDelegate):
            combo.setItemDelegate(QStyledItemDelegate(combo))


def balanced_lines(text: str, fm: QFontMetrics, max_width: int) -> str:
    """``text`` with its spaces turned into line breaks where a line is wider than ``max_width``.

    Each existing line is kept whole when it fits; otherwise its words go on
    as few lines as fit (a single long word stays one line). Chinese words
    have no spaces and are short: they come back as they are.
    """
    out = []
    for line in text.split("\n"):
        if fm.horizontalAdvance(line) <= max_width or " " not in line:
            out.append(line)
            continue
        current = ""
        for word in line.split(" "):
            trial = f"{current} {word}" if current else word
            if current and fm.horizontalAdvance(trial) > max_width:
                out.append(current)
                current = word
            else:
                current = trial
        out.append(current)
    return "\n".join(out)


_BASE_MIN = "touch_base_min"  # (width, height, words) of a button keep_text_room keeps


def fit_lines(button: QPushButton, max_width: int, text: str | None = None) -> None:
    """Set ``text`` (default: the button's) with its words over lines at most ``max_width`` wide.

    The button's font is its style sheet's (it is polished first). A short
    word before a line break ("✓ " of a chosen chip) stays with the words
    it is measured with. GUI thread.
    """
    button.ensurePolished()
    words = button.text() if text is None else text
    button.setText(balanced_lines(words, QFontMetrics(button.font()), max_width))
    keep_text_room(button, button.text())


def keep_text_room(button: QPushButton, words: str | None = None) -> None:
    """A layout never squeezes the button below its words.

    A style sheet's min-height / min-width becomes the button's minimum size,
    and a layout short of room then cuts its text (English rating labels
    were). ``words`` are the words to keep room for from now on (a button
    whose text changed: fit_lines passes them); without them, the words the
    first call measured (a chip keeps the room of its ticked words). GUI thread.
    """
    button.ensurePolished()
    base = button.property(_BASE_MIN)
    if base is None:  # the first time: the style sheet's minimum, and the words measured
        base = (button.minimumWidth(), button.minimumHeight(), button.text())
    if words is not None:  # new words: the room of the old ones would stay (a stale minimum)
        base = (base[0], base[1], words)
    button.setProperty(_BASE_MIN, base)
    shown = button.text()
    button.setText(base[2])  # a chip is measured with its tick, as when chosen
    hint = button.sizeHint()
    button.setText(shown)
    button.setMinimumSize(max(base[0], hint.width()), max(base[1], hint.height()))


def refit_text_room(root: QWidget) -> None:
    """Every button shown under ``root`` kept by keep_text_room, measured again.

    A new style sheet (长辈模式's bigger words, and back) polishes the buttons
    again and puts its own minimum in place of the one their words need. A
    hidden button is left for its page's show: its font follows a new sheet
    only once it is shown, and measured before that its minimum was stale
    (the window outgrew the screen when the page came). GUI thread.
    """
    for b in root.findChildren(QPushButton):
        if b.property(_BASE_MIN) is not None and b.isVisible():
            keep_text_room(b)
