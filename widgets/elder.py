"""长辈模式 (elder mode): bigger text, high contrast, more time, voice on, for one session.

``ElderMode`` turns the look of one window to ``widgets.theme``'s elder sheet
(text × 1.5, the ``ELDER`` palette, thick focus borders), gives the idle
watcher the longer ``kiosk.elder_idle_timeout_s``, turns voice guidance on
(widgets.voice_guide), and emits ``changed(on)`` so that pages can show
fewer choices at once (the home tiles, the items' columns, one scenario
question at a time). It belongs to the citizen's session: the window calls
``end_session`` when the session ends (回首页, the idle timeout, a new
language), so the next citizen starts in the everyday mode.

The elder sheet is set on the window, not the application, so a counter
running in the same process (the demo) keeps its look. A widget with a
style sheet of its own ignores inherited sheets where they conflict, so
those sheets (and font sizes written into rich text) are rewritten by
``theme.restyle`` and put back when the mode ends; ``refresh`` does it again
for widgets made since (the window calls it on each page switch).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from widgets.i18n import tr
from widgets.pages import button
from widgets.theme import ELDER, ELDER_SCALE, Palette, restyle, style_sheet
from widgets.touch import refit_text_room

if TYPE_CHECKING:
    from widgets.idle import IdleWatcher
    from widgets.voice_guide import VoiceGuide

_BASE, _APPLIED = "elder_base", "elder_applied"  # a widget's own sheet: as made, as shown
_TEXT_BASE, _TEXT_APPLIED = "elder_text_base", "elder_text_applied"  # rich text likewise


# A widget with this property keeps its own sheet in 长辈模式 (the header's app
# name: half as big again it made the header taller and the window outgrow 800 px).
KEEP_SIZE = "elder_keep_size"


class ElderMode(QObject):
    """The 长辈模式 switch of one kiosk window. GUI thread only.

    ``root`` is the window; ``idle`` gets ``elder_idle_s`` while the mode is
    on and ``normal_idle_s`` after; ``voice`` (may be None) is turned on and
    back to what it was.
    """

    changed = Signal(bool)

    def __init__(
        self,
        root: QWidget,
        idle: IdleWatcher,
        voice: VoiceGuide | None,
        *,
        normal_idle_s: int,
        elder_idle_s: int,
        scale: float = ELDER_SCALE,
        palette: Palette = ELDER,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.root = root
        self.idle = idle
        self.voice = voice
        self.normal_idle_s = normal_idle_s
        self.elder_idle_s = elder_idle_s
        self.scale = scale
        self.palette = palette
        self._on = False
        self._voice_before = False

    @property
    def on(self) -> bool:
        return self._on

    def toggle(self) -> None:
        self.set_on(not self._on)

    def set_on(self, on: bool) -> None:
        if on == self._on:
            return
        self._on = on
        self.root.setStyleSheet(style_sheet(self.scale, self.palette) if on else "")
        self.refresh()
        refit_text_room(self.root)  # the words' room in the new size
        self.idle.set_timeout(self.elder_idle_s if on else self.normal_idle_s)
        if self.voice is not None:
            if on:
                self._voice_before = self.voice.enabled
                self.voice.set_enabled(True)
            else:
                self.voice.set_enabled(self._voice_before)
        self.changed.emit(on)

    def end_session(self) -> None:
        """The citizen is gone: the next one starts in the everyday mode."""
        self.set_on(False)

    def refresh(self) -> None:
        """Bring widgets with sheets or rich text of their own into the current look."""
        for w in [self.root, *self.root.findChildren(QWidget)]:
            if w is not self.root:
                self._restyle(w)
            if isinstance(w, QLabel):
                self._retext(w)

    def _restyle(self, w: QWidget) -> None:
        if w.property(KEEP_SIZE):
            return
        sheet = w.styleSheet()
        if sheet != w.property(_APPLIED):  # new since we last looked: the page's own
            w.setProperty(_BASE, sheet)
        base = w.property(_BASE)
        if not base:
            return
        new = restyle(base, self.scale, self.palette) if self._on else base
        w.setProperty(_APPLIED, new)
        if new != sheet:
            w.setStyleSheet(new)

    def _retext(self, lab: QLabel) -> None:
        # A label's words may be a citizen's (the confirm page's summary): the copy
        # kept here lives only while the mode is on and the words are restyled.
        text = lab.text()
        applied = lab.property(_TEXT_APPLIED)
        base = lab.property(_TEXT_BASE) if applied is not None and text == applied else text
        if not self._on or ("font-size" not in base and "color:" not in base):
            if base != text:
                lab.setText(base)
            if applied is not None:
                lab.setProperty(_TEXT_BASE, None)
                lab.setProperty(_TEXT_APPLIED, None)
            return
        new = restyle(base, self.scale, self.palette)
        lab.setProperty(_TEXT_BASE, base)
        lab.setProperty(_TEXT_APPLIED, new)
        if new != text:
            lab.setText(new)


# The header's switch sits beside widgets/voice_controls.py's, in the same look.
TOUCH_PX = 60
HEADER_STYLE = (
    "#elder_controls { background: #1f5fae; }"
    "QPushButton { min-height: 48px; min-width: 48px; padding: 4px 8px; font-size: 20px;"
    " border: 2px solid #1f5fae; border-radius: 10px; background: white; color: #1f5fae; }"
    "QPushButton:checked { background: #ffd54f; color: #1a1a1a; }"
)


class ElderSwitch(QWidget):
    """长辈模式：开/关 for the kiosk's header. GUI thread only."""

    def __init__(self, mode: ElderMode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        self.setObjectName("elder_controls")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # the header's blue
        self.setStyleSheet(HEADER_STYLE)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 8, 0)
        self.toggle: QPushButton = button("", self, name="elder_toggle")
        self.toggle.setCheckable(True)
        self.toggle.setMinimumSize(TOUCH_PX, TOUCH_PX)
        self.toggle.toggled.connect(mode.set_on)
        row.addWidget(self.toggle)
        mode.changed.connect(lambda _on: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        on = self.mode.on
        self.toggle.blockSignals(True)
        self.toggle.setChecked(on)
        self.toggle.blockSignals(False)
        self.toggle.setText(tr("长辈模式：开") if on else tr("长辈模式：关"))
