"""Receipt printing benchmark: `python -m bench.receipt` prints one JSON line.

The document is the acceptance receipt (受理回执) of a case with six
materials on 80 mm paper (the sample item 药品经营许可证（零售）核发, every
material received, with an agent).

- ``text_mode_bytes`` / ``raster_mode_bytes``: what each mode sends
- ``render_ms_p50_text`` / ``render_ms_p50_raster``: Document → bytes
- ``print_ms_p50`` (text mode) and ``print_ms_p50_raster``: from the print
  call (status check, render, send, confirmation) to the moment the
  virtual printer over TCP on loopback took in the last byte of the job
- ``serial_115200_s_text`` / ``serial_115200_s_raster``: how long those bytes
  take on a 115200-baud 8N1 serial line (10 bits a byte)

Goals: text mode <= 3 KB; render_ms_p50 text <= 30.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path

from drivers.printer.network import NetworkPrinter
from drivers.printer.render import document_bytes
from emulators.virtual_printer import VirtualPrinterServer
from onewindow.print_samples import sample_case, sample_document

RUNS = 15


def _p50(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def _render_ms(doc, mode: str) -> list[float]:
    out = []
    for _ in range(RUNS):
        t = time.perf_counter()
        document_bytes(doc, paper_mm=80, mode=mode)
        out.append((time.perf_counter() - t) * 1000)
    return out


def _print_ms(doc, mode: str, folder: Path) -> list[float]:
    out = []
    with VirtualPrinterServer(folder / mode) as srv:
        p = NetworkPrinter("127.0.0.1", srv.port, mode=mode)
        p.print_document(doc)  # connect and warm up
        srv.wait_jobs(1)
        for n in range(2, RUNS + 2):
            t = time.monotonic()
            p.print_document(doc)
            job = srv.wait_jobs(n, timeout=30)[-1]
            out.append((job.received_at - t) * 1000)
        p.close()
    return out


def run() -> dict[str, object]:
    case = sample_case(deficiency=False)
    assert len([m for m in case.materials if m.files]) == 6
    doc = sample_document("receipt", case=case)
    document_bytes(doc, mode="raster")  # load fonts and glyph caches once
    text = document_bytes(doc, paper_mm=80, mode="text")
    raster = document_bytes(doc, paper_mm=80, mode="raster")
    with tempfile.TemporaryDirectory(prefix="bench-receipt-") as tmp:
        print_text = _print_ms(doc, "text", Path(tmp))
        print_raster = _print_ms(doc, "raster", Path(tmp))
    return {
        "bench": "receipt",
        "materials": 6,
        "paper_mm": 80,
        "text_mode_bytes": len(text),
        "raster_mode_bytes": len(raster),
        "render_ms_p50_text": _p50(_render_ms(doc, "text")),
        "render_ms_p50_raster": _p50(_render_ms(doc, "raster")),
        "print_ms_p50": _p50(print_text),
        "print_ms_p50_raster": _p50(print_raster),
        "serial_115200_s_text": round(len(text) * 10 / 115200, 3),
        "serial_115200_s_raster": round(len(raster) * 10 / 115200, 3),
        "runs": RUNS,
    }


def main() -> None:
    print(json.dumps(run(), ensure_ascii=False))


if __name__ == "__main__":
    main()
