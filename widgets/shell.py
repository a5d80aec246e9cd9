"""The window frame both apps share: header, banner, stacked pages, device status bar.

A window composes the shell, adds its pages by name and routes between them;
``on_page_shown`` is the hook for what a page switch turns on or off (the
card reader's polling, the camera). The device status bar carries the
offline banner and the recovered-database notice.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from widgets.bridge import RuntimeBridge
from widgets.status_bar import DeviceStatusBar

HEADER_STYLE = "background:#1f5fae;color:white;font-weight:bold;"


class WindowShell(QMainWindow):
    """Header, optional banner, the page stack and the status bar. GUI thread only."""

    def __init__(
        self,
        bridge: RuntimeBridge,
        *,
        title: str,
        header: str,
        header_css: str,
        banner: bool = False,
    ) -> None:
        super().__init__()
        self.bridge = bridge
        self.rt = bridge.runtime
        self.ops = bridge.ops
        self.setWindowTitle(title)
        central = QWidget(self)
        root = QVBoxLayout(central)
        root.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.header = QLabel(header, central)
        self.header.setStyleSheet(HEADER_STYLE + header_css)
        top.addWidget(self.header, 1)
        root.addLayout(top)
        self.banner: QLabel | None = None
        if banner:
            self.banner = QLabel("", central)
            self.banner.setObjectName("idle_banner")
            self.banner.setProperty("role", "banner")
            self.banner.hide()
            root.addWidget(self.banner)
        self.stack = QStackedWidget(central)
        root.addWidget(self.stack, 1)
        self.status = DeviceStatusBar(central)
        self.status.show_recovered(self.rt.store.recovered_from, self.rt.store.recovered_reason)
        root.addWidget(self.status)
        self.setCentralWidget(central)
        self.pages: dict[str, QWidget] = {}
        bridge.device_status.connect(self.status.update_device)
        bridge.sync_status.connect(self.status.update_sync)

    def add_page(self, name: str, page: QWidget) -> QWidget:
        page.setObjectName(f"page_{name}")
        self.pages[name] = page
        self.stack.addWidget(page)
        return page

    def current_page(self) -> str:
        return list(self.pages)[self.stack.currentIndex()]

    def show_page(self, name: str) -> None:
        self.stack.setCurrentWidget(self.pages[name])
        self.on_page_shown(name)

    def on_page_shown(self, name: str) -> None:
        """What a window turns on or off for the page now shown."""
