"""bench.queue runs: a small hall day (60 tickets, 4 windows, both restarts, the
offline kiosk) gives each ticket once, calls each once and loses none."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_small_hall_day_has_no_duplicates_double_calls_or_losses() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bench.queue", "--tickets", "60", "--windows", "4"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert len(lines) == 1, run.stdout
    out = json.loads(lines[0])
    assert (out["duplicates"], out["called_twice"], out["lost"]) == (0, 0, 0), out
    assert out["restarts"] == 2 and out["offline_tickets"] > 0, out
    assert out["tickets_issued"] == 60 - out["voided"], out
    assert out["waiting_at_end"] == 0, out
    for key in ("take_ms_p99", "call_ms_p99", "display_latency_ms_p99"):
        assert out[key] > 0, out
