"""What the kiosk and the counter do alike while taking in a case.

Both windows read a card, keep a checklist of materials fed by the scan
panel, and follow the receipt's print job until it is on paper. They differ
in who they speak to (a citizen or a clerk), so the words come in an
``IntakeWords``; the behaviour lives here once, in a controller the pages
call. The window owns it and holds the session (``case``, ``item``,
``answers``); store writes (a material's PDF, an abandoned draft's scans)
go through the bridge's background lane.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from core.case import Case
from core.catalog import Item
from core.errors import OneWindowError
from core.intake import CARD_READ, SIZE_CHECK, size_conflict
from drivers.base import DeviceStatus, Health
from services.printing import PrintJob
from services.submission import discard_draft, store_material
from widgets.background import Busy
from widgets.bridge import RuntimeBridge
from widgets.checklist import MaterialChecklist
from widgets.errors import citizen_text, steps_text, user_text
from widgets.i18n import N_, tr
from widgets.pages import button
from widgets.scan_panel import ScanPanel

# The detector's page formats (drivers.camera.codes.PageKind) and what a material is
# (core.intake.expected_size), in the words of the size check.
SIZE_NAMES = {
    "a4": N_("A4 纸"),
    "letter": N_("信纸"),
    "a5": N_("A5 纸"),
    "hukou": N_("户口簿的一页"),
    "id1": N_("卡片（身份证大小）"),
}
SHOULD_BE = {
    "card": N_("身份证大小的卡片"),
    "sheet": N_("整张纸（如 A4）"),
    "hukou": N_("户口簿的一页"),
}


class IntakeSession(Protocol):
    """What the controller reads from its window (the session of one applicant).

    GUI thread only. While a material's PDF is kept on the lane, the lane
    updates that material of ``case`` in place; the page's busy state keeps
    the person from changing the case meanwhile.
    """

    bridge: RuntimeBridge
    case: Case | None
    item: Item | None
    answers: dict[str, int]

    @property
    def actor(self) -> str: ...

    def current_page(self) -> str: ...


@dataclass(frozen=True)
class IntakeWords:
    """The words of one app for the shared steps (source strings, translated when shown).

    Immutable; any thread.
    """

    no_picture: str
    pages_taken: str  # with %n for the page count
    printed: str
    failed: str
    held_text: Callable[[BaseException | None], str]
    # The kiosk speaks to a citizen: a device's failure becomes what to do, and
    # the technical words go to the status bar and the log (widgets.errors).
    citizen: bool = False


class IntakeController(QObject):
    """Card errors, checklist, scan area and the receipt's print job. GUI thread only.

    ``asked`` carries a question put to the person (the size check), already in
    the UI's language, for a window that speaks; ``changed`` tells that the case's
    checklist changed (the counter keeps its draft then).
    """

    asked = Signal(str)
    changed = Signal()  # the case's checklist changed (a draft keeper keeps it)

    def __init__(self, session: IntakeSession, words: IntakeWords, parent: QObject) -> None:
        super().__init__(parent)
        self.session = session
        self.words = words
        self.rt = session.bridge.runtime
        self.ops = session.bridge.ops
        self.print_job: PrintJob | None = None  # the receipt's job
        self.print_state = "none"  # none | pending | ok | held (kept, prints later) | failed
        self.print_msg: QLabel | None = None
        self.checklist: MaterialChecklist | None = None
        self.camera: ScanPanel | None = None
        self.material_msg: QLabel | None = None
        self.scan_busy: Busy | None = None
        self.size_check: QFrame | None = None  # 重拍 / 仍然使用 when a page's size is odd
        self._heading: QLabel | None = None  # the scan page's title, hidden while it asks
        self._odd_pages: set[bytes] = set()  # pages the citizen chose to use all the same
        self._odd: tuple[str, int] | None = None  # (material, page index) being asked about
        self._card_filled: set[str] = set()  # drafts whose card-read materials are filled
        self.deferred: set[str] = set()  # materials marked 容缺后补 in this session (undoable)
        # material code → what the back office offers for it (可复用, 可调取电子证照)
        self.offered: dict[str, str] = {}
        session.bridge.print_job_changed.connect(self._on_job_changed)

    # ---- card -------------------------------------------------------------
    def present_demo_card(self) -> None:
        reader = self.rt.devices.card_slot
        if reader is not None:
            reader.present()

    def card_error(self, exc: OneWindowError, label: QLabel) -> None:
        if self.session.current_page() == "card":
            label.setText(self.error_text(exc, "id_reader"))

    # ---- words: the citizen's or the clerk's ------------------------------
    def error_text(self, exc: BaseException, step: str) -> str:
        """An error of ``step`` in this app's words: a clerk reads the error's own
        words; a citizen reads what to do (widgets.errors.citizen_text)."""
        if self.words.citizen:
            return citizen_text(exc, step, self.session)
        return user_text(exc)

    def watch_camera(self) -> None:
        """The citizen is told on the scan page when the camera is down (kiosk only)."""
        self.session.bridge.device_status.connect(self._on_camera_status)

    def _on_camera_status(self, st: DeviceStatus) -> None:
        if st.device == "camera":
            self.show_camera_state()

    def show_camera_state(self) -> None:
        """With the camera down, the scan page says what to do (go to a window);
        the camera's own words are the status bar's."""
        st = self.session.bridge.last_status.get("camera")
        if self.material_msg is not None and st is not None and st.health is Health.ABSENT:
            self.material_msg.setText(steps_text("camera"))

    # ---- materials --------------------------------------------------------
    def add_scan_area(
        self,
        page: QWidget,
        lay: QBoxLayout,
        row: QBoxLayout,
        stretch: int,
        hint: str,
        checklist: MaterialChecklist,
    ) -> ScanPanel:
        """The scan panel beside the checklist in ``row``, and the hint label under it.

        The page sets ``scan_busy`` (its busy state) once its buttons exist.
        """
        self.checklist = checklist
        self.camera = ScanPanel(self.rt.devices, page)
        self.camera.material_name = self._material_name  # what size its pages are
        row.addWidget(self.camera, stretch)
        lay.addLayout(row, 1)
        self.material_msg = QLabel(hint, page)
        self.material_msg.setProperty("role", "hint")
        self.material_msg.setWordWrap(True)
        lay.addWidget(self.material_msg)
        lay.addWidget(self._size_check_bar(page))
        # The page's title gives way while the size check asks (its buttons are
        # taller than the hint line): the page never grows past the screen.
        first = lay.itemAt(0).widget() if lay.count() else None
        self._heading = first if isinstance(first, QLabel) else None
        checklist.material_selected.connect(self.camera.set_material)
        checklist.material_selected.connect(lambda _code: self._hide_size_check())
        self.camera.pages_changed.connect(self._on_pages)
        self.camera.message.connect(self.material_msg.setText)
        return self.camera

    def _size_check_bar(self, page: QWidget) -> QFrame:
        """The question asked when a page's size contradicts its material (hidden)."""
        bar = QFrame(page)
        bar.setObjectName("size_check")
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        self.size_check_text = QLabel("", bar)
        self.size_check_text.setWordWrap(True)
        self.size_check_text.setProperty("role", "subtitle")
        self.size_check_text.setStyleSheet("color:#b26a00;")
        row.addWidget(self.size_check_text, 1)
        retake: QPushButton = button(tr("重拍"), bar, name="size_retake", primary=True)
        retake.clicked.connect(self.retake_odd_page)
        keep: QPushButton = button(tr("仍然使用"), bar, name="size_keep")
        keep.clicked.connect(self.keep_odd_page)
        for b in (retake, keep):
            b.setMinimumSize(120, 60)
            row.addWidget(b)
        bar.hide()
        self.size_check = bar
        return bar

    def _hide_size_check(self) -> None:
        self._odd = None
        if self.size_check is not None and not self.size_check.isHidden():
            self.size_check.hide()
            self.material_msg.show()  # the question stood in its place
            if self._heading is not None:
                self._heading.show()

    def refresh_checklist(self) -> None:
        s = self.session
        assert s.case is not None and s.item is not None and self.checklist is not None
        required = {m.code: m.required for m in s.item.select(s.answers)[1]}
        self.checklist.show_case(s.case, required, frozenset(self.deferred), self.offered)
        if s.case.id not in self._card_filled:
            self._fill_from_card(s.case)
        self.changed.emit()

    def _fill_from_card(self, case: Case) -> None:
        """At the kiosk: the materials the card just read is (the applicant's ID card)
        are filled from the read, not asked for under the camera (on the lane)."""
        # The kiosk's session holds the citizen's card read as ``identity``; the
        # counter's clerk still scans the copies a department wants.
        identity = getattr(self.session, "identity", None)
        self._card_filled.add(case.id)
        if self.session.actor != "citizen" or identity is None:
            return
        from services.card_material import fill_from_card

        rt = self.rt

        def done(filled: list[str]) -> None:
            if filled and self.session.case is case:
                self.refresh_checklist()

        def failed(exc: BaseException) -> None:
            if self.session.case is case and self.material_msg is not None:
                self.material_msg.setText(user_text(exc))

        self.ops.run(
            "card_material",
            lambda: fill_from_card(rt, case, identity, "citizen"),
            done,
            failed,
            busy=self.scan_busy,
        )

    def capture(self) -> None:
        """Keep the page under the camera for the selected material at once, as detected.

        For scripts and the tour; people use the scan panel, which lets them
        check the corners first. Returns once the page is kept in the store
        (its PDF assembled and sealed on the background lane).
        """
        assert self.session.case is not None
        assert self.checklist is not None and self.camera is not None
        code = self.checklist.current_code()
        if code is not None:
            self.camera.set_material(code)
        if code is None or not self.camera.capture(accept=True):
            self.material_msg.setText(tr(self.words.no_picture))
        self.ops.wait_idle()

    # ---- the page size check ----------------------------------------------
    def _odd_page(self, code: str, pages: list) -> int | None:
        """The first page whose detected size contradicts the material and that nobody
        chose to use all the same."""
        name = self._material_name(code)
        for i, p in enumerate(pages):
            if size_conflict(name, p.kind.value) and p.data not in self._odd_pages:
                return i
        return None

    def _material_name(self, code: str) -> str:
        case = self.session.case
        m = next((m for m in case.materials if m.code == code), None) if case else None
        return m.name if m is not None else ""

    def _size_words(self, code: str, kind: str) -> str:
        from core.intake import expected_size

        name = self._material_name(code)
        return (
            tr("这一页看起来是%s，而“%m”应是%w。请核对是否放错了材料。")
            .replace("%s", tr(SIZE_NAMES.get(kind, kind)))
            .replace("%m", name)
            .replace("%w", tr(SHOULD_BE.get(expected_size(name), "")))
        )

    def retake_odd_page(self) -> None:
        """重拍: the page asked about goes; the next capture is taken instead."""
        odd, camera = self._odd, self.camera
        self._hide_size_check()
        if odd is None or camera is None or camera.code != odd[0]:
            return
        camera.page_list.setCurrentRow(odd[1])
        camera.delete_page()  # the pages left are kept as usual (pages_changed)
        self.material_msg.setText(tr("请放好正确的材料，重新拍摄。"))

    def keep_odd_page(self) -> None:
        """仍然使用: the citizen checked; the page is kept, and staff see the warning."""
        odd, camera = self._odd, self.camera
        self._hide_size_check()
        if odd is None or camera is None:
            return
        pages = [sp.page for sp in camera.pages(odd[0])]
        if odd[1] < len(pages):
            self._odd_pages.add(pages[odd[1]].data)
        self._on_pages(odd[0], pages)

    def _check_of(self, code: str, pages: list) -> str:
        name = self._material_name(code)
        odd = next((p for p in pages if size_conflict(name, p.kind.value)), None)
        return SIZE_CHECK + odd.kind.value if odd is not None else ""

    def _on_pages(self, code: str, pages: list) -> None:
        """The pages of a material changed in the scan panel: they become its PDF.

        At the kiosk a page whose size contradicts the material is first put
        to the citizen (重拍 / 仍然使用); at the counter it is kept with a
        warning for the clerk. Either way the material records the check.
        """
        case = self.session.case
        if case is None:
            return
        rt, actor = self.rt, self.session.actor
        odd = self._odd_page(code, pages)
        if odd is not None and actor == "citizen" and self.size_check is not None:
            self._odd = (code, odd)
            question = self._size_words(code, pages[odd].kind.value)
            self.size_check_text.setText(question)
            self.material_msg.hide()  # one line for the question: the page keeps its height
            if self._heading is not None:
                self._heading.hide()
            self.size_check.show()
            self.asked.emit(question)
            return
        self._hide_size_check()
        m = next((m for m in case.materials if m.code == code), None)
        if not pages and m is not None and m.source == CARD_READ:
            return  # nothing scanned for it: it stays filled from the card read
        check = self._check_of(code, pages)
        warn = self._size_words(code, check.removeprefix(SIZE_CHECK)) if check else ""

        def done(_ref: Any) -> None:
            if self.session.case is case:
                taken = tr(self.words.pages_taken).replace("%n", str(len(pages)))
                self.material_msg.setText(taken + ("\n" + tr("注意：") + warn if warn else ""))
                self.refresh_checklist()

        def failed(exc: BaseException) -> None:
            if self.session.case is case:
                self.material_msg.setText(self.error_text(exc, "material"))

        self.ops.run(
            "store_material",
            lambda: store_material(rt, case, code, pages, actor=actor, check=check),
            done,
            failed,
            busy=self.scan_busy,
        )

    def may_defer(self, code: str | None) -> bool:
        """Whether the catalog lets this material be supplied later (容缺)."""
        item = self.session.item
        if code is None or item is None:
            return False
        try:
            return item.material(code).deficiency_allowed
        except OneWindowError:
            return False

    def toggle_deferred(self, code: str | None) -> bool | None:
        """容缺后补, or its undo, for ``code``: the row says so at once. True when now
        deferred, False when undone, None when the material may not wait (or has pages)."""
        case = self.session.case
        m = next((m for m in case.materials if m.code == code), None) if case else None
        if m is None or m.files or not self.may_defer(code):
            return None
        assert code is not None
        if code in self.deferred:
            self.deferred.discard(code)
            now = False
        else:
            self.deferred.add(code)
            now = True
        self.refresh_checklist()
        return now

    def discard(self, case: Case | None) -> None:
        """An abandoned draft's scans go with it (on the lane, after its pending writes)."""
        if case is not None:
            rt = self.rt
            self.ops.run("discard_draft", lambda: discard_draft(rt, case))

    # ---- the receipt's print job -----------------------------------------
    def follow(self, job: PrintJob) -> None:
        """Show the receipt job's state now and at each change until it is on paper."""
        self.print_job = job
        self._show(job)

    def forget(self) -> None:
        self.print_job = None
        self._odd_pages.clear()
        self._card_filled.clear()
        self.deferred.clear()
        self.offered = {}
        self._hide_size_check()

    def _on_job_changed(self, job: PrintJob) -> None:
        if job is self.print_job:  # a job of an earlier session still prints when it can
            self._show(job)

    def _show(self, job: PrintJob) -> None:
        assert self.print_msg is not None
        if job.pending:
            self.print_state = "pending"
        elif job.state.value == "printed":
            self.print_state = "ok"
            self.print_msg.setText(tr(self.words.printed))
        elif job.state.value == "held":  # kept: printed once the printer is back
            self.print_state = "held"
            self.print_msg.setText(self.words.held_text(job.error))
        else:
            self.print_state = "failed"
            self.print_msg.setText(tr(self.words.failed))
