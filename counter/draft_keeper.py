"""The counter's intake kept in the store as it grows (issue 16, item 9).

``DraftKeeper`` follows the session of the window: after each change (the case
started, a material's pages kept, a 容缺 mark) and every few seconds while the
form is typed in, it hands what the window holds to services.drafts on the
background lane. Submitting or abandoning the case drops the draft. After a
restart the drafts page (counter/pages/drafts.py) offers the kept drafts back
and ``resume`` puts one back into the window: the case, the form, the
checklist's marks and every scanned page in the scan panel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from services.drafts import (
    DraftBody,
    KeptDraft,
    PageFiles,
    draft_item,
    drop_draft,
    identity_from,
    identity_json,
    keep_draft,
    resume_pages,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from core.case import Case
    from core.catalog import Item
    from counter.window import CounterWindow
    from drivers.camera.session import ScannedPage
    from widgets.background import Busy

SOON_MS = 800  # changes in a burst (pages taken one after another) make one write
FORM_CHECK_MS = 5000  # the form as typed: kept when it changed since the last write


class DraftKeeper(QObject):
    """Keeps the window's open intake in the store. GUI thread only (writes on the lane)."""

    def __init__(self, win: CounterWindow) -> None:
        super().__init__(win)
        self.win = win
        self.files = PageFiles.empty()
        self._case_id = ""
        self._last_form: dict[str, str] | None = None
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(SOON_MS)
        self._soon.timeout.connect(self.keep_now)
        self._form_check = QTimer(self)
        self._form_check.setInterval(FORM_CHECK_MS)
        self._form_check.timeout.connect(self._check_form)
        win.intake.changed.connect(self.touch)
        win.camera.pages_changed.connect(lambda *_: self.touch())

    def _open_case(self) -> Case | None:
        """The case being taken in, or None (none yet, or already submitted)."""
        win = self.win
        case = win.case
        if case is None or win.submitted is not None or win.item is None:
            return None
        return case

    def touch(self) -> None:
        """Something changed: keep the draft soon."""
        if self._open_case() is not None:
            self._soon.start()
            self._form_check.start()

    def _check_form(self) -> None:
        if self._open_case() is None:
            self._form_check.stop()
        elif self.win.pages["materials"].form.current_values() != self._last_form:
            self.keep_now()

    def keep_now(self) -> None:
        """Hand the open intake to the lane now (its pending writes go first)."""
        self._soon.stop()
        case = self._open_case()
        if case is None:
            return
        win = self.win
        if case.id != self._case_id:
            self._case_id, self.files = case.id, PageFiles.empty()
        form = win.pages["materials"].form.current_values()
        self._last_form = form
        camera = win.camera
        pages = {code: camera.pages(code) for code in camera.session.codes()}
        fixed = dict(
            answers=dict(win.answers),
            deferred=sorted(win.intake.deferred),
            form=form,
            applicant=identity_json(win.applicant) or {},
            agent=identity_json(win.agent),
            started_by=win.clerk_label,
        )
        rt, files, actor = win.rt, self.files, win.clerk

        def work() -> None:
            # On the lane: the case is copied after the material writes queued before.
            body = DraftBody(case=case.model_copy(deep=True), **fixed)
            keep_draft(rt, body, pages, files, actor)

        win.ops.run("keep_draft", work, None, lambda _exc: None)

    def drop(self, case_id: str | None) -> None:
        """The case was submitted or abandoned: its draft goes (after pending writes)."""
        self._soon.stop()
        self._form_check.stop()
        self._last_form = None
        if case_id:
            rt = self.win.rt
            self.win.ops.run("drop_draft", lambda: drop_draft(rt, case_id))
        if case_id == self._case_id:
            self._case_id, self.files = "", PageFiles.empty()

    def resume(self, kept: KeptDraft, failed: Callable[[BaseException], None], busy: Busy) -> None:
        """Read the draft's item and pages on the lane, then put it into the window."""
        win, rt = self.win, self.win.rt
        body = kept.body

        def work():
            return draft_item(rt, body), *resume_pages(rt, body)

        def back(result) -> None:
            item, pages, files = result
            self._restore(body, item, pages, files)

        win.ops.run("resume_draft", work, back, failed, busy=busy)

    def _restore(
        self,
        body: DraftBody,
        item: Item,
        pages: dict[str, list[ScannedPage]],
        files: PageFiles,
    ) -> None:
        win = self.win
        win.new_intake()  # a clean session first (nothing of an earlier one)
        case = body.case
        case.log("draft_resumed", win.clerk, {"pages": sum(len(v) for v in pages.values())})
        win.applicant = identity_from(body.applicant)
        win.agent = identity_from(body.agent)
        win.item, win.case, win.answers = item, case, dict(body.answers)
        win.intake.deferred = set(body.deferred) & {m.code for m in case.materials}
        item_page = win.pages["item"]
        item_page.picked_version = case.catalog_version
        item_page.picked_bundle = case.bundle_code
        session = win.camera.session
        for code, sps in pages.items():
            for sp in sps:
                session.add(code, sp)
        self._case_id, self.files = case.id, files
        case.form = {**case.form, **body.form}
        win.pages["materials"].show_case()
        win.show_page("materials")
        self.keep_now()
