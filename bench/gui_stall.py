"""GUI stall benchmark: ``python -m bench.gui_stall`` prints one JSON line.

The kiosk submits a case while another connection holds the local store's
write lock for ``--hold-s`` seconds (what the sync worker does on a slow
eMMC). A 10 ms Qt timer on the GUI thread measures the longest gap between
its ticks from the click on 确认提交 to the done page: with store writes on
the background lane the screen keeps answering (``max_gui_gap_ms`` stays
near the tick); with writes on the GUI thread it freezes for the whole hold.
Offline (no back office), virtual devices.

    python -m bench.gui_stall [--hold-s 2]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402

from bench.kiosk_soak import click, wait_until  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hold-s", type=float, default=2.0)
    args = ap.parse_args(argv)

    from core.config import load_config
    from onewindow.gui import make_app, make_window

    make_app("zh_CN")
    tmp = Path(tempfile.mkdtemp(prefix="ow-bench-stall-"))
    cfg = load_config(
        None,
        {
            "role": "kiosk",
            "device_code": "K01",
            "data_dir": str(tmp / "kiosk"),
            "backoffice.url": "http://127.0.0.1:9",
        },
    )
    win, bridge = make_window(cfg)
    win.resize(1280, 800)
    win.show()
    bridge.start()
    try:
        rt = win.rt
        wait_until(lambda: "id_reader" in win.bridge.last_status)
        click(win, "start")
        click(win, "consent_agree")  # the privacy notice comes first
        rt.devices.virtual_reader.present()
        wait_until(lambda: win.current_page() == "items")
        item = rt.catalog.items[0]  # its only input is the phone
        win.choose_item(item.code)
        click(win, "guide_next")
        win.keyboard.set_target(win.form.editors["phone"])  # as a tap on the field does
        for ch in "13800138000":
            click(win, f"key_{ch}")
        click(win, "form_next")
        wait_until(lambda: win.camera.last_frame is not None)
        for row in range(win.checklist.count()):
            win.checklist.setCurrentRow(row)
            win.capture()
        click(win, "scan_next")

        locked = threading.Event()

        def hold() -> None:
            conn = sqlite3.connect(rt.store.db_path, timeout=15)
            conn.execute("BEGIN IMMEDIATE")
            locked.set()
            time.sleep(args.hold_s)
            conn.execute("COMMIT")
            conn.close()

        holder = threading.Thread(target=hold)
        holder.start()
        locked.wait()
        gaps: list[float] = []
        last = [time.monotonic()]

        def tick() -> None:
            now = time.monotonic()
            gaps.append(now - last[0])
            last[0] = now

        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(tick)
        timer.start()
        t0 = time.monotonic()
        click(win, "submit")
        wait_until(lambda: win.current_page() == "done", timeout=30)
        done_s = time.monotonic() - t0
        tick()
        timer.stop()
        holder.join()
    finally:
        bridge.close()
    print(
        json.dumps(
            {
                "bench": "gui_stall",
                "hold_s": args.hold_s,
                "max_gui_gap_ms": round(max(gaps) * 1000),
                "submit_to_done_s": round(done_s, 2),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
