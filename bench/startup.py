"""Start-up benchmark: ``python -m bench.startup`` prints one JSON line.

The time to the first paint of the kiosk and of the counter beside that of a
bare PySide6 window (a ``QMainWindow`` of the same size and nothing in it),
measured in one run so that the ratios are fair on a busy machine.

Method: each start is a fresh ``python -c`` subprocess (offscreen Qt, this
checkout first on ``sys.path``). The parent reads ``time.monotonic()`` (one
clock for every process on Linux) just before it spawns the child, so
interpreter start-up and every import count. The child runs the app the way
``onewindow kiosk --windowed`` does (``onewindow.cli.main``: the default
config, virtual devices, a back office that is not there), watching the
window from when ``onewindow.gui.make_first_window`` returns it (the app's
one window: its first page is built, the rest of it and the runtime come
after its first paint, with the whole config's validation). The
window's first ``QEvent.Paint`` arms a zero-time timer; when it fires the
paint has been processed, and the child prints ``time.monotonic()`` and
leaves with ``os._exit`` (no teardown). The filter sits on the application
(from the window's creation to its first paint), so its timer is queued
before the one that builds and starts the runtime after the first paint
(onewindow.gui), and that work is not counted. The bare window's child does the
same with the same filter and window size (``QApplication``, ``QMainWindow``,
``show``).

Each target starts ``--runs`` times (default 7), the three interleaved so
that load from other processes hits them alike, after one unmeasured warm-up
start each (byte-code compiled, the data folder and its database created,
as on a kiosk that has run before). Medians in milliseconds, and
``kiosk_ratio`` / ``counter_ratio`` = median first paint / the bare
window's median (goal <= 2).

    python -m bench.startup [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = r"""
import os, sys, time
sys.path.insert(0, {root!r})
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    win = None
    def watch(self, win):
        self.win = win
        QApplication.instance().installEventFilter(self)
    def eventFilter(self, obj, ev):
        if obj is self.win and ev.type() == QEvent.Type.Paint:
            QApplication.instance().removeEventFilter(self)
            QTimer.singleShot(0, self.done)
        return False
    def done(self):
        print(time.monotonic(), flush=True)
        os._exit(0)

spy = FirstPaint()
target = {target!r}
if target == "bare":
    app = QApplication(sys.argv[:1])
    win = QMainWindow()
    spy.watch(win)
    win.resize(1280, 800)
    win.show()
    app.exec()
else:
    from onewindow import gui
    make_first_window = gui.make_first_window
    def watched(config):
        win = make_first_window(config)
        spy.watch(win)
        return win
    gui.make_first_window = watched
    from onewindow.cli import main
    main([target, "--windowed", "--data", {data!r}])
"""


def first_paint_ms(target: str, data: Path) -> float:
    """One start of ``target`` (bare, kiosk or counter) in a fresh process."""
    code = _CHILD.format(root=str(ROOT), target=target, data=str(data / target))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": ""}
    t0 = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = out.stdout.split()
    if out.returncode != 0 or not lines:
        raise RuntimeError(f"{target} did not paint: {out.stderr[-2000:]}")
    return (float(lines[-1]) - t0) * 1000


def run(runs: int) -> dict:
    targets = ("bare", "kiosk", "counter")
    times: dict[str, list[float]] = {t: [] for t in targets}
    with tempfile.TemporaryDirectory(prefix="ow-startup-") as tmp:
        data = Path(tmp)
        for t in targets:  # warm-up: byte-code, data folder, database
            first_paint_ms(t, data)
        for _ in range(runs):
            for t in targets:
                times[t].append(first_paint_ms(t, data))
    med = {t: statistics.median(v) for t, v in times.items()}
    return {
        "runs": runs,
        "bare_ms_p50": round(med["bare"], 1),
        "kiosk_ms_p50": round(med["kiosk"], 1),
        "counter_ms_p50": round(med["counter"], 1),
        "kiosk_ratio": round(med["kiosk"] / med["bare"], 2),
        "counter_ratio": round(med["counter"] / med["bare"], 2),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="First paint of kiosk and counter vs a bare window.")
    ap.add_argument("--runs", type=int, default=7, help="starts per target (median)")
    args = ap.parse_args(argv)
    print(json.dumps(run(args.runs)))


if __name__ == "__main__":
    main()
