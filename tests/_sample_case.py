"""A fictitious applicant's submitted case, for the sync tests and their child processes.

A small catalog, the applicant "测试用户" with a computed number (no real personal
data), and helpers that build a submitted case with one scanned page saved in a
LocalStore. Apart from tests/_backoffice_fixture.py so that the crash trials'
child processes, started dozens of times a test, import the device side only
(not the back office and its web framework: half a second a start). Any thread.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from core.case import Case
from core.catalog import Catalog
from core.identity import Gender, Identity, check_digit
from core.intake import start_case, submit_case
from sync.store import LocalStore

APPLICANT_NAME = "测试用户"
_FIRST17 = "44060419900307123"  # 佛山禅城, born 1990-03-07, odd sequence digit: male
APPLICANT_ID = _FIRST17 + check_digit(_FIRST17)

ITEM_CODE = "T001"
# An item the device's (stale) catalog still lists but the back office withdrew:
# a case for it is rejected (422) by the back office and must be quarantined.
WITHDRAWN_ITEM = "T900"


def catalog_item(code: str, name: str) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "department": "测试局",
        "window_class": "民生",
        "promised_days": 5,
        "statutory_days": 20,
        "materials": [
            {"code": "M01", "name": "居民身份证", "copies": 1},
            {"code": "M02", "name": "证件照片", "deficiency_allowed": True},
        ],
        "form": [
            {"key": "name", "label": "姓名", "prefill": "name"},
            {
                "key": "id_number",
                "label": "身份证号码",
                "type": "id_number",
                "prefill": "id_number",
            },
        ],
    }


DEVICE_CATALOG: dict[str, Any] = {
    "version": "test-1",
    "items": [
        catalog_item(ITEM_CODE, "测试事项"),
        catalog_item(WITHDRAWN_ITEM, "已撤销的测试事项"),
    ],
}
BACKOFFICE_CATALOG: dict[str, Any] = {
    "version": "test-1",
    "items": [catalog_item(ITEM_CODE, "测试事项")],
}


def write_catalog(path: Path, catalog: dict[str, Any] = BACKOFFICE_CATALOG) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(catalog, ensure_ascii=False), encoding="utf-8")
    return path


def sample_identity() -> Identity:
    return Identity(
        name=APPLICANT_NAME,
        id_number=APPLICANT_ID,
        gender=Gender.MALE,
        birth=dt.date(1990, 3, 7),
        address="广东省佛山市禅城区测试路1号",
    )


def fake_jpeg(tag: str = "") -> bytes:
    """Bytes that start like a JPEG, unique per call (a scanned page stand-in)."""
    body = hashlib.sha256(f"{tag}{time.time_ns()}{os.urandom(8).hex()}".encode()).digest()
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"PAGE-" + body * 64 + b"\xff\xd9"


def make_submitted_case(
    store: LocalStore,
    *,
    item_code: str = ITEM_CODE,
    hall_code: str = "FS01",
    device_code: str = "K01",
    page: bytes | None = None,
    note: str = "",
) -> Case:
    """A submitted (frozen) case with one scanned page saved in ``store``; not yet queued."""
    item = Catalog.model_validate(DEVICE_CATALOG).item(item_code)
    case = start_case(
        item,
        sample_identity(),
        hall_code=hall_code,
        device_code=device_code,
        channel="kiosk",
        actor="citizen",
    )
    ref = store.save_file(page if page is not None else fake_jpeg(), "M01.jpg", "image/jpeg")
    case.add_file("M01", ref)
    if note:
        case.form["note"] = note
    receipt = store.next_receipt_no(hall_code, device_code, dt.date.today())
    return submit_case(case, item, receipt_no=receipt, actor="citizen")


def submit_sample_case(store: LocalStore, **kw: Any) -> Case:
    """make_submitted_case + store.submit_case (case row and outbox entry saved)."""
    case = make_submitted_case(store, **kw)
    store.submit_case(case)
    return case
