"""Document scanning benchmark: ``python -m bench.docscan`` prints one JSON line.

On the labelled evaluation set rendered by scripts/make_eval_set.py (cached
under var/evalset/, regenerated when the generator's version changes):

* ``mean_jaccard``: polygon IoU of the detected quad with the true one, both
  clipped to the image (the part of a page outside the photo cannot count),
  0 when no page is found; ``share_jaccard_ge_0_9``; the same for the ``hard``
  images (white-on-white, light or busy desks, hands and objects, pages out
  of frame, hard shadows, strong or motion blur, dim light);
* ``baseline_*``: the classic method (grey, blur, Canny, contours,
  approxPolyDP, the largest four-cornered contour) on the same images;
* ``detect_ms_p50_720p`` / ``_1080p``: detection time per frame at those
  sizes, one OpenCV thread (cv2.setNumThreads(1));
* ``process_ms_p50``: warp + clean-up + encoding of one grey A4 page at 200
  dpi; ``page_kb_p50``: the size of that page.

    python -m bench.docscan [--count 240] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from drivers.camera import geometry as geo  # noqa: E402
from drivers.camera.detect import DocumentDetector  # noqa: E402
from drivers.camera.page import Mode, PageKind, process_page  # noqa: E402
from scripts.make_eval_set import VERSION, generate, load_truth  # noqa: E402

# The bench's own seed: images the detector was not tuned on (development used
# make_eval_set.DEFAULT_SEED, the ranker's training sets scripts/train_ranker.TRAIN_SETS, the
# page net's scripts/train_pagenet.TRAIN_SEEDS).
BENCH_SEED = 20261124


def baseline_detect(img: np.ndarray) -> np.ndarray | None:
    """The textbook scanner: Canny edges, contours, the largest one with four corners."""
    h, w = img.shape[:2]
    k = max(1, round(h / 500))
    small = cv2.resize(img, (w // k, h // k), interpolation=cv2.INTER_AREA)
    grey = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), (5, 5), 0)
    edges = cv2.Canny(grey, 75, 200)
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    for c in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
        approx = cv2.approxPolyDP(c, 0.02 * cv2.arcLength(c, True), True)
        if len(approx) == 4:
            return geo.order_quad(approx.reshape(4, 2).astype(np.float32) * k + (k - 1) / 2)
    return None


def timed_detect(det: DocumentDetector, frames: list[np.ndarray]) -> float:
    times = []
    for f in frames:
        t0 = time.perf_counter()
        det.detect(f)
        times.append((time.perf_counter() - t0) * 1000)
    return float(np.median(times))


def run(count: int, seed: int, folder: Path) -> dict:
    cv2.setNumThreads(1)
    paths = generate(folder, count, seed=seed, workers=2)
    det = DocumentDetector()
    ours, base, hard = [], [], []
    pages: list[tuple[np.ndarray, np.ndarray]] = []
    for p in paths:
        img = cv2.imread(str(p))
        truth = load_truth(p)
        gt = np.float32(truth["quad"])
        h, w = img.shape[:2]
        ours.append(geo.iou_in_frame(det.detect(img).quad, gt, w, h))
        base.append(geo.iou_in_frame(baseline_detect(img), gt, w, h))
        hard.append(bool(truth["hard"]))
        if truth["kind"] == "a4" and "out_of_frame" not in truth["tags"] and len(pages) < 40:
            pages.append((img, gt))
    ours_a, base_a, hard_a = np.array(ours), np.array(base), np.array(hard)

    timing = [cv2.imread(str(p)) for p in paths[:120]]
    ms720 = timed_detect(
        det, [cv2.resize(f, (1280, 720), interpolation=cv2.INTER_AREA) for f in timing]
    )
    ms1080 = timed_detect(
        det, [cv2.resize(f, (1920, 1080), interpolation=cv2.INTER_AREA) for f in timing]
    )

    proc, kb = [], []
    for img, gt in pages:
        t0 = time.perf_counter()
        page, _flat = process_page(img, gt, mode=Mode.GREY, kind=PageKind.A4, dpi=200)
        proc.append((time.perf_counter() - t0) * 1000)
        kb.append(page.kb)

    return {
        "images": len(paths),
        "mean_jaccard": round(float(ours_a.mean()), 4),
        "share_jaccard_ge_0_9": round(float((ours_a >= 0.9).mean()), 4),
        "baseline_mean_jaccard": round(float(base_a.mean()), 4),
        "hard_images": int(hard_a.sum()),
        "hard_mean_jaccard": round(float(ours_a[hard_a].mean()), 4),
        "hard_baseline_mean_jaccard": round(float(base_a[hard_a].mean()), 4),
        "easy_mean_jaccard": round(float(ours_a[~hard_a].mean()), 4),
        "detect_ms_p50_720p": round(ms720, 2),
        "detect_ms_p50_1080p": round(ms1080, 2),
        "process_ms_p50": round(float(np.median(proc)), 1),
        "page_kb_p50": round(float(np.median(kb)), 1),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Document detection and page processing figures.")
    ap.add_argument("--count", type=int, default=240, help="images in the evaluation set")
    ap.add_argument("--seed", type=int, default=BENCH_SEED)
    ap.add_argument("--folder", type=Path, help="where the set is rendered (default var/evalset/)")
    args = ap.parse_args(argv)
    folder = args.folder or ROOT / "var" / "evalset" / f"v{VERSION}-{args.seed}-{args.count}"
    print(json.dumps(run(args.count, args.seed, folder)))


if __name__ == "__main__":
    main()
