"""The header's voice controls: voice on/off, 重听 (replay), 音量− / 音量+.

Every control is at least 60 px each way (about 15 mm on a 1080p kiosk
panel). The controls follow a ``widgets.voice_guide.VoiceGuide``; with no
voice configured they are hidden.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from widgets.i18n import tr
from widgets.pages import button
from widgets.voice_guide import VOLUME_STEP, VoiceGuide

TOUCH_PX = 60
# Whole button box here, not only the size: 48 content + 2×4 padding + 2×2 border
# = 60 px with or without the app's theme.
STYLE = (
    "#voice_controls { background: #1f5fae; }"
    "QPushButton { min-height: 48px; min-width: 48px; padding: 4px 12px; font-size: 20px;"
    " border: 2px solid #1f5fae; border-radius: 10px; background: white; color: #1f5fae; }"
    "QPushButton:checked { background: #ffd54f; color: #1a1a1a; }"
    "QPushButton:disabled { color: #9aa3ae; }"
    "QLabel { color: white; font-size: 18px; }"
)


class VoiceControls(QWidget):
    """Voice toggle, replay and volume for the kiosk header. GUI thread only."""

    def __init__(self, guide: VoiceGuide, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guide = guide
        # 长辈模式 hides the level and the voice switch: the header is full of bigger
        # words, the level is heard, and the mode's own switch turns the voice off.
        self.compact = False
        self.setObjectName("voice_controls")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # the header's blue
        self.setStyleSheet(STYLE)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 8, 0)
        row.setSpacing(8)
        self.toggle = self._button("", "voice_toggle")
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(guide.set_enabled)
        self.replay = self._button("", "voice_replay")
        self.replay.clicked.connect(guide.replay)
        self.quieter = self._button("", "voice_quieter")
        self.quieter.clicked.connect(lambda: guide.change_volume(-VOLUME_STEP))
        self.level = QLabel("", self)
        self.level.setObjectName("voice_level")
        self.louder = self._button("", "voice_louder")
        self.louder.clicked.connect(lambda: guide.change_volume(VOLUME_STEP))
        for w in (self.toggle, self.replay, self.quieter, self.level, self.louder):
            row.addWidget(w)
        guide.changed.connect(self.refresh)
        self.refresh()
        self.setVisible(guide.available)

    def _button(self, text: str, name: str) -> QPushButton:
        b = button(text, self, name=name)
        b.setMinimumSize(TOUCH_PX, TOUCH_PX)
        return b

    def set_compact(self, compact: bool) -> None:
        """Only 重听 and the volume buttons (长辈模式), or the voice switch and level too."""
        self.compact = compact
        self.refresh()

    def refresh(self) -> None:
        on = self.guide.enabled
        self.toggle.blockSignals(True)
        self.toggle.setChecked(on)
        self.toggle.blockSignals(False)
        # Every word here, so a language switch (which ends the session) re-words them.
        self.toggle.setText(tr("语音：开") if on else tr("语音：关"))
        self.replay.setText(tr("重听"))
        self.quieter.setText(tr("音量−"))
        self.louder.setText(tr("音量+"))
        for w in (self.replay, self.quieter, self.louder, self.level):
            w.setVisible(on and (w is not self.level or not self.compact))
        self.toggle.setVisible(not (self.compact and on))
        vol = self.guide.volume
        self.level.setText(tr("音量 %d%").replace("%d", str(vol)))
        self.quieter.setEnabled(vol > 0)
        self.louder.setEnabled(vol < 100)
