"""The device's local store: migrations, encryption, recovery, disk full, outbox."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
import threading
import time
from pathlib import Path

import pytest
from sqlite_utils import Database

from core.case import CaseState
from core.errors import CaseError, StorageError
from sync.store import MIGRATIONS, LocalStore
from tests import _backoffice_fixture as fx
from tests._backoffice_fixture import (
    APPLICANT_ID,
    APPLICANT_NAME,
    fake_jpeg,
    make_submitted_case,
    submit_sample_case,
)

# Fixtures shared by the sync and back-office tests (a conftest may import them later).
local_store = fx.local_store


def _all_bytes(folder: Path) -> list[tuple[Path, bytes]]:
    return [(p, p.read_bytes()) for p in folder.rglob("*") if p.is_file()]


# ------------------------------------------------------------------ schema


def test_fresh_store_is_wal_full_and_migrated(local_store: LocalStore) -> None:
    assert local_store.schema_version() == len(MIGRATIONS)
    assert local_store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert local_store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert set(local_store.outbox_counts()) == {
        "queued",
        "uploading",
        "retry",
        "done",
        "quarantined",
    }


def test_old_schema_is_migrated_forward(tmp_path: Path) -> None:
    folder = tmp_path / "dev"
    folder.mkdir()
    (folder / "device.key").write_bytes(os.urandom(32))  # old versions had a key too
    (folder / "device.key").chmod(0o600)
    conn = sqlite3.connect(folder / "onewindow.db")
    db = Database(conn)
    db.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT)")
    MIGRATIONS[0](db)
    db.execute("INSERT INTO schema_version VALUES (1, 'then')")
    conn.commit()
    conn.close()

    store = LocalStore(folder)
    try:
        assert store.schema_version() == len(MIGRATIONS)
        assert "error_kind" in store.db["outbox"].columns_dict
        assert store.recovered_from is None
        case = submit_sample_case(store)
        assert store.get_case(case.id).receipt_no == case.receipt_no
    finally:
        store.close()
    # Reopening runs nothing again.
    store = LocalStore(folder)
    versions = [r[0] for r in store.db.execute("SELECT version FROM schema_version")]
    assert versions == list(range(1, len(MIGRATIONS) + 1))
    store.close()


def test_database_from_a_newer_program_is_refused(tmp_path: Path) -> None:
    LocalStore(tmp_path).close()
    conn = sqlite3.connect(tmp_path / "onewindow.db")
    conn.execute("INSERT INTO schema_version VALUES (99, 'future')")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError, match="更新版本"):
        LocalStore(tmp_path)


# ------------------------------------------------------------------ key and encryption


def test_device_key_is_private_and_stable(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    key_path = tmp_path / "device.key"
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    key = key_path.read_bytes()
    assert len(key) == 32
    case = submit_sample_case(store)
    store.close()

    os.chmod(key_path, 0o644)  # someone loosened it: fixed at the next start
    store = LocalStore(tmp_path)
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    assert key_path.read_bytes() == key
    assert store.get_case(case.id).applicant.name == APPLICANT_NAME
    store.close()


def test_personal_data_never_plain_on_disk(local_store: LocalStore) -> None:
    page = fake_jpeg("secret-page")
    case = submit_sample_case(local_store, page=page, note="备注里的手机号13800138000")
    # Everything written so far: db, WAL, file blobs, receipt marks.
    needles = [
        APPLICANT_NAME.encode(),
        APPLICANT_ID.encode(),
        "手机号13800138000".encode(),
        page[:64],
    ]
    files = _all_bytes(local_store.data_dir)
    assert any(p.suffix == ".bin" for p, _ in files)
    for path, data in files:
        for needle in needles:
            assert needle not in data, f"plaintext found in {path.name}"
    # ... and it all comes back.
    back = local_store.get_case(case.id)
    assert back.applicant.id_number == APPLICANT_ID
    assert back.body_digest() == case.body_digest()
    ref = back.materials[0].files[0]
    assert local_store.read_file(ref.id) == page


def test_altered_file_blob_is_detected(local_store: LocalStore) -> None:
    ref = local_store.save_file(fake_jpeg(), "p.jpg", "image/jpeg")
    blob = local_store.files_dir / f"{ref.id}.bin"
    data = bytearray(blob.read_bytes())
    data[40] ^= 0xFF
    blob.write_bytes(bytes(data))
    with pytest.raises(StorageError, match="校验失败"):
        local_store.read_file(ref.id)
    with pytest.raises(StorageError):
        local_store.read_file("../../etc/passwd")


# ------------------------------------------------------------------ recovery


def test_garbage_database_is_moved_aside(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    submit_sample_case(store)
    store.close()
    garbage = b"this is not an SQLite database at all" * 100
    (tmp_path / "onewindow.db").write_bytes(garbage)

    store = LocalStore(tmp_path)
    try:
        assert store.recovered_from is not None
        assert store.recovered_from.name.startswith("onewindow.db.damaged-")
        assert store.recovered_from.read_bytes() == garbage  # kept for a specialist
        assert store.recovered_reason
        assert store.outbox_counts()["queued"] == 0
        submit_sample_case(store)  # the fresh database works
        assert store.outbox_counts()["queued"] == 1
    finally:
        store.close()
    reopened = LocalStore(tmp_path)
    assert reopened.recovered_from is None  # only once
    reopened.close()


def test_truncated_database_is_recovered_and_receipts_never_repeat(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    numbers = {submit_sample_case(store, note="页" * 20000).receipt_no for _ in range(5)}
    store.close()
    db_file = tmp_path / "onewindow.db"
    size = db_file.stat().st_size
    with open(db_file, "r+b") as fh:
        fh.truncate(size // 2)

    store = LocalStore(tmp_path)
    try:
        assert store.recovered_from is not None and store.recovered_from.exists()
        assert store.recovered_from.stat().st_size == size // 2
        # The sequence carries on past every number already printed on a receipt.
        fresh = store.next_receipt_no("FS01", "K01", dt.date.today())
        assert fresh not in numbers
        assert int(fresh.rsplit("-", 1)[1]) == 6
    finally:
        store.close()


def test_database_made_with_another_key_is_moved_aside(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    submit_sample_case(store)
    store.close()
    # e.g. a disk image restored with another device's key
    (tmp_path / "device.key").write_bytes(os.urandom(32))

    store = LocalStore(tmp_path)
    try:
        assert store.recovered_from is not None
        assert "密钥" in store.recovered_reason
        assert store.list_cases() == []
    finally:
        store.close()


# ------------------------------------------------------------------ failures while saving


def test_disk_full_raises_storage_error_and_harms_nothing(local_store: LocalStore) -> None:
    saved = submit_sample_case(local_store)
    big = make_submitted_case(local_store, note="满" * 100_000)
    pages = local_store.db.execute("PRAGMA page_count").fetchone()[0]
    # SQLite itself reports SQLITE_FULL once the file may not grow any more.
    local_store.db.execute(f"PRAGMA max_page_count = {pages}")

    with pytest.raises(StorageError) as err:
        local_store.submit_case(big)
    assert err.value.message == "磁盘空间不足，办件未能保存，请联系工作人员；已保存的办件不受影响"
    assert err.value.params["kind"] == "full"

    assert local_store.outbox_counts()["queued"] == 1
    assert [c.id for c in local_store.list_cases()] == [saved.id]
    assert local_store.get_case(saved.id).body_digest() == saved.body_digest()
    with pytest.raises(CaseError):
        local_store.get_case(big.id)  # nothing half-saved

    local_store.db.execute("PRAGMA max_page_count = 1073741823")  # space freed
    local_store.submit_case(big)
    assert local_store.outbox_counts()["queued"] == 2


def test_submit_checks_state_files_and_repeats(local_store: LocalStore) -> None:
    case = make_submitted_case(local_store)
    local_store.submit_case(case)
    local_store.submit_case(case)  # same content again: no-op
    assert local_store.outbox_counts()["queued"] == 1

    changed = case.model_copy(deep=True)
    changed.form["name"] = "别的名字"
    with pytest.raises(CaseError, match="内容不同"):
        local_store.submit_case(changed)

    draft = make_submitted_case(local_store).model_copy(update={"state": CaseState.DRAFT})
    with pytest.raises(CaseError):
        local_store.submit_case(draft)

    orphan = make_submitted_case(local_store)
    ref = orphan.materials[0].files[0]
    local_store.db.execute("DELETE FROM files WHERE id = ?", (ref.id,))
    with pytest.raises(StorageError, match="材料文件"):
        local_store.submit_case(orphan)
    assert local_store.outbox_counts()["queued"] == 1


# ------------------------------------------------------------------ receipts, states, listing


def test_receipt_numbers_unique_across_threads(local_store: LocalStore) -> None:
    day = dt.date(2026, 11, 24)
    got: list[str] = []
    lock = threading.Lock()

    def allocate() -> None:
        for _ in range(15):
            n = local_store.next_receipt_no("FS01", "K01", day)
            with lock:
                got.append(n)

    threads = [threading.Thread(target=allocate) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == len(set(got)) == 60
    assert sorted(int(n.rsplit("-", 1)[1]) for n in got) == list(range(1, 61))
    assert local_store.next_receipt_no("FS01", "K01", day + dt.timedelta(days=1)).endswith(
        "-20261125-0001"
    )
    assert local_store.next_receipt_no("FS01", "K02", day).endswith("-K02-20261124-0001")


def test_state_changes_are_on_the_trail(local_store: LocalStore) -> None:
    case = submit_sample_case(local_store)
    local_store.update_case_state(case.id, CaseState.SYNCED)
    local_store.update_case_state(case.id, CaseState.REJECTED, "材料不全", actor="clerk-7")
    back = local_store.get_case(case.id)
    assert back.state is CaseState.REJECTED and back.state_reason == "材料不全"
    assert back.verify_trail()
    assert back.events[-1].actor == "clerk-7"
    with pytest.raises(CaseError):
        local_store.update_case_state(case.id, CaseState.ACCEPTED)


def test_list_cases_newest_first(local_store: LocalStore) -> None:
    ids = [submit_sample_case(local_store).id for _ in range(3)]
    assert [c.id for c in local_store.list_cases()] == ids[::-1]
    assert len(local_store.list_cases(limit=2)) == 2


# ------------------------------------------------------------------ outbox


def test_outbox_claim_retry_quarantine(local_store: LocalStore) -> None:
    a = submit_sample_case(local_store)
    b = submit_sample_case(local_store)

    first = local_store.claim_next()
    assert first is not None and first.case_id == a.id and first.state == "uploading"
    assert local_store.outbox_counts()["uploading"] == 1
    local_store.quarantine(first.id, "事项不在目录中")

    # One case's failure never blocks another.
    second = local_store.claim_next()
    assert second is not None and second.case_id == b.id
    local_store.retry(second.id, 60.0, "无法连接后台", "offline")
    assert local_store.claim_next() is None  # not due yet
    assert 59 < (local_store.next_due_in() or 0) <= 60
    later = local_store.claim_next(now=time.time() + 61)
    assert later is not None and later.case_id == b.id and later.attempts == 1

    # A worker that died mid-upload: its claim becomes due at the next start.
    assert local_store.requeue_interrupted() == 1
    again = local_store.claim_next()
    assert again is not None and again.case_id == b.id
    local_store.complete(again.id)
    assert local_store.get_case(b.id).state is CaseState.SYNCED
    assert local_store.last_sync_at() is not None

    (q,) = local_store.entries(("quarantined",))
    assert q.case_id == a.id and q.reason == "事项不在目录中" and q.receipt_no == a.receipt_no
    local_store.requeue(q.id)  # staff fixed the cause
    assert local_store.claim_next() is not None
    assert local_store.outbox_counts() == {
        "queued": 0,
        "uploading": 1,
        "retry": 0,
        "done": 1,
        "quarantined": 0,
    }


def test_file_upload_flags(local_store: LocalStore) -> None:
    case = submit_sample_case(local_store)
    ref = case.materials[0].files[0]
    assert not local_store.file_uploaded(ref.id)
    local_store.mark_file_uploaded(ref.id)
    assert local_store.file_uploaded(ref.id)
    local_store.mark_files_not_uploaded([ref.id])
    assert not local_store.file_uploaded(ref.id)


def test_a_missing_device_key_stops_instead_of_setting_the_database_aside(tmp_path):
    from core.errors import StorageError
    from sync.store import LocalStore

    store = LocalStore(tmp_path)
    store.close()
    (tmp_path / "device.key").unlink()
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(StorageError) as e:
        LocalStore(tmp_path)
    assert e.value.code == "storage.key_missing"
    assert "device.key" in e.value.message and "onewindow.db" in e.value.hint
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing moved, no new key
