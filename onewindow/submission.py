"""Submitting a case, shared by every channel (Qt-free).

Submission never touches the network: the case and its outbox entry are
saved in one local transaction, then the receipt is printed, then the sync
worker is woken. A failure to save leaves the draft as it was, so the
citizen can try again or hand over to a clerk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from core.case import Case, FileRef, MaterialStatus
from core.catalog import Item
from core.errors import CaseError
from core.intake import submit_case
from core.receipt import Document
from onewindow.printing import PrintJob, receipt_document
from onewindow.runtime import Runtime

if TYPE_CHECKING:
    from drivers.camera.page import Page


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


def store_material(
    runtime: Runtime, case: Case, material_code: str, pages: Sequence[Page], actor: str
) -> FileRef | None:
    """Make ``pages`` (in order) the material's scan: one PDF, encrypted in the store.

    Replaces what was scanned for it before (pages retaken, deleted or moved);
    with no pages left the material is missing again. Logged in the trail
    with the page count and the file's hash (no image content).
    """
    from drivers.camera.pdf import assemble_pdf

    case.ensure_editable()
    m = next((m for m in case.materials if m.code == material_code), None)
    if m is None:
        raise CaseError(f"办件没有材料 {material_code}")
    if not pages:
        m.files, m.pages, m.status = [], 0, MaterialStatus.DEFICIENT
        case.log("scan_cleared", actor, {"material": material_code})
        return None
    pdf = assemble_pdf(list(pages), title=m.name)
    ref = runtime.store.save_file(pdf, f"{material_code}.pdf", "application/pdf")
    m.files, m.pages, m.status = [ref], len(pages), MaterialStatus.RECEIVED
    detail = {"material": material_code, "file": ref.id, "sha256": ref.sha256, "pages": len(pages)}
    case.log("scanned", actor, detail)
    return ref


def submit(runtime: Runtime, draft: Case, item: Item, actor: str) -> Case:
    """Freeze and save the case with its outbox entry; returns the submitted copy.

    Raises CaseError (what is missing) or StorageError (could not save); the
    draft passed in is left unchanged either way.
    """
    cfg = runtime.config
    case = draft.model_copy(deep=True)
    today = dt.date.today()
    receipt_no = runtime.store.next_receipt_no(cfg.hall_code, cfg.device_code, today)
    submit_case(case, item, receipt_no=receipt_no, actor=actor, today=today)
    runtime.store.submit_case(case)
    runtime.sync.sync_now()
    return case


def receipt_for(runtime: Runtime, case: Case, clerk: str = "") -> Document:
    return receipt_document(runtime, case, clerk)


def print_receipt(runtime: Runtime, case: Case, clerk: str = "") -> PrintJob:
    """Keep the receipt in the print-job store and print it (held if the printer cannot)."""
    doc = receipt_for(runtime, case, clerk)
    return runtime.printing.print(doc, case_id=case.id, actor=clerk or "citizen")
