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
``mean_rps`` over the drain, per-second buckets.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
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

from core.catalog import Catalog
from core.ids import uuid7
from core.intake import start_case, submit_case
from sync.client import BackofficeClient
from sync.store import LocalStore
from sync.upload import upload
from sync.worker import SyncWorker
from tests._backoffice_fixture import DEVICE_CATALOG, ITEM_CODE, sample_identity, write_catalog
from tests.faultproxy import Fault, FaultProxy

REPO = Path(__file__).resolve().parent.parent
CHUNK_KB = 256

_SERVER = """
import sys, uvicorn
from pathlib import Path
from backoffice.app import create_app
app = create_app(Path(sys.argv[1]), Path(sys.argv[2]), open_access=True)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[3]), log_level="warning", access_log=False)
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
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(requests.RequestException):
                if requests.get(url + "/health", timeout=1).status_code == 200:
                    break
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("bench: the back office did not start")
            time.sleep(0.05)
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


def run_clients(n: int, cases_each: int, interval_s: float, outage_s: float) -> dict[str, Any]:
    rng = random.Random(2)
    with tempfile.TemporaryDirectory() as tmp, backoffice_process(Path(tmp)) as url:
        host, port = url.removeprefix("http://").split(":")
        with FaultProxy(host, int(port)) as proxy:
            proxy.add(Fault("reset", times=0))  # the network is down
            stores: list[LocalStore] = []
            workers: list[SyncWorker] = []
            for i in range(n):
                store = LocalStore(Path(tmp) / f"dev{i:03d}")
                for _ in range(cases_each):
                    store.submit_case(make_case(store, [rng.randbytes(20_000)], f"D{i:03d}"))
                stores.append(store)
                workers.append(
                    SyncWorker(
                        store,
                        BackofficeClient(proxy.url, timeout_s=30),
                        interval_s=interval_s,
                        chunk_size=CHUNK_KB * 1024,
                    )
                )
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
            for w in workers:
                w.stop()
            after = [s for s in proxy.seen[seen_before:] if s.at >= t0]
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
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.sync", description=__doc__.split("\n")[0])
    p.add_argument("--cases", type=int, default=40)
    p.add_argument("--pages", type=int, default=3, help="pages per case")
    p.add_argument("--page-kb", type=int, default=200)
    p.add_argument("--clients", type=int, default=0, help="simulate this many devices")
    p.add_argument("--interval", type=float, default=5.0, help="--clients: probe interval (s)")
    args = p.parse_args(argv)
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    if args.clients:
        out = run_clients(args.clients, cases_each=2, interval_s=args.interval, outage_s=3.0)
    else:
        out = run_single(args.cases, args.pages, args.page_kb)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
