"""Driving the on-screen keyboard as a finger would: taps on its keys and
strokes on its handwriting pad, through Qt events (no setText)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from core.identity import check_digit

DATA = Path(__file__).parent / "data" / "handwriting"


def tap(qtbot, widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), f"{widget.objectName()} cannot be tapped"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def key(kb, name: str) -> QPushButton:
    found = [b for b in kb.findChildren(QPushButton, name) if b.isVisible()]
    assert found, f"no visible key {name}"
    return found[0]


def tap_keys(qtbot, kb, text: str) -> None:
    """Tap the key of each character of ``text`` (a-z, 0-9, X, -, .)."""
    for ch in text:
        tap(qtbot, key(kb, f"key_{ch}"))


def pick(qtbot, kb, word: str, top: int = 12) -> int:
    """Wait for ``word`` among the first ``top`` candidates and tap it; its rank."""

    def rank() -> int:
        for i, c in enumerate(kb._candidates[:top]):
            if c == word:
                return i
        return -1

    qtbot.waitUntil(lambda: rank() >= 0, timeout=5000)
    r = rank()
    while r >= (kb._cand_page + 1) * 6 or r < kb._cand_page * 6:
        tap(qtbot, key(kb, "cand_more"))
    tap(qtbot, key(kb, f"cand_{r % 6}"))
    return r


def type_pinyin(qtbot, kb, letters: str, word: str) -> None:
    if kb.mode != "pinyin":
        tap(qtbot, key(kb, "mode_pinyin"))
    tap_keys(qtbot, kb, letters)
    pick(qtbot, kb, word)


def _send(widget: QWidget, kind: QEvent.Type, x: float, y: float, buttons) -> None:
    local = QPointF(x, y)
    glob = QPointF(widget.mapToGlobal(QPoint(int(x), int(y))))
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    ev = QMouseEvent(kind, local, glob, button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, ev)


def write(qtbot, kb, name: str, top: int = 5) -> int:
    """Write the recorded character ``name`` on the pad and tap it; its rank."""
    rec = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    if kb.mode != "handwriting":
        tap(qtbot, key(kb, "mode_handwriting"))
    pad = kb.pad
    side = min(pad.width(), pad.height())
    s = side / max(rec["width"], rec["height"])
    held = Qt.MouseButton.LeftButton
    for stroke in rec["strokes"]:
        (x0, y0), *rest = stroke
        _send(pad, QEvent.Type.MouseButtonPress, x0 * s, y0 * s, held)
        for x, y in rest:
            _send(pad, QEvent.Type.MouseMove, x * s, y * s, held)
        x1, y1 = stroke[-1]
        _send(pad, QEvent.Type.MouseButtonRelease, x1 * s, y1 * s, Qt.MouseButton.NoButton)
    return pick(qtbot, kb, rec["character"], top=top)


def id_number_ending_in_x() -> str:
    """A valid GB 11643 number whose check character is X."""
    for seq in range(1000):
        first17 = f"44060419850315{seq:03d}"
        if check_digit(first17) == "X":
            return first17 + "X"
    raise AssertionError("no number with X")
