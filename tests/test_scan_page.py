"""From corners to a clean page: format, size, clean-up, encoding, quality, PDF, the page list."""

from __future__ import annotations

import io
import json

import cv2
import numpy as np
import pikepdf
import pytest

from drivers.camera import page as P
from drivers.camera import quality as Q
from drivers.camera.page import Mode, PageKind, ScanError
from drivers.camera.pdf import assemble_pdf, page_infos
from drivers.camera.session import ScanSession, capture_page
from emulators.virtual_camera import sample_documents_dir
from widgets.scan_text import HINTS, ISSUES, issue_text


def _sample(name: str):
    path = sample_documents_dir() / f"{name}.jpg"
    quad = np.float32(json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["quad"])
    return cv2.imread(str(path)), quad


def _decode(data: bytes) -> np.ndarray:
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)


def test_a4_form_becomes_a_white_200_dpi_grey_page():
    img, quad = _sample("01_application_form")
    page, flat = P.process_page(img, quad)
    assert (page.kind, page.dpi, page.width, page.height) == (PageKind.A4, 200, 1654, 2339)
    assert page.media_type == "image/jpeg" and page.mode is Mode.GREY
    out = _decode(page.data)
    assert out.ndim == 2 and out.shape == (2339, 1654)
    assert np.median(out) >= 245  # the paper is white, whatever the lamp did
    assert (out < 100).mean() > 0.01  # and the ink is still there
    assert page.kb < 250 and page.thumbnail[:2] == b"\xff\xd8"
    assert flat.shape[:2] == (2339, 1654)  # the uncleaned flat page, for the checks


def test_id_card_copy_is_id1_at_300_dpi_in_colour():
    img, quad = _sample("03_id_card")
    page, _flat = P.process_page(img, quad, mode=Mode.COLOUR)
    assert page.kind is PageKind.ID1 and page.dpi == 300
    assert (page.width, page.height) == (1011, 638)  # 85.6 x 54 mm, landscape as it lies
    assert page.size_mm == pytest.approx((85.6, 54.0), abs=0.1)
    assert _decode(page.data).ndim == 3


def test_black_and_white_is_a_one_bit_png():
    img, quad = _sample("04_commitment_letter")
    page, _flat = P.process_page(img, quad, mode=Mode.BW)
    assert page.media_type == "image/png" and page.suffix == ".png"
    out = _decode(page.data)
    assert set(np.unique(out)) <= {0, 255} and (out == 0).mean() > 0.005


def _project(size_mm, tilt_deg, roll_deg=8.0, frame=(1920, 1080), f=1800.0):
    """Corners of a rectangle seen by a pinhole camera tilted by tilt_deg."""
    w, h = size_mm
    t, r = np.radians(tilt_deg), np.radians(roll_deg)
    rot = np.array([[1, 0, 0], [0, np.cos(t), -np.sin(t)], [0, np.sin(t), np.cos(t)]]) @ np.array(
        [[np.cos(r), -np.sin(r), 0], [np.sin(r), np.cos(r), 0], [0, 0, 1]]
    )
    c = np.array([[-w / 2, -h / 2, 0], [w / 2, -h / 2, 0], [w / 2, h / 2, 0], [-w / 2, h / 2, 0]])
    p = c @ rot.T + [0, 0, 500]
    return f * p[:, :2] / p[:, 2:3] + [frame[0] / 2, frame[1] / 2]


@pytest.mark.parametrize(
    ("size", "kind"),
    [((210, 297), PageKind.A4), ((215.9, 279.4), PageKind.LETTER), ((85.6, 54), PageKind.ID1)],
)
def test_the_format_survives_a_strong_tilt(size, kind):
    quad = _project(size, tilt_deg=35)
    s = np.linalg.norm(np.roll(quad, -1, 0) - quad, axis=1)
    apparent = max(s[0] + s[2], s[1] + s[3]) / min(s[0] + s[2], s[1] + s[3])
    true = max(size) / min(size)
    assert abs(apparent / true - 1) > 0.1  # the picture alone would mislead
    got, ratio = P.classify(quad, 1920, 1080)
    assert got is kind and ratio == pytest.approx(true, rel=0.01)


def test_turning_and_bad_corners():
    img, quad = _sample("02_hukou_page")
    upright, _ = P.process_page(img, quad, kind=PageKind.A4)
    turned, _ = P.process_page(img, quad, kind=PageKind.A4, quarter_turns=1)
    assert (turned.width, turned.height) == (upright.height, upright.width)
    with pytest.raises(ScanError) as e:
        P.process_page(img, np.float32([[0, 0], [10, 0], [0, 10], [10, 10]]))  # crossed
    assert "角" in e.value.message and e.value.hint
    with pytest.raises(ScanError):
        P.process_page(np.zeros((0, 0, 3), np.uint8), quad)


def test_uneven_light_is_evened_out():
    img, quad = _sample("05_authorisation_letter")
    dark = img.astype(np.float32)
    dark *= np.linspace(0.45, 1.0, img.shape[1], dtype=np.float32)[None, :, None]
    page, _ = P.process_page(dark.astype(np.uint8), quad)
    out = _decode(page.data)
    left, right = out[:, : out.shape[1] // 4], out[:, -out.shape[1] // 4 :]
    assert abs(float(np.median(left)) - float(np.median(right))) < 8


# ---- quality checks, one by one ----------------------------------------------------------------
@pytest.fixture(scope="module")
def flat_form():
    img, quad = _sample("01_application_form")
    _page, flat = P.process_page(img, quad)
    return flat


def codes(issues):
    return {i.code for i in issues}


def test_a_good_page_has_no_issue(flat_form):
    assert (
        Q.check(flat_form, np.float32([[300, 60], [950, 90], [980, 900], [320, 880]]), 1280, 960)
        == []
    )


def test_blur_is_measured_at_a_fixed_size(flat_form):
    sharp = Q.sharpness(flat_form)
    half = cv2.resize(flat_form, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    assert Q.sharpness(half) == pytest.approx(sharp, rel=0.6)  # same page, other camera
    blurred = cv2.GaussianBlur(flat_form, (0, 0), 6)
    assert Q.IssueCode.BLURRED in codes(Q.check_page(blurred))
    assert Q.sharpness(np.full((800, 600, 3), 240, np.uint8)) is None  # a blank side: no verdict


def test_glare_is_a_blown_out_spot_not_a_bright_page(flat_form):
    spot = flat_form.astype(np.float32) * 0.85
    yy, xx = np.mgrid[0 : spot.shape[0], 0 : spot.shape[1]]
    blob = np.exp(-(((xx - 800) ** 2 + (yy - 900) ** 2) / (2 * 140.0**2)))
    spot = np.clip(spot + 400 * blob[..., None], 0, 255).astype(np.uint8)
    assert Q.IssueCode.GLARE in codes(Q.check_page(spot))
    bright = np.clip(flat_form.astype(np.float32) * 1.3, 0, 255).astype(np.uint8)
    assert Q.IssueCode.GLARE not in codes(Q.check_page(bright))


def test_too_dark(flat_form):
    dim = (flat_form.astype(np.float32) * 0.35).astype(np.uint8)
    assert Q.IssueCode.TOO_DARK in codes(Q.check_page(dim))


def test_out_of_frame_and_too_small():
    inside = np.float32([[100, 100], [700, 100], [700, 900], [100, 900]])
    assert Q.check_frame(inside, 1280, 960, card=False) == []
    out = inside + np.float32([-150, 0])
    assert Q.IssueCode.OUT_OF_FRAME in codes(Q.check_frame(out, 1280, 960, card=False))
    small = np.float32([[100, 100], [360, 100], [360, 270], [100, 270]])
    assert Q.IssueCode.TOO_SMALL in codes(Q.check_frame(small, 1280, 960, card=False))
    assert Q.IssueCode.TOO_SMALL not in codes(Q.check_frame(small, 1280, 960, card=True))


def test_every_issue_and_hint_has_plain_chinese_words():
    for table in (ISSUES, HINTS):
        for text in table.values():
            assert text and any("\u4e00" <= ch <= "\u9fff" for ch in text)
    assert set(ISSUES) == set(Q.IssueCode)
    assert "重拍" in issue_text(Q.Issue(Q.IssueCode.BLURRED, 10.0))


# ---- pages into one PDF, and the page list ------------------------------------------------
def test_pages_become_one_pdf_at_their_real_sizes():
    form, q1 = _sample("01_application_form")
    card, q2 = _sample("03_id_card")
    a, _ = P.process_page(form, q1)
    b, _ = P.process_page(card, q2, mode=Mode.COLOUR)
    pdf = assemble_pdf([a, b], title="材料")
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        sizes = [[float(v) / 72 * 25.4 for v in p.mediabox][2:] for p in doc.pages]
    assert sizes[0] == pytest.approx([210, 297], abs=0.5)
    assert sizes[1] == pytest.approx([85.6, 54], abs=0.5)
    assert len(pdf) < len(a.data) + len(b.data) + 4096  # the JPEGs go in as they are
    infos = page_infos([a, b])
    assert [i.kb for i in infos] == [round(a.kb, 1), round(b.kb, 1)]
    with pytest.raises(ScanError):
        assemble_pdf([])


def test_the_page_list_keeps_order_and_can_redo_a_page():
    form, q1 = _sample("01_application_form")
    card, q2 = _sample("03_id_card")
    s = ScanSession()
    first = capture_page(form, q1)
    second = capture_page(card, q2, mode=Mode.COLOUR)
    assert s.add("M1", first) == 0 and s.add("M1", second) == 1
    assert s.move("M1", 1, -1) == 0
    assert [p.id for p in s.pages("M1")] == [second.id, first.id]
    turned = first.redo(quarter_turns=1)
    assert (turned.page.width, turned.page.height) == (first.page.height, first.page.width)
    smaller = first.redo(quad=q1 + np.float32([[60, 60], [-60, 60], [-60, -60], [60, -60]]))
    assert smaller.page.kb != first.page.kb and smaller.id == first.id
    s.replace("M1", 1, smaller)
    s.remove("M1", 0)
    assert [p.id for p in s.pages("M1")] == [first.id]
    assert s.pdf("M1").startswith(b"%PDF")
    s.clear()
    assert s.pages("M1") == [] and s.codes() == []
