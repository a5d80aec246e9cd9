"""Back-office benchmark: many enrolled devices against one back office, on either engine.

    python -m bench.backoffice                                  SQLite, one worker
    python -m bench.backoffice --workers 2 --db postgresql://…  PostgreSQL, two workers
    python -m bench.backoffice --db postgresql                  a temporary PostgreSQL
                                                                (Debian's package, as the
                                                                tests start it)

The back office runs as ``onewindow backoffice serve`` in its own process
group (``--workers N``, ``--db URL``), enrolment required. Each simulated
device enrols with its own one-time code (its own token), queues cases of
``--pages`` pages of ``--page-kb`` KB in its own LocalStore and sends them
with the real sync worker (tus uploads, then the case) from its own thread,
all devices at once. Then every device stays connected and idle for
``--idle-s`` seconds, its worker running as on a kiosk at night.

One JSON line:

- ``devices``, ``cases``, ``engine``, ``workers``;
- ``cases_per_s``, ``upload_mb_s``: from the first request to the last case
  stored, over everything the devices sent;
- ``put_case_ms_p50/p99``: the case PUT as the device's client saw it;
- ``idle_requests_per_device_min``: requests the server logged during the
  idle window, per device per minute;
- ``lost``, ``duplicated``: cases a device holds that the back office does not
  / cases or receipt numbers the back office holds twice;
- ``province_terminals``, ``province_peak_cases_per_s``: one application per
  terminal every 5 minutes for that many terminals (Foshan alone runs 1,567;
  a province several times that), beside ``cases_per_s``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from backoffice.store import BackofficeStore
from bench.sync import _free_port, _pct, make_case
from sync.client import BackofficeClient
from sync.store import LocalStore
from sync.worker import SyncWorker
from tests._backoffice_fixture import wait_healthy, write_catalog

REPO = Path(__file__).resolve().parent.parent
HALL = "FS01"
APPLICATIONS_EVERY_S = 300.0  # one application per terminal per 5 minutes at peak
_ACCESS_LINE = re.compile(r'"(GET|PUT|POST|PATCH|HEAD|DELETE|OPTIONS) ')


class AccessCounter:
    """Counts the server's access-log lines (one per request) from its output. Own thread."""

    def __init__(self, stream: Any) -> None:
        self.count = 0
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: Any) -> None:
        for line in iter(stream.readline, b""):
            if _ACCESS_LINE.search(line.decode(errors="replace")):
                with self._lock:
                    self.count += 1

    def read(self) -> int:
        with self._lock:
            return self.count


class TimedClient(BackofficeClient):
    """The real client, timing each case PUT (what the device waits for). Any thread."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.put_case_ms: list[float] = []

    def put_case(self, case_id: str, body: dict[str, Any]) -> dict[str, Any]:
        t = time.perf_counter()
        try:
            return super().put_case(case_id, body)
        finally:
            self.put_case_ms.append((time.perf_counter() - t) * 1000)


def _open_store(data: Path, db: str) -> BackofficeStore:
    return BackofficeStore(data, database_url=db) if db else BackofficeStore(data)


@contextlib.contextmanager
def serving(data: Path, catalog: Path, workers: int, db: str) -> Iterator[tuple[str, Any]]:
    """The back office in its own process group; (URL, access counter) once /health answers."""
    port = _free_port()
    command = [sys.executable, "-m", "onewindow", "backoffice", "serve", "--data", str(data)]
    command += ["--port", str(port), "--catalog", str(catalog), "--workers", str(workers)]
    if db:
        command += ["--db", db]
    proc = subprocess.Popen(
        command,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    counter = AccessCounter(proc.stdout)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url, counter
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _check(stores: list[LocalStore], bo: BackofficeStore) -> tuple[int, int]:
    """(duplicated, lost): the back office's cases against every device's."""
    held = bo.list_cases(limit=1_000_000)
    ids = [r["id"] for r in held]
    receipts = [r["receipt_no"] for r in held]
    duplicated = (len(ids) - len(set(ids))) + (len(receipts) - len(set(receipts)))
    local = {c.id for s in stores for c in s.list_cases(limit=100_000)}
    return duplicated, len(local - set(ids))


def run(args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data, catalog = root / "bo", write_catalog(root / "catalog.json")
        data.mkdir()
        bo = _open_store(data, args.db)  # beside the server, as the CLI's enroll is
        codes = [bo.create_enrolment(HALL, f"D{i:04d}", ttl_s=3600) for i in range(args.devices)]
        with serving(data, catalog, args.workers, args.db) as (url, counter):
            stores, clients, workers = [], [], []
            page_bytes = 0
            for i, code in enumerate(codes):
                device = f"D{i:04d}"
                token = BackofficeClient(url).enrol(code, HALL, device)["token"]
                store = LocalStore(root / "devices" / device)
                for _ in range(args.cases):
                    pages = [rng.randbytes(args.page_kb * 1024) for _ in range(args.pages)]
                    page_bytes += sum(len(p) for p in pages)
                    store.submit_case(make_case(store, pages, device))
                client = TimedClient(url, token=token, timeout_s=60)
                stores.append(store)
                clients.append(client)
                workers.append(SyncWorker(store, client, interval_s=args.interval))
            t0 = time.monotonic()
            for w in workers:
                w.start()
            deadline = t0 + args.timeout_s
            while any(w.status().queued for w in workers) and time.monotonic() < deadline:
                time.sleep(0.05)
            busy_s = time.monotonic() - t0
            # Idle: every worker keeps running with nothing to send.
            before = counter.read()
            time.sleep(args.idle_s)
            idle_requests = counter.read() - before
            for w in workers:
                w.stop()
            for c in clients:
                c.close()
        duplicated, lost = _check(stores, bo)
        bo.close()
        for s in stores:
            s.close()
    cases = args.devices * args.cases
    put_ms = [ms for c in clients for ms in c.put_case_ms]
    return {
        "engine": "postgresql" if args.db.startswith("postgresql") else "sqlite",
        "workers": args.workers,
        "devices": args.devices,
        "cases": cases,
        "pages_per_case": args.pages,
        "page_kb": args.page_kb,
        "cases_per_s": round(cases / busy_s, 2),
        "upload_mb_s": round(page_bytes / 1e6 / busy_s, 2),
        "put_case_ms_p50": round(_pct(put_ms, 0.5), 1) if put_ms else None,
        "put_case_ms_p99": round(_pct(put_ms, 0.99), 1) if put_ms else None,
        "idle_s": args.idle_s,
        "idle_requests_per_device_min": round(idle_requests / args.devices / (args.idle_s / 60), 3),
        "lost": lost,
        "duplicated": duplicated,
        "province_terminals": args.terminals,
        "province_peak_cases_per_s": round(args.terminals / APPLICATIONS_EVERY_S, 2),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m bench.backoffice", description=__doc__.split("\n")[0]
    )
    p.add_argument("--db", default="", help="postgresql://… (default: SQLite in a temp folder)")
    p.add_argument("--workers", type=int, default=1, help="back-office worker processes")
    p.add_argument("--devices", type=int, default=50)
    p.add_argument("--cases", type=int, default=2, help="cases per device")
    p.add_argument("--pages", type=int, default=3, help="pages per case")
    p.add_argument("--page-kb", type=int, default=200)
    p.add_argument("--interval", type=float, default=5.0, help="the sync worker's interval (s)")
    p.add_argument("--idle-s", type=float, default=120.0, help="idle window measured (s)")
    p.add_argument("--timeout-s", type=float, default=900.0)
    p.add_argument(
        "--terminals", type=int, default=8000, help="a province's terminals for the peak figure"
    )
    args = p.parse_args(argv)
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    if args.db == "postgresql":  # a server of our own for the run, dropped after
        from tests._postgres import PostgresServer

        server = PostgresServer().start()
        try:
            args.db = server.fresh_database()
            print(json.dumps(run(args)))
        finally:
            server.stop()
        return 0
    print(json.dumps(run(args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
