"""Materials the kiosk should not ask for (issue 12, item 8): the ID card just read
is filled from the card read, and a page whose detected size contradicts its
material is put to the citizen (重拍 / 仍然使用) and shown to the clerk.

Real images through OpenCV: the sample photos the virtual camera plays (an A4
application form, an ID-card-sized card) go through the detector and the page
pipeline, and the card's face drawn from the read is decoded back.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PySide6.QtWidgets import QPushButton

from core.identity import CardType
from core.intake import CARD_READ, card_satisfies, expected_size, size_conflict
from drivers.camera.detect import DocumentDetector
from drivers.camera.session import capture_page
from emulators.virtual_camera import sample_documents_dir
from onewindow.gui import make_window
from services.card_material import card_face
from tests.factories import identity
from tests.gui_helpers import app_config, click, sign_in_clerk

OFFLINE = "http://127.0.0.1:9"
ID_CARD = "M-ID-004"  # 原居民身份证 of 居民身份证换领 (the catalog's first item)


def _detected(name: str):
    frame = cv2.imread(str(sample_documents_dir() / f"{name}.jpg"))
    det = DocumentDetector().detect(frame)
    assert det.found, name
    return capture_page(frame, det.quad).page


def test_the_detectors_size_class_contradicts_the_wrong_material():
    form, card = _detected("01_application_form"), _detected("03_id_card")
    assert (form.kind.value, card.kind.value) == ("a4", "id1")
    assert size_conflict("申请人居民身份证", form.kind.value)  # an A4 form as an ID card
    assert size_conflict("营业执照", card.kind.value)  # an ID card as a business licence
    assert size_conflict("授权委托书", card.kind.value)
    assert not size_conflict("申请人居民身份证", card.kind.value)
    assert not size_conflict("居民身份证申领登记表", form.kind.value)
    assert expected_size("居民户口簿") == "hukou"  # a 户口簿 page (tests/test_scan_sizes.py)
    assert size_conflict("居民户口簿", card.kind.value)  # an ID card as the 户口簿 page
    assert not size_conflict("居民户口簿", form.kind.value)  # maybe a copy on A4


def test_which_materials_the_card_read_is():
    who = identity(name="测试己")
    assert card_satisfies("申请人居民身份证", "M-ID-001", who)
    assert card_satisfies("原居民身份证（即将到期或已到期）", "M-ID-004", who)
    assert not card_satisfies("受托人（代理人）居民身份证", "M-ID-002", who)
    assert not card_satisfies("居民身份证申领登记表", "M-GA-001", who)
    ss = who.model_copy(update={"card_type": CardType.SOCIAL_SECURITY})
    assert not card_satisfies("申请人居民身份证", "M-ID-001", ss)
    assert card_satisfies("身份证明", "M-X", ss)  # any card read proves who it is


def test_the_cards_face_is_an_id1_image_marked_as_read_not_scanned():
    page = card_face(identity(name="测试庚"))
    img = cv2.imdecode(np.frombuffer(page.data, np.uint8), cv2.IMREAD_COLOR)
    assert img.shape[:2] == (638, 1011) and page.kind.value == "id1"
    assert page.size_mm == pytest.approx((85.6, 54.0), abs=0.2)
    band = img[-60:, :]  # the band saying 读卡获取 · 非扫描件 is printed in red
    assert (band[..., 2] > 150).mean() > 0.5 and ((band[..., 2] - band[..., 0]) > 80).any()


def _kiosk_at_scan(qtbot, tmp_path, **extra):
    win, bridge = make_window(app_config(tmp_path, "kiosk", OFFLINE, **extra))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    qtbot.waitUntil(lambda: "id_reader" in bridge.last_status, timeout=5000)
    click(win, "start")
    click(win, "consent_agree")  # the privacy notice comes first
    win.rt.devices.virtual_reader.present(identity(name="测试辛"))
    qtbot.waitUntil(lambda: win.current_page() == "items", timeout=5000)
    item = win.rt.catalog.items[0]
    win.choose_item(item.code)
    click(win, "guide_next")
    win.form.editors["phone"].setText("13800138000")
    click(win, "form_next")
    assert win.current_page() == "scan"
    win.ops.wait_idle()
    return win, bridge


def _material(win, code):
    return next(m for m in win.case.materials if m.code == code)


def test_the_id_card_is_filled_from_the_read_and_the_receipt_says_so(qtbot, tmp_path):
    win, bridge = _kiosk_at_scan(qtbot, tmp_path)
    try:
        m = _material(win, ID_CARD)
        assert (m.status.value, m.source, len(m.files)) == ("received", CARD_READ, 1)
        row = [m.code for m in win.case.materials].index(ID_CARD)
        assert "读卡获取" in win.checklist.item(row).text()
        assert any(e.kind == "from_card_read" for e in win.case.events)
        pdf = win.rt.store.read_file(m.files[0].id)
        assert pdf.startswith(b"%PDF")
        # nothing was put under the camera: straight on to the submit
        click(win, "scan_next")
        click(win, "submit")
        qtbot.waitUntil(lambda: win.current_page() == "done", timeout=10000)
        jobs = win.rt.devices.virtual_printer.wait_jobs(1)
        assert "读卡获取" in jobs[-1].transcript
        saved = win.rt.store.get_case(win.submitted.id)
        assert _material_of(saved, ID_CARD).source == CARD_READ
    finally:
        bridge.close()


def _material_of(case, code):
    return next(m for m in case.materials if m.code == code)


def test_an_a4_form_under_the_camera_as_the_id_card_is_put_to_the_citizen(qtbot, tmp_path):
    win, bridge = _kiosk_at_scan(qtbot, tmp_path, **{"kiosk.voice_guidance": True})
    try:
        qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
        row = [m.code for m in win.case.materials].index(ID_CARD)
        win.checklist.setCurrentRow(row)
        win.capture()  # the desk shows the A4 application form
        bar = win.intake.size_check
        assert bar.isVisible()
        text = win.intake.size_check_text.text()
        assert "A4" in text and "身份证大小的卡片" in text
        qtbot.waitUntil(lambda: text in win.rt.voice.virtual.said(), timeout=5000)  # spoken
        assert _material(win, ID_CARD).source == CARD_READ  # nothing kept yet
        for b in ("size_retake", "size_keep"):
            btn = bar.findChild(QPushButton, b)
            assert btn.height() >= 60, b
        click(win, "size_retake")  # 重拍: the page goes, the card read stays
        win.ops.wait_idle()
        assert not bar.isVisible() and win.camera.pages(ID_CARD) == []
        assert _material(win, ID_CARD).source == CARD_READ
        win.capture()
        assert bar.isVisible()
        click(win, "size_keep")  # 仍然使用: kept, with the warning for staff
        win.ops.wait_idle()
        m = _material(win, ID_CARD)
        assert (m.source, m.check, m.pages) == ("", "size:a4", 1)
        assert "尺寸与材料不符" in win.checklist.item(row).text()
        # the session's odd page is not asked about again for the next page
        win.reset_session()
        assert not bar.isVisible()
    finally:
        bridge.close()


def test_the_counter_keeps_the_page_and_warns_the_clerk(qtbot, tmp_path, backoffice):
    win, bridge = make_window(app_config(tmp_path, "counter", backoffice.url))
    qtbot.addWidget(win)
    win.show()
    bridge.start()
    try:
        sign_in_clerk(qtbot, win, backoffice)
        win.rt.devices.virtual_reader.present(identity(name="测试壬"))
        qtbot.waitUntil(lambda: win.applicant is not None, timeout=5000)
        click(win, "card_next")
        win.select_item(win.rt.catalog.items[0].code)
        click(win, "item_next")
        assert win.current_page() == "materials"
        qtbot.waitUntil(lambda: win.camera.last_frame is not None, timeout=5000)
        row = [m.code for m in win.case.materials].index(ID_CARD)
        win.checklist.setCurrentRow(row)
        assert _material(win, ID_CARD).source == ""  # the clerk scans the card
        win.capture()
        win.ops.wait_idle()
        m = _material(win, ID_CARD)
        assert (m.check, m.pages) == ("size:a4", 1)
        assert "注意" in win.material_msg.text() and "A4" in win.material_msg.text()
        assert "尺寸与材料不符" in win.checklist.item(row).text()
    finally:
        bridge.close()
