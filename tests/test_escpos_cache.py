"""python-escpos keeps its parsed capability database in the user cache folder.

It used to parse it at every start and leave one /tmp/tmp* folder per
process (drivers/printer/escpos_lib.py says why). Two processes that print
leave nothing in the temporary folder and share one pickle.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PRINT = """
from core.receipt import Document, Text, Cut
from drivers.printer.render import document_bytes
from drivers.printer.escpos_lib import capabilities_cache
import escpos.capabilities as caps
data = document_bytes(Document("receipt", [Text("一窗通 OneWindow"), Cut()]))
assert data, "nothing rendered"
print(caps.pickle_dir)
print(capabilities_cache())
"""


def run_printer(tmp_path: Path, *, wait: bool = True) -> list[str] | subprocess.Popen:
    env = {
        **{k: v for k, v in os.environ.items() if k != "ESCPOS_CAPABILITIES_PICKLE_DIR"},
        "TMPDIR": str(tmp_path / "tmp"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    proc = subprocess.Popen(
        [sys.executable, "-c", PRINT],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    if not wait:
        return proc
    return finished(proc)


def finished(proc: subprocess.Popen) -> list[str]:
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err[-2000:]
    return out.split()


def test_two_printing_processes_leave_no_temporary_folder(tmp_path):
    (tmp_path / "tmp").mkdir()
    first = run_printer(tmp_path)
    pickles = sorted((tmp_path / "cache").rglob("*.capabilities.pickle"))
    assert len(pickles) == 1
    written = pickles[0].stat().st_mtime_ns
    second = run_printer(tmp_path)
    assert first == second
    pickle_dir, cache = Path(first[0]), Path(first[1])
    assert pickle_dir == cache and cache.is_relative_to(tmp_path / "cache")
    assert list((tmp_path / "tmp").iterdir()) == []
    assert pickles[0].stat().st_mtime_ns == written  # the second one read it, did not parse again


def test_processes_starting_together_share_one_pickle(tmp_path):
    # The parallel test run failed here: one worker read the pickle while
    # another was still writing it.
    (tmp_path / "tmp").mkdir()
    procs = [run_printer(tmp_path, wait=False) for _ in range(4)]
    outs = [finished(p) for p in procs]
    assert all(out == outs[0] for out in outs)
    assert len(list((tmp_path / "cache").rglob("*.capabilities.pickle"))) == 1


def test_a_pickle_cut_short_is_parsed_again(tmp_path):
    (tmp_path / "tmp").mkdir()
    run_printer(tmp_path)
    (pickled,) = (tmp_path / "cache").rglob("*.capabilities.pickle")
    pickled.write_bytes(b"")  # a process killed while it wrote
    run_printer(tmp_path)
    assert pickled.stat().st_size > 1000
