"""What the kiosk and the counter do alike while taking in a case.

Both windows read a card, keep a checklist of materials fed by the scan
panel, and follow the receipt's print job until it is on paper. They differ
in who they speak to (a citizen or a clerk), so the words are class
attributes each window sets; the behaviour lives here once.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from core.errors import OneWindowError
from services.submission import store_material
from widgets.errors import user_text
from widgets.i18n import tr
from widgets.scan_panel import ScanPanel


class IntakeFlowMixin:
    """Shared steps of an intake window. GUI thread only.

    The window provides: ``rt`` (Runtime), ``case``, ``item``, ``answers``,
    ``checklist``, ``camera`` (ScanPanel), ``card_msg``, ``print_msg``,
    ``print_job``, ``print_state``, ``current_page()``, ``actor`` and
    ``material_msg`` (the label under the scan area).
    """

    NO_PICTURE: ClassVar[str] = ""
    PAGES_TAKEN: ClassVar[str] = ""  # with %n for the page count
    PRINTED: ClassVar[str] = ""
    HELD: ClassVar[str] = ""
    FAILED: ClassVar[str] = ""

    def _add_scan_area(self: Any, page, lay, row, stretch: int, hint: str) -> None:
        """The scan panel beside the checklist in ``row``, and the hint label under it."""
        self.camera = ScanPanel(self.rt.devices, page)
        row.addWidget(self.camera, stretch)
        lay.addLayout(row, 1)
        self.material_msg = QLabel(hint, page)
        self.material_msg.setProperty("role", "hint")
        self.material_msg.setWordWrap(True)
        lay.addWidget(self.material_msg)
        self.checklist.material_selected.connect(self.camera.set_material)
        self.camera.pages_changed.connect(self._on_pages)
        self.camera.message.connect(self.material_msg.setText)

    def _present_demo_card(self: Any) -> None:
        reader = self.rt.devices.card_slot
        if reader is not None:
            reader.present()

    def _on_card_error(self: Any, exc: OneWindowError) -> None:
        if self.current_page() == "card":
            self.card_msg.setText(user_text(exc))

    def _refresh_checklist(self: Any) -> None:
        assert self.case is not None and self.item is not None
        required = {m.code: m.required for m in self.item.select(self.answers)[1]}
        self.checklist.show_case(self.case, required)

    def capture(self: Any) -> None:
        """Keep the page under the camera for the selected material at once, as detected.

        For scripts and the tour; people use the scan panel, which lets them
        check the corners first. Its pages reach the case through _on_pages.
        """
        assert self.case is not None
        code = self.checklist.current_code()
        if code is not None:
            self.camera.set_material(code)
        if code is None or not self.camera.capture(accept=True):
            self.material_msg.setText(tr(self.NO_PICTURE))

    def _on_pages(self: Any, code: str, pages: list) -> None:
        """The pages of a material changed in the scan panel: they become its PDF."""
        if self.case is None:
            return
        try:
            store_material(self.rt, self.case, code, pages, actor=self.actor)
        except OneWindowError as exc:
            self.material_msg.setText(user_text(exc))
            return
        self.material_msg.setText(tr(self.PAGES_TAKEN).replace("%n", str(len(pages))))
        self._refresh_checklist()

    def _watch_print(self: Any, job) -> None:
        """Follow the receipt's print job until it is on paper."""
        if job is not self.print_job:
            return  # the session moved on; the job itself still prints when it can
        if job.pending:
            self.print_state = "pending"
        elif job.state.value == "printed":
            self.print_state = "ok"
            self.print_msg.setText(tr(self.PRINTED))
            return
        elif job.state.value == "held":
            self.print_state = "held"
            self.print_msg.setText(self._held_text(job.error))
        else:
            self.print_state = "failed"
            self.print_msg.setText(tr(self.FAILED))
            return
        QTimer.singleShot(250, lambda: self._watch_print(job))

    def _held_text(self: Any, error: BaseException) -> str:
        return tr("回执未打印：") + user_text(error) + "\n" + tr(self.HELD)
