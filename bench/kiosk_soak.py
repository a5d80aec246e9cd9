"""Soak benchmark: ``python -m bench.kiosk_soak`` prints one JSON line.

Runs the kiosk for a long time the way a hall does, offscreen, with the
virtual card reader and camera, against the reference back office and a
virtual network printer that each run in a child process of their own, so
what the bench measures (RSS, references to ``None``, object counts) is the
kiosk's alone:

1. the scan page's live camera preview for ``--preview-s`` seconds (default
   600: ten minutes of cumulative scanning);
2. ``--sessions`` kiosk sessions (default 1,000): card, item, form, scan,
   submit, receipt printed, back to the home page.

Figures: the kiosk's RSS and the refcount of ``None`` at the start, after
the preview and at checkpoints (after 10 sessions, a quarter, half and all of
them; ``None``'s count must not fall: PySide6 6.12.0 on Python < 3.12 drops
one per void Qt call and aborts the process when it hits zero), each
checkpoint measured after ``gc.collect()``, with the number of objects the
collector tracks and of QObjects under the window; the slope over the second
half (``rss_kb_per_session_2nd_half``, ``none_refs_per_session_2nd_half``,
``objects_per_session_2nd_half``: flat is about 0; on PySide6 6.11 ``None``'s
count climbs by itself, about 130 a session, with no object or memory behind
it: some bindings, e.g. ``QFormLayout.addRow(str, QWidget)`` and
``QWidget.setParent(None)``, take a reference to ``None`` they never give
back, so judge leaks by RSS and object counts); ``objects_growth_top5``,
the five types whose live instances grew most from the quarter checkpoint to
the end; the sessions per second. With ``--tracemalloc`` (slow) it also
gives the five source lines whose live allocations grew most over the same
span. ``alive`` is true when the kiosk window is still there and answering
at the end. The helpers' own RSS is there too (``backoffice_rss_mb_start``,
``_end`` and ``_rss_kb_per_session_2nd_half``, the same for ``printer``).

    python -m bench.kiosk_soak [--preview-s 600] [--sessions 1000] [--tracemalloc]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEventLoop, QObject  # noqa: E402


def rss_kb(pid: int | str = "self") -> int:
    with open(f"/proc/{pid}/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() // 1024


def mb(kb: int) -> float:
    return round(kb / 1024, 1)


def wait_until(pred: Callable[[], object], timeout: float = 20.0) -> None:
    """Process Qt events until ``pred()`` holds (the bench's only wait)."""
    deadline = time.monotonic() + timeout
    app = QCoreApplication.instance()
    while not pred():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not reached in time")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def child(argv: list[str], log: Path, ready: Callable[[], bool]) -> Iterator[subprocess.Popen]:
    """A helper process (its output to ``log``), yielded once ``ready()`` holds."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, *argv], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 60
        while not ready():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"bench: {argv[:3]} did not start (see {log})")
            time.sleep(0.05)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def backoffice_process(
    root: Path,
) -> tuple[contextlib.AbstractContextManager[subprocess.Popen], str]:
    """The reference back office (``onewindow backoffice serve``), ready when /health answers."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        try:
            return requests.get(url + "/health", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    argv = ["-m", "onewindow", "backoffice", "serve", "--open", "--port", str(port)]
    argv += ["--data", str(root / "backoffice")]
    return child(argv, root / "backoffice.log", ready), url


def printer_process(root: Path) -> tuple[contextlib.AbstractContextManager[subprocess.Popen], int]:
    """A virtual network printer (``emulators.virtual_printer``), ready when it accepts."""
    port = _free_port()

    def ready() -> bool:
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", port)) == 0

    argv = ["-m", "emulators.virtual_printer", "--port", str(port)]
    argv += ["--out", str(root / "printer")]
    return child(argv, root / "printer.log", ready), port


def click(win, name: str) -> None:
    from PySide6.QtWidgets import QPushButton

    btns = [b for b in win.findChildren(QPushButton, name) if b.isVisible()]
    if not btns:
        raise RuntimeError(f"no visible button {name}")
    btns[0].click()


def one_session(win, who) -> None:
    rt = win.rt
    click(win, "start")
    click(win, "consent_agree")  # the privacy notice comes first
    rt.devices.virtual_reader.present(who)
    wait_until(lambda: win.current_page() == "items")
    item = rt.catalog.items[0]  # the item the end-to-end tests walk: phone is its only input
    win.choose_item(item.code)
    click(win, "guide_next")
    win.keyboard.set_target(win.form.editors["phone"])  # as a tap on the field does
    for ch in "13800138000":
        click(win, f"key_{ch}")
    click(win, "form_next")
    if win.current_page() != "scan":
        raise RuntimeError(f"form refused: {win.current_page()}")
    wait_until(lambda: win.camera.last_frame is not None)
    required = {m.code for m in item.materials if m.required}
    for row, m in enumerate(win.case.materials):
        if m.code in required:
            win.checklist.setCurrentRow(row)
            win.capture()
    click(win, "scan_next")
    click(win, "submit")  # saved on the background lane
    wait_until(lambda: win.current_page() == "done" or win.confirm_msg.text() != "")
    if win.current_page() != "done":
        raise RuntimeError(win.confirm_msg.text())
    wait_until(lambda: win.print_state != "pending")
    win.reset_session()
    wait_until(lambda: win.current_page() == "home")


def type_counts() -> Counter[str]:
    """Live objects the collector tracks, by type name (module-qualified when not builtin)."""
    counts: Counter[str] = Counter()
    for o in gc.get_objects():
        t = type(o)
        mod = t.__module__
        counts[t.__qualname__ if mod == "builtins" else f"{mod}.{t.__qualname__}"] += 1
    return counts


def checkpoints_for(n: int) -> list[int]:
    return sorted({c for c in (10, n // 4, n // 2, n) if 0 < c <= n})


def measure(win, helpers: dict[str, int]) -> dict[str, Any]:
    gc.collect()
    return {
        "rss_kb": rss_kb(),
        "none_refcount": sys.getrefcount(None),
        "objects": len(gc.get_objects()),
        "qobjects": len(win.findChildren(QObject)),
        **{name: rss_kb(pid) for name, pid in helpers.items()},
    }


def soak(
    win, bridge, args: argparse.Namespace, helpers: dict[str, int], out: dict[str, Any]
) -> None:
    """The preview, then the sessions, filling ``out``; ``helpers`` are name → child pid."""
    from tests.factories import identity

    wait_until(lambda: "id_reader" in bridge.last_status)
    out["rss_mb_start"] = mb(rss_kb())
    for name, pid in helpers.items():
        out[f"{name}_rss_mb_start"] = mb(rss_kb(pid))
    out["none_refcount_start"] = sys.getrefcount(None)

    # 1. the live preview on the scan page
    click(win, "start")
    click(win, "consent_agree")  # the privacy notice comes first
    win.rt.devices.virtual_reader.present(identity())
    wait_until(lambda: win.current_page() == "items")
    win.choose_item(win.rt.catalog.items[0].code)
    click(win, "guide_next")
    win.show_page("scan")
    t0 = time.monotonic()
    frames0 = getattr(win.camera, "frames_shown", 0)
    wait_until(lambda: time.monotonic() - t0 >= args.preview_s, args.preview_s + 60)
    frames = getattr(win.camera, "frames_shown", 0) - frames0
    out["preview_s"] = round(time.monotonic() - t0, 1)
    if frames:
        out["preview_frames"] = frames
    win.reset_session()
    wait_until(lambda: win.current_page() == "home")
    out["rss_mb_after_preview"] = mb(rss_kb())
    out["none_refcount_after_preview"] = sys.getrefcount(None)

    # 2. whole sessions, measured at checkpoints
    marks = checkpoints_for(args.sessions)
    points: dict[int, dict[str, Any]] = {}
    counts_q: Counter[str] | None = None
    trace_q = None
    busy_s = 0.0
    done = 0
    for mark in marks:
        t0 = time.monotonic()
        while done < mark:
            one_session(win, identity())
            done += 1
        busy_s += time.monotonic() - t0
        points[mark] = measure(win, helpers)
        if mark == args.sessions // 4 and counts_q is None:
            counts_q = type_counts()
            if args.tracemalloc:
                import tracemalloc

                tracemalloc.start(1)
                trace_q = tracemalloc.take_snapshot()
    out["sessions"] = done
    out["sessions_per_s"] = round(done / busy_s, 2) if busy_s else None
    out["checkpoints"] = {
        str(k): {
            "rss_mb": mb(p["rss_kb"]),
            "none_refcount": p["none_refcount"],
            "objects": p["objects"],
            "qobjects": p["qobjects"],
        }
        for k, p in points.items()
    }
    half, end = points.get(args.sessions // 2), points.get(args.sessions)
    if half is not None and end is not None and args.sessions > args.sessions // 2:
        span = args.sessions - args.sessions // 2
        out["rss_kb_per_session_2nd_half"] = round((end["rss_kb"] - half["rss_kb"]) / span, 1)
        out["none_refs_per_session_2nd_half"] = round(
            (end["none_refcount"] - half["none_refcount"]) / span, 2
        )
        out["objects_per_session_2nd_half"] = round((end["objects"] - half["objects"]) / span, 2)
        for name in helpers:
            out[f"{name}_rss_kb_per_session_2nd_half"] = round((end[name] - half[name]) / span, 1)
    out["rss_mb_end"] = mb(rss_kb())
    out["none_refcount_end"] = sys.getrefcount(None)
    out["gc_count"] = list(gc.get_count())
    if counts_q is not None:
        grown = type_counts()
        grown.subtract(counts_q)
        out["objects_growth_top5"] = {k: v for k, v in grown.most_common(5) if v > 0}
    if trace_q is not None:
        import tracemalloc

        mine = (
            tracemalloc.Filter(False, __file__),
            tracemalloc.Filter(False, tracemalloc.__file__),
        )
        snap = tracemalloc.take_snapshot().filter_traces(mine)
        diff = snap.compare_to(trace_q.filter_traces(mine), "lineno")
        tracemalloc.stop()
        out["tracemalloc_growth_kb"] = round(sum(d.size_diff for d in diff) / 1024, 1)
        out["tracemalloc_growth_blocks"] = sum(d.count_diff for d in diff)
        out["tracemalloc_top5"] = [
            f"{s.traceback[0].filename.removeprefix(str(ROOT) + '/')}:{s.traceback[0].lineno}"
            f" {s.size_diff / 1024:+.1f} KB {s.count_diff:+d}"
            for s in diff[:5]
        ]
    win.show_page("home")
    out["alive"] = win.isVisible() and win.current_page() == "home"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--preview-s", type=float, default=600.0)
    ap.add_argument("--sessions", type=int, default=1000)
    ap.add_argument(
        "--tracemalloc", action="store_true", help="also trace allocations (slow; diagnosis)"
    )
    args = ap.parse_args(argv)

    from core.config import load_config
    from onewindow.gui import make_app, make_window

    make_app("zh_CN")
    tmp = Path(tempfile.mkdtemp(prefix="onewindow-kiosk-soak-"))
    import PySide6

    out: dict[str, Any] = {
        "bench": "kiosk_soak",
        "python": sys.version.split()[0],
        "pyside6": PySide6.__version__,
    }
    backoffice, url = backoffice_process(tmp)
    printer, printer_port = printer_process(tmp)
    with backoffice as bo, printer as vp:
        cfg = load_config(
            None,
            {
                "role": "kiosk",
                "device_code": "K01",
                "data_dir": str(tmp / "kiosk"),
                "backoffice.url": url,
                "devices.printer.uri": f"tcp://127.0.0.1:{printer_port}",
                "idle_timeout_s": 3600,
            },
        )
        win, bridge = make_window(cfg)
        win.resize(1280, 800)
        win.show()
        bridge.start()
        try:
            soak(win, bridge, args, {"backoffice": bo.pid, "printer": vp.pid}, out)
        finally:
            bridge.close()
            out["backoffice_rss_mb_end"] = mb(rss_kb(bo.pid))
            out["printer_rss_mb_end"] = mb(rss_kb(vp.pid))
    print(json.dumps(out, ensure_ascii=False))
    return 0 if out.get("alive") else 1


if __name__ == "__main__":
    raise SystemExit(main())
