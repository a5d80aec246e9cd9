"""Voice guidance: a page's instruction when it is shown, a field's label on focus.

The ``VoiceGuide`` sits between the window and the voice device
(drivers.voice.device.VoiceDevice): the window tells it which page is shown
and with which instruction, the guide follows keyboard focus itself, and says
nothing while guidance is off. Texts are translated to the UI's language
before they are spoken, and spoken in that language: the English kiosk asks
the voice for ``en`` (espeak-ng's English voice), the Chinese one for the
configured ``devices.voice.language``. Speaking goes to the voice's own
thread and never waits there, so the GUI thread never blocks on speech.
Only instructions and field labels are spoken: never what a citizen typed
or what a card held.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QFormLayout, QWidget

from widgets.i18n import current_language, tr

if TYPE_CHECKING:
    from drivers.voice.device import VoiceDevice

VOLUME_STEP = 20  # percent per tap of 音量− / 音量+


def speech_language() -> str:
    """The voice's language for the UI's: ``en`` for English, "" (the configured one) else."""
    return "en" if current_language().startswith("en") else ""


def field_label(w: QWidget) -> str:
    """The words a focused field is known by: its form row's label, else its accessible name."""
    child, parent = w, w.parentWidget()
    while parent is not None:
        lay = parent.layout()
        if isinstance(lay, QFormLayout):
            label = lay.labelForField(child)
            text = label.text() if label is not None and hasattr(label, "text") else ""
            if text:
                return text.rstrip(" *").strip()
        child, parent = parent, parent.parentWidget()
    return w.accessibleName()


class VoiceGuide(QObject):
    """Speaks for one window while guidance is on. GUI thread only.

    ``root`` is the window whose focus changes are spoken; ``changed`` is
    emitted when guidance is turned on or off or the volume changes (the
    header's controls follow it).
    """

    changed = Signal()

    def __init__(
        self,
        voice: VoiceDevice,
        root: QWidget,
        *,
        enabled: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.voice = voice
        self.root = root
        self._enabled = self._default = enabled and voice.available
        self._page_text = ""
        self._default_volume = voice.volume
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus)

    @property
    def enabled(self) -> bool:
        return self._enabled

    @property
    def available(self) -> bool:
        return self.voice.available

    @property
    def volume(self) -> int:
        return self.voice.volume

    def set_enabled(self, on: bool) -> None:
        """Turn guidance on (speaks the current page at once) or off (silence now)."""
        on = on and self.voice.available
        if on == self._enabled:
            return
        self._enabled = on
        if on:
            self.say(self._page_text)
        else:
            self.voice.silence()
        self.changed.emit()

    def page_shown(self, instruction: str) -> None:
        """A page is shown; ``instruction`` is its catalogue text (Chinese source)."""
        self._page_text = instruction
        if self._enabled:
            self.say(instruction)

    def replay(self) -> None:
        """Say the page's instruction again (重听)."""
        if self._enabled:
            self.say(self._page_text)

    def change_volume(self, delta: int) -> None:
        self.voice.set_volume(self.voice.volume + delta)
        self.changed.emit()
        if self._enabled:
            self.say(self._page_text)  # so the citizen hears the new loudness

    def reset(self) -> None:
        """The session ended: stop talking, and guidance back as configured.

        A citizen's choice (voice on, a volume) is theirs, not the next one's;
        the next page speaks for itself if guidance is on by config.
        """
        self.voice.silence()
        self.voice.set_volume(self._default_volume)
        self._page_text = ""
        self._enabled = self._default
        self.changed.emit()

    def say(self, source: str) -> None:
        """Speak a catalogue ``source`` now, in the UI's words and language (even when
        guidance is off: the caller decided)."""
        if source:
            self.say_text(tr(source))

    def say_text(self, text: str) -> None:
        """Speak ``text``, already in the UI's words, in the UI's language."""
        self.voice.say(text, speech_language())

    def _on_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if not self._enabled or new is None or not self.root.isAncestorOf(new):
            return
        label = field_label(new)
        if label:
            self.say_text(label)  # in the UI's language: it is on screen
