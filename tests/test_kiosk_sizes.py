"""Every kiosk page fits the screen it is shown on, and every character shown is in its font.

The kiosk runs full screen on a 1280×800 or 1920×1080 panel, or a 1080×1920
portrait one. A window whose minimum size is larger than the screen is cut
off by the compositor (cage shows it from the top left corner): the buttons
at the bottom or the right are out of reach. The walk (tests/kiosk_walk.py)
puts the real window, in Chinese and in English, into each state a citizen
sees, with the offline banner, the idle warning and the rating reasons among
them; at each the window's size and its minimumSizeHint must stay within the
screen.

A character outside the bundled fonts shows as a box (the card page's 🪪
did): at 1920×1080 every character of every visible label and button must
be in the font it is drawn with (QFontMetrics.inFontUcs4; Qt's font merging
may find it elsewhere on a developer's machine, not on the kiosk's).
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget

from onewindow.gui import make_window
from tests.gui_helpers import app_config
from tests.kiosk_walk import walk
from widgets.i18n import install_translator
from widgets.theme import apply_theme

NOWHERE = "http://127.0.0.1:9"
SIZES = [(1280, 800), (1920, 1080), (1080, 1920)]


@pytest.fixture
def kiosk_in(qtbot, qapp, tmp_path, request):
    w, h, lang = request.param
    apply_theme(qapp)
    assert install_translator(lang)
    win, bridge = make_window(app_config(tmp_path, "kiosk", NOWHERE, language=lang))
    qtbot.addWidget(win)
    win.resize(w, h)
    win.show()
    bridge.start()
    try:
        yield win, (w, h)
    finally:
        bridge.close()
        install_translator("zh_CN")
        qapp.setStyleSheet("")


def _plain(w: QWidget) -> str:
    if isinstance(w, QLabel):
        text = w.text()
        if w.textFormat().name != "PlainText" and ("<" in text and ">" in text):
            doc = QTextDocument()
            doc.setHtml(text)
            return doc.toPlainText()
        return text
    if isinstance(w, QAbstractButton):
        return w.text()
    if isinstance(w, QLineEdit):
        return w.text() or w.placeholderText()
    return ""


def missing_glyphs(state: str, win: QWidget) -> list[str]:
    """``state/objectName: characters`` not in the font of the widget that shows them."""
    out = []
    for w in win.findChildren(QWidget):
        if not w.isVisible():
            continue
        text = _plain(w)
        if not text:
            continue
        fm = QFontMetrics(w.font())
        lost = sorted({ch for ch in text if not ch.isspace() and not fm.inFontUcs4(ord(ch))})
        if lost:
            out.append(f"{state}/{w.objectName() or type(w).__name__}: {''.join(lost)}")
    return out


def _cases() -> list:
    return [
        pytest.param((w, h, lang), id=f"{w}x{h}-{lang}")
        for lang in ("zh_CN", "en")
        for w, h in SIZES
    ]


@pytest.mark.parametrize("kiosk_in", _cases(), indirect=True)
def test_every_kiosk_page_fits_the_screen(qtbot, kiosk_in):
    win, (sw, sh) = kiosk_in
    too_big, glyphs = [], []
    for state in walk(qtbot, win):
        hint = win.minimumSizeHint()
        for what, (w, h) in (("size", win.size().toTuple()), ("minimumSizeHint", hint.toTuple())):
            if w > sw or h > sh:
                too_big.append(f"{state}: {what} {w}x{h} > {sw}x{sh}")
        if (sw, sh) == (1920, 1080):
            glyphs += missing_glyphs(state, win)
    assert not too_big, "\n".join(too_big)
    assert not glyphs, "shown as a box (no glyph in the font):\n" + "\n".join(glyphs)
