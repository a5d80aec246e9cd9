"""Soak benchmark: ``python -m bench.soak`` prints one JSON line.

Runs the kiosk for a long time the way a hall does, offscreen, against the
reference back office on loopback with the virtual card reader, camera and
printer:

1. the scan page's live camera preview for ``--preview-s`` seconds (default
   600: ten minutes of cumulative scanning);
2. ``--sessions`` kiosk sessions (default 1,000): card, item, form, scan,
   submit, receipt printed, back to the home page.

It prints the kiosk's RSS at the start, after the preview and at the end,
the refcount of ``None`` at each point (it must not fall: PySide6 6.12.0 on
Python < 3.12 drops one per void Qt call and aborts the process when it hits
zero) and the sessions per second. ``alive`` is true when the kiosk window is
still there and answering at the end.

    python -m bench.soak [--preview-s 600] [--sessions 1000] [--backoffice URL]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QEventLoop  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return round(pages * resource.getpagesize() / 2**20, 1)


def wait_until(pred: Callable[[], object], timeout: float = 20.0) -> None:
    """Process Qt events until ``pred()`` holds (the bench's only wait)."""
    deadline = time.monotonic() + timeout
    app = QCoreApplication.instance()
    while not pred():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not reached in time")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def click(win, name: str) -> None:
    from PySide6.QtWidgets import QPushButton

    btns = [b for b in win.findChildren(QPushButton, name) if b.isVisible()]
    if not btns:
        raise RuntimeError(f"no visible button {name}")
    btns[0].click()


def one_session(win, who) -> None:
    rt = win.rt
    click(win, "start")
    rt.devices.virtual_reader.present(who)
    wait_until(lambda: win.current_page() == "items")
    item = rt.catalog.items[0]  # the item the end-to-end tests walk: phone is its only input
    win.choose_item(item.code)
    click(win, "guide_next")
    win.pad.target = win.form.editors["phone"]
    for ch in "13800138000":
        win.pad.press(ch)
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--preview-s", type=float, default=600.0)
    ap.add_argument("--sessions", type=int, default=1000)
    args = ap.parse_args(argv)

    from backoffice.server import BackgroundBackoffice
    from core.config import load_config
    from onewindow.gui import make_app, make_window
    from tests.factories import identity

    make_app("zh_CN")
    tmp = Path(tempfile.mkdtemp(prefix="onewindow-soak-"))
    out: dict[str, object] = {"bench": "soak", "python": sys.version.split()[0]}
    import PySide6

    out["pyside6"] = PySide6.__version__
    with BackgroundBackoffice(tmp / "backoffice", port=0) as bo:
        cfg = load_config(
            None,
            {
                "role": "kiosk",
                "device_code": "K01",
                "data_dir": str(tmp / "kiosk"),
                "backoffice.url": bo.url,
                "idle_timeout_s": 3600,
            },
        )
        win, bridge = make_window(cfg)
        win.resize(1280, 800)
        win.show()
        bridge.start()
        try:
            wait_until(lambda: "id_reader" in bridge.last_status)
            out["rss_mb_start"] = rss_mb()
            out["none_refcount_start"] = sys.getrefcount(None)

            # 1. the live preview on the scan page
            who = identity()
            click(win, "start")
            win.rt.devices.virtual_reader.present(who)
            wait_until(lambda: win.current_page() == "items")
            win.choose_item(win.rt.catalog.items[0].code)
            click(win, "guide_next")
            win.show_page("scan")
            t0 = time.monotonic()
            frames0 = win.camera.frames_shown if hasattr(win.camera, "frames_shown") else 0
            wait_until(lambda: time.monotonic() - t0 >= args.preview_s, args.preview_s + 60)
            frames = getattr(win.camera, "frames_shown", 0) - frames0
            out["preview_s"] = round(time.monotonic() - t0, 1)
            if frames:
                out["preview_frames"] = frames
            win.reset_session()
            wait_until(lambda: win.current_page() == "home")
            out["rss_mb_after_preview"] = rss_mb()
            out["none_refcount_after_preview"] = sys.getrefcount(None)

            # 2. whole sessions
            t0 = time.monotonic()
            done = 0
            for _ in range(args.sessions):
                one_session(win, identity())
                done += 1
            dt_s = time.monotonic() - t0
            out["sessions"] = done
            out["sessions_per_s"] = round(done / dt_s, 2) if dt_s else None
            out["rss_mb_end"] = rss_mb()
            out["none_refcount_end"] = sys.getrefcount(None)
            win.show_page("home")
            out["alive"] = win.isVisible() and win.current_page() == "home"
        finally:
            bridge.close()
    print(json.dumps(out, ensure_ascii=False))
    return 0 if out.get("alive") else 1


if __name__ == "__main__":
    raise SystemExit(main())
