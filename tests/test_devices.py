"""Virtual devices and the device manager, with real threads, files and sockets."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest

from core.config import CameraConfig, DevicesConfig, IdReaderConfig, PrinterConfig
from core.errors import DeviceError, IdentityError
from core.identity import Identity, check_identity
from core.receipt import queue_ticket
from drivers.base import Health, PrinterError, PrinterState
from drivers.camera.opencv_source import OpenCvCamera
from drivers.manager import DeviceManager
from emulators.virtual_camera import VirtualCamera, sample_documents_dir
from emulators.virtual_reader import VirtualIdReader, expired_identity, sample_identities
from tests.device_events import Events, wait_until


@pytest.fixture
def events() -> Events:
    return Events()


def manager(tmp_path: Path, events: Events, config: DevicesConfig | None = None, **kw):
    kw.setdefault("card_poll_s", 0.05)
    kw.setdefault("printer_poll_s", 0.2)
    kw.setdefault("retry_min_s", 0.1)
    return DeviceManager(
        config or DevicesConfig(),
        data_dir=tmp_path,
        on_status=events.on_status,
        on_card=events.on_card,
        on_card_error=events.on_card_error,
        **kw,
    )


def health(m: DeviceManager, dev: str) -> Health | None:
    st = m.status().get(dev)
    return st.health if st else None


# ---- virtual ID reader ---------------------------------------------------------------------------
def test_sample_identities_are_valid_and_fictitious():
    samples = sample_identities()
    assert len(samples) >= 3
    assert any(s.valid_to is None for s in samples)  # 长期
    for s in samples:
        assert check_identity(s) == []
        assert s.valid_to is None or s.valid_to > dt.date.today()
        assert "示例" in s.address
    assert {"张小三", "李四", "欧阳明华"} <= {s.name for s in samples}
    with pytest.raises(IdentityError):
        check_identity(expired_identity())


def test_virtual_reader_returns_a_card_once_per_presentation():
    r = VirtualIdReader()
    r.open()
    assert r.poll() is None
    first = r.present()
    assert r.poll() == first
    assert r.poll() is None  # still on the reader, already read
    r.remove()
    assert r.poll() is None and not r.card_present
    second = r.present()
    assert second != first  # the next sample
    assert r.poll() == second
    chosen = r.samples()[2]
    r.present(chosen)
    assert r.poll() == chosen
    r.close()


def test_virtual_reader_auto_presents_after_open():
    r = VirtualIdReader(auto_present_s=0.05)
    r.open()
    got: list[Identity] = []
    wait_until(lambda: (card := r.poll()) is not None and got.append(card) is None)
    assert got == [r.samples()[0]]


# ---- cameras and sample documents ----------------------------------------------------------------
def test_sample_documents_are_small_real_photos_with_corners():
    jpgs = sorted(sample_documents_dir().glob("*.jpg"))
    assert 4 <= len(jpgs) <= 6
    for p in jpgs:
        assert p.stat().st_size < 250_000
        img = cv2.imread(str(p))
        assert img.shape == (960, 1280, 3)
        quad = np.array(json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))["quad"])
        assert quad.shape == (4, 2)
        assert (quad >= 0).all() and (quad[:, 0] < 1280).all() and (quad[:, 1] < 960).all()
        x, y = quad[:, 0], quad[:, 1]
        area = 0.5 * np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y)
        assert area > 0  # clockwise on screen (y down)
        inside = img[int(y.mean()) - 5 : int(y.mean()) + 5, int(x.mean()) - 5 : int(x.mean()) + 5]
        corner = img[5:15, 5:15]
        assert inside.mean() > corner.mean() + 40  # paper is brighter than the desk


def test_virtual_camera_plays_the_folder():
    cam = VirtualCamera()
    cam.open()
    first = cam.read()
    assert first is not None and first.shape == (960, 1280, 3) and first.dtype == np.uint8
    assert np.array_equal(first, cv2.imread(str(sample_documents_dir() / cam.current_name)))
    assert cam.current_quad() is not None
    name = cam.next()
    assert name == cam.names[1]
    assert not np.array_equal(first, cam.read())
    for _ in range(len(cam.names) - 1):
        cam.next()
    assert np.array_equal(first, cam.read())  # loops
    cam.select("03_id_card")
    assert cam.current_name == "03_id_card.jpg"
    cam.close()


def test_opencv_camera_reads_a_video_file(tmp_path):
    path = tmp_path / "clip.avi"
    w = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (320, 240))
    for i in range(3):
        w.write(np.full((240, 320, 3), 60 * i + 20, np.uint8))
    w.release()
    cam = OpenCvCamera(str(path))
    cam.open()
    frames = [cam.read() for _ in range(5)]  # loops past the end
    assert all(f is not None and f.shape == (240, 320, 3) for f in frames)
    cam.close()
    with pytest.raises(DeviceError):
        OpenCvCamera(str(tmp_path / "missing.avi")).open()


# ---- device manager -----------------------------------------------------------------------------
def test_manager_with_virtual_devices(tmp_path, events):
    m = manager(tmp_path, events)
    m.start()
    try:
        wait_until(
            lambda: all(health(m, d) is Health.OK for d in ("id_reader", "camera", "printer"))
        )
        assert m.virtual_reader is not None and m.virtual_printer is not None
        assert {s.device for s in events.statuses} == {"id_reader", "camera", "printer"}

        frame = m.read_frame().result(timeout=5)
        assert isinstance(frame, np.ndarray) and frame.shape == (960, 1280, 3)

        m.set_card_polling(True)
        person = m.virtual_reader.present()
        wait_until(lambda: events.cards)
        assert events.cards == [(person, [])]

        m.virtual_reader.present(expired_identity())
        wait_until(lambda: events.errors)
        assert isinstance(events.errors[0], IdentityError)
        assert len(events.cards) == 1

        fut = m.print_document(queue_ticket("B007", "不动产", 2, "示例政务服务中心"))
        assert fut.result(timeout=10) is None
        (job,) = m.virtual_printer.wait_jobs(1)
        assert "B007" in job.lines
        assert job.png_path.is_relative_to(tmp_path)
    finally:
        m.stop()


def test_card_polling_only_when_enabled(tmp_path, events):
    m = manager(tmp_path, events)
    m.start()
    try:
        wait_until(lambda: health(m, "id_reader") is Health.OK)
        m.virtual_reader.present()
        m.set_card_polling(False)
        queries = m.virtual_printer.status_queries
        # two printer status polls (3 queries each) show the scheduler ran meanwhile
        wait_until(lambda: m.virtual_printer.status_queries >= queries + 6)
        assert events.cards == []
        m.set_card_polling(True)
        wait_until(lambda: events.cards)
    finally:
        m.stop()


def test_printer_none_is_absent_but_reader_works(tmp_path, events):
    cfg = DevicesConfig(printer=PrinterConfig(uri="none"))
    m = manager(tmp_path, events, cfg)
    m.start()
    try:
        wait_until(lambda: health(m, "id_reader") is Health.OK)
        assert health(m, "printer") is Health.ABSENT
        assert m.status()["printer"].message == "未配置打印机"
        assert m.virtual_printer is None
        with pytest.raises(PrinterError):
            m.print_document(queue_ticket("A1", "x", 0, "h")).result(timeout=5)
        m.set_card_polling(True)
        m.virtual_reader.present()
        wait_until(lambda: events.cards)
    finally:
        m.stop()


def test_printer_paper_states_reach_health(tmp_path, events):
    m = manager(tmp_path, events)
    m.start()
    try:
        wait_until(lambda: health(m, "printer") is Health.OK)
        vp = m.virtual_printer
        vp.state = PrinterState.PAPER_NEAR_END
        m.print_document(queue_ticket("A1", "x", 0, "h")).result(timeout=10)
        st = m.status()["printer"]
        assert (st.health, st.message) == (Health.DEGRADED, "纸将用尽")

        vp.state = PrinterState.PAPER_OUT
        with pytest.raises(PrinterError) as info:
            m.print_document(queue_ticket("A2", "x", 0, "h")).result(timeout=10)
        assert info.value.state is PrinterState.PAPER_OUT
        st = m.status()["printer"]
        assert (st.health, st.message) == (Health.ABSENT, "缺纸，请更换打印纸")

        vp.state = PrinterState.OK  # paper replaced: the status poll notices
        wait_until(lambda: health(m, "printer") is Health.OK)
        assert [j.lines[2] for j in vp.jobs()] == ["A1"]
    finally:
        m.stop()


def test_unplugged_reader_comes_back(tmp_path, events):
    m = manager(tmp_path, events)
    m.start()
    try:
        wait_until(lambda: health(m, "id_reader") is Health.OK)
        m.set_card_polling(True)
        reader = m.virtual_reader
        reader.set_connected(False)
        wait_until(lambda: health(m, "id_reader") is Health.ABSENT)
        reader.set_connected(True)
        wait_until(lambda: health(m, "id_reader") is Health.OK)
        reader.present()
        wait_until(lambda: events.cards)
    finally:
        m.stop()


def test_missing_camera_folder_is_absent_then_retried(tmp_path, events):
    folder = tmp_path / "desk"
    cfg = DevicesConfig(camera=CameraConfig(backend="virtual", source=str(folder)))
    m = manager(tmp_path, events, cfg)
    m.start()
    try:
        wait_until(lambda: "不可用" in getattr(m.status().get("camera"), "message", ""))
        assert health(m, "camera") is Health.ABSENT
        with pytest.raises(DeviceError):
            m.read_frame().result(timeout=5)
        folder.mkdir()
        shutil.copy(sample_documents_dir() / "03_id_card.jpg", folder)
        wait_until(lambda: health(m, "camera") is Health.OK)
        frame = m.read_frame().result(timeout=5)
        assert frame is not None and frame.shape == (960, 1280, 3)
    finally:
        m.stop()


def test_backends_not_available_yet_are_absent(tmp_path, events):
    cfg = DevicesConfig(
        id_reader=IdReaderConfig(backend="serial", port=str(tmp_path / "ttyUSB9")),
        camera=CameraConfig(backend="none"),
        printer=PrinterConfig(uri="usb://0416:5011"),
    )
    m = manager(tmp_path, events, cfg)
    m.start()
    try:
        wait_until(lambda: "id_reader" in m.status())  # the serial port is looked for on its thread
        st = m.status()
        assert all(s.health is Health.ABSENT for s in st.values())
        assert "找不到读卡器串口" in st["id_reader"].message
        assert st["camera"].message == "未配置高拍仪"
        assert m.virtual_reader is None
    finally:
        m.stop()


def test_a_device_answers_only_the_thread_that_owns_it(tmp_path):
    """Electrum's runs_in_hwd_thread habit: a second thread's I/O call is refused."""
    import threading

    from drivers.threads import WrongThread
    from emulators.virtual_camera import VirtualCamera

    cam = VirtualCamera()
    errors: list[BaseException] = []

    def other() -> None:
        try:
            cam.read()
        except BaseException as exc:
            errors.append(exc)

    cam.open()  # this thread owns it now
    try:
        assert cam.read() is not None
        t = threading.Thread(target=other)
        t.start()
        t.join()
        assert len(errors) == 1 and isinstance(errors[0], WrongThread)
    finally:
        cam.close()
    # closed: the device is free, and another thread may open it
    t = threading.Thread(target=lambda: (cam.open(), cam.read(), cam.close()))
    t.start()
    t.join()
    assert len(errors) == 1
