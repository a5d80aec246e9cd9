"""The back office's store on each engine: cases kept per second by concurrent callers.

    python -m bench.store_engines                                   SQLite in a temp folder
    python -m bench.store_engines --db postgresql://USER@HOST:PORT/DB
    python -m bench.store_engines --threads 8 --cases 400 --stores 2

``--stores`` stores (as separate workers would be) on one database, each
called from ``--threads`` threads, put ``--cases`` cases with one 2 KB file
each (file, then case), every case twice (a device's retry), directly on the
store (no HTTP: the engine's share of the work). One JSON line: engine,
stores, threads, cases, cases_per_s, put_case_ms_p50/p99, and duplicated
(rows beyond one per case: must be 0).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import tempfile
import threading
import time
from pathlib import Path

from backoffice.store import BackofficeStore
from backoffice.store.database import is_postgres, resolve_database_url
from bench.salvage import ITEM, _identity
from core.case import Case
from core.catalog import Catalog
from core.intake import start_case, submit_case
from sync.store import LocalStore


def _cases(folder: Path, n: int) -> tuple[list[Case], LocalStore]:
    item = Catalog.model_validate({"version": "bench", "items": [ITEM]}).item("T001")
    device = LocalStore(folder)
    out = []
    for i in range(n):
        case = start_case(
            item, _identity(), hall_code="FS01", device_code="K01", channel="kiosk",
            actor="citizen",
        )  # fmt: skip
        case.add_file("M01", device.save_file(i.to_bytes(4) * 500, "M01.jpg", "image/jpeg"))
        receipt = device.next_receipt_no("FS01", "K01", dt.date.today())
        out.append(submit_case(case, item, receipt_no=receipt, actor="citizen"))
    return out, device


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--db", help="database URL (default: SQLite in a temporary folder)")
    ap.add_argument("--stores", type=int, default=2)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--cases", type=int, default=300)
    args = ap.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="bench-store-"))
    cases, device = _cases(root / "device", args.cases)
    stores = [BackofficeStore(root / "bo", args.db) for _ in range(args.stores)]
    times: list[float] = []
    lock = threading.Lock()

    def work(k: int) -> None:
        store = stores[k % len(stores)]
        for case in cases[k :: args.stores * args.threads]:
            for _ in range(2):  # the first time, then a retry of the same
                t = time.perf_counter()
                for m in case.materials:
                    for ref in m.files:
                        store.put_file(ref.id, device.read_file(ref.id), ref.sha256)
                store.put_case(case)
                with lock:
                    times.append(time.perf_counter() - t)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=work, args=(k,)) for k in range(args.stores * args.threads)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    rows = stores[0]._db.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM cases").fetchone()
    url = resolve_database_url(root / "bo", args.db)
    for s in stores:
        s.close()
    device.close()
    ms = sorted(t * 1000 for t in times)
    print(
        json.dumps(
            {
                "engine": "postgresql" if is_postgres(url) else "sqlite",
                "stores": args.stores,
                "threads": args.threads,
                "cases": args.cases,
                "cases_per_s": round(args.cases / wall, 1),
                "put_case_ms_p50": round(statistics.median(ms), 2),
                "put_case_ms_p99": round(ms[int(len(ms) * 0.99) - 1], 2),
                "duplicated": int(rows[0]) - int(rows[1]) + (int(rows[1]) - args.cases),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
