"""`onewindow scan` as a user runs it: a real subprocess on real image files."""

from __future__ import annotations

import json
import subprocess
import sys

import cv2
import numpy as np
import pytest

from drivers.camera import geometry as geo
from emulators.virtual_camera import sample_documents_dir


def run_en(*args, timeout=60):
    return subprocess.run(
        [sys.executable, "-m", "onewindow", "--lang", "en", "scan", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run(*args, timeout=60):
    return subprocess.run(
        [sys.executable, "-m", "onewindow", "scan", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_detect_prints_one_json_line_per_image(tmp_path):
    photos = sorted(sample_documents_dir().glob("*.jpg"))[:3]
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"not a picture")
    r = run("detect", "--json", *map(str, photos), str(bad))
    assert r.returncode == 2  # one image could not be read
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert [d["image"] for d in lines] == [*map(str, photos), str(bad)]
    for d, p in zip(lines, photos, strict=False):
        assert set(d) == {"image", "quad", "confidence", "ms"}
        truth = np.float32(json.loads(p.with_suffix(".json").read_text("utf-8"))["quad"])
        q = np.float32(d["quad"])
        assert q.shape == (4, 2) and int(np.argmin(q.sum(1))) == 0  # top-left first
        assert geo.iou_in_frame(q, truth, 1280, 960) > 0.97
        assert 0.8 <= d["confidence"] <= 1.0 and d["ms"] > 0
    assert lines[-1]["quad"] is None and lines[-1]["error"]


def test_detect_without_json_and_with_no_page(tmp_path):
    blank = tmp_path / "desk.png"
    cv2.imwrite(str(blank), np.full((400, 600, 3), 90, np.uint8))
    r = run("detect", str(sample_documents_dir() / "03_id_card.jpg"), str(blank))
    assert r.returncode == 0
    first, second = r.stdout.splitlines()
    assert "置信度" in first and "没有找到材料" in second


def test_process_writes_pages_as_jpg_png_and_pdf(tmp_path):
    form = str(sample_documents_dir() / "01_application_form.jpg")
    r = run("process", form, "--out", str(tmp_path / "form.jpg"))
    assert r.returncode == 0, r.stderr
    img = cv2.imread(str(tmp_path / "form.jpg"), cv2.IMREAD_UNCHANGED)
    assert img.shape == (2339, 1654) and "a4" in r.stdout and "KB" in r.stdout
    r = run("process", form, "--out", str(tmp_path / "form.png"), "--mode", "bw")
    assert r.returncode == 0 and set(np.unique(cv2.imread(str(tmp_path / "form.png"), 0))) <= {
        0,
        255,
    }
    card = str(sample_documents_dir() / "03_id_card.jpg")
    r = run("process", card, "--out", str(tmp_path / "card.pdf"), "--mode", "colour")
    assert r.returncode == 0 and (tmp_path / "card.pdf").read_bytes().startswith(b"%PDF")
    assert "id1" in r.stdout and "300 dpi" in r.stdout


def test_process_explains_what_went_wrong(tmp_path):
    blank = tmp_path / "desk.png"
    cv2.imwrite(str(blank), np.full((400, 600, 3), 90, np.uint8))
    r = run("process", str(blank), "--out", str(tmp_path / "x.jpg"))
    assert r.returncode == 1 and "--quad" in r.stderr and "Traceback" not in r.stderr
    r = run(
        "process",
        str(blank),
        "--out",
        str(tmp_path / "x.jpg"),
        "--quad",
        "50,50,550,60,540,350,60,340",
    )
    assert r.returncode == 0 and (tmp_path / "x.jpg").exists()
    r = run("process", str(blank), "--out", str(tmp_path / "x.tiff"))
    assert r.returncode == 2 and ".pdf" in r.stderr
    r = run("process", str(tmp_path / "missing.jpg"), "--out", str(tmp_path / "y.jpg"))
    assert r.returncode == 2 and "无法读取" in r.stderr
    r = run("process", str(blank), "--out", str(tmp_path / "z.jpg"), "--quad", "1,2,3")
    assert r.returncode == 2 and "8 numbers" in r.stderr


@pytest.mark.parametrize(("size", "words"), [((1, 1), "only"), ((1, 20000), "only"),
                                             ((20000, 2), "only")])  # fmt: skip
def test_degenerate_photos_get_words_not_tracebacks(tmp_path, size, words):
    import cv2
    import numpy as np

    path = tmp_path / "odd.png"
    cv2.imwrite(str(path), np.zeros((*size, 3), np.uint8))
    for cmd in (("detect", str(path)), ("process", str(path), "--out", str(tmp_path / "o.jpg"))):
        r = run_en(*cmd)
        assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
        assert words in r.stderr


def test_a_decompression_bomb_is_refused_before_it_is_decoded(tmp_path):
    from PIL import Image

    path = tmp_path / "bomb.png"
    Image.new("1", (30000, 30000)).save(path, optimize=True)  # ~0.1 MB on disk, 900 MP
    r = run_en("detect", str(path))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "more than the limit" in r.stderr


def test_the_detector_finds_no_page_in_a_sliver():
    import numpy as np

    from drivers.camera.detect import DocumentDetector

    for shape in ((1, 1, 3), (2, 20000, 3), (20000, 2, 3), (40, 1200, 3)):
        assert DocumentDetector().detect(np.zeros(shape, np.uint8)).quad is None
