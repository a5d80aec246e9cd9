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

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QBoxLayout, QLabel, QWidget

from core.case import Case
from core.catalog import Item
from core.errors import OneWindowError
from drivers.base import DeviceStatus, Health
from services.printing import PrintJob
from services.submission import discard_draft, store_material
from widgets.background import Busy
from widgets.bridge import RuntimeBridge
from widgets.checklist import MaterialChecklist
from widgets.errors import citizen_text, steps_text, user_text
from widgets.i18n import tr
from widgets.scan_panel import ScanPanel


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
    """Card errors, checklist, scan area and the receipt's print job. GUI thread only."""

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
        row.addWidget(self.camera, stretch)
        lay.addLayout(row, 1)
        self.material_msg = QLabel(hint, page)
        self.material_msg.setProperty("role", "hint")
        self.material_msg.setWordWrap(True)
        lay.addWidget(self.material_msg)
        checklist.material_selected.connect(self.camera.set_material)
        self.camera.pages_changed.connect(self._on_pages)
        self.camera.message.connect(self.material_msg.setText)
        return self.camera

    def refresh_checklist(self) -> None:
        s = self.session
        assert s.case is not None and s.item is not None and self.checklist is not None
        required = {m.code: m.required for m in s.item.select(s.answers)[1]}
        self.checklist.show_case(s.case, required)

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

    def _on_pages(self, code: str, pages: list) -> None:
        """The pages of a material changed in the scan panel: they become its PDF."""
        case = self.session.case
        if case is None:
            return
        rt, actor = self.rt, self.session.actor

        def done(_ref: Any) -> None:
            if self.session.case is case:
                self.material_msg.setText(tr(self.words.pages_taken).replace("%n", str(len(pages))))
                self.refresh_checklist()

        def failed(exc: BaseException) -> None:
            if self.session.case is case:
                self.material_msg.setText(self.error_text(exc, "material"))

        self.ops.run(
            "store_material",
            lambda: store_material(rt, case, code, pages, actor=actor),
            done,
            failed,
            busy=self.scan_busy,
        )

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
