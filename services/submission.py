"""Submitting a case, shared by every channel (Qt-free).

Submission never touches the network: the case and its outbox entry are
saved in one local transaction, then the receipt is printed, then the sync
worker is woken. A failure to save leaves the draft as it was, so the
citizen can try again or hand over to a clerk.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from core.case import Case, FileRef, MaterialStatus
from core.catalog import Item
from core.errors import CaseError, StorageError
from core.file_types import SUFFIXES
from core.intake import submit_case
from core.receipt import Document
from services.printing import PrintJob, receipt_document
from services.runtime import Runtime
from wire.records import Evaluation, EvaluationLevel

if TYPE_CHECKING:
    import numpy as np

    from drivers.camera.page import Page

log = logging.getLogger(__name__)


def add_scan(runtime: Runtime, case: Case, material_code: str, jpeg: bytes) -> FileRef:
    """Keep one scanned page (encrypted in the store) and attach it to the case."""
    ref = runtime.store.save_file(jpeg, f"{material_code}.jpg", "image/jpeg")
    case.add_file(material_code, ref)
    case.log("scanned", "device", {"material": material_code, "file": ref.id, "sha256": ref.sha256})
    return ref


def add_frame(runtime: Runtime, case: Case, material_code: str, frame: np.ndarray) -> FileRef:
    """Keep one page from a raw frame: the page is found, flattened and cleaned first.

    When no page is found the whole frame is kept (cleaned), never lost.
    """
    from drivers.camera import geometry as geo
    from drivers.camera.detect import DocumentDetector
    from drivers.camera.page import process_page

    det = DocumentDetector().detect(frame)
    h, w = frame.shape[:2]
    quad = det.quad if det.quad is not None else geo.default_quad(w, h, inset=0.0)
    page, _flat = process_page(frame, quad)
    ref = runtime.store.save_file(page.data, f"{material_code}{page.suffix}", page.media_type)
    case.add_file(material_code, ref)
    case.log("scanned", "device", {"material": material_code, "file": ref.id, "sha256": ref.sha256})
    return ref


def discard_draft(runtime: Runtime, case: Case | None) -> int:
    """Delete the scans of a draft that is abandoned (session wiped, next applicant).

    Only files no submitted case or record uses go (the store checks), so a
    case that was submitted keeps everything. Never raises: what cannot be
    deleted now is swept at a later start. Returns how many went.
    """
    if case is None:
        return 0
    gone = 0
    for ref in {f.id for m in case.materials for f in m.files}:
        try:
            gone += runtime.store.discard_file(ref)
        except StorageError:
            log.warning("a scan of an abandoned draft was not deleted; a later start sweeps it")
    return gone


def store_material(
    runtime: Runtime,
    case: Case,
    material_code: str,
    pages: Sequence[Page],
    actor: str,
    check: str = "",
) -> FileRef | None:
    """Make ``pages`` (in order) the material's scan: one PDF, encrypted in the store.

    ``check`` is what staff should look at (core.intake.SIZE_CHECK: a page whose
    size contradicts the material, kept as the person chose); a scan replaces
    a material filled from the card read (its ``source`` is cleared).

    Replaces what was scanned for it before (pages retaken, deleted or moved)
    and deletes the replaced file(s) from the store; with no pages left the
    material is missing again and its file is deleted too. Logged in the
    trail with the page count and the file's hash (no image content).
    """
    from drivers.camera.pdf import assemble_pdf

    case.ensure_editable()
    m = next((m for m in case.materials if m.code == material_code), None)
    if m is None:
        raise CaseError("case.no_material", material=material_code)
    replaced = list(m.files)
    if not pages:
        m.files, m.pages, m.status = [], 0, MaterialStatus.DEFICIENT
        m.source, m.check, m.reference = "", "", ""
        case.log("scan_cleared", actor, {"material": material_code})
        _discard_unused(runtime, case, replaced)
        return None
    pdf = assemble_pdf(list(pages), title=m.name)
    ref = runtime.store.save_file(pdf, f"{material_code}.pdf", "application/pdf")
    m.files, m.pages, m.status = [ref], len(pages), MaterialStatus.RECEIVED
    m.source, m.check, m.reference = "", check, ""
    detail = {"material": material_code, "file": ref.id, "sha256": ref.sha256, "pages": len(pages)}
    if check:
        detail["check"] = check
    case.log("scanned", actor, detail)
    _discard_unused(runtime, case, replaced)
    return ref


def keep_document(
    runtime: Runtime,
    case: Case,
    material_code: str,
    pdf: bytes,
    pages: int,
    actor: str,
    *,
    source: str,
    reference: str,
    media_type: str = "application/pdf",
) -> FileRef:
    """Make ``pdf`` (a document the back office gave: a reused material, an e-licence;
    a PDF, or the JPEG or PNG an online application uploaded: ``media_type``) the
    material's file, encrypted in the store, in place of any scan; ``source`` and
    ``reference`` say where it came from (core.case.CaseMaterial). Logged in the trail
    as "material_reused" with the file's hash (no content)."""
    case.ensure_editable()
    m = next((m for m in case.materials if m.code == material_code), None)
    if m is None:
        raise CaseError("case.no_material", material=material_code)
    replaced = list(m.files)
    name = material_code + SUFFIXES.get(media_type, ".pdf")
    ref = runtime.store.save_file(pdf, name, media_type)
    m.files, m.pages, m.status = [ref], pages, MaterialStatus.RECEIVED
    m.source, m.check, m.reference = source, "", reference
    detail = {"material": material_code, "file": ref.id, "sha256": ref.sha256, "pages": pages}
    case.log("material_reused", actor, {**detail, "source": source, "reference": reference})
    _discard_unused(runtime, case, replaced)
    return ref


def _discard_unused(runtime: Runtime, case: Case, refs: Sequence[FileRef]) -> None:
    """Delete files the draft no longer names (the store keeps any a case or record uses).

    A failure is logged, not raised: the new pages are saved and the case is
    right; the store's sweep at the next start removes what is left.
    """
    used = {f.id for m in case.materials for f in m.files}
    for file_id in dict.fromkeys(r.id for r in refs if r.id not in used):
        try:
            runtime.store.discard_file(file_id)
        except StorageError:
            log.warning("a replaced scan could not be deleted now; the next start sweeps it")


def submit(
    runtime: Runtime, draft: Case, item: Item, actor: str, *, today: dt.date | None = None
) -> Case:
    """Freeze and save the case with its outbox entry; returns the submitted copy.

    The promised date counts working days from ``today`` (the real date unless a
    test gives one) by the back office's calendar where it covers the year.

    Raises CaseError (what is missing) or StorageError (could not save); the
    draft passed in is left unchanged either way.
    """
    cfg = runtime.config
    case = draft.model_copy(deep=True)
    current = runtime.catalog
    if not case.catalog_version and any(i.code == item.code for i in current.items):
        # The version the back office takes the item in under, even once it is withdrawn.
        case.catalog_version = current.version
    today = today or dt.date.today()
    # The back office's working days, before chinesecalendar; a stand-in runtime
    # without one (tests build them from a namespace) counts as before.
    calendar = getattr(runtime, "calendar", None)

    def build(receipt_no: str) -> Case:
        submit_case(case, item, receipt_no=receipt_no, actor=actor, today=today, calendar=calendar)
        return case

    # The receipt number, the case and its outbox entry: one transaction.
    runtime.store.submit_new_case(cfg.hall_code, cfg.device_code, today, build)
    runtime.sync.sync_now()
    return case


def receipt_for(runtime: Runtime, case: Case, clerk: str = "") -> Document:
    return receipt_document(runtime, case, clerk)


def print_receipt(runtime: Runtime, case: Case, clerk: str = "", label: str = "") -> PrintJob:
    """Keep the receipt in the print-job store and print it (held if the printer cannot).

    ``clerk`` is who acts (the staff number, in the print log); ``label`` what the
    paper's 经办人 says (staff number and name from the account), ``clerk`` if empty."""
    doc = receipt_for(runtime, case, label or clerk)
    return runtime.printing.print(doc, case_id=case.id, actor=clerk or "citizen")


def evaluate(
    runtime: Runtime,
    case: Case | None,
    level: int,
    reasons: Iterable[str] = (),
    *,
    channel: str,
    staff: str = "",
) -> Evaluation:
    """Save a 好差评 of the service just given, with its outbox entry (one transaction).

    Linked to ``case`` by id and receipt number; no name or ID number is
    kept. Like a case it is queued locally and sent when the back office is
    reachable. Raises CaseError for a rating the rules do not allow (reasons
    with a good level) and StorageError when it could not be saved. Neither
    the level nor the reasons are logged: an evaluation stays between the
    citizen and the back office.
    """
    cfg = runtime.config
    try:
        record = Evaluation(
            hall_code=cfg.hall_code,
            device_code=cfg.device_code,
            case_id=case.id if case is not None else None,
            receipt_no=case.receipt_no if case is not None else "",
            level=EvaluationLevel(level),
            reasons=list(reasons),
            channel=channel,
            staff=staff,
        )
    except ValueError as exc:  # pydantic's ValidationError included
        raise CaseError("evaluation.invalid") from exc
    runtime.store.submit_record(record)
    runtime.sync.sync_now()
    return record
