"""The document detector's learned candidate ranker: its data and how it picks.

Its parameters are data, assets/models/ranker.json: scripts/train_ranker.py
fits them and writes the file with ``write_ranker``; this module loads them
once at import (``RANKER``). ``feature_matrix`` adds to each candidate's own
features (scoring.FEATURES) how it sits among the others, ``rank_scores``
weighs them and ``choose`` picks the page. The file holds four
arrays: ``w1`` (features, hidden), one row per ``scoring.FEATURES`` entry,
``b1`` and ``w2`` (hidden,), ``wl`` (features,); a candidate's score is
``tanh(f @ w1 + b1) @ w2 + f @ wl``. Values keep four decimals, as the
trainer always wrote them. Plain functions; any thread.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from drivers.camera import geometry as geo
from drivers.camera.pagenet import model_file
from drivers.camera.scoring import FEATURES, Candidate

RANKER_FILE = model_file("ranker.json")
ARRAYS = ("w1", "b1", "w2", "wl")


def load_ranker(path: Path = RANKER_FILE) -> dict[str, np.ndarray]:
    """The ranker's arrays (float64) from ``path``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {name: np.asarray(data[name], np.float64) for name in ARRAYS}


def write_ranker(params: dict[str, np.ndarray], path: Path = RANKER_FILE) -> None:
    """Write the ranker's arrays to ``path`` (rounded to four decimals)."""

    def rounded(a: np.ndarray) -> list:
        if a.ndim == 1:
            return [float(f"{v:.4f}") for v in a]
        return [rounded(row) for row in a]

    about = (
        "Document detector candidate ranker; written by scripts/train_ranker.py,"
        " do not edit by hand. score = tanh(f @ w1 + b1) @ w2 + f @ wl"
    )
    parts = [f' "about": {json.dumps(about)}']
    for name in ARRAYS:
        value = rounded(np.asarray(params[name], np.float64))
        if value and isinstance(value[0], list):  # one matrix row per line
            rows = ",\n".join(f"  {json.dumps(row)}" for row in value)
            parts.append(f' "{name}": [\n{rows}\n ]')
        else:
            parts.append(f' "{name}": {json.dumps(value)}')
    path.write_text("{\n" + ",\n".join(parts) + "\n}\n", encoding="utf-8")


RANKER = load_ranker()


def feature_matrix(cands: list[Candidate]) -> np.ndarray:
    """Each candidate's own features plus how it sits among the others.

    A page's table, photo or dark header scores well too but lies inside
    the page, and a part of a page cut off by a shadow line lies inside the
    whole page: "holds other good quads" and "lies inside a good quad" are
    what tell the document from its parts.
    """
    own = np.stack([c.features for c in cands])
    q = np.stack([c.quad for c in cands]).astype(np.float64)  # (C, 4, 2), clockwise
    score = np.array([c.score for c in cands])
    area = geo.areas(q)
    d = geo.next_of(q, 1) - q  # sides of each container i
    rel = q[None, :, :, None, :] - q[:, None, None, :, :]  # (i, j, corner, side, 2)
    cross = d[:, None, None, :, 0] * rel[..., 1] - d[:, None, None, :, 1] * rel[..., 0]
    inside = (cross > -1.0).all(axis=(2, 3))  # j's corners all inside i (1 px slack)
    np.fill_diagonal(inside, False)
    good = score >= 0.6
    smaller = area[None, :] < 0.87 * area[:, None]
    holds = (inside & smaller & good[None, :]).sum(1)
    near = score[:, None] >= score[None, :] - 0.15
    held = (inside & smaller & (good[:, None] & near)).T.any(1)  # inside a good bigger quad
    ext = np.array([float(c.extended) for c in cands])
    pushed = np.array([c.pushed for c in cands])
    largest = area[good].max() if good.any() else area.max()
    rel = np.sqrt(np.minimum(area / max(largest, 1e-9), 1.5))
    gap = score.max() - score
    net = own[:, FEATURES.index("net")]
    net_gap = net.max() - net
    extra = np.stack(
        [np.minimum(holds, 3) / 3.0, held.astype(np.float64), ext, pushed, rel, gap, net_gap],
        axis=1,
    )
    return np.concatenate([own, extra], axis=1)


def rank_scores(f: np.ndarray, params: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """The ranker's score of each row of a feature matrix (higher: more likely the page)."""
    p = RANKER if params is None else params
    return np.tanh(f @ p["w1"] + p["b1"]) @ p["w2"] + f @ p["wl"]


def choose(cands: list[Candidate]) -> Candidate | None:
    """The candidate the ranker (RANKER over FEATURES) likes best."""
    if not cands:
        return None
    rank = rank_scores(feature_matrix(cands))
    # Candidate.rank stays as scored: ``_extended`` orders by it and must see the same
    # order in detect() as in candidates(), which the ranker is trained on
    return cands[int(np.argmax(rank))]
