"""Render the labelled evaluation set of the document detector (not committed).

Each image is a fictitious document (A4/letter/A5 pages, a 户口簿 page, both
sides of an ID-1 85.6 x 54 mm card) photographed on a varied desk (dark, wood,
grey, white-on-white, light laminate, felt, checked cloth, cutting mat,
newsprint, busy print) with a random camera pose (rotation, tilt/perspective),
uneven light, soft and hard shadows, glare, dim exposure, a hand or an object
over part of the page, pages partly out of frame, blur, sensor noise and JPEG
artefacts. Next to each ``NNNN.jpg`` a ``NNNN.json`` holds the ground truth:
``quad`` (the paper's true corners in image pixels, the document's top-left
first, clockwise; corners may lie outside the image when the page is partly
out of frame), ``kind``, ``size_mm``, ``desk``, ``tags`` and ``hard``.

Deterministic: image ``i`` of seed ``s`` is always the same. The bench and the
tests generate it on the fly into a temp or gitignored folder (var/)::

    .venv/bin/python scripts/make_eval_set.py --out var/evalset --count 240
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from drivers.camera import geometry as geo  # noqa: E402
from scripts import docrender as dr  # noqa: E402

VERSION = 3  # bump when the rendering changes, so cached sets are regenerated
DEFAULT_SEED = 20260302
HARD_DESKS = {"white", "light", "checker", "grid", "newspaper", "blobs"}
HARD_TAGS = {"hand", "object", "out_of_frame", "hard_shadow", "strong_blur", "motion", "dim"}


@dataclass(frozen=True)
class DocKind:
    """A kind of paper: how to draw it flat and its size in millimetres."""

    name: str
    size_mm: tuple[float, float]
    draw: Callable[[np.random.Generator], Image.Image]
    weight: float


DOC_KINDS = (
    DocKind("a4", (210, 297), dr.application_form, 0.08),
    DocKind("a4", (210, 297), dr.commitment_letter, 0.08),
    DocKind("a4", (210, 297), dr.authorisation_letter, 0.08),
    DocKind("a4", (210, 297), lambda r: dr.generic_page(r, (210, 297)), 0.28),
    DocKind("letter", (215.9, 279.4), lambda r: dr.generic_page(r, (215.9, 279.4)), 0.08),
    DocKind("a5", (148, 210), lambda r: dr.generic_page(r, (148, 210), 4.2), 0.07),
    DocKind("hukou", (105, 143), dr.hukou_page, 0.08),
    DocKind("id1", (85.6, 54.0), dr.sample_card, 0.13),
    DocKind("id1", (85.6, 54.0), dr.card_back, 0.12),
)

DESKS: dict[str, tuple[float, Callable[[np.random.Generator, tuple[int, int]], np.ndarray]]] = {
    "dark": (0.11, lambda r, s: dr.dark_desk(r, s)),
    "wood": (
        0.14,
        lambda r, s: dr.wood_desk(r, tuple(float(v) for v in r.uniform(45, 170, 3)), s),  # type: ignore[arg-type]
    ),
    "grey": (0.08, lambda r, s: dr.grey_desk(r, s)),
    "white": (0.14, lambda r, s: dr.plain_desk(r, s, tuple(r.uniform(226, 246, 3)), 0.02)),
    "light": (0.12, lambda r, s: dr.plain_desk(r, s, tuple(r.uniform(170, 225, 3)), 0.04)),
    "cloth": (0.06, lambda r, s: dr.plain_desk(r, s, tuple(r.uniform(30, 150, 3)), 0.08)),
    "checker": (0.1, dr.checker_desk),
    "grid": (0.07, dr.grid_mat),
    "newspaper": (0.08, dr.newspaper_desk),
    "blobs": (0.1, dr.blobs_desk),
}

SIZES = (((1920, 1080), 0.6), ((1600, 1200), 0.2), ((1280, 720), 0.2))


def pick(rng: np.random.Generator, weights: list[float]) -> int:
    w = np.asarray(weights, float)
    return int(rng.choice(len(w), p=w / w.sum()))


def _rotation(roll: float, pitch: float, yaw: float) -> np.ndarray:
    cr, sr, cp, sp, cy, sy = (
        math.cos(roll), math.sin(roll), math.cos(pitch), math.sin(pitch),
        math.cos(yaw), math.sin(yaw),
    )  # fmt: skip
    rz = np.array([[cr, -sr, 0], [sr, cr, 0], [0, 0, 1]])
    rx = np.array([[1, 0, 0], [0, cp, -sp], [0, sp, cp]])
    ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    return rx @ ry @ rz


def project(
    size_mm: tuple[float, float], long_px: float, focal_px: float, rng: np.random.Generator
) -> Callable[[np.ndarray], np.ndarray]:
    """A random pose of the document for a pinhole camera; returns ``at(offset)``.

    ``at`` gives the corners (TL, TR, BR, BL of the document) in pixels
    relative to the principal point when the page is moved (in 3D, on its
    plane's depth) so that its centre is seen at ``offset``: the perspective
    is the real one for that place in the view.
    """
    w, h = size_mm
    r = rng.random()
    if r < 0.5:
        roll = rng.normal(0, math.radians(4))
    elif r < 0.8:
        roll = rng.uniform(-math.radians(35), math.radians(35))
    else:
        roll = rng.uniform(0, 2 * math.pi)
    if rng.random() < 0.15:
        roll += math.pi / 2 * rng.choice([-1, 1])  # laid sideways
    tilt = rng.uniform(0, math.radians(32)) if rng.random() < 0.7 else rng.uniform(0, 0.05)
    tdir = rng.uniform(0, 2 * math.pi)
    rot = _rotation(roll, tilt * math.cos(tdir), tilt * math.sin(tdir))
    corners = (
        np.array([[-w / 2, -h / 2, 0], [w / 2, -h / 2, 0], [w / 2, h / 2, 0], [-w / 2, h / 2, 0]])
        @ rot.T
    )
    f = focal_px
    z = f * max(w, h) / long_px

    def at(offset: np.ndarray) -> np.ndarray:
        p = corners + np.array([offset[0] * z / f, offset[1] * z / f, z])
        return f * p[:, :2] / p[:, 2:3]

    return at


def clipped_area(quad: np.ndarray, size: tuple[int, int]) -> float:
    w, h = size
    frame = np.float64([[0, 0], [w, 0], [w, h], [0, h]])
    poly = geo.clip_convex(quad, frame)
    return abs(float(cv2.contourArea(np.float32(poly)))) if len(poly) >= 3 else 0.0


def place(
    at: Callable[[np.ndarray], np.ndarray],
    size: tuple[int, int],
    rng: np.random.Generator,
    out_of_frame: bool,
) -> np.ndarray | None:
    """A position in the frame (fully inside, or 5-30 % outside); the quad in pixels."""
    w, h = size
    centre = np.array([w / 2, h / 2])
    margin = 8
    for _ in range(40):
        if out_of_frame:
            c = np.array([rng.uniform(-0.1 * w, 1.1 * w), rng.uniform(-0.1 * h, 1.1 * h)])
        else:
            c = np.array([rng.uniform(0.1 * w, 0.9 * w), rng.uniform(0.1 * h, 0.9 * h)])
        q = at(c - centre) + centre
        if out_of_frame:
            outside = 1 - clipped_area(q, size) / abs(cv2.contourArea(np.float32(q)))
            if 0.05 <= outside <= 0.3:
                return q
        elif (q.min(0) >= margin).all() and (q.max(0) <= [w - margin, h - margin]).all():
            return q
    return None


def _blob(size: tuple[int, int], rng: np.random.Generator, sigma: float) -> np.ndarray:
    w, h = size
    m = np.zeros((h, w), np.float32)
    c = (int(rng.uniform(0, w)), int(rng.uniform(0, h)))
    ax = (int(rng.uniform(0.15, 0.5) * w), int(rng.uniform(0.15, 0.5) * h))
    cv2.ellipse(m, c, ax, float(rng.uniform(0, 180)), 0, 360, 1.0, -1)
    return cv2.GaussianBlur(m, (0, 0), sigma)


MAX_COVER = 0.25  # a hand or object hides at most this share of the page


def _covers(m: np.ndarray, page: np.ndarray) -> float:
    return float((m * page).sum() / max(page.sum(), 1.0))


def _add_hand(img, quad, rng, px_per_mm, tags, page) -> None:
    size = (img.shape[1], img.shape[0])
    k = int(rng.integers(0, 4))
    a, b = quad[k], quad[(k + 1) % 4]
    centre = quad.mean(axis=0)
    # over a corner or over an edge
    target = a if rng.random() < 0.5 else a + (b - a) * rng.uniform(0.25, 0.75)
    inward = centre - target
    inward /= np.linalg.norm(inward) + 1e-9
    jitter = rng.uniform(-0.6, 0.6)
    ang = math.atan2(inward[1], inward[0]) + jitter
    depth, palm = rng.uniform(10, 35), rng.uniform(70, 90)
    for _ in range(6):  # pull the hand back until it hides at most MAX_COVER of the page
        tip = target + inward * px_per_mm * depth
        m = dr.hand_mask(size, tuple(tip), ang, px_per_mm * palm)
        if _covers(m, page) <= MAX_COVER:
            break
        depth -= 25
    else:
        return
    skin = np.float32(dr.SKIN[int(rng.integers(0, len(dr.SKIN)))])
    shade = 1 + 0.1 * dr.smooth_noise(rng, size[1], size[0], 60)
    sh = cv2.GaussianBlur(np.roll(m, (12, 8), axis=(0, 1)), (0, 0), 8)
    img *= (1 - 0.35 * sh)[..., None]
    img[:] = img * (1 - m[..., None]) + (skin * shade[..., None]) * m[..., None]
    tags.append("hand")


def _add_object(img, quad, rng, px_per_mm, tags, page) -> None:
    size = (img.shape[1], img.shape[0])
    k = int(rng.integers(0, 4))
    at = quad[k] + (quad[(k + 1) % 4] - quad[k]) * rng.uniform(0.2, 0.8)
    length = rng.uniform(100, 140)
    for _ in range(6):
        m, colour = dr.object_mask(rng, size, tuple(at), px_per_mm * length)
        if _covers(m, page) <= MAX_COVER:
            break
        length *= 0.75
    else:
        return
    sh = cv2.GaussianBlur(np.roll(m, (8, 6), axis=(0, 1)), (0, 0), 5)
    img *= (1 - 0.4 * sh)[..., None]
    img[:] = img * (1 - m[..., None]) + colour * m[..., None]
    tags.append("object")


def render_scene(index: int, seed: int = DEFAULT_SEED, scale: float = 1.0):
    """Image ``index`` of the set: (BGR uint8 image, JPEG quality, ground-truth dict)."""
    rng = np.random.default_rng([seed, index])
    size0 = SIZES[pick(rng, [s[1] for s in SIZES])][0]
    size = (round(size0[0] * scale), round(size0[1] * scale))
    w, h = size
    kind = DOC_KINDS[pick(rng, [k.weight for k in DOC_KINDS])]
    desk_name = list(DESKS)[pick(rng, [d[0] for d in DESKS.values()])]
    tags: list[str] = []
    out_of_frame = rng.random() < 0.12
    quad = None
    for _ in range(30):
        card = kind.name == "id1"
        long_px = rng.uniform(0.25, 0.6) * w if card else rng.uniform(0.55, 1.0) * h
        at = project(kind.size_mm, long_px, rng.uniform(0.8, 1.5) * w, rng)
        quad = place(at, size, rng, out_of_frame)
        if quad is not None:
            break
    if quad is None:  # give up on the pose: a plain centred page
        at = project(kind.size_mm, 0.6 * min(w, h), 1.2 * w, np.random.default_rng(index))
        quad, out_of_frame = at(np.zeros(2)) + np.array([w / 2, h / 2]), False
    if out_of_frame:
        tags.append("out_of_frame")
    # Eight-ish pixels per millimetre for a page filling the frame height.
    px_per_mm = math.sqrt(
        abs(cv2.contourArea(np.float32(quad))) / (kind.size_mm[0] * kind.size_mm[1])
    )

    doc = kind.draw(rng)
    desk = DESKS[desk_name][1](rng, size)
    img, page = dr.lay_document(doc, desk, quad, shadow_px=rng.uniform(2, 16) * scale)

    if rng.random() < 0.15:
        _add_hand(img, quad, rng, px_per_mm, tags, page)
    elif rng.random() < 0.08:
        _add_object(img, quad, rng, px_per_mm, tags, page)

    # light: a lamp's falloff, colour temperature, soft and hard cast shadows
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    lx, ly = rng.uniform(-0.2, 1.2) * w, rng.uniform(-0.2, 1.2) * h
    dist = np.sqrt((xx - lx) ** 2 + (yy - ly) ** 2) / math.hypot(w, h)
    light = 1.05 - rng.uniform(0.05, 0.45) * dist
    if rng.random() < 0.2:
        light *= 1 - rng.uniform(0.2, 0.5) * _blob(size, rng, rng.uniform(40, 120) * scale)
        tags.append("soft_shadow")
    if rng.random() < 0.12:
        a = rng.uniform(0, math.pi)
        c = quad.mean(axis=0) + rng.normal(0, 0.1 * min(w, h), 2)
        side = ((xx - c[0]) * math.cos(a) + (yy - c[1]) * math.sin(a) > 0).astype(np.float32)
        side = cv2.GaussianBlur(side, (0, 0), rng.uniform(1.5, 6) * scale)
        light *= 1 - rng.uniform(0.2, 0.45) * side
        tags.append("hard_shadow")
    img *= light[..., None]
    temp = rng.uniform(-0.07, 0.07)
    img *= np.float32([1 - temp, 1, 1 + temp])
    if rng.random() < 0.08:
        g = np.zeros((h, w), np.float32)
        p = quad.mean(axis=0) + rng.normal(0, 0.15, 2) * [w, h]
        cv2.circle(g, (int(p[0]), int(p[1])), int(rng.uniform(0.03, 0.08) * min(w, h)), 1.0, -1)
        g = cv2.GaussianBlur(g, (0, 0), rng.uniform(8, 25) * scale)
        img += (rng.uniform(120, 220) * g)[..., None]
        tags.append("glare")
    if rng.random() < 0.08:
        img *= rng.uniform(0.3, 0.55)
        tags.append("dim")

    # optics and sensor
    r = rng.random()
    if r < 0.12:
        img[:] = cv2.GaussianBlur(img, (0, 0), rng.uniform(1.6, 3.2) * scale)
        tags.append("strong_blur")
    elif r < 0.2:
        n = int(rng.integers(5, 14) * scale) | 1
        img[:] = cv2.filter2D(img, -1, dr.motion_kernel(n, float(rng.uniform(0, 180))))
        tags.append("motion")
    else:
        img[:] = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.3, 1.1) * max(scale, 0.5))
    sigma = rng.uniform(1, 4) if rng.random() < 0.85 else rng.uniform(4, 9)
    img += rng.normal(0, sigma, (h, w, 1)).astype(np.float32)
    img += rng.normal(0, sigma * 0.4, (h, w, 3)).astype(np.float32)
    out = np.clip(img, 0, 255).astype(np.uint8)
    quality = int(rng.integers(45, 93))
    hard = desk_name in HARD_DESKS or bool(HARD_TAGS.intersection(tags))
    meta = {
        "quad": [[round(float(x), 2), round(float(y), 2)] for x, y in quad],
        "kind": kind.name,
        "size_mm": list(kind.size_mm),
        "desk": desk_name,
        "tags": tags,
        "hard": hard,
        "size": [w, h],
        "note": "fictitious; true paper corners, document's top-left first, clockwise",
    }
    return out, quality, meta


def renderer(scenes: str) -> tuple[Callable, int]:
    """The scene renderer of a set ("rendered": this module's, "desk": realdesk.py's,
    "desk-cards": realdesk.py's with four times the cards) and its version."""
    if scenes in ("desk", "desk-cards"):
        from scripts import realdesk

        if scenes == "desk-cards":  # four times the cards (training the page net)
            return functools.partial(realdesk.render_scene, cards=4.0), realdesk.VERSION
        return realdesk.render_scene, realdesk.VERSION
    if scenes != "rendered":
        raise ValueError(f"unknown scenes {scenes!r}")
    return render_scene, VERSION


def _write_one(args: tuple[Path, int, int, float, str]) -> Path:
    out, index, seed, scale, scenes = args
    img, quality, meta = renderer(scenes)[0](index, seed, scale)
    path = out / f"{index:04d}.jpg"
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise RuntimeError(f"JPEG encoding failed for image {index}")
    path.write_bytes(buf.tobytes())
    path.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False) + "\n", "utf-8")
    return path


def generate(
    out: Path,
    count: int,
    *,
    seed: int = DEFAULT_SEED,
    scale: float = 1.0,
    workers: int = 1,
    scenes: str = "rendered",
) -> list[Path]:
    """Render ``count`` images into ``out`` (reusing or resuming an earlier run of the same
    set); returns the JPEGs.

    ``scenes`` is "rendered" (this module's procedural desks) or "desk" (realdesk.py's
    photographic ones)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stamp = out / "done.json"
    version = renderer(scenes)[1]
    want = {"version": version, "seed": seed, "scale": scale, "scenes": scenes}
    if scenes == "rendered":  # stamps written before there were two kinds of scene
        del want["scenes"]
    paths = [out / f"{i:04d}.jpg" for i in range(count)]
    same = stamp.exists() and json.loads(stamp.read_text("utf-8")) == want
    if not same:  # another set was here: start afresh
        for p in (*out.glob("*.jpg"), *out.glob("*.json")):
            p.unlink()
        stamp.write_text(json.dumps(want) + "\n", "utf-8")
    # a run cut short is resumed: an image counts once its truth (written last) is there
    jobs = [(out, i, seed, scale, scenes) for i, p in enumerate(paths)
            if not p.with_suffix(".json").exists()]  # fmt: skip
    if not jobs:
        return paths
    if workers > 1:
        with ProcessPoolExecutor(workers) as ex:
            list(ex.map(_write_one, jobs, chunksize=4))
    else:
        for job in jobs:
            _write_one(job)
    return paths


def load_truth(path: Path) -> dict:
    """The ground-truth dict saved next to an evaluation image."""
    return json.loads(Path(path).with_suffix(".json").read_text("utf-8"))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Render the document-detection evaluation set.")
    ap.add_argument("--out", type=Path, default=ROOT / "var" / "evalset")
    ap.add_argument("--count", type=int, default=240)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--scale", type=float, default=1.0, help="image size factor (1 = 1080p)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--scenes", choices=("rendered", "desk", "desk-cards"), default="rendered")
    args = ap.parse_args(argv)
    paths = generate(
        args.out,
        args.count,
        seed=args.seed,
        scale=args.scale,
        workers=args.workers,
        scenes=args.scenes,
    )
    print(f"{len(paths)} images in {args.out}")


if __name__ == "__main__":
    main()
