"""Live scanning benchmark: ``python -m bench.live`` prints one JSON line.

The scan panel as the apps show it (offscreen Qt), fed by the device
manager's frame stream from a 1080p camera at 30 frames a second: the
virtual camera on a folder of 1920 x 1080 photos (the sample documents,
scaled), paced at 30 fps, the page on the desk changing every few seconds.
Two phases of ``--seconds`` each, after a warm-up:

* ``preview``: frames to the picture only (the live scanner's detector
  replaced by one that finds nothing): the cost of streaming and painting;
* ``live``: the whole live scan (detection, tracking, checks, overlay).

Per phase: ``fps`` (frames the stream delivered per second), ``dropped``
(frames a 30 fps camera made that were never read, from the expected
count), ``shown_fps`` (frames handed to the picture), ``detections_per_s``
and the CPU share: process CPU seconds (every thread) over wall seconds,
as a percentage of one core (``cpu_core_pct``; fair on a busy machine,
where wall time stretches but CPU time does not) and of the whole machine
(``cpu_machine_pct``, over ``os.cpu_count()``). Goal for ``live``:
``cpu_core_pct`` <= 50 at 30 fps with nothing dropped.

    python -m bench.live [--seconds 15] [--fps 30]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from core.config import CameraConfig, DevicesConfig, IdReaderConfig, PrinterConfig  # noqa: E402
from drivers.camera.detect import Detection  # noqa: E402
from drivers.manager import DeviceManager  # noqa: E402
from emulators.virtual_camera import sample_documents_dir  # noqa: E402
from widgets.scan_panel import ScanPanel  # noqa: E402

PAGE_EVERY_S = 3.0  # a new page on the desk this often


class FindsNothing:
    """A detector that sees no page (the preview phase's stand-in). Camera thread."""

    def detect(self, frame) -> Detection:
        h, w = frame.shape[:2]
        return Detection(None, 0.0, "none", w, h)


class Counting:
    """Wraps a callable and counts its calls (read by the GUI thread; a plain int).

    As a detector (``detect``) it counts detections.
    """

    def __init__(self, fn) -> None:
        self.fn = fn
        self.calls = 0

    def __call__(self, *args, **kw):
        self.calls += 1
        return self.fn(*args, **kw)

    detect = __call__


def spin(seconds: float, tick=None) -> None:
    """Run the Qt event loop for ``seconds`` (the bench's only wait)."""
    app = QCoreApplication.instance()
    end = time.monotonic() + seconds
    while (now := time.monotonic()) < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        if tick is not None:
            tick(now)
        time.sleep(0.001)


def make_frames(folder: Path) -> None:
    for p in sorted(sample_documents_dir().glob("*.jpg")):
        img = cv2.imread(str(p))
        cv2.imwrite(
            str(folder / p.name), cv2.resize(img, (1920, 1080)), [cv2.IMWRITE_JPEG_QUALITY, 92]
        )


def phase(dm: DeviceManager, panel: ScanPanel, seconds: float, fps: float, shown: Counting,
          detect: Counting) -> dict:  # fmt: skip
    cam = dm.virtual_camera
    next_page = [time.monotonic() + PAGE_EVERY_S]

    def tick(now: float) -> None:
        if now >= next_page[0]:
            cam.next()
            next_page[0] = now + PAGE_EVERY_S

    spin(1.5, tick)  # warm-up: the scanner made, the first frames through
    f0, s0, d0 = dm.stream_stats().frames, shown.calls, detect.calls
    c0, t0 = time.process_time(), time.monotonic()
    spin(seconds, tick)
    cpu, wall = time.process_time() - c0, time.monotonic() - t0
    frames = dm.stream_stats().frames - f0
    return {
        "fps": round(frames / wall, 1),
        "dropped": max(0, round(wall * fps) - frames),
        "shown_fps": round((shown.calls - s0) / wall, 1),
        "detections_per_s": round((detect.calls - d0) / wall, 1),
        "cpu_core_pct": round(100 * cpu / wall, 1),
        "cpu_machine_pct": round(100 * cpu / wall / (os.cpu_count() or 1), 1),
    }


def run(seconds: float, fps: float) -> dict:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="ow-live-") as tmp:
        folder = Path(tmp)
        make_frames(folder)
        cfg = DevicesConfig(
            id_reader=IdReaderConfig(backend="none"),
            camera=CameraConfig(backend="virtual", source=str(folder)),
            printer=PrinterConfig(uri="none"),
        )
        dm = DeviceManager(cfg, data_dir=folder)
        dm.start()
        deadline = time.monotonic() + 20
        while dm.virtual_camera is None or not dm.status().get("camera"):
            if time.monotonic() > deadline:
                raise RuntimeError("the virtual camera did not open")
            spin(0.05)
        dm.virtual_camera.frame_interval_s = 1.0 / fps  # a 30 fps camera, not the demo's 15
        panel = ScanPanel(dm)
        panel.resize(1280, 800)
        panel.show()
        shown = Counting(panel.view.set_frame)
        panel.view.set_frame = shown
        real = panel.scanner.detector
        detect = Counting(FindsNothing().detect)
        panel.scanner.detector = detect  # the preview phase: nothing to detect
        panel.start()
        try:
            preview = phase(dm, panel, seconds, fps, shown, detect)
            detect.fn = real.detect  # the live phase: the real detector
            live = phase(dm, panel, seconds, fps, shown, detect)
        finally:
            panel.stop()
            dm.stop()
        app.processEvents()
    return {
        "resolution": "1920x1080",
        "camera_fps": fps,
        "seconds": seconds,
        "preview": preview,
        "live": live,
        "cpus": os.cpu_count(),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="CPU share of the live scan at 1080p 30 fps.")
    ap.add_argument("--seconds", type=float, default=15.0, help="length of each phase")
    ap.add_argument("--fps", type=float, default=30.0, help="the camera's frame rate")
    args = ap.parse_args(argv)
    print(json.dumps(run(args.seconds, args.fps)))


if __name__ == "__main__":
    main()
