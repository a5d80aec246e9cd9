"""Starting the Qt apps: application, theme, translation, windows."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from core.config import Config, Role
from onewindow.watchdog import notify, watchdog_interval_s


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
        bridge.start()
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
