"""Salvage benchmark: opening a damaged store, with what comes back and what is listed.

    python -m bench.salvage                 2,000 cases, one JSON line
    python -m bench.salvage --cases 20000

Builds a real store of ``--cases`` submitted cases (one scanned page each),
then for each kind of damage copies it, overwrites pages of the ``cases``
table with random bytes (found with SQLite's dbstat table) and opens it.
Figures per damage: ``open_s`` (move aside + salvage), ``back`` (cases in
the fresh store), ``listed`` (unsalvaged items). ``healthy_open_s`` is the
same open on the undamaged copy. Damage kinds: ``leaves`` (three leaf pages
in the middle), ``interior`` (every interior page: SQLite reaches no leaf).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from core.catalog import Catalog
from core.identity import Gender, Identity
from core.intake import start_case, submit_case
from sync.store import LocalStore

ITEM = {
    "code": "T001",
    "name": "测试事项",
    "department": "测试局",
    "window_class": "民生",
    "promised_days": 5,
    "statutory_days": 20,
    "materials": [{"code": "M01", "name": "居民身份证", "copies": 1}],
}


def _identity() -> Identity:
    return Identity(
        name="测试人",
        id_number="440604199003070014",
        gender=Gender.MALE,
        birth=dt.date(1990, 3, 7),
        address="广东省佛山市禅城区测试路1号",
    )


def build(folder: Path, n: int) -> None:
    item = Catalog.model_validate({"version": "bench", "items": [ITEM]}).item("T001")
    store = LocalStore(folder)
    try:
        for _ in range(n):
            case = start_case(
                item, _identity(), hall_code="FS01", device_code="K01", channel="kiosk",
                actor="citizen",
            )  # fmt: skip
            case.add_file("M01", store.save_file(os.urandom(2000), "M01.jpg", "image/jpeg"))
            receipt = store.next_receipt_no("FS01", "K01", dt.date.today())
            store.submit_case(submit_case(case, item, receipt_no=receipt, actor="citizen"))
    finally:
        store.close()


def _pages(db_file: Path, pagetype: str) -> tuple[list[int], int]:
    """Page numbers of the cases table of ``pagetype``, and the page size."""
    conn = sqlite3.connect(db_file)
    try:
        sql = "SELECT pageno FROM dbstat WHERE name = 'cases' AND pagetype = ?"
        pages = [r[0] for r in conn.execute(sql, (pagetype,))]
        size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    finally:
        conn.close()
    return pages, size


def _overwrite(db_file: Path, pages: list[int], size: int) -> None:
    with open(db_file, "r+b") as fh:
        for p in pages:
            fh.seek((p - 1) * size)
            fh.write(os.urandom(size))


def _open(folder: Path) -> dict[str, float | int]:
    t = time.perf_counter()
    store = LocalStore(folder)
    took = time.perf_counter() - t
    try:
        return {
            "open_s": round(took, 3),
            "back": len(store.list_cases(limit=10**9)),
            "listed": len(store.unsalvaged()),
        }
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=2000)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        build(base, args.cases)
        out: dict[str, object] = {
            "cases": args.cases,
            "db_mb": round((base / "onewindow.db").stat().st_size / 1e6, 1),
        }
        healthy = Path(tmp) / "healthy"
        shutil.copytree(base, healthy)
        out["healthy_open_s"] = _open(healthy)["open_s"]
        for kind in ("leaves", "interior"):
            folder = Path(tmp) / kind
            shutil.copytree(base, folder)
            db_file = folder / "onewindow.db"
            pages, size = _pages(db_file, "leaf" if kind == "leaves" else "internal")
            if kind == "leaves":
                pages = pages[len(pages) // 2 : len(pages) // 2 + 3]
            _overwrite(db_file, pages, size)
            out[kind] = _open(folder)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
