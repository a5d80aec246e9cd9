"""The scanning widget with the virtual camera: live outline, auto-capture, corner review,
the page list, and pages reaching the case as one encrypted PDF per material."""

from __future__ import annotations

import numpy as np
import pytest

from core.config import CameraConfig, DevicesConfig, IdReaderConfig, PrinterConfig
from core.errors import CaseError
from core.intake import start_case
from drivers.camera.live import Hint
from drivers.manager import DeviceManager
from services.submission import store_material
from sync.store import LocalStore
from tests.factories import identity, item
from widgets import scan_panel
from widgets.scan_panel import ScanPanel, State


@pytest.fixture
def devices(tmp_path):
    cfg = DevicesConfig(
        id_reader=IdReaderConfig(backend="none"),
        camera=CameraConfig(backend="virtual"),
        printer=PrinterConfig(uri="none"),
    )
    m = DeviceManager(cfg, data_dir=tmp_path)
    m.start()
    yield m
    m.stop()


@pytest.fixture
def panel(qtbot, devices):
    p = ScanPanel(devices, auto_capture=False)
    qtbot.addWidget(p)
    p.resize(900, 700)
    p.show()
    p.set_material("M-ID")
    p.start()
    qtbot.waitUntil(
        lambda: p.last_state is not None and p.last_state.quad is not None, timeout=8000
    )
    yield p
    p.stop()


def _changes(panel):
    seen: list[tuple[str, list]] = []
    panel.pages_changed.connect(lambda code, pages: seen.append((code, pages)))
    return seen


def test_live_outline_and_guidance(panel, qtbot):
    assert panel.view.frame is not None and panel.view.corners() is not None
    qtbot.waitUntil(lambda: panel.last_state.hint in (Hint.READY, Hint.HOLD_STILL), timeout=5000)
    assert panel.view._message
    assert panel.devices.stream_stats().running


def test_auto_capture_reviews_then_keeps_the_page(panel, qtbot, monkeypatch):
    monkeypatch.setattr(scan_panel, "AUTO_ACCEPT_S", 0.3)
    seen = _changes(panel)
    panel.auto_box.setChecked(True)
    qtbot.waitUntil(lambda: panel.state is State.REVIEW, timeout=8000)
    assert panel.view._editable
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=8000)
    code, pages = seen[0]
    assert code == "M-ID" and len(pages) == 1 and pages[0].kind.value == "a4"
    assert panel.state is State.LIVE and panel.page_list.count() == 1
    # the same page lying still is not captured twice
    qtbot.wait(1500)
    assert len(seen) == 1 and panel.last_state.hint is Hint.CAPTURED


def test_manual_capture_with_dragged_corners_and_advice(panel, qtbot):
    seen = _changes(panel)
    assert panel.capture()
    assert panel.state is State.REVIEW and panel.accept_btn.isVisible()
    q = panel.view.corners()
    panel.view.move_corner(0, 0.0, float(q[0][1]))  # dragged off the page, to the border
    assert "画面外" in panel.advice.text()
    panel.retake()
    assert panel.state is State.LIVE and not seen
    assert panel.capture()
    q = panel.view.corners()
    panel.view.move_corner(2, float(q[2][0]) - 150, float(q[2][1]) - 150)  # a smaller crop
    panel.accept()
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=8000)
    kept = panel.pages("M-ID")[0]
    assert np.allclose(kept.quad[2], q[2] - 150)


def test_page_list_reorder_delete_retake_turn(panel, qtbot, devices):
    seen = _changes(panel)
    cam = devices.virtual_camera
    for name in ("01_application_form", "03_id_card", "04_commitment_letter"):
        cam.select(name)
        n = devices.stream_stats().frames
        qtbot.waitUntil(lambda n=n: devices.stream_stats().frames >= n + 3, timeout=5000)
        qtbot.wait(50)
        assert panel.capture(accept=True)
    kinds = [p.page.kind.value for p in panel.pages("M-ID")]
    assert kinds == ["a4", "id1", "a4"]
    ids = [p.id for p in panel.pages("M-ID")]
    panel.page_list.setCurrentRow(2)
    panel.move_page(-1)
    assert [p.id for p in panel.pages("M-ID")] == [ids[0], ids[2], ids[1]]
    panel.delete_page()  # the selected page moved to row 1
    assert [p.id for p in panel.pages("M-ID")] == [ids[0], ids[1]]
    panel.page_list.setCurrentRow(1)
    before = panel.pages("M-ID")[1].page
    panel.turn_page()
    after = panel.pages("M-ID")[1].page
    assert (after.width, after.height) == (before.height, before.width)
    panel.page_list.setCurrentRow(0)
    panel.retake_page()  # the next capture replaces page 1
    cam.select("02_hukou_page")
    n = devices.stream_stats().frames
    qtbot.waitUntil(lambda: devices.stream_stats().frames >= n + 3, timeout=5000)
    qtbot.wait(50)
    assert panel.capture(accept=True)
    pages = panel.pages("M-ID")
    assert len(pages) == 2 and pages[0].id not in ids and pages[1].id == ids[1]
    assert [len(p) for _c, p in seen][-1] == 2
    panel.clear()
    assert panel.pages("M-ID") == [] and panel.page_list.count() == 0


def test_no_camera_is_a_message_not_a_crash(qtbot, tmp_path):
    cfg = DevicesConfig(
        id_reader=IdReaderConfig(backend="none"),
        camera=CameraConfig(backend="none"),
        printer=PrinterConfig(uri="none"),
    )
    m = DeviceManager(cfg, data_dir=tmp_path)
    m.start()
    try:
        p = ScanPanel(m)
        qtbot.addWidget(p)
        msgs: list[str] = []
        p.message.connect(msgs.append)
        p.start()
        assert not p.capture()  # no material chosen
        p.set_material("M-ID")
        assert not p.capture(accept=True)
        assert "高拍仪" in msgs[-1]
    finally:
        m.stop()


def test_pages_become_the_materials_encrypted_pdf(panel, qtbot, tmp_path):
    class Runtime:  # what store_material needs of the app's runtime: its local store
        store = LocalStore(tmp_path / "store")

    it = item()
    case = start_case(
        it, identity(), hall_code="FS01", device_code="K01", channel="kiosk", actor="citizen"
    )
    assert panel.capture(accept=True) and panel.capture(accept=True)
    pages = [p.page for p in panel.pages("M-ID")]
    ref = store_material(Runtime, case, "M-ID", pages, actor="citizen")
    m = next(m for m in case.materials if m.code == "M-ID")
    assert m.status.value == "received" and m.pages == 2 and m.files == [ref]
    assert ref.media_type == "application/pdf"
    data = Runtime.store.read_file(ref.id)
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page") >= 2
    stored = (tmp_path / "store" / "files").rglob("*")
    assert not any(b"%PDF" in f.read_bytes()[:64] for f in stored if f.is_file())  # encrypted
    assert case.events[-1].kind == "scanned" and case.events[-1].detail["pages"] == 2
    assert store_material(Runtime, case, "M-ID", [], actor="citizen") is None
    assert m.pages == 0 and m.files == [] and m.status.value == "deficient"
    with pytest.raises(CaseError):
        store_material(Runtime, case, "NOPE", pages, actor="citizen")
    Runtime.store.close()
