"""Starting the Qt apps: application, theme, translation, windows.

The window paints first and the runtime starts after: devices, printer
spooler, sync and the catalog refresh (and the backend libraries they load,
python-escpos, OpenCV, pyscard) start once the window's first paint has been
processed, so the person at the kiosk sees it at once (bench/startup.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from core.config import Config, Role
from onewindow.watchdog import notify, watchdog_interval_s

# Start anyway when no paint comes this soon (a window hidden by the compositor).
START_AT_LATEST_MS = 1000


class AfterFirstPaint(QObject):
    """Calls ``fn`` once, just after ``win``'s first paint was processed (or after
    START_AT_LATEST_MS when it never paints). GUI thread only."""

    def __init__(self, win: QMainWindow, fn: Callable[[], None]) -> None:
        super().__init__(win)
        self._win = win
        self._fn: Callable[[], None] | None = fn
        win.installEventFilter(self)
        QTimer.singleShot(START_AT_LATEST_MS, self, self._run)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self._win and event.type() == QEvent.Type.Paint and self._fn is not None:
            QTimer.singleShot(0, self, self._run)  # after this paint, not inside it
        return False

    def _run(self) -> None:
        fn, self._fn = self._fn, None
        if fn is not None:
            self._win.removeEventFilter(self)
            fn()


def make_app(lang: str) -> QApplication:
    from widgets.i18n import install_translator
    from widgets.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("OneWindow")
    apply_theme(app)
    install_translator(lang)
    return app


def make_window(config: Config) -> tuple[QMainWindow, object]:
    """The window for a config's role and its bridge (not yet started)."""
    from widgets.bridge import RuntimeBridge

    bridge = RuntimeBridge(config)
    if config.role is Role.KIOSK:
        from kiosk.window import KioskWindow

        win: QMainWindow = KioskWindow(bridge)
        QApplication.instance().installEventFilter(win.idle)
    else:
        from counter.window import CounterWindow

        win = CounterWindow(bridge)
    bridge.setParent(win)
    return win, bridge


def start_watchdog(app: QApplication) -> QTimer | None:
    """Tell systemd the app is up and ping its watchdog from the GUI thread's event loop."""
    notify("READY=1")
    interval = watchdog_interval_s()
    if interval is None:
        return None
    timer = QTimer(app)
    timer.setInterval(max(100, int(interval * 1000)))
    timer.timeout.connect(lambda: notify("WATCHDOG=1"))
    timer.start()
    return timer


def run_app(configs: list[Config], *, fullscreen: bool) -> int:
    app = make_app(configs[0].language)
    pairs = [make_window(c) for c in configs]
    for win, bridge in pairs:
        AfterFirstPaint(win, bridge.start)
        if fullscreen:
            win.showFullScreen()
        else:
            win.resize(1280, 800)
            win.show()
    pinger = start_watchdog(app)
    try:
        return app.exec()
    finally:
        if pinger is not None:
            pinger.stop()
        notify("STOPPING=1")
        for _win, bridge in pairs:
            bridge.close()
