"""The window frame both apps share: header, banner, stacked pages, device status bar.

The kiosk's banners never add height: the idle warning lies over the top of
the page (``OverlayBanner``), the offline words take the title's place in the
header row.

A window composes the shell, adds its pages by name and routes between them;
``on_page_shown`` is the hook for what a page switch turns on or off (the
card reader's polling, the camera). The device status bar carries the
offline banner and the recovered-database notice.

The shell paints before the runtime exists (onewindow.gui's staged start):
built without a bridge it has the header and the first page only;
``attach(bridge)`` then adds the status bar (which loads the sync and device
modules) and wires the bridge. A config found bad after the first paint is
shown full window by ``show_config_error``: a kiosk under cage has no
terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from widgets.i18n import tr
from widgets.pages import title as page_title

if TYPE_CHECKING:
    from core.errors import ConfigError
    from services.runtime import Runtime
    from widgets.background import BackgroundOps
    from widgets.bridge import RuntimeBridge
    from widgets.status_bar import DeviceStatusBar

HEADER_STYLE = "background:#1f5fae;color:white;font-weight:bold;"


class OverlayBanner(QLabel):
    """A warning laid over the top of the pages (their title), not a row of its own.

    Shown, it takes the place of what is under it instead of adding height to
    the window (which would then outgrow the screen). It follows the page
    stack's size. GUI thread only.
    """

    def __init__(self, over: QWidget, parent: QWidget) -> None:
        super().__init__("", parent)
        self.over = over
        self.setProperty("role", "banner")
        self.setWordWrap(True)
        self.hide()
        over.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.over and event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self._place()
        return False

    def showEvent(self, event) -> None:
        self._place()
        super().showEvent(event)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._place()

    def _place(self) -> None:
        g = self.over.geometry()
        self.setGeometry(g.x(), g.y(), g.width(), self.heightForWidth(g.width()))
        self.raise_()


class PageStack(QStackedWidget):
    """The pages, sized by the page shown: a hidden page never makes the window grow;
    each page with an ``arrange(size)`` is told the size it will have.

    QStackedWidget asks for the largest of all its pages; a kiosk on a 800 px
    panel then outgrew it for a page nobody was looking at. GUI thread only.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _i: self.updateGeometry())

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Every page learns portrait or landscape now, hidden ones too: a page
        # that found out only when shown had its landscape minimum asked for
        # first, and the window grew past a portrait screen.
        for i in range(self.count()):
            arrange = getattr(self.widget(i), "arrange", None)
            if arrange is not None:
                arrange(event.size())
        super().resizeEvent(event)

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        if page is None:
            return super().minimumSizeHint()
        return page.minimumSizeHint().expandedTo(page.minimumSize())

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return super().sizeHint() if page is None else page.sizeHint()

    def hasHeightForWidth(self) -> bool:
        page = self.currentWidget()
        return page is not None and page.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        page = self.currentWidget()
        return -1 if page is None else page.heightForWidth(width)


class WindowShell(QMainWindow):
    """Header, optional banner, the page stack and the status bar. GUI thread only.

    ``bridge``, ``rt``, ``ops`` and ``status`` exist once ``attach`` ran.
    """

    bridge: RuntimeBridge
    rt: Runtime
    ops: BackgroundOps
    status: DeviceStatusBar

    def __init__(
        self,
        bridge: RuntimeBridge | None = None,
        *,
        title: str,
        header: str,
        header_css: str,
        banner: bool = False,
    ) -> None:
        super().__init__()
        self.setWindowTitle(title)
        central = QWidget(self)
        root = QVBoxLayout(central)
        root.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.header = QLabel(header, central)
        self.header.setStyleSheet(HEADER_STYLE + header_css)
        self.header.setWordWrap(True)  # a long hall name beside the controls, in portrait
        top.addWidget(self.header, 1)
        top.setSpacing(0)
        self.header_row = top  # a window may add controls after the title (the kiosk's voice)
        root.addLayout(top)
        self.stack = PageStack(central)
        root.addWidget(self.stack, 1)
        self.banner: QLabel | None = None
        if banner:
            self.banner = OverlayBanner(self.stack, central)
            self.banner.setObjectName("idle_banner")
        self._root = root
        self.setCentralWidget(central)
        self.pages: dict[str, QWidget] = {}
        if bridge is not None:
            self.attach(bridge)

    def attach(self, bridge: RuntimeBridge) -> None:
        """The runtime arrived: the status bar and the bridge's signals."""
        from widgets.status_bar import DeviceStatusBar

        self.bridge = bridge
        self.rt = bridge.runtime
        self.ops = bridge.ops
        central = self.centralWidget()
        self.status = DeviceStatusBar(central)
        self.status.show_recovered(self.rt.store.recovered_from, self.rt.store.recovered_reason)
        self.status.show_unsalvaged(self.rt.unsalvaged_at_start)
        self._root.addWidget(self.status)
        self.status.watch_ages(
            self.rt.data_dir, self.rt.config.sync.stale_after_h, not self.rt.config.catalog_file
        )
        if self.banner is not None:
            # The offline words take the title's place in the header row, not a
            # row of their own: the window never grows past a 800 px high panel.
            self.header_row.insertWidget(1, self.status.banner, 1)
            self.status.banner.setProperty("in_header", True)  # two lines within the row
            self.status.banner.installEventFilter(self)
        bridge.device_status.connect(self.status.update_device)
        bridge.sync_status.connect(self.status.update_sync)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if self.banner is not None and obj is self.status.banner:
            if event.type() == QEvent.Type.Show:
                self.header.hide()  # the hall's name, while the network is down
            elif event.type() == QEvent.Type.Hide:
                self.header.show()
        return super().eventFilter(obj, event)

    def show_config_error(self, exc: ConfigError) -> None:
        """The whole window says what is wrong in the config and how to fix it."""
        from widgets.errors import user_text

        page = QWidget(self.stack)
        lay = QVBoxLayout(page)
        lay.setContentsMargins(60, 40, 60, 40)
        lay.setSpacing(24)
        lay.addStretch(1)
        for text, role in (
            (tr("配置有误，本机暂时无法使用"), "title"),
            (user_text(exc), "subtitle"),
            (tr("请管理员按上面的提示修改配置文件，然后重新启动本机。"), "subtitle"),
        ):
            lay.addWidget(page_title(text, page, role, centred=True))
        lay.addStretch(2)
        self.add_page("config_error", page)
        self.stack.setCurrentWidget(page)

    def add_page(self, name: str, page: QWidget) -> QWidget:
        page.setObjectName(f"page_{name}")
        self.pages[name] = page
        self.stack.addWidget(page)
        arrange = getattr(page, "arrange", None)
        if arrange is not None:  # a page built after the window has its size
            arrange(self.stack.size())
        return page

    def current_page(self) -> str:
        return list(self.pages)[self.stack.currentIndex()]

    def show_page(self, name: str) -> None:
        self.stack.setCurrentWidget(self.pages[name])
        self.on_page_shown(name)

    def on_page_shown(self, name: str) -> None:
        """What a window turns on or off for the page now shown."""
