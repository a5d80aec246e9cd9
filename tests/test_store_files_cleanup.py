"""Scanned files no case uses leave the disk: replaced scans at once, abandoned ones at start.

A real LocalStore in tmp_path, real encrypted files on disk, real PDFs made
from OpenCV-encoded pages, and a real Runtime for the sweep at start.
"""

from __future__ import annotations

import datetime as dt
import os
import types
from pathlib import Path

import cv2
import numpy as np
import pytest

from core.case import Case
from core.catalog import Catalog, Item
from core.config import load_config
from core.errors import CaseError
from core.intake import start_case, submit_case
from drivers.camera.page import Mode, Page, PageKind
from services.runtime import UNATTACHED_FILE_AGE, Runtime
from services.submission import store_material
from sync.store import LocalStore
from tests._backoffice_fixture import DEVICE_CATALOG, ITEM_CODE, fake_jpeg, sample_identity
from wire.records import Supplement, SupplementMaterial

HOURS_13 = dt.timedelta(hours=13)


@pytest.fixture
def store(tmp_path: Path):
    s = LocalStore(tmp_path / "dev")
    yield s
    s.close()


def _item() -> Item:
    return Catalog.model_validate(DEVICE_CATALOG).item(ITEM_CODE)


def _draft() -> Case:
    return start_case(
        _item(),
        sample_identity(),
        hall_code="FS01",
        device_code="K01",
        channel="kiosk",
        actor="citizen",
    )


def _page(shade: int) -> Page:
    img = np.full((120, 90, 3), shade, np.uint8)
    cv2.putText(img, str(shade), (5, 60), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 2)
    ok, jpg = cv2.imencode(".jpg", img)
    assert ok
    return Page(jpg.tobytes(), "image/jpeg", 90, 120, 200, PageKind.OTHER, Mode.COLOUR)


def _rt(store: LocalStore) -> types.SimpleNamespace:
    # store_material only needs the runtime's store; the store is the real one.
    return types.SimpleNamespace(store=store)


def _blobs(store: LocalStore) -> set[str]:
    return {p.stem for p in store.files_dir.iterdir() if p.suffix == ".bin"}


def _rows(store: LocalStore) -> set[str]:
    return {r[0] for r in store.db.execute("SELECT id FROM files")}


def _age_row(store: LocalStore, file_id: str, by: dt.timedelta) -> None:
    when = (dt.datetime.now(dt.UTC) - by).isoformat(timespec="milliseconds")
    with store.db.conn:
        store.db.execute("UPDATE files SET created_at = ? WHERE id = ?", (when, file_id))


def _age_blob(path: Path, by: dt.timedelta) -> None:
    t = (dt.datetime.now(dt.UTC) - by).timestamp()
    os.utime(path, (t, t))


def _submitted(store: LocalStore, draft: Case | None = None) -> Case:
    """Submit ``draft`` (default: a new one with one scanned page) to the store."""
    if draft is None:
        draft = _draft()
        store_material(_rt(store), draft, "M01", [_page(60)], actor="citizen")
    receipt = store.next_receipt_no("FS01", "K01", dt.date.today())
    case = submit_case(draft.model_copy(deep=True), _item(), receipt_no=receipt, actor="citizen")
    store.submit_case(case)
    return case


def test_replacing_pages_keeps_one_file_and_clearing_removes_it(store: LocalStore) -> None:
    case = _draft()
    first = store_material(_rt(store), case, "M01", [_page(200)], actor="citizen")
    assert first is not None and _blobs(store) == _rows(store) == {first.id}

    second = store_material(_rt(store), case, "M01", [_page(200), _page(150)], actor="citizen")
    assert second is not None and second.id != first.id
    assert _blobs(store) == _rows(store) == {second.id}
    assert store.read_file(second.id).startswith(b"%PDF")

    # A page deleted: again exactly one file for the material.
    third = store_material(_rt(store), case, "M01", [_page(150)], actor="citizen")
    assert third is not None and _blobs(store) == _rows(store) == {third.id}

    assert store_material(_rt(store), case, "M01", [], actor="citizen") is None
    assert _blobs(store) == _rows(store) == set()
    assert list(store.files_dir.iterdir()) == []


def test_single_page_scans_are_replaced_by_the_pdf(store: LocalStore) -> None:
    case = _draft()
    singles = [store.save_file(fake_jpeg(), "M01.jpg", "image/jpeg") for _ in range(2)]
    for ref in singles:
        case.add_file("M01", ref)
    other = store_material(_rt(store), case, "M02", [_page(90)], actor="citizen")
    pdf = store_material(_rt(store), case, "M01", [_page(200)], actor="citizen")
    assert pdf is not None and other is not None
    assert _blobs(store) == _rows(store) == {pdf.id, other.id}  # M02 untouched


def test_submitted_case_files_are_never_discarded_or_swept(store: LocalStore) -> None:
    draft = _draft()
    ref = store_material(_rt(store), draft, "M01", [_page(200)], actor="citizen")
    assert ref is not None
    case = _submitted(store, draft)

    assert store.discard_file(ref.id) is False
    with pytest.raises(CaseError):
        store_material(_rt(store), case, "M01", [], actor="clerk")
    # The draft object the app still holds is edited after submitting: its new
    # PDF is its own, the submitted case's file stays.
    newer = store_material(_rt(store), draft, "M01", [_page(100)], actor="citizen")
    assert newer is not None and ref.id in _blobs(store) and newer.id in _blobs(store)
    store_material(_rt(store), draft, "M01", [], actor="citizen")
    assert _blobs(store) == {ref.id}

    _age_row(store, ref.id, dt.timedelta(days=400))
    _age_blob(store.files_dir / f"{ref.id}.bin", dt.timedelta(days=400))
    assert store.sweep_unattached(dt.timedelta(0)) == 0
    assert store.read_file(ref.id).startswith(b"%PDF")


def test_supplement_file_is_never_swept(store: LocalStore) -> None:
    case = _submitted(store)
    ref = store.save_file(fake_jpeg("supplement"), "M02.jpg", "image/jpeg")
    store.submit_record(
        Supplement(
            case_id=case.id,
            receipt_no=case.receipt_no,
            hall_code="FS01",
            device_code="K01",
            actor="C0012",
            materials=[SupplementMaterial(code="M02", name="证件照片", files=[ref])],
        )
    )
    _age_row(store, ref.id, dt.timedelta(days=30))
    _age_blob(store.files_dir / f"{ref.id}.bin", dt.timedelta(days=30))
    assert store.sweep_unattached(dt.timedelta(hours=12)) == 0
    assert store.discard_file(ref.id) is False
    assert ref.id in _blobs(store) and ref.id in _rows(store)


def test_old_unattached_file_is_swept_fresh_one_kept(store: LocalStore) -> None:
    old = store.save_file(fake_jpeg("old"), "M01.jpg", "image/jpeg")
    fresh = store.save_file(fake_jpeg("fresh"), "M01.jpg", "image/jpeg")
    _age_row(store, old.id, HOURS_13)
    _age_blob(store.files_dir / f"{old.id}.bin", HOURS_13)
    # A fresh row with an old blob mtime is still kept: the row's age decides.
    _age_blob(store.files_dir / f"{fresh.id}.bin", HOURS_13)

    assert store.sweep_unattached(dt.timedelta(hours=12)) == 1
    assert _blobs(store) == _rows(store) == {fresh.id}
    assert store.sweep_unattached(dt.timedelta(hours=12)) == 0


def test_blob_without_row_and_tmp_leftover_are_swept(store: LocalStore) -> None:
    kept = store.save_file(fake_jpeg(), "M01.jpg", "image/jpeg")
    ghost = store.save_file(fake_jpeg("ghost"), "M01.jpg", "image/jpeg")
    with store.db.conn:  # what a crash between the row's delete and the unlink leaves
        store.db.execute("DELETE FROM files WHERE id = ?", (ghost.id,))
    ghost_blob = store.files_dir / f"{ghost.id}.bin"
    tmp = store.files_dir / "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.tmp"  # a save cut short
    tmp.write_bytes(b"\x00" * 64)
    young_ghost = store.files_dir / "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c.bin"
    young_ghost.write_bytes(b"\x00" * 64)  # a save in progress: blob first, row next
    foreign = store.files_dir / "README.txt"
    foreign.write_text("not ours")
    for p in (ghost_blob, tmp, foreign):
        _age_blob(p, HOURS_13)

    assert store.sweep_unattached(dt.timedelta(hours=12)) == 2
    assert not ghost_blob.exists() and not tmp.exists()
    assert young_ghost.exists() and foreign.exists()
    assert _blobs(store) == {kept.id, young_ghost.stem}


def test_blobs_without_row_are_kept_while_a_damaged_database_is_aside(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    ref = store_material(_rt(store), _draft(), "M01", [_page(10)], actor="citizen")
    assert ref is not None  # a draft's page, and a submitted case's page
    _submitted(store)
    store.close()
    (tmp_path / "onewindow.db").write_bytes(b"not a database" * 500)
    store = LocalStore(tmp_path)  # moved aside; the fresh database knows no file
    try:
        assert store.recovered_from is not None
        for p in store.files_dir.iterdir():
            _age_blob(p, dt.timedelta(days=3))
        assert store.sweep_unattached(dt.timedelta(hours=12)) == 0
        assert len(_blobs(store)) == 2
        store.recovered_from.unlink()  # a specialist took the damaged database away
        assert store.sweep_unattached(dt.timedelta(hours=12)) == 2
        assert _blobs(store) == set()
    finally:
        store.close()


def test_discarding_twice_or_unknown_is_fine(store: LocalStore) -> None:
    ref = store.save_file(fake_jpeg(), "M01.jpg", "image/jpeg")
    assert store.discard_file(ref.id) is True
    assert store.discard_file(ref.id) is True
    assert _blobs(store) == _rows(store) == set()
    # A blob whose row is already gone (crash mid-discard) goes on the next discard.
    again = store.save_file(fake_jpeg(), "M01.jpg", "image/jpeg")
    with store.db.conn:
        store.db.execute("DELETE FROM files WHERE id = ?", (again.id,))
    assert store.discard_file(again.id) is True
    assert _blobs(store) == set()


def test_runtime_sweeps_at_start_and_logs_counts_only(tmp_path: Path) -> None:
    data = tmp_path / "dev"
    store = LocalStore(data)
    old = store.save_file(fake_jpeg("old"), "M01.jpg", "image/jpeg")
    fresh = store.save_file(fake_jpeg("fresh"), "M01.jpg", "image/jpeg")
    attached = _submitted(store).materials[0].files[0].id  # old but attached: kept
    age = UNATTACHED_FILE_AGE + dt.timedelta(hours=1)
    for file_id in (old.id, attached):
        _age_row(store, file_id, age)
        _age_blob(store.files_dir / f"{file_id}.bin", age)
    store.close()

    cfg = load_config(
        None,
        {
            "data_dir": str(data),
            "backoffice.url": "http://127.0.0.1:9",
            "devices.id_reader.backend": "none",
            "devices.camera.backend": "none",
            "devices.printer.uri": "none",
        },
    )
    rt = Runtime(cfg)
    try:
        assert _blobs(rt.store) == _rows(rt.store) == {fresh.id, attached}
    finally:
        rt.close()
    text = (cfg.log_path / "onewindow.log").read_text(encoding="utf-8")
    assert "1 unattached file(s)" in text
    assert old.id not in text and fresh.id not in text


def test_an_abandoned_draft_takes_its_scans_along(store: LocalStore) -> None:
    """The kiosk's session wipe and the counter's next applicant call discard_draft."""
    from services.submission import discard_draft

    kept = _submitted(store)  # an earlier citizen's case
    draft = _draft()
    a = store_material(_rt(store), draft, "M01", [_page(200)], actor="citizen")
    b = store_material(_rt(store), draft, "M02", [_page(120), _page(80)], actor="citizen")
    assert a is not None and b is not None and {a.id, b.id} <= _blobs(store)
    assert discard_draft(_rt(store), draft) == 2
    assert _blobs(store) == _rows(store) == {f.id for m in kept.materials for f in m.files}
    assert discard_draft(_rt(store), None) == 0
    # a submitted case's files stay even when its draft object is "discarded"
    assert discard_draft(_rt(store), kept) == 0
    assert _blobs(store) == {f.id for m in kept.materials for f in m.files}
