"""The photographic desk scenes (scripts/realdesk.py) and the detector on them.

Real texture files from Debian's gimp-data and opencv-doc (installed by
scripts/bootstrap.sh), real JPEGs read back through OpenCV. The bench's
figures by case are in bench/docscan.py; here a small slice with seeds used
nowhere else must hold the line.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from drivers.camera import geometry as geo
from drivers.camera.detect import DocumentDetector
from scripts import realdesk
from scripts.make_eval_set import generate, load_truth

pytestmark = pytest.mark.skipif(
    bool(realdesk.missing_packages()),
    reason=f"needs Debian packages {realdesk.PACKAGES} (scripts/bootstrap.sh installs them)",
)

SEED = 99173  # not a development, bench or training seed


def test_the_textures_are_real_photographs():
    wood = realdesk.pattern("Wood/wood1")
    assert wood.ndim == 3 and wood.shape[2] == 3 and min(wood.shape[:2]) >= 48
    assert wood.std() > 8  # grain, not a flat colour
    for name in realdesk.PHOTO_FILES:
        img = realdesk.photo(name)
        assert min(img.shape[:2]) >= 160, name


def test_scenes_are_deterministic_and_labelled():
    a, qa, ma = realdesk.render_scene(3, seed=SEED, scale=0.4)
    b, qb, mb = realdesk.render_scene(3, seed=SEED, scale=0.4)
    assert np.array_equal(a, b) and qa == qb and ma == mb
    assert 60 <= qa <= 95
    seen: set[str] = set()
    for i in range(40):
        _img, _q, meta = realdesk.render_scene(i, seed=SEED, scale=0.3)
        seen.update(meta["tags"])
        quad = np.float32(meta["quad"])
        assert geo.is_convex(quad)
        w, h = meta["size"]
        inside = (quad.min(0) >= -1).all() and (quad.max(0) <= [w + 1, h + 1]).all()
        assert inside != ("out_of_frame" in meta["tags"]) or meta["visible"] > 0.99
        assert meta["kind"] in ("a4", "a5", "hukou", "id1", "letter")
    # every case the bench reports turns up in a few dozen scenes
    assert {"card", "hukou", "a4", "object", "white_desk", "dark_desk"} <= seen


def test_barrel_distortion_moves_the_true_corners_with_the_image():
    img = np.zeros((400, 600, 3), np.float32)
    quad = np.float64([[100, 80], [500, 90], [520, 330], [90, 320]])
    cv2.fillConvexPoly(img, np.int32(np.round(quad)), (255, 255, 255))
    out, moved = realdesk.barrel(img, quad, 0.08)
    assert np.linalg.norm(moved - quad, axis=1).min() > 3  # the corners are pulled inwards
    centre = np.array([300, 200])
    assert (np.linalg.norm(moved - centre, axis=1) < np.linalg.norm(quad - centre, axis=1)).all()
    for x, y in moved:  # the white page still ends at the moved corners
        inner = (np.array([x, y]) * 0.9 + centre * 0.1).round().astype(int)
        assert out[inner[1], inner[0], 0] > 200


def test_the_detector_holds_on_real_desks(tmp_path):
    paths = generate(tmp_path, 24, seed=SEED, scale=0.6, scenes="desk")
    det = DocumentDetector()
    ours = []
    for p in paths:
        img = cv2.imread(str(p))
        h, w = img.shape[:2]
        ours.append(geo.iou_in_frame(det.detect(img).quad, np.float32(load_truth(p)["quad"]), w, h))
    assert np.mean(ours) > 0.9
    assert np.mean(np.array(ours) >= 0.8) >= 0.85
