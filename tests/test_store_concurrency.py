"""Exactly-once under concurrent workers, on SQLite and on PostgreSQL (issue 13 item 1).

Several stores on the same database (from threads, and from separate
processes as several ``serve`` workers would be) put the same case, the same
file, and two cases under the same receipt number at the same moment: one row
each, the others get the same answer (or a ConflictError for the other case
under the receipt), as a single process would answer. What makes it hold is
the database (unique keys and the unit of work's lock), not anything in one
process.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from backoffice.store import BackofficeStore, ConflictError
from core.case import Case
from sync.store import LocalStore
from tests._backoffice_fixture import make_submitted_case

WORKERS = 4


def _race(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run ``calls`` on threads released together; each one's result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = calls[i]()
        except Exception as exc:
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def _upload(bo: BackofficeStore, device: LocalStore, case: Case) -> None:
    for m in case.materials:
        for ref in m.files:
            bo.put_file(ref.id, device.read_file(ref.id), ref.sha256, owner="FS01/K01")


def test_stores_on_one_database_keep_a_case_a_receipt_and_a_file_once(tmp_path: Path) -> None:
    device = LocalStore(tmp_path / "device")
    stores = [BackofficeStore(tmp_path / "bo") for _ in range(WORKERS)]
    try:
        case = make_submitted_case(device)
        (ref,) = [r for m in case.materials for r in m.files]
        blob = device.read_file(ref.id)
        files = _race([lambda s=s: s.put_file(ref.id, blob, ref.sha256) for s in stores])
        assert sorted(files) == [False] * (WORKERS - 1) + [True]

        cases = _race([lambda s=s: s.put_case(case) for s in stores])
        assert sorted(new for new, _ in cases) == [False] * (WORKERS - 1) + [True]
        assert len({json.dumps(answer, sort_keys=True) for _, answer in cases}) == 1

        # other cases under one receipt number: one is kept, the others are refused
        rivals = []
        for _ in range(WORKERS):
            other = make_submitted_case(device)
            other.receipt_no = "FS01-RACE-0001"
            _upload(stores[0], device, other)
            rivals.append(other)
        outcomes = _race(
            [lambda s=s, c=c: s.put_case(c) for s, c in zip(stores, rivals, strict=True)]
        )
        kept = [o for o in outcomes if isinstance(o, tuple)]
        refused = [o for o in outcomes if isinstance(o, ConflictError)]
        assert len(kept) == 1 and len(refused) == WORKERS - 1, outcomes

        rows = stores[1].list_cases(limit=100)
        assert sorted(r["receipt_no"] for r in rows) == sorted([case.receipt_no, "FS01-RACE-0001"])
        assert stores[2].file_info(ref.id)["sha256"] == ref.sha256
    finally:
        for s in stores:
            s.close()
        device.close()


def test_worker_processes_keep_a_case_and_its_file_once(tmp_path: Path) -> None:
    device = LocalStore(tmp_path / "device")
    case = make_submitted_case(device)
    (ref,) = [r for m in case.materials for r in m.files]
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "case.json").write_text(case.model_dump_json(), encoding="utf-8")
    (shared / "file.bin").write_bytes(device.read_file(ref.id))
    device.close()
    assert hashlib.sha256((shared / "file.bin").read_bytes()).hexdigest() == ref.sha256
    BackofficeStore(tmp_path / "bo").close()  # migrated once before the race
    go = shared / "go"
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests._store_race_child",
                str(tmp_path / "bo"),
                str(shared / "case.json"),
                ref.id,
                ref.sha256,
                str(shared / f"ready{i}"),
                str(go),
            ],
            stdout=subprocess.PIPE,
            text=True,
            env=os.environ.copy(),
        )
        for i in range(WORKERS)
    ]
    from tests._backoffice_fixture import wait_until

    wait_until(lambda: all((shared / f"ready{i}").exists() for i in range(WORKERS)), 60, "workers")
    go.touch()
    outs = []
    for child in children:
        stdout, _ = child.communicate(timeout=60)
        assert child.returncode == 0
        outs.append(json.loads(stdout.strip().splitlines()[-1]))
    assert sorted(o["file_new"] for o in outs) == [False] * (WORKERS - 1) + [True]
    assert sorted(o["case"]["new"] for o in outs) == [False] * (WORKERS - 1) + [True]
    assert len({json.dumps(o["case"]["answer"], sort_keys=True) for o in outs}) == 1
    bo = BackofficeStore(tmp_path / "bo")
    try:
        assert [r["id"] for r in bo.list_cases()] == [case.id]
        assert bo.changes()["cursor"] == 1  # one status event, not one per worker
    finally:
        bo.close()
