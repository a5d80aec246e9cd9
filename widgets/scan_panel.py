"""The scanning widget for the kiosk and the counter.

Live: the camera picture with the page outline, a guidance line ("请保持
不动……", "光线太暗……") and, when the page has been still long enough and
passes the quality checks, an automatic capture. "拍摄" captures at any
time. Review: the still picture with four draggable corners and the quality
advice for it; "使用此页" keeps it (after a short countdown when the
capture was automatic), "重拍" goes back. Below, the pages of the current
material: move up/down, delete, retake (the next capture replaces it),
adjust its corners, turn it.

Frames come from the device manager's stream through the bridge module's
``FrameStream``: the live scanner (detection, smoothing, checks) runs on the
camera thread; the newest result waits in a one-slot mailbox and the GUI
takes it when it can (a slow GUI skips frames rather than queueing them).
Pages are processed on a background lane of their own (widgets.background;
CPU only, so a capture never waits behind a store write). The widget itself
is GUI-thread only.

Longer than most modules on purpose: live, review and the page list are one
state machine (a capture replaces a listed page, a review blocks the live
picture, the buttons follow the state); split apart, that state would be
spread over several widgets that must stay in step.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import OneWindowError
from core.intake import expected_size
from drivers.camera.codes import Hint, Mode, PageKind, Sizing
from widgets.background import BackgroundOps
from widgets.bridge import FrameStream
from widgets.camera_view import CameraView, preview_picture
from widgets.errors import user_text
from widgets.i18n import tr
from widgets.pages import button
from widgets.scan_text import KINDS, MODES, hint_text, issues_text
from widgets.touch import fit_lines, keep_text_room, kinetic

if TYPE_CHECKING:
    import numpy as np

    from drivers.camera.live import LiveScanner, LiveState
    from drivers.camera.session import ScannedPage, ScanSession
    from drivers.manager import DeviceManager

# The scanning modules (OpenCV, numpy, the page net) load when the scan panel is
# first used, not while the apps build their windows: the scanner and the session
# are made on first use, and the functions below import them where they run.


SECONDARY_STYLE = "padding: 4px 10px; min-height: 24px;"
PAGE_BUTTON_TEXT = 80  # px: wider words go on a second line at the kiosk
COMBO_CHARS = 9  # the kiosk's drop-downs: "Automatic" fits, a longer choice is elided
AUTO_ACCEPT_S = 2.0  # after an automatic capture, keep the page unless told otherwise
PROCESSING_FAILED = OneWindowError("scan.page_failed")


class State(Enum):
    LIVE = "live"
    REVIEW = "review"
    BUSY = "busy"


class ScanPanel(QWidget):
    """Live preview, capture, corner review and the page list of one material.

    ``pages_changed(code, pages)`` fires after every change to a material's
    pages (``pages`` is a list of drivers.camera.page.Page, in order).
    GUI thread only.
    """

    pages_changed = Signal(str, list)
    message = Signal(str)  # a short notice for the window's status line

    def __init__(
        self,
        devices: DeviceManager,
        parent: QWidget | None = None,
        *,
        mode: Mode = Mode.GREY,
        auto_capture: bool = True,
    ) -> None:
        super().__init__(parent)
        self.devices = devices
        self._session: ScanSession | None = None
        self._scanner: LiveScanner | None = None
        self.state = State.LIVE
        self.code: str | None = None
        # the window's: a material code → its name, for what the material is (its size)
        self.material_name: Callable[[str], str] | None = None
        self._expect = ""  # core.intake.expected_size of the current material
        self.last_state: LiveState | None = None
        self.last_frame: np.ndarray | None = None
        self._frames = FrameStream(devices, self)
        self._review_frame: np.ndarray | None = None
        self._review_target: int | None = None  # page index the review will replace
        self._replace_next: int | None = None  # page index the next capture replaces
        self._auto_deadline = 0.0
        self._lane = BackgroundOps(self, name="ow-scan")
        self._running = False

        self.view = CameraView(self)
        self.view.placeholder = tr("摄像头未启动")
        self.view.corners_changed.connect(self._on_corners)
        self.advice = QLabel("", self)
        self.advice.setObjectName("scan_advice")
        self.advice.setProperty("role", "hint")
        self.advice.setWordWrap(True)

        self.mode_box = QComboBox(self)
        self.mode_box.setObjectName("scan_mode")
        for m in Mode:
            self.mode_box.addItem(tr(MODES[m]), m)
        self.mode_box.setCurrentIndex(list(Mode).index(mode))
        self.kind_box = QComboBox(self)
        self.kind_box.setObjectName("scan_kind")
        kinds = (PageKind.AUTO, PageKind.A4, PageKind.A5, PageKind.LETTER, PageKind.HUKOU)
        for k in (*kinds, PageKind.ID1):
            self.kind_box.addItem(tr(KINDS[k]), k)
        self.kind_box.currentIndexChanged.connect(self._on_kind)
        # A big toggle, not a 14 px check box: ✓ and the colour say it is on.
        self.auto_box = button(tr("自动拍摄"), self, name="scan_auto")
        self.auto_box.setCheckable(True)
        self.auto_box.setProperty("chip", True)
        self.auto_box.toggled.connect(self._show_auto)
        self._show_auto(True)
        keep_text_room(self.auto_box)  # as wide when on as off: the row never shifts
        self.auto_box.setChecked(auto_capture)
        self._show_auto(auto_capture)

        self.shoot_btn = button(tr("拍摄"), self, name="scan_capture", primary=True)
        self.shoot_btn.clicked.connect(lambda: self.capture())
        self.accept_btn = button(tr("使用此页"), self, name="scan_accept", primary=True)
        self.accept_btn.clicked.connect(self.accept)
        self.retake_btn = button(tr("重拍"), self, name="scan_retake")
        self.retake_btn.clicked.connect(self.retake)

        self.page_list = QListWidget(self)
        self.page_list.setObjectName("scan_pages")
        self.page_list.setViewMode(QListView.ViewMode.IconMode)
        self.page_list.setFlow(QListView.Flow.LeftToRight)
        self.page_list.setWrapping(False)
        self.page_list.setIconSize(QSize(48, 62))
        self.page_list.setGridSize(QSize(112, 92))
        self.page_list.setFixedHeight(100)
        self.page_list.setMovement(QListView.Movement.Static)
        kinetic(self.page_list)  # a long material's pages: dragged sideways
        self.page_list.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.up_btn = button(tr("前移"), self, name="page_up")
        self.up_btn.clicked.connect(lambda: self.move_page(-1))
        self.down_btn = button(tr("后移"), self, name="page_down")
        self.down_btn.clicked.connect(lambda: self.move_page(+1))
        self.delete_btn = button(tr("删除"), self, name="page_delete")
        self.delete_btn.clicked.connect(self.delete_page)
        self.retake_page_btn = button(tr("重拍此页"), self, name="page_retake")
        self.retake_page_btn.clicked.connect(self.retake_page)
        self.adjust_btn = button(tr("调整四角"), self, name="page_adjust")
        self.adjust_btn.clicked.connect(self.adjust_page)
        self.turn_btn = button(tr("旋转"), self, name="page_turn")
        self.turn_btn.clicked.connect(self.turn_page)

        opts = QHBoxLayout()
        self.kind_label = QLabel(tr("材料类型"), self)
        self.mode_label = QLabel(tr("颜色"), self)
        opts.addWidget(self.kind_label)
        opts.addWidget(self.kind_box)
        opts.addWidget(self.mode_label)
        opts.addWidget(self.mode_box)
        opts.addWidget(self.auto_box)
        opts.addStretch(1)
        opts.addWidget(self.retake_btn)
        opts.addWidget(self.accept_btn)
        opts.addWidget(self.shoot_btn)
        for b in self.page_buttons():  # smaller than the theme's buttons (use_touch_sizes)
            b.setStyleSheet(SECONDARY_STYLE)
        # Both drop-downs as wide as a short choice and the pages' words over lines where
        # they are long: the counter's materials page fits 1280 px in English too.
        for box in (self.kind_box, self.mode_box):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(COMBO_CHARS)
        page_btns = self._page_row = QHBoxLayout()
        self.pages_label = QLabel("", self)
        self.pages_label.setObjectName("scan_pages_label")
        page_btns.addWidget(self.pages_label, 1)
        for b in (self.up_btn, self.down_btn, self.turn_btn, self.adjust_btn):
            page_btns.addWidget(b)
        page_btns.addWidget(self.retake_page_btn)
        page_btns.addWidget(self.delete_btn)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.advice)
        lay.addLayout(opts)
        lay.addWidget(self.page_list)
        lay.addLayout(page_btns)
        self.advice.hide()

        self._frames.frame_ready.connect(self._take_mail)
        self._tick = QTimer(self)
        self._tick.setInterval(200)
        self._tick.timeout.connect(self._on_tick)
        devices_ref = devices
        self.destroyed.connect(lambda *_: devices_ref.stop_stream())
        self._set_state(State.LIVE)

    @property
    def session(self) -> ScanSession:
        """The pages of every material so far (made on first use)."""
        if self._session is None:
            from drivers.camera.session import ScanSession

            self._session = ScanSession()
        return self._session

    @property
    def scanner(self) -> LiveScanner:
        """The live scanner (made on first use, on the GUI thread: ``start`` touches it
        before the camera thread may call it)."""
        if self._scanner is None:
            from drivers.camera.live import LiveScanner

            self._scanner = LiveScanner()
            self._scanner.set_kind(self.kind)
            self._scanner.set_sizing(self.sizing)
        return self._scanner

    def _on_kind(self, _index: int) -> None:
        if self._scanner is not None:  # a scanner made later starts with the chosen kind
            self._scanner.set_kind(self.kind)

    def _advise(self, text: str) -> None:
        self.advice.setText(text)
        self.advice.setVisible(bool(text))

    def _show_auto(self, on: bool) -> None:
        word = tr("自动拍摄")
        self.auto_box.setText(f"✓ {word}" if on else word)  # not by colour alone

    def use_touch_sizes(self) -> None:
        """At the kiosk: the page buttons as big as the others (a finger, not a mouse).

        Their words, and the options' names, go over two lines where they are
        long (English), so the panel fits a 1080 px wide portrait screen.
        """
        for b in self.page_buttons():
            b.setStyleSheet("")
            fit_lines(b, PAGE_BUTTON_TEXT)
        for lab in (self.kind_label, self.mode_label, self.pages_label):
            lab.setWordWrap(True)
        # The strip of pages is dragged sideways; a bar a finger could grab would
        # take the thumbnails' height.
        self.page_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for box in (self.kind_box, self.mode_box):  # as wide as a short choice; the list shows all
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(COMBO_CHARS)

    def words_above_buttons(self) -> None:
        """The pages' words (2 页，182 KB) on a line of their own above the page buttons,
        not squeezed beside them (the counter's materials page in English)."""
        self._page_row.removeWidget(self.pages_label)
        self._page_row.insertStretch(0, 1)  # the buttons stay on the right
        lay = self.layout()
        lay.insertWidget(lay.indexOf(self.page_list) + 1, self.pages_label)

    def page_buttons(self) -> tuple[QPushButton, ...]:
        """The secondary actions on the current material's pages."""
        return (
            self.up_btn,
            self.down_btn,
            self.delete_btn,
            self.retake_page_btn,
            self.adjust_btn,
            self.turn_btn,
        )

    # ---- lifecycle ----------------------------------------------------------------------------
    def start(self) -> None:
        """Start the live preview (the camera streams on its own thread)."""
        self._running = True
        self.scanner.tracker.reset()
        self._frames.start(self._judge)
        self._tick.start()
        if self.state is State.LIVE:
            self._show_hint()

    def stop(self) -> None:
        self._running = False
        self._frames.stop()
        self._tick.stop()

    def clear(self) -> None:
        """Forget every page (a new citizen, a new case)."""
        if self._session is not None:
            self._session.clear()
        self.code = None
        self._replace_next = None
        self._set_state(State.LIVE)
        self._refresh_pages()

    def set_material(self, code: str | None, name: str = "") -> None:
        """Show and scan the pages of this material (its name, or ``material_name``,
        says what size its pages are: a card, a sheet, a 户口簿 page)."""
        self.code = code
        if code is not None and not name and self.material_name is not None:
            name = self.material_name(code)
        self._expect = expected_size(name) if code is not None else ""
        if self._scanner is not None:
            self._scanner.set_sizing(self.sizing)
        self._replace_next = None
        self._refresh_pages()

    @property
    def sizing(self) -> Sizing:
        """What tells the current material's page format: its expected kind, the
        camera's scale (``devices.camera.field_mm``)."""
        return Sizing(self._expect, float(self.devices.config.camera.field_mm))

    def pages(self, code: str) -> list[ScannedPage]:
        return self.session.pages(code)

    @property
    def mode(self) -> Mode:
        return Mode(self.mode_box.currentData())  # Qt hands enum item data back as str

    @property
    def kind(self) -> PageKind:
        return PageKind(self.kind_box.currentData())

    # ---- frames from the camera thread --------------------------------------------------------
    @property
    def skipped_frames(self) -> int:
        """Newer results replaced older ones before the GUI took them."""
        return self._frames.skipped

    def _judge(self, frame: np.ndarray, now: float) -> tuple[LiveState, np.ndarray | None]:
        """Camera thread: judge the frame and scale it to the view (not in the paint)."""
        state = self.scanner.process(frame, now)
        live = self.state is State.LIVE
        return state, preview_picture(frame, self.view.area) if live else None

    def _take_mail(self) -> None:
        mail = self._frames.take()
        if mail is None or not self._running:
            return
        frame, (st, picture) = mail
        self.last_frame, self.last_state = frame, st
        if self.state is not State.LIVE:
            return
        self.view.set_frame(frame, picture)
        self.view.set_overlay(
            st.quad, good=st.hint in (Hint.READY, Hint.CAPTURED), progress=st.still
        )
        self._show_hint()
        if st.ready and self.auto_box.isChecked() and self.code is not None:
            self.scanner.disarm()
            self._review(frame, st.quad, auto=True)

    def _show_hint(self) -> None:
        st = self.last_state
        if st is None:
            self.view.set_message(tr("正在打开摄像头……"))
            return
        self.view.set_message(hint_text(st.hint))

    # ---- capture and review -------------------------------------------------------------------
    def capture(self, accept: bool = False) -> bool:
        """Take the current frame now. With ``accept`` keep it at once as detected.

        Returns False when there is no frame (no camera) or no material is
        chosen. ``accept=True`` processes before returning (for scripted use).
        """
        if self.code is None:
            self.message.emit(tr("请先在左侧选择要扫描的材料"))
            return False
        if self.state is State.REVIEW and not accept:
            return True
        frame = self.last_frame if self.state is State.LIVE else self._review_frame
        if frame is None:
            self.message.emit(tr("还没有画面：请检查高拍仪"))
            return False
        st = self.last_state
        quad = st.quad if st is not None and st.quad is not None else None
        if self.state is State.REVIEW and self.view.corners() is not None:
            quad = self.view.corners()
        if quad is None:
            from drivers.camera import geometry as geo

            h, w = frame.shape[:2]
            quad = geo.default_quad(w, h)
        self.scanner.disarm()
        if accept:
            self._review_frame = frame
            self.view.set_overlay(quad)
            kept = self._submit(frame, quad)
            self._lane.wait_idle()  # scripted: the page is processed (and added) on return
            return bool(kept)
        self._review(frame, quad, auto=False)
        return True

    def _review(self, frame: np.ndarray, quad: np.ndarray, auto: bool) -> None:
        self._review_frame = frame
        self._set_state(State.REVIEW)
        self.view.set_frame(frame)
        self.view.set_overlay(quad)
        self.view.set_editable(True)
        self._auto_deadline = time.monotonic() + AUTO_ACCEPT_S if auto else 0.0
        self._judge_review()

    def _judge_review(self) -> None:
        frame, quad = self._review_frame, self.view.corners()
        if frame is None or quad is None:
            return
        from drivers.camera import geometry as geo
        from drivers.camera import quality
        from drivers.camera.live import quick_page_issues

        h, w = frame.shape[:2]
        issues = []
        if geo.is_convex(quad):
            from drivers.camera.page import judged_small

            sizing = self.sizing
            card = judged_small(self.kind, sizing)
            framing = quality.check_frame(quad, w, h, card)
            whole = not quality.out_of_frame(quad, w, h)
            issues = framing + quick_page_issues(frame, quad, self.kind, sizing, whole)
        text = issues_text(issues)
        tail = tr("拖动四个角对准材料边缘，然后点“使用此页”")
        if self._auto_deadline:
            tail = tr("即将自动保存；如需调整请拖动四个角，或点“重拍”")
        # under the picture: the corners stay free to grab
        self._advise(text or tail)
        self.view.set_message("")

    def _on_corners(self, _quad: np.ndarray) -> None:
        self._auto_deadline = 0.0  # the person is adjusting: wait for them
        self._judge_review()

    def _on_tick(self) -> None:
        due = self._auto_deadline and time.monotonic() >= self._auto_deadline
        if self.state is State.REVIEW and due:
            self.accept()

    def accept(self) -> None:
        """Keep the reviewed page (processed on the worker thread)."""
        if self.state is not State.REVIEW or self._review_frame is None:
            return
        from drivers.camera import geometry as geo

        quad = self.view.corners()
        if quad is None or not geo.is_convex(quad):
            self._advise(tr("四个角的位置不对：请拖动四个角对准材料的四个角"))
            return
        self._set_state(State.BUSY)
        self._submit(self._review_frame, quad)

    def retake(self) -> None:
        """Drop the reviewed picture and go back to the live preview."""
        self._review_target = None
        self.scanner.rearm()
        self._set_state(State.LIVE)

    def _submit(self, frame: np.ndarray, quad: np.ndarray) -> list[ScannedPage]:
        """Process the page on the lane; the result comes back to ``_on_processed``.

        Returns a list that holds the page once it was added (for scripted capture).
        """
        from drivers.camera.session import capture_page

        mode, kind, sizing, target = self.mode, self.kind, self.sizing, self._review_target
        existing = None
        if target is not None and self.code is not None:
            existing = self.session.pages(self.code)[target]

        def work() -> ScannedPage:
            if existing is not None:  # corners of a kept page adjusted
                return existing.redo(quad=quad)
            return capture_page(frame, quad, mode=mode, kind=kind, sizing=sizing)

        kept: list[ScannedPage] = []

        def done(sp: ScannedPage) -> None:
            if self._on_processed(sp, None):
                kept.append(sp)

        def failed(exc: BaseException) -> None:
            self._on_processed(None, exc if isinstance(exc, OneWindowError) else PROCESSING_FAILED)

        self._lane.run("scan_page", work, done, failed)
        return kept

    def _on_processed(self, sp: ScannedPage | None, exc: OneWindowError | None) -> bool:
        """Add a processed page (True), or show why there is none."""
        if sp is None or self.code is None:
            if exc is not None:
                self._advise(user_text(exc))
            self._set_state(State.LIVE)
            return False
        target = self._review_target if self._review_target is not None else self._replace_next
        pages = self.session.pages(self.code)
        if target is not None and target < len(pages):
            self.session.replace(self.code, target, sp)
            row = target
        else:
            row = self.session.add(self.code, sp)
        self._review_target = self._replace_next = None
        self._set_state(State.LIVE)
        self._refresh_pages(select=row)
        self._advise(issues_text(sp.issues))
        self.pages_changed.emit(self.code, [p.page for p in self.session.pages(self.code)])
        return True

    # ---- the page list ------------------------------------------------------------------------
    def _selected(self) -> int | None:
        row = self.page_list.currentRow()
        if self.code is None or not (0 <= row < len(self.session.pages(self.code))):
            return None
        return row

    def _changed(self, select: int | None = None) -> None:
        self._refresh_pages(select)
        if self.code is not None:
            self.pages_changed.emit(self.code, [p.page for p in self.session.pages(self.code)])

    def move_page(self, delta: int) -> None:
        i = self._selected()
        if i is not None:
            self._changed(self.session.move(self.code, i, delta))

    def delete_page(self) -> None:
        i = self._selected()
        if i is not None:
            self.session.remove(self.code, i)
            self._changed(max(0, i - 1))

    def retake_page(self) -> None:
        """The next capture replaces the selected page."""
        i = self._selected()
        if i is None:
            return
        self._replace_next = i
        self.scanner.rearm()
        self.retake()
        self.message.emit(tr("请重新拍摄第 %n 页").replace("%n", str(i + 1)))

    def adjust_page(self) -> None:
        """Review a kept page again with its corners, to move them."""
        i = self._selected()
        if i is None:
            return
        sp = self.session.pages(self.code)[i]
        try:
            frame = sp.frame()
        except OneWindowError as exc:
            self._advise(user_text(exc))
            return
        self._review_target = i
        self._review(frame, sp.quad, auto=False)

    def turn_page(self) -> None:
        i = self._selected()
        if i is None:
            return
        sp = self.session.pages(self.code)[i]
        try:
            self.session.replace(self.code, i, sp.redo(quarter_turns=sp.quarter_turns + 1))
        except OneWindowError as exc:
            self._advise(user_text(exc))
            return
        self._changed(i)

    def _refresh_pages(self, select: int | None = None) -> None:
        self.page_list.clear()
        pages = self.session.pages(self.code) if self.code else []
        for n, sp in enumerate(pages, 1):
            img = QImage.fromData(sp.page.thumbnail)
            mark = " ⚠" if sp.issues else ""
            text = f"{sp.page.kb:.0f} KB{mark}"  # the order shows the page number
            item = QListWidgetItem(QIcon(QPixmap.fromImage(img)), text)
            tip = tr("第 %n 页").replace("%n", str(n))
            item.setToolTip(tip + ("\n" + issues_text(sp.issues) if sp.issues else ""))
            self.page_list.addItem(item)
        if pages:
            total = sum(p.page.kb for p in pages)
            self.pages_label.setText(
                tr("共 %n 页").replace("%n", str(len(pages))) + f"，{total:.0f} KB"
            )
            self.page_list.setCurrentRow(
                min(select if select is not None else len(pages) - 1, len(pages) - 1)
            )
        else:
            self.pages_label.setText(tr("这份材料还没有拍摄"))
        self._update_buttons()

    # ---- state --------------------------------------------------------------------------------
    def _set_state(self, state: State) -> None:
        self.state = state
        live = state is State.LIVE
        review = state is State.REVIEW
        self.view.set_editable(review)
        if live:
            self._review_frame = None
            self._auto_deadline = 0.0
            if self.last_frame is not None:
                self.view.set_frame(self.last_frame)
            self._show_hint()
        elif state is State.BUSY:
            self.view.set_message(tr("正在处理……"))
        # Hide before showing: the row never holds all three at once, which
        # would widen the window past a portrait screen for a moment (for good).
        leaving, coming = (
            ((self.shoot_btn,), (self.accept_btn, self.retake_btn))
            if review
            else ((self.accept_btn, self.retake_btn), (self.shoot_btn,))
        )
        for b in leaving:
            b.hide()
        for b in coming:
            b.show()
        self.shoot_btn.setEnabled(live)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self._selected() is not None and self.state is State.LIVE
        for b in (
            self.up_btn,
            self.down_btn,
            self.delete_btn,
            self.retake_page_btn,
            self.adjust_btn,
            self.turn_btn,
        ):
            b.setEnabled(has)

    def closeEvent(self, e) -> None:
        self.stop()
        self._lane.close(wait=False)
        super().closeEvent(e)
