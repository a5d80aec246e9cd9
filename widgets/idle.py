"""Idle timeout for the kiosk: warn, then wipe the session."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

_INPUT = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.KeyPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.Wheel,
}


class IdleWatcher(QObject):
    """Emits ``warn(seconds_left)`` then ``expired`` after no input.

    Install on the QApplication; GUI thread only. ``timeout_s`` counts from
    the last touch; the warning comes ``warn_s`` before the end.
    """

    warn = Signal(int)
    expired = Signal()

    def __init__(
        self, timeout_s: int, warn_s: int = 15, parent: QObject | None = None, tick_ms: int = 1000
    ) -> None:
        super().__init__(parent)
        self.timeout_s = timeout_s
        self._warn_s = warn_s
        self.warn_s = min(warn_s, timeout_s - 1)
        self.left = timeout_s
        self.active = False
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)  # tests shorten the tick
        self.timer.timeout.connect(self._tick)

    def set_timeout(self, timeout_s: int) -> None:
        """A new timeout (长辈模式 gives more time); the count starts again."""
        self.timeout_s = timeout_s
        self.warn_s = min(self._warn_s, timeout_s - 1)
        self.reset()

    def set_active(self, active: bool) -> None:
        self.active = active
        self.reset()
        if active:
            self.timer.start()
        else:
            self.timer.stop()

    def reset(self) -> None:
        self.left = self.timeout_s

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if self.active and event.type() in _INPUT:
            self.reset()
        return False

    def _tick(self) -> None:
        if not self.active:
            return
        self.left -= 1
        if self.left <= 0:
            self.set_active(False)
            self.expired.emit()
        elif self.left <= self.warn_s:
            self.warn.emit(self.left)
