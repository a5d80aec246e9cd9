"""Starting the Qt apps: application, theme, translation, windows.

The window paints first and the runtime starts after: devices, printer
spooler, sync and the catalog refresh (and the backend libraries they load,
python-escpos, OpenCV, pyscard) start once the window's first paint has been
processed, so the person at the kiosk sees it at once (bench/startup.py).

The ``onewindow kiosk`` / ``counter`` commands go further (``run_first_app``):
the window's shell and first page (the kiosk's home page, the counter's
sign-in) are built from the few config keys core.first_config reads without
validation, and paint first; then the whole config is validated, the runtime
and the other pages are built (``complete_window``) and the runtime starts.
A config that fails validation then fills the window with what to fix.
``make_window`` builds everything at once (the demo, the tour, the tests).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from onewindow.placement import side_by_side
from onewindow.watchdog import notify, watchdog_interval_s

if TYPE_CHECKING:
    from core.config import Config
    from core.first_config import FirstConfig
    from widgets.bridge import RuntimeBridge
    from widgets.shell import WindowShell

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


def make_first_window(config: FirstConfig | Config) -> WindowShell:
    """The window for a config's role: its shell and first page, no runtime yet."""
    if config.role == "kiosk":
        from kiosk.window import KioskWindow

        return KioskWindow(config=config)
    from counter.window import CounterWindow

    return CounterWindow(config=config)


def complete_window(win: WindowShell, config: Config) -> RuntimeBridge:
    """Build the runtime (not yet started) and the rest of ``win`` around it."""
    from widgets.bridge import RuntimeBridge

    bridge = RuntimeBridge(config)
    bridge.setParent(win)
    win.complete(bridge)
    if config.role == "kiosk":
        QApplication.instance().installEventFilter(win.idle)
    return bridge


def make_window(config: Config) -> tuple[QMainWindow, object]:
    """The window for a config's role and its bridge (not yet started)."""
    win = make_first_window(config)
    return win, complete_window(win, config)


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


def place_side_by_side(app: QApplication, windows: list[QMainWindow]) -> None:
    """Windowed (the demo): the windows side by side on the primary screen, not stacked
    at one corner (onewindow.placement). GUI thread."""
    screen = app.primaryScreen()
    if screen is None:
        return
    g = screen.availableGeometry()
    mins = [(w.minimumSizeHint().width(), w.minimumSizeHint().height()) for w in windows]
    for win, (x, y, w, h) in zip(
        windows, side_by_side((g.x(), g.y(), g.width(), g.height()), mins), strict=True
    ):
        win.resize(w, h)
        win.move(x, y)


def run_app(configs: list[Config], *, fullscreen: bool) -> int:
    app = make_app(configs[0].language)
    pairs = [make_window(c) for c in configs]
    for win, bridge in pairs:
        AfterFirstPaint(win, bridge.start)
        if fullscreen:
            win.showFullScreen()
    if not fullscreen:
        place_side_by_side(app, [win for win, _ in pairs])
        for win, _ in pairs:
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


def run_first_app(
    first: FirstConfig | Config,
    load: Callable[[], Config],
    *,
    fullscreen: bool,
    show_error: Callable[[BaseException], None],
) -> int:
    """One app, its first page painted before ``load()`` validates the config.

    A ConfigError from ``load`` fills the window with the key and the fix (a
    kiosk under cage has no terminal) and the app exits 2 once it is closed;
    any other OneWindowError while the runtime is built ends the app with 1,
    as when it was built before the window. ``show_error(exc)`` also reports
    either on stderr (the journal).
    """
    from core.errors import ConfigError, OneWindowError

    app = make_app(first.language)
    win = make_first_window(first)
    bridges: list[RuntimeBridge] = []
    failed: list[int] = []

    def complete() -> None:
        try:
            config = load()
            bridge = complete_window(win, config)
        except ConfigError as exc:
            failed.append(2)
            show_error(exc)
            win.show_config_error(exc)
            return
        except OneWindowError as exc:
            failed.append(1)
            show_error(exc)
            app.exit(1)
            return
        bridges.append(bridge)
        bridge.start()

    AfterFirstPaint(win, complete)
    if fullscreen:
        win.showFullScreen()
    else:
        win.resize(1280, 800)
        win.show()
    pinger = start_watchdog(app)
    try:
        code = app.exec()
    finally:
        if pinger is not None:
            pinger.stop()
        notify("STOPPING=1")
        for bridge in bridges:
            bridge.close()
    return failed[0] if failed else code
