"""`onewindow scan`: find pages in photos and turn them into clean pages, from the command line.

    onewindow scan detect [--json] IMAGE...
    onewindow scan process IMAGE --out FILE [--mode colour|grey|bw]
        [--kind auto|a4|a5|letter|hukou|id1] [--field-mm MM]

``detect`` prints one line per image; with ``--json`` it is
``{"image": path, "quad": [[x, y] x4] or null, "confidence": float, "ms": float}``
(corners in image pixels, clockwise from the top-left). ``process`` writes
the corrected page as .jpg/.png (the page image) or .pdf (a one-page PDF)
and prints its size and the quality advice. Exit codes: 0 done, 1 no page
found, 2 a file could not be read or written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from onewindow import messages_cli

if TYPE_CHECKING:  # OpenCV loads only when a scan command runs, not for every `onewindow`
    import numpy as np

MODES = ("colour", "grey", "bw")  # drivers.camera.page.Mode
KINDS = ("auto", "a4", "a5", "letter", "hukou", "id1")  # drivers.camera.page.PageKind


def _read(path: str) -> tuple[np.ndarray | None, str]:
    """The photo, or None and the words why not (size checked before decoding)."""
    from drivers.camera.page import ScanError, read_photo

    try:
        return read_photo(path), ""
    except ScanError as exc:
        return None, messages_cli.error_text(exc)


def cmd_detect(args: argparse.Namespace) -> int:
    import cv2

    from drivers.camera.detect import DocumentDetector

    cv2.setNumThreads(1)
    det = DocumentDetector()
    status = 0
    for path in args.images:
        img, why = _read(path)
        if img is None:
            status = 2
            if args.json:
                line = {"image": path, "quad": None, "confidence": 0.0, "ms": 0.0}
                line["error"] = why
                print(json.dumps(line, ensure_ascii=False), flush=True)
            else:
                print(f"{path}: {why}", file=sys.stderr)
            continue
        d = det.detect(img)
        if args.json:
            line = {
                "image": path,
                "quad": d.as_list(),
                "confidence": round(d.confidence, 3),
                "ms": round(d.ms, 2),
            }
            print(json.dumps(line, ensure_ascii=False), flush=True)
        elif d.quad is None:
            print(f"{path}: 没有找到材料 / no page ({d.ms:.1f} ms)")
        else:
            corners = " ".join(f"({x:.0f},{y:.0f})" for x, y in d.as_list() or [])
            print(f"{path}: {corners} 置信度 {d.confidence:.2f} ({d.method}, {d.ms:.1f} ms)")
    return status


def _quad_arg(text: str) -> np.ndarray:
    import numpy as np

    try:
        v = [float(x) for x in text.replace(";", ",").split(",")]
    except ValueError:
        v = []
    if len(v) != 8:
        raise argparse.ArgumentTypeError("--quad takes 8 numbers: x1,y1,x2,y2,x3,y3,x4,y4")
    return np.float32(v).reshape(4, 2)


def cmd_process(args: argparse.Namespace) -> int:
    import cv2
    import numpy as np

    from drivers.camera.codes import Sizing
    from drivers.camera.detect import DocumentDetector
    from drivers.camera.page import SMALL, Mode, PageKind, ScanError, process_page
    from drivers.camera.pdf import assemble_pdf
    from drivers.camera.quality import check
    from widgets.scan_text import issue_text  # the same words as on screen

    cv2.setNumThreads(1)
    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in (".jpg", ".jpeg", ".png", ".pdf"):
        print("--out 需要 .jpg、.png 或 .pdf 文件 / --out must end in .jpg, .png or .pdf",
              file=sys.stderr)  # fmt: skip
        return 2
    img, why = _read(args.image)
    if img is None:
        print(f"错误 / error: {why}", file=sys.stderr)
        return 2
    quad = args.quad
    if quad is None:
        d = DocumentDetector().detect(img)
        if d.quad is None:
            print(
                "没有找到材料：请换一张材料边缘清楚的照片，或用 --quad 给出四个角 / "
                "no page found; give the corners with --quad",
                file=sys.stderr,
            )
            return 1
        quad = d.quad
    try:
        sizing = Sizing(field_mm=args.field_mm)
        page, flat = process_page(
            img, quad, mode=Mode(args.mode), kind=PageKind(args.kind), dpi=args.dpi, sizing=sizing
        )
        h, w = img.shape[:2]
        issues = check(flat, quad, w, h, card=page.kind in SMALL)
        data = assemble_pdf([page], title=out.stem) if suffix == ".pdf" else page.data
        if suffix == ".png" and page.media_type != "image/png":
            _ok, buf = cv2.imencode(".png", cv2.imdecode(np.frombuffer(page.data, np.uint8), -1))
            data = buf.tobytes()
        out.write_bytes(data)
    except ScanError as exc:
        print(f"错误 / error: {messages_cli.error_text(exc)}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"无法写入 / cannot write {out}: {exc.strerror}", file=sys.stderr)
        return 2
    w_mm, h_mm = page.size_mm
    print(
        f"{out}: {len(data) / 1024:.0f} KB, {page.width}×{page.height} px, {page.dpi} dpi, "
        f"{page.kind.value} {w_mm:.0f}×{h_mm:.0f} mm, {page.mode.value}"
    )
    for issue in issues:
        print(f"提示 / advice: {issue_text(issue)}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``scan detect`` and ``scan process`` to the ``onewindow`` command."""
    s = sub.add_parser(
        "scan",
        help="find the page in photos (detect) and make a clean corrected page (process)",
        description="Document scanning from files: page corners, corrected pages.",
    )
    ss = s.add_subparsers(dest="scan_command", required=True, metavar="ACTION")
    d = ss.add_parser(
        "detect",
        help="print the page's corners in each image",
        description="Find the page in each image; one line per image "
        '(--json: {"image", "quad" clockwise from top-left or null, "confidence", "ms"}).',
    )
    d.add_argument("--json", action="store_true", help="one JSON object per line")
    d.add_argument("images", nargs="+", metavar="IMAGE")
    d.set_defaults(func=cmd_detect)
    p = ss.add_parser(
        "process",
        help="write the corrected, cleaned page of an image",
        description="Find the page, flatten it to its format (A4, A5, letter, 户口簿 page, "
        "ID-1 card), "
        "clean it up and write it as .jpg, .png or a one-page .pdf.",
    )
    p.add_argument("image", metavar="IMAGE")
    p.add_argument("--out", required=True, help="output file (.jpg, .png or .pdf)")
    p.add_argument("--mode", choices=MODES, default="grey", help="colour, grey or bw")
    p.add_argument(
        "--kind", choices=KINDS, default="auto", help="page format (auto: from its shape)"
    )
    p.add_argument("--dpi", type=int, default=0, help="resolution (default 200, cards 300)")
    p.add_argument(
        "--field-mm",
        type=float,
        default=0.0,
        help="the desk the image's long side spans, in mm (tells A5 from A4; 0: unknown)",
    )
    p.add_argument("--quad", type=_quad_arg, help="corners instead of detection: x1,y1,...,x4,y4")
    p.set_defaults(func=cmd_process)
