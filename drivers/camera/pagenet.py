"""The page-segmentation net: which pixels of a frame are the document's paper.

A small U-Net (scripts/train_pagenet.py, about 0.2 M weights) trained on
rendered scenes sees the whole frame at 160 x 128 and returns a page
probability per pixel at 80 x 64. It is what lets the detector tell the page
from what merely looks like one (a shadow line across it, a white desk
around it, the part of it left in frame); the classic proposals and the
full-size refinement still put the corners on the real edges. Runs on
OpenCV's DNN module (no PyTorch at run time), about 2 ms per frame on one
core.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

import assets


def model_file(name: str) -> Path:
    """Where the learned model file ``name`` lives (package data assets/models/)."""
    return assets.path(f"models/{name}")


MODEL_FILE = model_file("pagenet.onnx")
IN_W, IN_H = 160, 128  # the net's input (scripts/train_pagenet.py)
OUT_W, OUT_H = 80, 64  # its output


class PageNet:
    """Page probability maps from frames.

    Holds an OpenCV DNN network, which is not safe to share: one PageNet per
    thread (each DocumentDetector makes its own).
    """

    def __init__(self, path: Path = MODEL_FILE) -> None:
        self._net = cv2.dnn.readNetFromONNX(str(path))

    def probability(self, colour: np.ndarray) -> np.ndarray:
        """(64, 80) float32 page probabilities (0-1) for a BGR image of any size."""
        small = cv2.resize(colour, (IN_W, IN_H), interpolation=cv2.INTER_AREA)
        blob = ((small.astype(np.float32) - 127.5) / 64.0).transpose(2, 0, 1)[None]
        self._net.setInput(np.ascontiguousarray(blob))
        logits = self._net.forward()[0, 0]
        return (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)


def quad_mask(quads: np.ndarray, scale: tuple[float, float]) -> np.ndarray:
    """(C, 64, 80) float32 coverage of each quad (scaled into the net's output grid).

    Drawn anti-aliased at the output's own size: the edge pixels' shares are
    approximate, which a soft IoU over thousands of pixels does not notice.
    """
    out = np.zeros((len(quads), OUT_H, OUT_W), np.uint8)
    for i, q in enumerate(quads):
        pts = np.round((np.asarray(q, np.float64) * scale - 0.5) * 16).astype(np.int32)
        cv2.fillConvexPoly(out[i], pts, 255, cv2.LINE_AA, shift=4)
    return out.astype(np.float32) * (1.0 / 255.0)


def agreement(prob: np.ndarray, quads: np.ndarray, scale: tuple[float, float]) -> np.ndarray:
    """Soft IoU of each quad's coverage with the page probabilities (0-1)."""
    if len(quads) == 0:
        return np.zeros(0)
    m = quad_mask(quads, scale)
    inter = (m * prob[None]).sum(axis=(1, 2))
    union = (m + prob[None] - m * prob[None]).sum(axis=(1, 2))
    return inter / np.maximum(union, 1e-6)
