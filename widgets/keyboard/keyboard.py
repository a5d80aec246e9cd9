"""The on-screen keyboard that follows focus: the field touched is the field typed into.

A plain QWidget: keys never take the focus, text goes into the target through
Qt (``QLineEdit.insert``, ``QTextEdit.insertPlainText``), so it works the same
on X11 and inside cage (Wayland) with no input-method protocol or window
manager. Editors are attached with :meth:`OnScreenKeyboard.attach` and carry
their layout in the ``keyboard`` property (see layouts.py); a touch (mouse
press, which Qt synthesises from touch) or focus on an editor makes it the
target and shows its layout.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from core.messages import render
from widgets.i18n import N_, current_language, tr
from widgets.keyboard import layouts as L
from widgets.keyboard.date_picker import DatePicker
from widgets.keyboard.handwriting import HandwritingPad, HandwritingRecognizer
from widgets.keyboard.pinyin import PinyinEngine
from widgets.theme import BLUE

KEY = 64  # px, the whole key with its border: ≥ 60 at 1080p
COMPACT_KEY = 60  # the least a touch target may be (about 15 mm at 1080p)
MAX_WIDTH = 10 * (KEY + 30)  # keys stay close together on a wide or portrait screen
N_CANDIDATES = 6
Editor = QLineEdit | QTextEdit

# Text-field modes and their switch buttons.
MODES = (
    ("pinyin", N_("拼音")),
    ("handwriting", N_("手写")),
    ("latin", N_("ABC")),
    ("digits", N_("123")),
)


def _style(key: int) -> str:
    """The keys' look; ``min-height`` is the content box: the whole key is ``key`` px."""
    return f"""
QPushButton[role="key"] {{
  font-size: 24px; padding: 2px; border-radius: 8px; min-height: {key - 4}px;
}}
QPushButton[role="key"]:checked {{ background: {BLUE}; color: white; }}
QLabel[role="date_part"] {{
  font-size: 36px; font-weight: bold; background: white;
  border: 1px solid #90a4ae; border-radius: 8px;
}}
QLabel#kb_composing {{ font-size: 24px; color: {BLUE}; }}
HandwritingPad {{ border: 2px solid #90a4ae; }}
"""


_engines: dict[str, PinyinEngine | HandwritingRecognizer] = {}


def shared_pinyin() -> PinyinEngine:
    """The process's pinyin engine (the C decoder is global: one for all keyboards)."""
    if "pinyin" not in _engines:
        _engines["pinyin"] = PinyinEngine()
    eng = _engines["pinyin"]
    assert isinstance(eng, PinyinEngine)
    return eng


def shared_recognizer() -> HandwritingRecognizer:
    """One loaded handwriting model for all keyboards (it takes a moment to load)."""
    if "handwriting" not in _engines:
        _engines["handwriting"] = HandwritingRecognizer()
    rec = _engines["handwriting"]
    assert isinstance(rec, HandwritingRecognizer)
    return rec


def _engine_words(code: str) -> str:
    text, hint = render(code, {}, tr)
    return f"{text}\n{hint}" if hint else text


class OnScreenKeyboard(QWidget):
    """Keys for the focused field, in the layout its type asks for. GUI thread only."""

    typed = Signal(str)  # text inserted into the target (for voice and tests)
    target_changed = Signal(QObject)  # the field now typed into (to scroll it into view)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        pinyin: PinyinEngine | None = None,
        recognizer: HandwritingRecognizer | None = None,
        compact: bool = False,
    ) -> None:
        """``compact`` puts the candidates and the mode switch on one row (a page
        with little height to spare)."""
        super().__init__(parent)
        self.setObjectName("keyboard")
        self.key_size = COMPACT_KEY if compact else KEY
        self.setStyleSheet(_style(self.key_size))
        self.pinyin = pinyin if pinyin is not None else shared_pinyin()
        self.recognizer = recognizer if recognizer is not None else shared_recognizer()
        self.target: Editor | None = None
        self.layout_name = L.CHINESE
        self.mode = "pinyin"
        self.shift = False
        self._candidates: list[str] = []
        self._cand_page = 0
        self.setMaximumWidth(MAX_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.setSpacing(4 if compact else 6)
        # Candidates (pinyin and handwriting) with the letters typed so far.
        bar = QHBoxLayout()
        self.composing = QLabel("", self)
        self.composing.setObjectName("kb_composing")
        self.composing.setMinimumWidth(KEY * 2)
        bar.addWidget(self.composing)
        self.cand_buttons: list[QPushButton] = []
        for i in range(N_CANDIDATES):
            b = self._key("", f"cand_{i}", lambda _=False, i=i: self.pick(i))
            self.cand_buttons.append(b)
            bar.addWidget(b)
        self.more = self._key(tr("更多"), "cand_more", self._next_candidates)
        bar.addWidget(self.more)
        self.cand_bar = QWidget(self)
        self.cand_bar.setLayout(bar)
        bar.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.cand_bar, 2)
        if not compact:
            outer.addLayout(top)
            top = QHBoxLayout()
        # Mode switch for text fields.
        self.mode_bar = QWidget(self)
        mb = QHBoxLayout(self.mode_bar)
        mb.setContentsMargins(0, 0, 0, 0)
        self.mode_buttons: dict[str, QPushButton] = {}
        for mode, label in MODES:
            b = self._key(tr(label), f"mode_{mode}", lambda _=False, m=mode: self.set_mode(m))
            b.setCheckable(True)
            self.mode_buttons[mode] = b
            mb.addWidget(b)
        top.addWidget(self.mode_bar, 1)
        outer.addLayout(top)

        self.stack = QStackedWidget(self)
        outer.addWidget(self.stack)
        self.letters_page = self._letters_page()
        self.digits_page, self.digit_extras = self._digits_page()
        self.hand_page = self._handwriting_page()
        self.date_page = DatePicker(self)
        self.date_page.picked.connect(self._date_picked)
        self.engine_msg = QLabel("", self)  # an engine that is missing says so here
        self.engine_msg.setObjectName("kb_engine_msg")
        self.engine_msg.setWordWrap(True)
        self.engine_msg.setProperty("role", "hint")
        self.engine_msg.hide()
        outer.addWidget(self.engine_msg)
        for page in (self.letters_page, self.digits_page, self.hand_page, self.date_page):
            self.stack.addWidget(page)
        self._filter = _TouchFilter(self)
        self.set_layout(L.CHINESE)

    # -- building --------------------------------------------------------------
    def _key(self, text: str, name: str, slot) -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the focus
        b.setMinimumSize(self.key_size, self.key_size)
        b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        b.setProperty("role", "key")
        b.clicked.connect(slot)
        return b

    def _letters_page(self) -> QWidget:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        self.letter_keys: dict[str, QPushButton] = {}
        for r, row in enumerate(L.LETTER_ROWS):
            h = QHBoxLayout()
            h.setSpacing(6)
            if r:
                h.addSpacing(r * KEY // 3)
            for ch in row:
                b = self._key(ch, f"key_{ch}", lambda _=False, c=ch: self.letter(c))
                self.letter_keys[ch] = b
                h.addWidget(b)
            if r == 2:
                self.shift_key = self._key(tr("大写"), "key_shift", self._toggle_shift)
                self.shift_key.setCheckable(True)
                h.addWidget(self.shift_key, 2)
            else:
                h.addSpacing(r * KEY // 3)
            lay.addLayout(h)
        h = QHBoxLayout()
        h.addWidget(self._key(tr("清空"), "key_clear", self.clear_target), 2)
        h.addWidget(self._key(tr("空格"), "key_space", self.space), 5)
        h.addWidget(self._key(tr("退格"), "key_backspace", self.backspace), 2)
        lay.addLayout(h)
        return page

    def _digits_page(self) -> tuple[QWidget, dict[str, QPushButton]]:
        page = QWidget(self)
        centre = QHBoxLayout(page)  # a phone-sized pad, centred, however wide the screen
        centre.setContentsMargins(0, 0, 0, 0)
        pad = QWidget(page)
        pad.setMaximumWidth(4 * (KEY + 76))
        centre.addStretch(1)
        centre.addWidget(pad, 4)
        centre.addStretch(1)
        grid = QGridLayout(pad)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        for r, row in enumerate(L.DIGIT_ROWS):
            for c, ch in enumerate(row):
                grid.addWidget(
                    self._key(ch, f"key_{ch}", lambda _=False, k=ch: self.insert(k)), r, c
                )
        extras: dict[str, QPushButton] = {}
        for ch in ("X", "-", "."):
            extras[ch] = self._key(ch, f"key_{ch}", lambda _=False, k=ch: self.insert(k))
        grid.addWidget(extras["X"], 3, 0)
        grid.addWidget(extras["-"], 3, 0)
        grid.addWidget(self._key("0", "key_0", lambda: self.insert("0")), 3, 1)
        grid.addWidget(extras["."], 3, 2)
        grid.addWidget(self._key(tr("退格"), "key_digit_backspace", self.backspace), 0, 3)
        grid.addWidget(self._key(tr("清空"), "key_digit_clear", self.clear_target), 1, 3)
        self.digit_space = self._key(tr("空格"), "key_digit_space", self.space)
        grid.addWidget(self.digit_space, 2, 3)
        return page, extras

    def _handwriting_page(self) -> QWidget:
        page = QWidget(self)
        lay = QHBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        self.pad = HandwritingPad(page)
        self.pad.strokes_changed.connect(self._recognise)
        lay.addWidget(self.pad, 3)
        side = QVBoxLayout()
        side.addWidget(self._key(tr("重写"), "hw_clear", self.pad.clear))
        side.addWidget(self._key(tr("撤销一笔"), "hw_undo", self.pad.undo))
        side.addWidget(self._key(tr("退格"), "hw_backspace", self.backspace))
        side.addStretch(1)
        lay.addLayout(side, 1)
        return page

    # -- following focus -------------------------------------------------------
    def attach(self, editor: Editor, layout: str | None = None) -> None:
        """Type into ``editor`` when it is touched or focused."""
        if layout is not None:
            editor.setProperty("keyboard", layout)
        editor.installEventFilter(self._filter)
        if isinstance(editor, QTextEdit):  # its presses land on the viewport
            editor.viewport().installEventFilter(self._filter)

    def _live_target(self) -> Editor | None:
        if self.target is not None and not shiboken6.isValid(self.target):
            self.target = None  # its form was rebuilt: the editor is gone
        return self.target

    def set_target(self, editor: Editor | None) -> None:
        if editor is self._live_target():
            return
        self._finish_composing()
        for ed, on in ((self.target, False), (editor, True)):
            if ed is not None:  # the citizen sees which field the keys go to
                ed.setProperty("kb_target", on)
                ed.style().unpolish(ed)
                ed.style().polish(ed)
        self.target = editor
        if editor is not None:
            if not editor.hasFocus():
                editor.setFocus()
            self.target_changed.emit(editor)
        layout = str(editor.property("keyboard") or L.CHINESE) if editor is not None else L.CHINESE
        self.set_layout(layout)
        start = editor.property("keyboard_mode") if editor is not None else None
        if layout == L.CHINESE and start in ("latin", "digits"):  # a receipt number: ABC first
            self.set_mode(str(start))
        if layout == L.DATE and isinstance(editor, QLineEdit):
            self.date_page.set_text(editor.text())

    def reset(self) -> None:
        """Forget everything of the last citizen: letters, candidates, strokes, target."""
        self._finish_composing()
        self.composing.setText("")  # the engine may be shared: its letters already gone
        self.pad.clear()
        self._set_candidates([])
        self.set_target(None)

    def set_layout(self, name: str) -> None:
        self.layout_name = name
        text = name == L.CHINESE
        self.mode_bar.setVisible(text)
        if text:
            english = current_language() != "zh_CN"  # the English UI starts on Latin letters
            self.set_mode("latin" if english else "pinyin")
        elif name == L.DATE:
            self._show_page(self.date_page, candidates=False)
        else:
            self._show_digits(name)

    def _show_digits(self, name: str) -> None:
        extras = L.DIGIT_EXTRAS.get(name, L.DIGIT_EXTRAS[L.DIGITS_DASH])
        for ch, b in self.digit_extras.items():
            b.setVisible(ch in extras)
        self.digit_space.setVisible(name == L.DIGITS_DASH)
        self._show_page(self.digits_page, candidates=False)

    def _show_page(self, page: QWidget, *, candidates: bool, missing: str = "") -> None:
        self.stack.setCurrentWidget(page)
        self.cand_bar.setVisible(candidates)
        self.engine_msg.setText(missing)
        self.engine_msg.setVisible(bool(missing))
        self._set_candidates([])

    def set_mode(self, mode: str) -> None:
        """Pinyin, handwriting, Latin or digits, for a text field."""
        self._finish_composing()
        self.mode = mode
        for m, b in self.mode_buttons.items():
            b.setChecked(m == mode)
        self.shift = False
        self.shift_key.setChecked(False)
        self.shift_key.setVisible(mode == "latin")
        if mode == "pinyin":
            missing = "" if self.pinyin.available else _engine_words("keyboard.no_pinyin")
            self._show_page(self.letters_page, candidates=True, missing=missing)
            self.letters_page.setEnabled(self.pinyin.available)
        elif mode == "handwriting":
            ok = self.recognizer.available
            missing = "" if ok else _engine_words("keyboard.no_handwriting")
            self._show_page(self.hand_page, candidates=True, missing=missing)
            self.hand_page.setEnabled(ok)
            self.pad.clear()
        elif mode == "latin":
            self._show_page(self.letters_page, candidates=False)
            self.letters_page.setEnabled(True)
        else:
            self._show_digits(L.DIGITS_DASH)
        self._relabel_letters()

    # -- keys ------------------------------------------------------------------
    def letter(self, ch: str) -> None:
        if self.layout_name == L.CHINESE and self.mode == "pinyin":
            self._set_candidates(self.pinyin.set_letters(self.pinyin.letters + ch))
            self.composing.setText(self.pinyin.letters)
        else:
            self.insert(ch.upper() if self.shift else ch)

    def insert(self, text: str) -> None:
        ed = self._live_target()
        if ed is None or not text:
            return
        if isinstance(ed, QTextEdit):
            ed.insertPlainText(text)
        else:
            if ed.isReadOnly():
                return
            if self.layout_name == L.ID_NUMBER:
                before = ed.text()[: ed.cursorPosition()]
                if not all(L.id_key_allowed(k, before + text[:i]) for i, k in enumerate(text)):
                    return
            ed.insert(text)
        self.typed.emit(text)

    def space(self) -> None:
        if self.mode == "pinyin" and self.pinyin.letters and self._candidates:
            self.pick(0)  # space takes the first candidate, as on a desktop IME
        else:
            self.insert(" ")

    def backspace(self) -> None:
        if self.pinyin.letters and self.layout_name == L.CHINESE and self.mode == "pinyin":
            self._set_candidates(self.pinyin.set_letters(self.pinyin.letters[:-1]))
            self.composing.setText(self.pinyin.letters)
            return
        ed = self._live_target()
        if isinstance(ed, QTextEdit):
            ed.textCursor().deletePreviousChar()
        elif ed is not None and not ed.isReadOnly():
            ed.backspace()

    def clear_target(self) -> None:
        self._finish_composing()
        ed = self._live_target()
        if isinstance(ed, QTextEdit) or (ed is not None and not ed.isReadOnly()):
            ed.clear()

    def _toggle_shift(self) -> None:
        self.shift = not self.shift
        self.shift_key.setChecked(self.shift)
        self._relabel_letters()

    def _relabel_letters(self) -> None:
        upper = self.shift and self.mode == "latin"
        for ch, b in self.letter_keys.items():
            b.setText(ch.upper() if upper else ch)

    # -- candidates ------------------------------------------------------------
    def _set_candidates(self, cands: list[str]) -> None:
        self._candidates = cands
        self._cand_page = 0
        self._show_candidates()

    def _show_candidates(self) -> None:
        start = self._cand_page * N_CANDIDATES
        page = self._candidates[start : start + N_CANDIDATES]
        for i, b in enumerate(self.cand_buttons):
            b.setText(page[i] if i < len(page) else "")
            b.setEnabled(i < len(page))
        self.more.setEnabled(len(self._candidates) > start + N_CANDIDATES or self._cand_page > 0)

    def _next_candidates(self) -> None:
        pages = max(1, -(-len(self._candidates) // N_CANDIDATES))
        self._cand_page = (self._cand_page + 1) % pages
        self._show_candidates()

    def candidates(self) -> list[str]:
        """The candidates on show now (for tests and voice)."""
        return [b.text() for b in self.cand_buttons if b.isEnabled()]

    def pick(self, i: int) -> None:
        index = self._cand_page * N_CANDIDATES + i
        if index >= len(self._candidates):
            return
        if self.mode == "handwriting":
            self.insert(self._candidates[index])
            self.pad.clear()
            return
        text, done = self.pinyin.choose(index)
        if done:
            self.composing.setText("")
            self._set_candidates([])
            self.insert(text)
        else:
            self._set_candidates(self.pinyin.candidates())

    def _finish_composing(self) -> None:
        if getattr(self, "pinyin", None) is not None and self.pinyin.letters:
            self.pinyin.reset()
            self.composing.setText("")

    def _recognise(self) -> None:
        pad = self.pad
        self._set_candidates(self.recognizer.classify(pad.strokes, n=N_CANDIDATES * 2))

    def _date_picked(self, iso: str) -> None:
        ed = self._live_target()
        if isinstance(ed, QLineEdit):
            ed.setText(iso)  # a date field is read-only to typing: the picker owns it
            self.typed.emit(iso)


class _TouchFilter(QObject):
    """Makes a touched or focused editor the keyboard's target. GUI thread only."""

    def __init__(self, kb: OnScreenKeyboard) -> None:
        super().__init__(kb)
        self.kb = kb

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.MouseButtonPress):
            editor = obj if isinstance(obj, QLineEdit | QTextEdit) else obj.parent()
            if isinstance(editor, QLineEdit | QTextEdit):
                self.kb.set_target(editor)
        return False
