"""The document detector's learned candidate ranker, as data: assets/models/ranker.json.

scripts/train_ranker.py fits it and writes the file with ``write_ranker``;
detect.py loads it once at import with ``load_ranker``. The file holds four
arrays: ``w1`` (features, hidden), one row per ``detect.FEATURES`` entry,
``b1`` and ``w2`` (hidden,), ``wl`` (features,); a candidate's score is
``tanh(f @ w1 + b1) @ w2 + f @ wl``. Values keep four decimals, as the
trainer always wrote them. Plain functions; any thread.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from drivers.camera.pagenet import model_file

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
