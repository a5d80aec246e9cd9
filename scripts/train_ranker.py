"""Fit the document detector's candidate ranker (drivers/camera/detect.py).

The detector proposes several quads per frame and must pick the page among
them (not its table, not a part of it cut off by a shadow, not a desk
pattern). It ranks candidates with a linear model over a dozen features
(``detect.FEATURES``). This script fits those weights on a *training* set
rendered by scripts/make_eval_set.py with a different seed than the bench's
evaluation set, so the bench measures images the weights never saw.

Per image the loss is listwise: the softmax over its candidates should put
its mass on the candidates that overlap the true page best (IoU within 0.02
of the best candidate and at least 0.85); then the expected IoU of the pick
under that softmax is climbed. Plain numpy gradient steps with a little L2;
the better of the two on the training set is kept. Prints RANKER_WEIGHTS to
paste into detect.py.

    .venv/bin/python scripts/train_ranker.py [--count 400] [--out var/evalset-train]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from drivers.camera import detect as D  # noqa: E402
from drivers.camera import geometry as geo  # noqa: E402
from scripts.make_eval_set import generate, load_truth  # noqa: E402

TRAIN_SEED = 777  # not make_eval_set.DEFAULT_SEED: the bench's images stay unseen


def collect(paths: list[Path]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per image: (feature matrix, IoU of each candidate with the true page)."""
    det = D.DocumentDetector()
    data = []
    for p in paths:
        img = cv2.imread(str(p))
        truth = np.float32(load_truth(p)["quad"])
        h, w = img.shape[:2]
        k = max(1, round(max(w, h) / det.work_long))
        cands = det.candidates(img)
        if not cands:
            continue
        f = D.feature_matrix(cands)
        iou = np.array([geo.iou_in_frame(c.quad * k + (k - 1) / 2, truth, w, h) for c in cands])
        data.append((f, iou))
    return data


def fit(data, l2: float = 1e-3, steps: int = 3000, lr: float = 0.5) -> np.ndarray:
    nf = data[0][0].shape[1]
    wb = np.zeros(nf + 1)
    wb[0] = 1.0
    usable = [(f, iou) for f, iou in data if iou.max() >= 0.85]
    targets = []
    for _f, iou in usable:
        good = iou >= max(0.85, iou.max() - 0.02)
        targets.append(good / good.sum())
    for step in range(steps):
        grad = np.zeros_like(wb)
        loss = 0.0
        for (f, _iou), t in zip(usable, targets, strict=True):
            z = f @ wb[:-1] + wb[-1]
            z -= z.max()
            p = np.exp(z) / np.exp(z).sum()
            loss -= np.log((p * (t > 0)).sum() + 1e-12)
            # gradient of -log sum_{good} p: p - p_good normalised
            pg = p * (t > 0)
            pg /= pg.sum() + 1e-12
            g = p - pg
            grad[:-1] += f.T @ g
            grad[-1] += g.sum()
        grad /= len(usable)
        grad[:-1] += l2 * wb[:-1]
        wb -= lr * grad
        if step % 500 == 0:
            print(f"step {step}: loss {loss / len(usable):.4f}", file=sys.stderr)
    return wb


def tune_expected_iou(data, wb: np.ndarray, steps: int = 1500, lr: float = 0.05) -> np.ndarray:
    """Then climb the expected IoU of the pick under the softmax (closer to what counts)."""
    wb = wb.copy()
    for _step in range(steps):
        grad = np.zeros_like(wb)
        for f, iou in data:
            z = f @ wb[:-1] + wb[-1]
            z -= z.max()
            p = np.exp(z) / np.exp(z).sum()
            g = p * (iou - (p * iou).sum())  # d E[IoU] / d z
            grad[:-1] += f.T @ g
            grad[-1] += g.sum()
        wb += lr * grad / len(data)
    return wb


def accuracy(data, wb: np.ndarray) -> float:
    """Mean IoU of the candidate the weights pick (before full-size refinement)."""
    picks = []
    for f, iou in data:
        z = f @ wb[:-1] + wb[-1]
        picks.append(iou[int(np.argmax(z))])
    return float(np.mean(picks))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Fit the detector's candidate ranker.")
    ap.add_argument("--out", type=Path, default=ROOT / "var" / "evalset-train")
    ap.add_argument("--count", type=int, default=400)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    cv2.setNumThreads(1)
    paths = generate(args.out, args.count, seed=TRAIN_SEED, workers=args.workers)
    data = collect(paths)
    before = np.array(D.RANKER_WEIGHTS, float)
    listwise = fit(data)
    tuned = tune_expected_iou(data, listwise)
    wb = max((listwise, tuned), key=lambda w: accuracy(data, w))  # judged on training data only
    print(
        f"picked IoU on the training set: current weights {accuracy(data, before):.4f}, "
        f"listwise {accuracy(data, listwise):.4f}, tuned {accuracy(data, tuned):.4f}"
    )
    print(f"oracle (best candidate) {np.mean([iou.max() for _f, iou in data]):.4f}")
    body = ", ".join(f"{v:.3f}" for v in wb)
    print(f"RANKER_WEIGHTS = ({body})")


if __name__ == "__main__":
    main()
