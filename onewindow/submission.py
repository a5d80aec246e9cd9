"""Submitting a case, shared by every channel (Qt-free).

Submission never touches the network: the case and its outbox entry are
saved in one local transaction, then the receipt is printed, then the sync
worker is woken. A failure to save leaves the draft as it was, so the
citizen can try again or hand over to a clerk.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import Future

import numpy as np

from core.case import Case, FileRef
from core.catalog import Item
from core.intake import submit_case
from core.receipt import Document, acceptance_receipt
from onewindow.runtime import Runtime


def add_scan(runtime: Runtime, case: Case, material_code: str, jpeg: bytes) -> FileRef:
    """Keep one scanned page (encrypted in the store) and attach it to the case."""
    ref = runtime.store.save_file(jpeg, f"{material_code}.jpg", "image/jpeg")
    case.add_file(material_code, ref)
    case.log("scanned", "device", {"material": material_code, "file": ref.id, "sha256": ref.sha256})
    return ref


def add_frame(runtime: Runtime, case: Case, material_code: str, frame: np.ndarray) -> FileRef:
    from widgets.camera_view import encode_jpeg  # cv2 lives outside core

    return add_scan(runtime, case, material_code, encode_jpeg(frame))


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
    cfg = runtime.config
    terminal = f"{cfg.device_code}（{'自助终端' if cfg.role.value == 'kiosk' else '综合窗口'}）"
    return acceptance_receipt(case, hall_name=cfg.hall_name, terminal=terminal, clerk=clerk)


def print_receipt(runtime: Runtime, case: Case, clerk: str = "") -> Future[None]:
    doc = receipt_for(runtime, case, clerk)
    case_id = case.id
    fut = runtime.devices.print_document(doc)
    fut.add_done_callback(lambda f: _log_print(case_id, f))
    return fut


def _log_print(case_id: str, fut: Future[None]) -> None:
    import logging

    exc = fut.exception()
    if exc is None:
        logging.getLogger(__name__).info("receipt printed for case %s", case_id)
    else:
        logging.getLogger(__name__).warning("receipt for case %s not printed: %s", case_id, exc)
