"""A damaged store never strands unsent cases (issue 11 item 11).

The damaged file is set aside as before; what SQLite still reads of it comes
into the fresh store and goes to a real back office; what does not is listed
with its receipt number (status bar, ``onewindow sync status`` exits non-zero)
until staff acknowledge it. Damage is real: pages of the file overwritten
with random bytes, found with SQLite's dbstat table.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest

from backoffice.server import BackgroundBackoffice
from core.case import Case
from sync.client import BackofficeClient
from sync.store import LocalStore
from sync.worker import SyncWorker
from tests import _backoffice_fixture as fx
from tests._backoffice_fixture import submit_sample_case

bo_server = fx.bo_server
catalog_file = fx.catalog_file

# ~3 KB of form per case: each case row fills a leaf page of its own (and no more: a
# row past the page's local payload spills to overflow pages and shares its leaf).
NOTE = "页" * 440


def _pages(db_file: Path, name: str, pagetype: str | None = None) -> list[int]:
    conn = sqlite3.connect(db_file)
    try:
        sql = "SELECT pageno FROM dbstat WHERE name = ?"
        args: tuple = (name,)
        if pagetype:
            sql += " AND pagetype = ?"
            args = (name, pagetype)
        return [r[0] for r in conn.execute(sql, args)]
    finally:
        conn.close()


def _page_size(db_file: Path) -> int:
    conn = sqlite3.connect(db_file)
    try:
        return int(conn.execute("PRAGMA page_size").fetchone()[0])
    finally:
        conn.close()


def _overwrite(db_file: Path, pages: list[int]) -> None:
    size = _page_size(db_file)
    with open(db_file, "r+b") as fh:
        for p in pages:
            fh.seek((p - 1) * size)
            fh.write(os.urandom(size))


def _case_page(db_file: Path, case: Case) -> int:
    """The leaf page of the cases table that holds ``case``'s row."""
    size = _page_size(db_file)
    data = db_file.read_bytes()
    (page,) = [
        p
        for p in _pages(db_file, "cases", "leaf")
        if case.id.encode() in data[(p - 1) * size : p * size]
    ]
    return page


def _three_unsent(folder: Path) -> list[Case]:
    store = LocalStore(folder)
    try:
        return [submit_sample_case(store, note=NOTE) for _ in range(3)]
    finally:
        store.close()


def test_three_unsent_cases_come_back_and_reach_the_back_office_once(
    tmp_path: Path, bo_server: BackgroundBackoffice
) -> None:
    folder = tmp_path / "device"
    cases = _three_unsent(folder)
    db_file = folder / "onewindow.db"
    # Pages in the middle of the file: the outbox's and the files' indexes.
    hit = _pages(db_file, "idx_outbox_case") + _pages(db_file, "idx_files_case_id")
    assert hit
    _overwrite(db_file, hit)

    store = LocalStore(folder)
    try:
        assert store.recovered_from is not None and store.recovered_from.exists()
        assert {c.id for c in store.list_cases()} == {c.id for c in cases}
        for c in cases:
            back = store.get_case(c.id)
            assert back.body_digest() == c.body_digest() and back.verify_trail()
        assert store.outbox_counts()["queued"] == 3
        assert store.unsalvaged() == []
        worker = SyncWorker(store, BackofficeClient(bo_server.url))
        st = worker.drain_once()
        assert st.queued == 0 and st.quarantined == 0
        assert worker.drain_once().queued == 0  # nothing goes twice
        # A number already printed is never handed out again.
        fresh = store.next_receipt_no("FS01", "K01", dt.date.today())
        assert fresh not in {c.receipt_no for c in cases}
    finally:
        store.close()
    on_bo = [r for r in bo_server.store.list_cases(1000) if r["id"] in {c.id for c in cases}]
    assert len(on_bo) == 3
    for c in cases:
        assert bo_server.store.case_status(c.id)["receipt_no"] == c.receipt_no

    again = LocalStore(folder)  # salvaged once: the next start does not bring it twice
    try:
        assert again.recovered_from is None
        assert len(again.list_cases()) == 3 and again.outbox_counts()["done"] == 3
    finally:
        again.close()


def test_a_case_on_a_damaged_page_is_listed_until_staff_acknowledge_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from onewindow.cli import main
    from sync.store import banner_words

    folder = tmp_path / "device"
    first, lost, last = _three_unsent(folder)
    db_file = folder / "onewindow.db"
    _overwrite(db_file, [_case_page(db_file, lost)])

    store = LocalStore(folder)
    try:
        assert store.recovered_from is not None
        assert {c.id for c in store.list_cases()} == {first.id, last.id}
        (item,) = store.unsalvaged()
        assert item.receipt_no == lost.receipt_no and item.case_id == lost.id
        assert item.reason.code == "store.unsalvaged.case_unreadable"
        assert item.source == store.recovered_from.name
        assert store.outbox_counts()["queued"] == 2
        assert lost.receipt_no in banner_words(store.unsalvaged())
        fresh = store.next_receipt_no("FS01", "K01", dt.date.today())
        assert fresh not in {first.receipt_no, lost.receipt_no, last.receipt_no}
    finally:
        store.close()

    assert main(["sync", "status", "--data", str(folder)]) != 0
    out = capsys.readouterr().out
    assert lost.receipt_no in out and first.receipt_no not in out
    assert main(["sync", "status", "--json", "--data", str(folder)]) != 0
    assert lost.receipt_no in capsys.readouterr().out

    assert main(["sync", "acknowledge", "--data", str(folder), "--staff", "C0012"]) == 0
    assert "1" in capsys.readouterr().out
    assert main(["sync", "status", "--data", str(folder)]) == 0
    assert lost.receipt_no not in capsys.readouterr().out
    store = LocalStore(folder)
    try:
        assert store.unsalvaged() == []
        (kept,) = store.unsalvaged(include_acknowledged=True)
        assert kept.acknowledged_by == "C0012" and kept.acknowledged_at
    finally:
        store.close()


@pytest.mark.parametrize("content", [b"", b"not a database at all " * 50])
def test_empty_or_foreign_file_is_damage_and_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    from onewindow.cli import main

    folder = tmp_path / "device"
    _three_unsent(folder)
    (folder / "onewindow.db").write_bytes(content)

    store = LocalStore(folder)
    try:
        assert store.recovered_from is not None
        assert store.recovered_from.read_bytes() == content  # kept as found
        assert store.recovered_reason.code in ("store.damaged.empty", "store.damaged.unreadable")
        (item,) = store.unsalvaged()  # what it held is unknown: said so, not silently empty
        assert item.kind == "store" and item.receipt_no == ""
    finally:
        store.close()
    assert main(["sync", "status", "--data", str(folder)]) != 0
    captured = capsys.readouterr()
    assert "编号不明" in captured.out


def test_the_status_bar_lists_what_was_not_salvaged(qtbot, tmp_path: Path) -> None:
    from onewindow.gui import make_window
    from tests.gui_helpers import app_config

    folder = tmp_path / "counter"
    store = LocalStore(folder)
    try:
        lost = submit_sample_case(store, note=NOTE, device_code="C01")
        submit_sample_case(store, note=NOTE, device_code="C01")
    finally:
        store.close()
    db_file = folder / "onewindow.db"
    _overwrite(db_file, [_case_page(db_file, lost)])

    win, bridge = make_window(app_config(tmp_path, "counter", "http://127.0.0.1:9"))
    qtbot.addWidget(win)
    win.show()
    try:
        label = win.status.unsalvaged
        assert label.isVisible()  # at once, before the sync worker says anything
        assert lost.receipt_no in label.text() and "1" in label.text()
        bridge.start()
        bridge.runtime.store.acknowledge_unsalvaged("C0012")
        bridge.runtime.sync.sync_now()
        qtbot.waitUntil(lambda: not label.isVisible(), timeout=10000)
    finally:
        bridge.close()


def test_a_case_whose_files_are_gone_is_listed_and_a_sent_one_is_not_sent_again(
    tmp_path: Path, bo_server: BackgroundBackoffice
) -> None:
    folder = tmp_path / "device"
    store = LocalStore(folder)
    try:
        sent = submit_sample_case(store, note=NOTE)
        assert SyncWorker(store, BackofficeClient(bo_server.url)).drain_once().queued == 0
        filed, gone = (submit_sample_case(store, note=NOTE) for _ in range(2))
    finally:
        store.close()
    (blob,) = [f for m in gone.materials for f in m.files]
    (folder / "files" / f"{blob.id}.bin").unlink()
    db_file = folder / "onewindow.db"
    _overwrite(db_file, _pages(db_file, "idx_outbox_case"))

    store = LocalStore(folder)
    try:
        assert store.recovered_from is not None
        assert {c.id for c in store.list_cases()} == {sent.id, filed.id}
        (item,) = store.unsalvaged()
        assert item.receipt_no == gone.receipt_no
        assert item.reason.code == "store.unsalvaged.files_lost"
        counts = store.outbox_counts()
        assert counts["done"] == 1 and counts["queued"] == 1  # the sent one stays sent
        assert SyncWorker(store, BackofficeClient(bo_server.url)).drain_once().queued == 0
    finally:
        store.close()


def test_records_come_back_and_lost_entries_are_queued_again_in_order(
    tmp_path: Path, bo_server: BackgroundBackoffice
) -> None:
    from wire.records import Evaluation, EvaluationLevel, Supplement, SupplementMaterial

    folder = tmp_path / "device"
    store = LocalStore(folder)
    try:
        case = submit_sample_case(store, note=NOTE)
        jpeg = fx.fake_jpeg("supplement")
        page = store.save_file(jpeg, "M02.jpg", "image/jpeg")
        material = SupplementMaterial(code="M02", name="证件照片", files=[page])
        sup = Supplement(
            case_id=case.id, receipt_no=case.receipt_no, hall_code="FS01", device_code="K01",
            actor="C0012", materials=[material],
        )  # fmt: skip
        evaluation = Evaluation(
            hall_code="FS01", device_code="K01", case_id=case.id, receipt_no=case.receipt_no,
            level=EvaluationLevel.SATISFIED,
        )  # fmt: skip
        for rec in (sup, evaluation):
            store.submit_record(rec)
    finally:
        store.close()
    db_file = folder / "onewindow.db"
    _overwrite(db_file, _pages(db_file, "outbox"))  # every outbox entry lost

    store = LocalStore(folder)
    try:
        assert store.recovered_from is not None and store.unsalvaged() == []
        entries = store.entries()
        assert [(e.kind, e.record_id) for e in entries] == [
            ("case", case.id),
            ("supplement", sup.id),
            ("evaluation", evaluation.id),
        ]  # the case before what belongs to it
        assert SyncWorker(store, BackofficeClient(bo_server.url)).drain_once().queued == 0
    finally:
        store.close()
    assert bo_server.store.case_status(case.id) is not None
    for rec in (sup, evaluation):
        kind, body = bo_server.store.get_record(rec.id)
        assert kind == rec.kind and body == rec.body()
    assert bo_server.store.read_file(page.id) == jpeg


def test_a_start_that_could_not_salvage_tries_again_at_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sync.store.salvage as salvage_mod

    folder = tmp_path / "device"
    cases = _three_unsent(folder)
    db_file = folder / "onewindow.db"
    _overwrite(db_file, _pages(db_file, "idx_outbox_case"))
    real = salvage_mod.salvage

    def disk_full(*args, **kw):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(salvage_mod, "salvage", disk_full)
    store = LocalStore(folder)
    try:
        assert store.recovered_from is not None and store.list_cases() == []
    finally:
        store.close()
    monkeypatch.setattr(salvage_mod, "salvage", real)
    store = LocalStore(folder)
    try:
        assert {c.id for c in store.list_cases()} == {c.id for c in cases}
        assert store.outbox_counts()["queued"] == 3
    finally:
        store.close()
    assert not list(folder.glob(".salvage-*"))  # the private copy is gone


def test_a_receipt_number_is_found_in_the_raw_bytes_of_a_page_sqlite_refuses(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "device"
    first, lost, last = _three_unsent(folder)
    db_file = folder / "onewindow.db"
    page = _case_page(db_file, lost)
    size = _page_size(db_file)
    with open(db_file, "r+b") as fh:  # only the page's header: its cells are still there
        fh.seek((page - 1) * size)
        fh.write(b"\xff" * 8)
    _overwrite(db_file, _pages(db_file, "idx_cases_receipt_no"))  # and the receipt index

    store = LocalStore(folder)
    try:
        assert {c.id for c in store.list_cases()} == {first.id, last.id}
        (item,) = store.unsalvaged()
        assert (item.receipt_no, item.case_id) == (lost.receipt_no, lost.id)
    finally:
        store.close()


def test_cases_below_a_lost_interior_page_are_read_from_the_leaf_pages(
    tmp_path: Path, bo_server: BackgroundBackoffice
) -> None:
    folder = tmp_path / "device"
    cases = _three_unsent(folder)
    db_file = folder / "onewindow.db"
    interior = _pages(db_file, "cases", "internal")
    assert interior  # three pages of cases hang below it
    _overwrite(db_file, interior)

    store = LocalStore(folder)
    try:
        assert store.recovered_from is not None and store.unsalvaged() == []
        assert {c.id for c in store.list_cases()} == {c.id for c in cases}
        for c in cases:
            assert store.get_case(c.id).body_digest() == c.body_digest()
        assert SyncWorker(store, BackofficeClient(bo_server.url)).drain_once().queued == 0
    finally:
        store.close()
    for c in cases:
        assert bo_server.store.case_status(c.id)["receipt_no"] == c.receipt_no


def test_sync_now_after_damage_sends_what_the_damaged_file_held(
    tmp_path: Path, bo_server: BackgroundBackoffice, capsys: pytest.CaptureFixture[str]
) -> None:
    from onewindow.cli import main

    folder = tmp_path / "device"
    cases = _three_unsent(folder)
    db_file = folder / "onewindow.db"
    _overwrite(db_file, _pages(db_file, "idx_files_case_id"))
    cfg = tmp_path / "device.toml"
    cfg.write_text(
        f'data_dir = "{folder}"\ndevice_code = "K01"\n[backoffice]\nurl = "{bo_server.url}"\n',
        encoding="utf-8",
    )
    assert main(["--config", str(cfg), "sync", "now"]) == 0
    out = capsys.readouterr()
    assert "pending 0" in out.out and "damaged" in out.err
    for c in cases:
        assert bo_server.store.case_status(c.id)["receipt_no"] == c.receipt_no


def test_cases_sealed_with_another_key_are_listed_as_such(tmp_path: Path) -> None:
    folder = tmp_path / "device"
    cases = _three_unsent(folder)
    (folder / "device.key").write_bytes(os.urandom(32))  # a disk image with another key

    store = LocalStore(folder)
    try:
        assert store.recovered_from is not None and store.list_cases() == []
        lost = store.unsalvaged()
        assert {i.receipt_no for i in lost} == {c.receipt_no for c in cases}
        assert {i.reason.code for i in lost} == {"store.unsalvaged.other_key"}
    finally:
        store.close()
