"""Sync benchmark: enqueue latency, drain throughput against raw uploads, resume cost.

    python -m bench.sync                 one device, real back office, one JSON line
    python -m bench.sync --clients 200   200 devices reconnecting at once

The back office runs in its own process (uvicorn, loopback) so the device's
work and the server's do not share one interpreter. Figures (default mode):

- ``enqueue_ms_p50/p99``: saving a submitted case with its outbox entry
  (``LocalStore.submit_case``: one transaction, WAL, synchronous=FULL);
- ``drain_s``, ``drain_mb_s``: the sync worker sending every case (tus
  chunked uploads of every page, then the case) until the outbox is empty;
- ``raw_upload_mb_s``: the same bytes sent with plain ``requests`` PUTs to
  the same server in the same run (one request per page, no resumability);
- ``resent_kb_after_cut``: a 5 MB file whose connection is cut halfway
  through (by tests/faultproxy.py); bytes sent again after resuming;
- ``duplicates``, ``lost``: cases stored twice / never stored at the back office.

With ``--clients N``: N devices, each with queued cases, see the back office
unreachable, then reachable again at t0; each device notices on its own next
health probe (every ``interval_s``) and drains at once. The figures say how
the back office's request rate spreads after t0: ``peak_rps`` against
``mean_rps`` over the drain, per-second buckets. Then every device sits idle
(nothing queued) for ``--idle`` seconds (default 120) while the back office
counts what it is asked (a counting middleware in its process):
``idle_requests_per_device_min`` is all requests per device per minute in
that window, ``idle_health_per_device_min`` the /health probes among them
and ``idle_paths`` which paths they were. The devices are enrolled (their
heartbeats are recorded, as in a hall) and follow the status feed by long
poll (``--feed-wait``, default 50 s; 0 = poll GET /api/v1/status every
``--interval``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import inspect
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests

from backoffice.store import BackofficeStore
from core.catalog import Catalog
from core.ids import uuid7
from core.intake import start_case, submit_case
from sync.client import BackofficeClient
from sync.heartbeat import HeartbeatTimer
from sync.store import LocalStore
from sync.upload import upload
from sync.worker import SyncWorker
from tests._backoffice_fixture import (
    DEVICE_CATALOG,
    ITEM_CODE,
    sample_identity,
    wait_healthy,
    write_catalog,
)
from tests.faultproxy import Fault, FaultProxy

REPO = Path(__file__).resolve().parent.parent
CHUNK_KB = 256

# The back office, with a middleware counting every request by path at the server
# (GET /bench/counts reads the counts and is not counted itself).
_SERVER = """
import collections, sys, uvicorn
from pathlib import Path
from fastapi.responses import JSONResponse
from backoffice.app import create_app
app = create_app(Path(sys.argv[1]), Path(sys.argv[2]), open_access=True)
counts = collections.Counter()

class Counting:
    def __init__(self, app):
        self.app = app
    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            if scope["path"] == "/bench/counts":
                await JSONResponse(dict(counts))(scope, receive, send)
                return
            counts[scope["method"] + " " + scope["path"]] += 1
        await self.app(scope, receive, send)

uvicorn.run(Counting(app), host="127.0.0.1", port=int(sys.argv[3]), log_level="warning",
            access_log=False, timeout_graceful_shutdown=2)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def backoffice_process(root: Path) -> Iterator[str]:
    """A back office in a child process; yields its URL once /health answers."""
    port = _free_port()
    catalog = write_catalog(root / "catalog.json")
    proc = subprocess.Popen(
        [sys.executable, "-c", _SERVER, str(root / "bo"), str(catalog), str(port)],
        cwd=REPO,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, 30)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def make_case(store: LocalStore, pages: list[bytes], device: str = "K01") -> Any:
    item = Catalog.model_validate(DEVICE_CATALOG).item(ITEM_CODE)
    case = start_case(
        item,
        sample_identity(),
        hall_code="FS01",
        device_code=device,
        channel="kiosk",
        actor="citizen",
    )
    for i, page in enumerate(pages):
        case.add_file("M01", store.save_file(page, f"M01-{i}.jpg", "image/jpeg"))
    receipt = store.next_receipt_no("FS01", device, dt.date.today())
    return submit_case(case, item, receipt_no=receipt, actor="citizen")


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def _check(stores: list[LocalStore], url: str) -> tuple[int, int]:
    """(duplicates, lost) comparing the devices' cases with the back office's list."""
    held: list[dict[str, Any]] = []
    offset = 0
    while True:
        page = requests.get(f"{url}/api/v1/cases?limit=1000&offset={offset}", timeout=30).json()
        held += page
        if len(page) < 1000:
            break
        offset += 1000
    ids = [r["id"] for r in held]
    receipts = [r["receipt_no"] for r in held]
    dups = (len(ids) - len(set(ids))) + (len(receipts) - len(set(receipts)))
    local = {c.id for s in stores for c in s.list_cases(limit=100_000)}
    return dups, len(local - set(ids))


def run_single(cases: int, pages_per_case: int, page_kb: int) -> dict[str, Any]:
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp, backoffice_process(Path(tmp)) as url:
        store = LocalStore(Path(tmp) / "device")
        all_pages: list[bytes] = []
        enqueue_ms: list[float] = []
        for _ in range(cases):
            pages = [rng.randbytes(page_kb * 1024) for _ in range(pages_per_case)]
            all_pages += pages
            case = make_case(store, pages)
            t = time.perf_counter()
            store.submit_case(case)
            enqueue_ms.append((time.perf_counter() - t) * 1000)
        total = sum(len(p) for p in all_pages)

        worker = SyncWorker(store, BackofficeClient(url, timeout_s=30), chunk_size=CHUNK_KB * 1024)
        t = time.perf_counter()
        while worker.drain_once().queued:
            store.make_due(None)
        drain_s = time.perf_counter() - t

        session = requests.Session()
        t = time.perf_counter()
        for page in all_pages:
            r = session.put(
                f"{url}/api/v1/files/{uuid7()}",
                data=page,
                headers={"X-Content-SHA256": hashlib.sha256(page).hexdigest()},
                timeout=30,
            )
            r.raise_for_status()
        raw_s = time.perf_counter() - t
        session.close()
        duplicates, lost = _check([store], url)

        resent = _resent_after_cut(store, url, rng.randbytes(5 * 1024 * 1024))
        store.close()
    mb = total / 1e6
    return {
        "cases": cases,
        "pages_per_case": pages_per_case,
        "page_kb": page_kb,
        "enqueue_ms_p50": round(_pct(enqueue_ms, 0.5), 2),
        "enqueue_ms_p99": round(_pct(enqueue_ms, 0.99), 2),
        "drain_s": round(drain_s, 3),
        "drain_mb_s": round(mb / drain_s, 2),
        "raw_upload_mb_s": round(mb / raw_s, 2),
        "ratio_to_raw": round(raw_s / drain_s, 3),
        "resent_kb_after_cut": round(resent / 1024, 1),
        "chunk_kb": CHUNK_KB,
        "duplicates": duplicates,
        "lost": lost,
    }


def _resent_after_cut(store: LocalStore, url: str, data: bytes) -> int:
    """Upload ``data`` through a proxy that cuts the link halfway; bytes sent twice."""
    ref = store.save_file(data, "big.pdf", "application/pdf")
    host, port = url.removeprefix("http://").split(":")
    chunk = CHUNK_KB * 1024
    half = len(data) // 2
    skip, into = divmod(half, chunk)
    skip -= 1  # the first chunk goes with the creation request (creation-with-upload)
    with FaultProxy(host, int(port)) as proxy:
        proxy.add(Fault("reset", method="PATCH", skip=skip, after_bytes=into or chunk // 2))
        client = BackofficeClient(proxy.url, timeout_s=30)
        with contextlib.suppress(Exception):
            upload(client, store, ref.id, data, ref.sha256, chunk_size=chunk)
        client.close()
        client = BackofficeClient(proxy.url, timeout_s=30)
        upload(client, store, ref.id, data, ref.sha256, chunk_size=chunk)
        client.close()
        sent = proxy.body_bytes["PATCH"] + proxy.body_bytes["POST"]
    return sent - len(data)


def _server_counts(url: str) -> Counter[str]:
    return Counter(requests.get(url + "/bench/counts", timeout=30).json())


def _worker(
    store: LocalStore, client: BackofficeClient, device: str, interval_s: float, feed_wait_s: float
) -> SyncWorker:
    def beat() -> dict[str, Any]:
        return {
            "hall_code": "FS01",
            "device_code": device,
            "role": "kiosk",
            "sent_at": dt.datetime.now(dt.UTC).isoformat(),
            "outbox_depth": 0,
        }

    kw: dict[str, Any] = {}
    if "feed_wait_s" in inspect.signature(SyncWorker).parameters:  # older code: no long poll
        kw["feed_wait_s"] = feed_wait_s
    return SyncWorker(
        store,
        client,
        interval_s=interval_s,
        chunk_size=CHUNK_KB * 1024,
        hall_code="FS01",
        device_code=device,
        heartbeat=HeartbeatTimer(client, beat),
        **kw,
    )


def run_clients(
    n: int,
    cases_each: int,
    interval_s: float,
    outage_s: float,
    idle_s: float = 120.0,
    feed_wait_s: float = 50.0,
) -> dict[str, Any]:
    rng = random.Random(2)
    with tempfile.TemporaryDirectory() as tmp, backoffice_process(Path(tmp)) as url:
        host, port = url.removeprefix("http://").split(":")
        enrolling = BackofficeStore(Path(tmp) / "bo")  # as `backoffice enroll` does, beside it
        tokens = [
            enrolling.enrol(enrolling.create_enrolment("FS01", f"D{i:03d}"), "FS01", f"D{i:03d}")[
                "token"
            ]
            for i in range(n)
        ]
        enrolling.close()
        # A proxy that lets a long poll be silent for 50 s (the sync tests' cuts at 30 s).
        with FaultProxy(host, int(port), io_timeout_s=120) as proxy:
            proxy.add(Fault("reset", times=0))  # the network is down
            stores: list[LocalStore] = []
            workers: list[SyncWorker] = []
            for i in range(n):
                store = LocalStore(Path(tmp) / f"dev{i:03d}")
                for _ in range(cases_each):
                    store.submit_case(make_case(store, [rng.randbytes(20_000)], f"D{i:03d}"))
                stores.append(store)
                client = BackofficeClient(proxy.url, timeout_s=30, token=tokens[i])
                workers.append(_worker(store, client, f"D{i:03d}", interval_s, feed_wait_s))
            # Devices were switched on at different moments: their probes have their own phase.
            starters = [threading.Timer(rng.uniform(0, interval_s), w.start) for w in workers]
            for t in starters:
                t.start()
            time.sleep(max(outage_s, interval_s * 1.5))
            seen_before = len(proxy.seen)
            t0 = time.monotonic()
            proxy.clear()  # the network is back
            deadline = t0 + 300
            while any(w.status().queued for w in workers) and time.monotonic() < deadline:
                time.sleep(0.2)
            drained_s = time.monotonic() - t0
            after = [s for s in proxy.seen[seen_before:] if s.at >= t0]
            # Idle: nothing queued. Let every device settle into its rhythm, then count.
            time.sleep(min(10.0, idle_s / 4))
            first, t1 = _server_counts(url), time.monotonic()
            time.sleep(idle_s)
            idle = _server_counts(url) - first
            idle_min = (time.monotonic() - t1) / 60
            for w in workers:
                w.stop()
        dups, lost = _check(stores, url)
        for store in stores:
            store.close()
    buckets = Counter(int(s.at - t0) for s in after)
    span = max(1, max(buckets) + 1 if buckets else 1)
    per_s = [buckets.get(i, 0) for i in range(span)]
    mean = sum(per_s) / span
    return {
        "clients": n,
        "cases": n * cases_each,
        "interval_s": interval_s,
        "requests": len(after),
        "health_probes": sum(1 for s in after if s.path == "/health"),
        "drained_s": round(drained_s, 2),
        "mean_rps": round(mean, 1),
        "peak_rps": max(per_s) if per_s else 0,
        "peak_to_mean": round(max(per_s) / mean, 2) if mean else 0.0,
        "p90_rps": _pct([float(x) for x in per_s], 0.9) if per_s else 0,
        "duplicates": dups,
        "lost": lost,
        "idle_s": idle_s,
        "feed_wait_s": feed_wait_s,
        "idle_requests_per_device_min": round(sum(idle.values()) / n / idle_min, 3),
        "idle_health_per_device_min": round(idle["GET /health"] / n / idle_min, 3),
        "idle_paths": dict(idle.most_common()),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.sync", description=__doc__.split("\n")[0])
    p.add_argument("--cases", type=int, default=40)
    p.add_argument("--pages", type=int, default=3, help="pages per case")
    p.add_argument("--page-kb", type=int, default=200)
    p.add_argument("--clients", type=int, default=0, help="simulate this many devices")
    p.add_argument("--interval", type=float, default=5.0, help="--clients: probe interval (s)")
    p.add_argument("--idle", type=float, default=120.0, help="--clients: idle window (s)")
    p.add_argument(
        "--feed-wait", type=float, default=50.0, help="--clients: long poll wait (s), 0 = poll"
    )
    args = p.parse_args(argv)
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    if args.clients:
        out = run_clients(
            args.clients,
            cases_each=2,
            interval_s=args.interval,
            outage_s=3.0,
            idle_s=args.idle,
            feed_wait_s=args.feed_wait,
        )
    else:
        out = run_single(args.cases, args.pages, args.page_kb)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
