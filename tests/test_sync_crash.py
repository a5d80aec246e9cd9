"""Crash safety: the sync worker in a child process, SIGKILLed at random moments.

A real back office on loopback; a child process saves cases (with scanned
pages) and drains the outbox through chunked tus uploads; the parent kills
it with SIGKILL at a random moment, over and over (a power cut, the OOM
killer, a kiosk pulled from the wall). Afterwards every case the child
reported saved, and every case in the local store, is at the back office
exactly once, with files whose hashes match; no case is half-saved.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from backoffice.server import BackgroundBackoffice
from sync.client import BackofficeClient
from sync.store import LocalStore
from sync.worker import SyncWorker
from tests import _backoffice_fixture as fx
from tests._backoffice_fixture import assert_all_delivered_once, drain_until_done

bo_server = fx.bo_server
catalog_file = fx.catalog_file

REPO = Path(__file__).resolve().parent.parent
RUNS = 32
RUN_BUDGET_S = 8.0  # a child still alive after this is killed anyway (and counted)


def _spawn(data: Path, url: str, n_cases: int, seed: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests._sync_child", str(data), url, str(n_cases), str(seed)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def _caught_mid_upload(data: Path) -> int:
    """1 when the child died with an entry claimed or a file partly uploaded."""
    if not (data / "onewindow.db").exists():
        return 0
    conn = sqlite3.connect(data / "onewindow.db", timeout=10)
    try:
        claimed = conn.execute("SELECT COUNT(*) FROM outbox WHERE state = 'uploading'").fetchone()
        partial = conn.execute(
            "SELECT COUNT(*) FROM files WHERE upload_offset > 0 AND upload_offset < size"
        ).fetchone()
    except sqlite3.Error:
        return 0  # killed before the first migration committed
    finally:
        conn.close()
    return int(claimed[0] > 0 or partial[0] > 0)


def test_sigkill_at_random_points_loses_and_duplicates_nothing(
    bo_server: BackgroundBackoffice, tmp_path: Path
) -> None:
    data = tmp_path / "device"
    rng = random.Random(3)
    reported: set[str] = set()
    killed = finished = mid_upload = 0
    for run in range(RUNS):
        child = _spawn(data, bo_server.url, n_cases=rng.choice([0, 1, 2]), seed=run)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        # Kill anywhere from "while saving" to "after the last commit".
        time.sleep(rng.uniform(0.0, 0.35))
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            killed += 1
        else:
            finished += 1
        child.wait(timeout=RUN_BUDGET_S)
        mid_upload += _caught_mid_upload(data)
        for line in child.stdout.read().splitlines():
            if line.startswith("submitted "):
                reported.add(line.split()[1])
        child.stdout.close()
    assert killed >= RUNS // 2, f"only {killed} of {RUNS} runs were killed mid-way"
    assert mid_upload >= 3, f"only {mid_upload} kills landed in the middle of an upload"

    store = LocalStore(data)
    try:
        assert store.recovered_from is None  # SIGKILL never corrupts the database
        local_ids = {c.id for c in store.list_cases(limit=10_000)}
        assert reported <= local_ids, "a case reported saved is missing"
        # Outbox and case rows were written together: one entry per case.
        rows = store.db.execute("SELECT case_id FROM outbox WHERE kind = 'case'").fetchall()
        assert sorted(r[0] for r in rows) == sorted(local_ids)
        worker = SyncWorker(store, BackofficeClient(bo_server.url), chunk_size=4096)
        drain_until_done(worker)
        n = assert_all_delivered_once(store, bo_server.store)
        assert n == len(local_ids) >= 10
        # Uploads interrupted mid-file left nothing behind once finished.
        leftovers = bo_server.store._db.execute("SELECT COUNT(*) FROM uploads").fetchone()[0]
        assert leftovers == 0
    finally:
        store.close()
