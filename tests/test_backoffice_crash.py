"""Crash trials on both sides: the back office dies too, and nothing is lost.

The back office runs as a real separate process on loopback
(tests/_backoffice_crash_child.py) over one data dir across restarts; three
devices (tests/_sync_child.py) save cases with scanned pages and sync them
through chunked tus uploads. The parent SIGKILLs devices and the back
office at random moments, and has the back office kill itself right before
and right after it keeps a file finished from several chunks (the
finishing instant, on purpose). Then, with the back office up, every device
is drained: every case a device reported saved is at the back office
exactly once, every file with its hash, and nothing is stranded (no outbox
entry quarantined or stuck, no upload row or part file left).

Then the same with the back office's disk full: its data dir on a small
tmpfs of its own, filled (of bytes, or of inodes: then every finish that
keeps a new file meets ENOSPC) while devices sync, then freed.
The harness (tests/_crash_trials.py) is the one bench/soak.py runs for long.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests._crash_trials import Tally, Trials, disk_full_trial


def _assert_nothing_lost(t: Tally) -> None:
    line = json.dumps(t.line(), ensure_ascii=False)
    assert t.lost == 0 and t.extra == 0, line
    assert t.duplicated == 0 and t.wrong_hash == 0, line
    assert t.stranded == 0 and t.quarantined == 0, line
    assert t.devices_recovered == 0 and t.backoffice_crashes == 0, line


def test_backoffice_and_devices_sigkilled_at_random_lose_nothing(
    tmp_path: Path, bo_engine: str
) -> None:
    # Half the kills on PostgreSQL: the same harness, the suite's time kept (the long
    # runs are bench/soak.py's); the finishing instant is still hit from both sides.
    kills = (12, 8) if bo_engine == "sqlite" else (6, 4)
    t = Trials(tmp_path, devices=3, seed=11, finish_share=0.6).run(
        device_kills=kills[0], backoffice_kills=kills[1], finish_both=True, min_cases=10
    )
    line = json.dumps(t.line(), ensure_ascii=False)
    assert t.device_kills >= kills[0] and t.backoffice_kills >= kills[1], line
    # The finishing instant was hit on purpose, from both sides.
    assert t.finish_kills_before >= 1 and t.finish_kills - t.finish_kills_before >= 1, line
    assert t.cases >= 10 and t.files == t.cases, line
    _assert_nothing_lost(t)


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("unshare") is None,
    reason="needs root and unshare to mount a small tmpfs in a private mount namespace",
)
@pytest.mark.parametrize("full_of", ["bytes", "inodes"])
# SQLite only: the small tmpfs holds the data folder, so on SQLite the database fills
# up with the files; a PostgreSQL database lives elsewhere and this would repeat the
# SQLite run's file half (a full PostgreSQL disk is DiskFull → 507, backoffice.store.files).
@pytest.mark.sqlite_only
def test_backoffice_disk_full_then_freed_everything_arrives_once(
    tmp_path: Path, full_of: str
) -> None:
    t, seen = disk_full_trial(tmp_path, full_of=full_of)
    line = json.dumps({**t.line(), **seen}, ensure_ascii=False)
    low = seen["min_free_kb"] < 64 if full_of == "bytes" else seen["min_free_inodes"] == 0
    assert low and seen["pending_while_full"] > 0, line  # it really was full
    assert t.cases == 18 and t.files == t.cases, line
    _assert_nothing_lost(t)
