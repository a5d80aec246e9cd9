"""Render the sample document photos the virtual camera plays.

Each sample is a paper document drawn flat with Pillow and the Noto CJK
font (an application form, a 户口簿 page, an ID-card-sized sample card, a
commitment letter, an authorisation letter, an A5 受理回执), then laid on a desk with OpenCV:
perspective, a soft shadow, uneven light, a little blur and sensor noise. Next
to each ``<name>.jpg`` a ``<name>.json`` holds the true corners of the
document, ``{"quad": [[x, y] x4]}`` clockwise from top-left, for the
document-detection tests; the 户口簿 page's and the A5 slip's corners are a
pinhole camera's view of their real size, and ``field_mm`` says how much of
the desk that camera sees (the frame's long side, in mm), for the page-size
tests. All data is fictitious; every stamp says 样例. The
drawing lives in ``scripts/docrender.py`` (shared with the evaluation set).

Deterministic (fixed seeds): running it again gives the same files (byte
for byte with the same OpenCV and Pillow; ``--only NAME`` renders one).

    .venv/bin/python scripts/make_sample_documents.py [--out DIR] [--only 06_a5_receipt]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.docrender import (  # noqa: E402
    acceptance_receipt,
    application_form,
    authorisation_letter,
    commitment_letter,
    dark_desk,
    grey_desk,
    hukou_page,
    photograph,
    sample_card,
    wood_desk,
)

JPEG_QUALITY = 82


@dataclass(frozen=True)
class Sample:
    name: str
    kind: str
    size_mm: tuple[float, float]
    draw: Callable[[np.random.Generator], Image.Image]
    desk: Callable[[np.random.Generator], np.ndarray]
    quad: list[tuple[float, float]]
    light: tuple[float, float]
    seed: int
    field_mm: float = 0.0  # the desk the frame's long side spans (0: not a true projection)


# A 148 x 210 mm slip seen by a pinhole camera (f = 1100 px) 7° tilted, 3.2 px per mm
A5_QUAD = [(372, 143), (863, 125), (880, 781), (427, 820)]

SAMPLES = [
    Sample(
        "01_application_form", "a4_form", (210, 297), application_form, wood_desk,
        [(352, 62), (948, 88), (982, 902), (318, 884)], (0.35, 0.15), 11,
    ),
    Sample(
        "02_hukou_page", "hukou_page", (105, 143), hukou_page, dark_desk,
        [(395, 92), (948, 123), (871, 846), (370, 793)], (0.6, 0.2), 22, 254.2,
    ),
    Sample(
        "03_id_card", "id_card", (85.6, 54.0), sample_card, dark_desk,
        [(372, 330), (902, 262), (948, 592), (414, 668)], (0.5, 0.4), 33,
    ),
    Sample(
        "04_commitment_letter", "a4_form", (210, 297), commitment_letter, grey_desk,
        [(300, 120), (870, 46), (1000, 866), (372, 930)], (0.8, 0.1), 44,
    ),
    Sample(
        "05_authorisation_letter", "a4_form", (210, 297), authorisation_letter,
        lambda rng: wood_desk(rng, (70, 110, 160)),
        [(420, 170), (880, 164), (1010, 900), (282, 912)], (0.2, 0.6), 55,
    ),
    Sample(
        "06_a5_receipt", "a5_receipt", (148, 210), acceptance_receipt, grey_desk,
        A5_QUAD, (0.4, 0.3), 66, 400.0,
    ),
]  # fmt: skip


def render(sample: Sample) -> tuple[np.ndarray, dict]:
    rng = np.random.default_rng(sample.seed)
    doc = sample.draw(rng)
    desk = sample.desk(rng)
    img = photograph(doc, desk, sample.quad, rng, sample.light)
    meta = {
        "quad": [[round(x, 1), round(y, 1)] for x, y in sample.quad],
        "kind": sample.kind,
        "size_mm": list(sample.size_mm),
        "note": "fictitious sample; corners clockwise from the document's top-left",
    }
    if sample.field_mm:
        meta["field_mm"] = sample.field_mm
    return img, meta


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Render the sample document photos.")
    ap.add_argument("--out", type=Path, default=ROOT / "assets" / "samples" / "documents")
    ap.add_argument("--only", action="append", help="render only this sample (repeatable)")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for s in SAMPLES:
        if args.only and s.name not in args.only:
            continue
        img, meta = render(s)
        path = args.out / f"{s.name}.jpg"
        ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
        if not ok:
            raise SystemExit(f"JPEG encoding failed for {s.name}")
        path.write_bytes(buf.tobytes())
        path.with_suffix(".json").write_text(
            json.dumps(meta, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"{shown}: {len(buf) // 1024} KB")


if __name__ == "__main__":
    main()
