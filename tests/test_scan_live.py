"""The live scan on the capture thread: smoothing, stillness, auto-capture, guidance,
and cameras streaming through the device manager (unplugged and plugged back)."""

from __future__ import annotations

import shutil
import threading
import time

import cv2
import numpy as np

from core.config import CameraConfig, DevicesConfig, IdReaderConfig, PrinterConfig
from drivers import registry
from drivers.base import Health
from drivers.camera.detect import Detection
from drivers.camera.folder import FolderCamera
from drivers.camera.live import Hint, LiveScanner, QuadTracker
from drivers.camera.opencv_source import OpenCvCamera
from drivers.manager import DeviceManager
from drivers.registry import BackendContext
from emulators.virtual_camera import sample_documents_dir


def wait_until(cond, timeout=10.0):
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "condition not reached"
        time.sleep(0.02)


def _frame(name="01_application_form"):
    return cv2.imread(str(sample_documents_dir() / f"{name}.jpg"))


def test_tracker_smooths_jitter_and_measures_stillness():
    tr = QuadTracker()
    base = np.float32([[300, 100], [900, 120], [920, 880], [280, 860]])
    rng = np.random.default_rng(1)
    raw, smooth = [], []
    for i in range(30):
        q = base + rng.normal(0, 3, base.shape).astype(np.float32)
        s, _conf, still = tr.update(Detection(q, 0.9, "contour", 1280, 960), i * 0.05)
        raw.append(q)
        smooth.append(s)
    jitter = lambda qs: np.std(np.diff(np.array(qs), axis=0))  # noqa: E731
    assert jitter(smooth[5:]) < 0.7 * jitter(raw[5:])
    assert still > 1.0  # jitter within tolerance counts as still
    moved = base + 200
    s, _c, still = tr.update(Detection(moved, 0.9, "contour", 1280, 960), 2.0)
    assert tr.new_track and still == 0.0 and np.allclose(s, moved)
    for k in range(4):  # lost for longer than it holds
        s, conf, _ = tr.update(Detection(None, 0.0, "none", 1280, 960), 2.1 + k)
    assert s is None and conf == 0.0


def test_guidance_then_auto_capture_then_disarmed_until_the_page_goes():
    sc = LiveScanner(auto_delay_s=0.5)
    f = _frame()
    t = 0.0
    st = sc.process(f, t)
    assert st.hint is Hint.HOLD_STILL and not st.ready and st.quad is not None
    while not st.ready:
        t += 0.1
        st = sc.process(f, t)
        assert t < 2
    assert st.hint is Hint.READY and st.still == 1.0 and st.issues == ()
    sc.disarm()
    assert sc.process(f, t + 0.1).hint is Hint.CAPTURED
    empty = np.full_like(f, 40)
    for k in range(5):  # the page is taken away...
        sc.process(empty, t + 0.2 + k * 0.1)
    assert sc.armed  # ...so the next page may be captured
    assert sc.process(empty, t + 1).hint is Hint.NO_PAGE


def test_guidance_names_the_problem():
    sc = LiveScanner(auto_delay_s=0.2)
    dim = (_frame().astype(np.float32) * 0.3).astype(np.uint8)
    hints = {sc.process(dim, k * 0.1).hint for k in range(8)}
    assert Hint.TOO_DARK in hints and Hint.READY not in hints
    sc = LiveScanner(auto_delay_s=0.2)
    f = _frame()
    cut = np.ascontiguousarray(f[:, 500:])  # the page runs off the left edge
    hints = {sc.process(cut, k * 0.1).hint for k in range(6)}
    assert Hint.OUT_OF_FRAME in hints and Hint.READY not in hints


def test_video_file_and_folder_sources(tmp_path):
    path = tmp_path / "clip.avi"
    w = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (640, 480))
    for _ in range(4):
        w.write(cv2.resize(_frame(), (640, 480)))
    w.release()
    cam = OpenCvCamera(str(path), 1920, 1080)
    cam.open()
    frames = [cam.read() for _ in range(6)]  # loops past the end
    assert all(f is not None for f in frames) and cam.frames == 6
    assert cam.actual_size == (640, 480) and cam.notice == ""  # a file is not asked for a size
    assert cam.frame_interval_s == 0.1  # paced at the file's own frame rate
    cam.close()
    folder = tmp_path / "photos"
    folder.mkdir()
    shutil.copy(sample_documents_dir() / "03_id_card.jpg", folder)
    cam = registry.factory("camera", "opencv")(
        CameraConfig(backend="opencv", source=str(folder)), BackendContext(tmp_path)
    )
    assert isinstance(cam, FolderCamera)
    cam.open()
    a, b = cam.read(), cam.read()
    assert a is b and not a.flags.writeable  # shared, read-only: no copy per frame
    cam.close()


def _manager(tmp_path, folder):
    cfg = DevicesConfig(
        id_reader=IdReaderConfig(backend="none"),
        camera=CameraConfig(backend="virtual", source=str(folder)),
        printer=PrinterConfig(uri="none"),
    )
    return DeviceManager(cfg, data_dir=tmp_path, retry_min_s=0.1, retry_max_s=0.2)


def test_stream_runs_on_the_camera_thread_and_survives_unplugging(tmp_path):
    folder = tmp_path / "cam"
    shutil.copytree(sample_documents_dir(), folder)
    m = _manager(tmp_path, folder)
    got: list[tuple[str, int]] = []
    lock = threading.Lock()

    def sink(frame, _t):
        with lock:
            got.append((threading.current_thread().name, id(frame)))

    m.start()
    try:
        wait_until(lambda: m.status().get("camera") and m.status()["camera"].health is Health.OK)
        m.start_stream(sink)
        wait_until(lambda: len(got) >= 5)
        assert all(name.startswith("ow-camera") for name, _ in got)
        stats = m.stream_stats()
        assert stats.running and stats.frames >= 5 and (stats.width, stats.height) == (1280, 960)
        latest = m.read_frame().result(timeout=2)  # while streaming: the latest frame
        assert latest is not None and latest.shape == (960, 1280, 3)
        # unplugged: the folder disappears and the next picture cannot be read
        shutil.move(str(folder), str(tmp_path / "gone"))
        m.virtual_camera.next()
        wait_until(lambda: m.status()["camera"].health is Health.ABSENT)
        assert not m.stream_stats().running
        # plugged back in: re-opened with backoff, and the preview streams again
        shutil.move(str(tmp_path / "gone"), str(folder))
        with lock:
            before = len(got)
        wait_until(lambda: m.status()["camera"].health is Health.OK)
        wait_until(lambda: len(got) > before + 3)
        m.stop_stream()
        wait_until(lambda: not m.stream_stats().running)
        with lock:
            after = len(got)
        # Three more reads on the camera thread, where the stream would run:
        # had it not stopped, frames would have reached the sink meanwhile.
        reads = m.virtual_camera.frames
        for _ in range(3):
            m.virtual_camera.next()
            assert m.read_frame().result(timeout=2) is not None
        assert m.virtual_camera.frames >= reads + 3
        assert len(got) == after  # stopped means stopped
    finally:
        m.stop()
