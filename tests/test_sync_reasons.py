"""Reasons kept for later are catalogue codes, read in the reader's language.

An outbox entry set aside by the worker and a print job held or cancelled
keep ``code|{params}`` in their text column (core.messages.to_stored); the
English counter and ``onewindow --lang en`` show them in English, and rows
written as Chinese prose before still read as themselves.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from backoffice.server import BackgroundBackoffice
from core.messages import Term, Words, from_stored, to_stored, translated
from onewindow.messages_cli import ts_translator
from onewindow.print_samples import sample_document
from sync.client import BackofficeClient
from sync.print_jobs import JobState, PrintJobStore
from sync.store import LocalStore
from sync.worker import SyncWorker
from tests import _backoffice_fixture as fx
from tests._backoffice_fixture import submit_sample_case

bo_server = fx.bo_server
catalog_file = fx.catalog_file
local_store = fx.local_store
ROOT = Path(__file__).resolve().parent.parent
LOST_FILE_EN = "A material file on this device cannot be read"


def _zh(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _en(text: str) -> str:
    return translated(text, ts_translator("en"))


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "onewindow", *args],
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=60,
        cwd=ROOT,
    )


def _lose_first_file(store: LocalStore, case) -> None:  # type: ignore[no-untyped-def]
    store._blob_path(case.materials[0].files[0].id).unlink()


def test_stored_words_come_back_with_code_and_params() -> None:
    words = Words(
        "sync.local_record_unreadable",
        detail=Words("case.bad_transition", from_label=Term("已提交"), to_label=Term("已受理")),
    )
    back = from_stored(to_stored(words))
    assert isinstance(back, Words) and back.code == "sync.local_record_unreadable"
    assert back == words  # the same Chinese
    assert _en(back) == _en(words) and not _zh(_en(back))
    day = dt.date(2026, 1, 31)
    assert from_stored(to_stored(Words("identity.expired", valid_to=day))).params["valid_to"] == day
    # Prose from before codes were stored, and text that merely looks like a code.
    for old in ("事项不在目录中", "sync.failed|{not json", "x|[1]", ""):
        assert from_stored(old) == old and not isinstance(from_stored(old), Words)
    assert to_stored("plain words") == "plain words"


def test_worker_quarantine_reads_in_english_in_the_cli(
    bo_server: BackgroundBackoffice, local_store: LocalStore
) -> None:
    lost = submit_sample_case(local_store)
    old = submit_sample_case(local_store)
    _lose_first_file(local_store, lost)
    _lose_first_file(local_store, old)
    worker = SyncWorker(local_store, BackofficeClient(bo_server.url))
    assert worker.drain_once().quarantined == 2
    by_case = {e.case_id: e for e in local_store.entries(("quarantined",))}
    q = by_case[lost.id]
    assert isinstance(q.reason, Words) and q.reason.code == "sync.local_file_unreadable"
    assert q.reason == "本机材料文件无法读取：材料文件已丢失"  # Chinese as before
    assert _en(q.reason).startswith(LOST_FILE_EN) and not _zh(_en(q.reason))
    data = str(local_store.data_dir)
    r = _cli("--lang", "en", "sync", "status", "--data", data)
    (last,) = [ln for ln in r.stdout.splitlines() if "last error:" in ln]
    assert LOST_FILE_EN in last and not _zh(last.split("last error:")[1]), r.stdout
    # A row quarantined by an older version holds prose: it reads as itself.
    local_store.quarantine(by_case[old.id].id, "本机材料文件无法读取：材料文件已丢失")
    assert not isinstance(local_store.entry(by_case[old.id].id).reason, Words)
    r = _cli("--lang", "en", "sync", "list", "--state", "quarantined", "--data", data)
    assert r.returncode == 0, r.stderr
    line = next(ln for ln in r.stdout.splitlines() if ln.startswith(f"{q.id}\t"))
    reason = line.split("\t")[-1]
    assert reason.startswith(LOST_FILE_EN) and not _zh(reason)
    r = _cli("--lang", "en", "sync", "list", "--json", "--data", data)
    rows = [json.loads(ln) for ln in r.stdout.splitlines()]
    (mine,) = [e for e in rows if e["id"] == q.id]
    assert mine["reason_code"] == "sync.local_file_unreadable" and not _zh(mine["reason"])
    (older,) = [e for e in rows if e["id"] == by_case[old.id].id]
    assert older["reason_code"] is None and older["reason"].startswith("本机")
    r = _cli("sync", "list", "--state", "quarantined", "--data", data)  # Chinese by default
    assert "本机材料文件无法读取：材料文件已丢失" in r.stdout


def test_print_job_reasons_read_in_english(local_store: LocalStore) -> None:
    jobs = PrintJobStore(local_store)
    held = jobs.add(sample_document("receipt"))
    jobs.mark_held(held.id, "paper_out", Words("printer.paper_out"))
    cancelled = jobs.add(sample_document("notice"))
    assert jobs.close_job(cancelled.id, JobState.CANCELLED, Words("print.cancelled_by_staff"))
    old = jobs.add(sample_document("notice"))
    assert jobs.close_job(old.id, JobState.EXPIRED, "超时未打印，未发出")  # prose, as before
    interrupted = jobs.add(sample_document("ticket"))
    assert jobs.recover_interrupted() == 1
    reasons = {r.id: r.reason for r in jobs.recent()}
    assert reasons[held.id] == "打印机缺纸" and _en(reasons[held.id]) == _en(
        Words("printer.paper_out")
    )
    assert _en(reasons[cancelled.id]) == "Cancelled by staff"
    assert _en(reasons[old.id]) == "Not printed in time; not issued"
    assert isinstance(reasons[interrupted.id], Words)
    assert not any(_zh(_en(r)) for r in reasons.values())


def test_an_english_counter_shows_stored_reasons_in_english(
    qtbot, tmp_path: Path, bo_server: BackgroundBackoffice
) -> None:
    from onewindow.gui import make_window
    from tests.gui_helpers import app_config
    from widgets.i18n import install_translator

    cfg = app_config(
        tmp_path,
        "counter",
        bo_server.url,
        language="en",
        **{"devices.camera.backend": "none", "devices.printer.uri": "none"},
    )
    assert install_translator("en")
    try:
        win, bridge = make_window(cfg)
        qtbot.addWidget(win)
        win.show()
        store = bridge.runtime.store
        lost = submit_sample_case(store, device_code="C01")
        _lose_first_file(store, lost)
        jobs = bridge.runtime.printing.jobs
        held = jobs.add(sample_document("receipt"))
        jobs.mark_held(held.id, "paper_out", Words("printer.paper_out"))
        old = jobs.add(sample_document("receipt"))
        jobs.mark_held(old.id, "offline", "程序重启前未打印完成")  # prose from before
        bridge.start()
        bridge.runtime.sync.sync_now()
        qtbot.waitUntil(lambda: store.outbox_counts()["quarantined"] == 1, timeout=10000)
        win.clerk = "C0012"
        win.show_page("cases")
        rows = [win.cases_list.item(i).text() for i in range(win.cases_list.count())]
        (row,) = [r for r in rows if lost.receipt_no in r]
        assert "Needs attention:" in row and LOST_FILE_EN in row, row
        assert not _zh(row.split("Needs attention:")[1]), row
        win.show_page("prints")
        rows = [win.prints_list.item(i).text() for i in range(win.prints_list.count())]
        assert len(rows) == 2 and all("Waiting for the printer" in r for r in rows), rows
        assert not any(_zh(r.split("：")[-1]) for r in rows), rows
    finally:
        bridge.close()
        install_translator("zh_CN")


def test_why_a_damaged_database_was_set_aside_reads_in_english(tmp_path: Path) -> None:
    data = tmp_path / "device"
    data.mkdir()
    (data / "onewindow.db").write_bytes(b"\x00garbage, not a database" * 200)
    store = LocalStore(data)
    try:
        why = store.recovered_reason
        assert isinstance(why, Words) and why.code == "store.damaged.unreadable"
        assert why.startswith("数据库无法读取") and not _zh(_en(why))
    finally:
        store.close()


def test_onewindow_print_jobs_speaks_the_lang(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from onewindow import messages_cli
    from onewindow.cli import main

    store = LocalStore(tmp_path / "data")
    jobs = PrintJobStore(store)
    rec = jobs.add(sample_document("receipt"))
    jobs.mark_held(rec.id, "paper_out", Words("printer.paper_out"))
    store.close()
    try:
        assert main(["--lang", "en", "print", "jobs", "--data", str(tmp_path / "data")]) == 0
    finally:
        messages_cli.use(None)
    (line,) = [ln for ln in capsys.readouterr().out.splitlines() if rec.id in ln]
    assert not _zh(line) and _en(Words("printer.paper_out")) in line, line
