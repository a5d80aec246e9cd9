"""The page-segmentation net the detector consults: real photos through OpenCV's DNN module."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from drivers.camera import pagenet
from drivers.camera.pagenet import PageNet, agreement, quad_mask
from emulators.virtual_camera import sample_documents_dir
from scripts import docrender as dr
from scripts import train_pagenet


@pytest.fixture(scope="module")
def net():
    return PageNet()


def _photo(name: str):
    path = sample_documents_dir() / f"{name}.jpg"
    truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["quad"]
    return cv2.imread(str(path)), np.float32(truth)


def test_the_runtime_and_the_training_script_agree_on_the_net():
    assert (pagenet.IN_W, pagenet.IN_H) == (train_pagenet.IN_W, train_pagenet.IN_H)
    assert (pagenet.OUT_W, pagenet.OUT_H) == (train_pagenet.OUT_W, train_pagenet.OUT_H)
    assert pagenet.MODEL_FILE == train_pagenet.MODEL_FILE and pagenet.MODEL_FILE.is_file()


@pytest.mark.parametrize("name", [p.stem for p in sorted(sample_documents_dir().glob("*.jpg"))])
def test_the_map_covers_the_page_and_not_the_desk(net, name):
    img, quad = _photo(name)
    h, w = img.shape[:2]
    prob = net.probability(img)
    assert prob.shape == (pagenet.OUT_H, pagenet.OUT_W) and prob.dtype == np.float32
    scale = (pagenet.OUT_W / w, pagenet.OUT_H / h)
    true = agreement(prob, quad[None], scale)[0]
    assert true > 0.85
    # the page's inner half, or the page moved by a quarter of its width, agree far less
    centre = quad.mean(axis=0)
    inner = centre + 0.5 * (quad - centre)
    moved = quad + np.float32([0.25 * (quad[:, 0].max() - quad[:, 0].min()), 0])
    assert agreement(prob, np.stack([inner, moved]), scale).max() < true - 0.2


def test_an_empty_desk_has_no_page(net):
    rng = np.random.default_rng(21)
    desk = np.clip(dr.wood_desk(rng, (90, 120, 160), (1280, 720)), 0, 255).astype(np.uint8)
    prob = net.probability(desk)
    assert float((prob > 0.5).mean()) < 0.02


def test_grey_and_tiny_frames_are_fine(net):
    img, _quad = _photo("02_hukou_page")
    grey = cv2.cvtColor(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
    assert net.probability(grey).shape == (pagenet.OUT_H, pagenet.OUT_W)
    assert np.isfinite(net.probability(np.zeros((10, 10, 3), np.uint8))).all()


def test_quad_coverage_and_agreement_are_areas():
    w, h = 800, 640  # 10 frame pixels per output pixel
    scale = (pagenet.OUT_W / w, pagenet.OUT_H / h)
    whole = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    left = np.float32([[0, 0], [w / 2, 0], [w / 2, h], [0, h]])
    m = quad_mask(np.stack([whole, left]), scale)
    assert m[0].mean() == pytest.approx(1.0, abs=0.03)
    assert m[1].mean() == pytest.approx(0.5, abs=0.03)
    half = pagenet.OUT_W // 2
    assert m[1][:, : half - 1].min() > 0.99
    assert m[1][:, half + 1 :].max() < 0.05  # anti-aliasing bleeds a little
    prob = m[1]  # a map that is exactly the left half
    a = agreement(prob, np.stack([left, whole]), scale)
    assert a[0] > 0.97 and a[1] == pytest.approx(0.5, abs=0.03)
    assert agreement(prob, np.zeros((0, 4, 2), np.float32), scale).shape == (0,)
