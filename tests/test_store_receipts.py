"""Store hot paths: receipt numbers in the case's transaction, their reservations, the
scheduled full check, and what the drain fsyncs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from backoffice.server import BackgroundBackoffice
from core.errors import CaseError
from sync.client import BackofficeClient
from sync.store import SEQ_NAME, LocalStore
from sync.store import receipts as receipts_mod
from sync.worker import SyncWorker
from tests import _backoffice_fixture as fx
from tests._backoffice_fixture import make_submitted_case, submit_sample_case

# Fixtures shared by the sync and back-office tests.
bo_server = fx.bo_server
catalog_file = fx.catalog_file
local_store = fx.local_store

DAY = dt.date.today()  # marks of days long gone are pruned from the file
KEY = f"FS01/K01/{DAY:%Y%m%d}"


def _seq(receipt_no: str) -> int:
    return int(receipt_no.rsplit("-", 1)[1])


def _crash(store: LocalStore) -> None:
    """Drop the connections without a clean close (as a power cut would)."""
    store._close_connections()


def _damage(tmp_path: Path) -> None:
    db = tmp_path / "onewindow.db"
    with open(db, "r+b") as fh:
        fh.truncate(db.stat().st_size // 2)


def test_reservation_file_is_written_once_per_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = LocalStore(tmp_path)
    writes: list[dict[str, int]] = []
    real = store._write_marks

    def counting(marks: dict[str, int], keep_from: dt.date) -> None:
        writes.append(dict(marks))
        real(marks, keep_from)

    monkeypatch.setattr(store, "_write_marks", counting)
    got = [store.next_receipt_no("FS01", "K01", DAY) for _ in range(receipts_mod.RESERVE + 1)]
    assert [_seq(n) for n in got] == list(range(1, receipts_mod.RESERVE + 2))
    assert len(writes) == 2  # number 1 reserved 1..RESERVE, number RESERVE + 1 the next block
    on_disk = json.loads((tmp_path / SEQ_NAME).read_text())
    assert on_disk[KEY]["mark"] == 2 * receipts_mod.RESERVE
    store.close()
    # A clean close lowers the mark to the last number used.
    assert json.loads((tmp_path / SEQ_NAME).read_text())[KEY]["mark"] == receipts_mod.RESERVE + 1


def test_database_lost_after_a_crash_never_repeats_a_number(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    handed_out = {store.next_receipt_no("FS01", "K01", DAY) for _ in range(7)}
    _crash(store)
    _damage(tmp_path)

    store = LocalStore(tmp_path)
    try:
        assert store.recovered_from is not None
        fresh = store.next_receipt_no("FS01", "K01", DAY)
        assert fresh not in handed_out
        assert _seq(fresh) == receipts_mod.RESERVE + 1  # past the reservation: a gap
    finally:
        store.close()


def test_receipt_seq_json_of_an_older_version_is_a_floor(tmp_path: Path) -> None:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / SEQ_NAME).write_text(json.dumps({KEY: 7}))
    store = LocalStore(tmp_path)
    try:
        assert _seq(store.next_receipt_no("FS01", "K01", DAY)) == 8
        assert _seq(store.next_receipt_no("FS01", "K01", DAY)) == 9
        assert _seq(store.next_receipt_no("FS01", "K02", DAY)) == 1
    finally:
        store.close()


def test_submit_new_case_allocates_and_saves_in_one_transaction(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    try:
        case = make_submitted_case(store)

        def refuse(receipt_no: str):
            raise CaseError("store.case_no_receipt", case=case.id)

        with pytest.raises(CaseError):
            store.submit_new_case("FS01", "K01", DAY, refuse)
        assert store.outbox_counts()["queued"] == 0

        def build(receipt_no: str):
            return case.model_copy(update={"receipt_no": receipt_no})

        saved = store.submit_new_case("FS01", "K01", DAY, build)
        # make_submitted_case took number 1; the refused build used none.
        assert saved.receipt_no.endswith(f"-K01-{DAY:%Y%m%d}-0002")
        assert store.case_by_receipt(saved.receipt_no).id == case.id
        assert store.outbox_counts()["queued"] == 1
    finally:
        store.close()


def test_full_check_runs_at_most_once_a_day(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    try:
        now = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)
        assert store.full_check(now=now) == ""
        assert store.full_check(now=now + dt.timedelta(hours=3)) is None
        assert store.full_check(now=now + dt.timedelta(days=1, minutes=1)) == ""
        row = store.db.execute("SELECT value FROM meta WHERE key = 'integrity_checked_at'")
        assert row.fetchone()[0].startswith("2026-11-25T09:01")
    finally:
        store.close()


def test_problem_found_by_the_full_check_is_checked_fully_at_next_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = LocalStore(tmp_path)
    store.db.execute("INSERT INTO meta (key, value) VALUES ('integrity_problem', 'x')")
    store.db.conn.commit()
    store.close()
    ran: list[str] = []
    import sqlite3

    real_connect = sqlite3.connect

    def tracing(*args, **kw):
        conn = real_connect(*args, **kw)
        conn.set_trace_callback(ran.append)
        return conn

    monkeypatch.setattr(sqlite3, "connect", tracing)
    store = LocalStore(tmp_path)
    store.close()
    assert "PRAGMA quick_check" in ran and "PRAGMA integrity_check" in ran
    assert store.recovered_from is None  # the file is sound after all
    ran.clear()
    LocalStore(tmp_path).close()
    assert "PRAGMA integrity_check" not in ran  # and the next open checks quickly again


def test_open_runs_only_the_quick_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    LocalStore(tmp_path).close()
    ran: list[str] = []
    import sqlite3

    real_connect = sqlite3.connect

    def tracing(*args, **kw):
        conn = real_connect(*args, **kw)
        conn.set_trace_callback(ran.append)
        return conn

    monkeypatch.setattr(sqlite3, "connect", tracing)
    LocalStore(tmp_path).close()
    assert "PRAGMA quick_check" in ran and "PRAGMA integrity_check" not in ran


# ------------------------------------------------------------------ the drain's commits


def _durable_commits(trace: list[str]) -> int:
    """COMMITs made while synchronous=FULL (each one an fsync of the WAL)."""
    full, n = True, 0
    for sql in trace:
        if sql == "PRAGMA synchronous=NORMAL":
            full = False
        elif sql == "PRAGMA synchronous=FULL":
            full = True
        elif sql == "COMMIT" and full:
            n += 1
    return n


def test_a_case_costs_one_fsynced_commit_in_the_drain(
    bo_server: BackgroundBackoffice, local_store: LocalStore
) -> None:
    submit_sample_case(local_store)
    submit_sample_case(local_store)
    trace: list[str] = []
    local_store.db.conn.set_trace_callback(trace.append)  # drain_once runs on this thread
    worker = SyncWorker(local_store, BackofficeClient(bo_server.url))
    assert worker.drain_once().queued == 0
    local_store.db.conn.set_trace_callback(None)
    assert trace.count("COMMIT") >= 2 * 3  # claim, file uploaded, complete per case
    assert _durable_commits(trace) == 2  # complete: one per case
    assert local_store.outbox_counts()["done"] == 2
