"""Network faults between the device and the back office, through a real TCP proxy.

Each scenario sends real cases (real files, chunked tus uploads) through
tests/faultproxy.py to a real back office on loopback while the proxy
resets connections mid-upload, stalls, cuts answers short, answers 5xx with
and without Retry-After, serves HTML pages or dribbles its answers. Then the
faults stop and the outbox drains: every case must be at the back office
exactly once, with every file byte-identical.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterator

import pytest

from backoffice.server import BackgroundBackoffice
from sync.client import BackofficeClient
from sync.store import LocalStore
from sync.worker import SyncWorker
from tests import _backoffice_fixture as fx
from tests._backoffice_fixture import (
    assert_all_delivered_once,
    drain_until_done,
    submit_sample_case,
)
from tests.faultproxy import Fault, FaultProxy

bo_server = fx.bo_server
catalog_file = fx.catalog_file
local_store = fx.local_store

CHUNK = 8 * 1024
NGINX_502 = (
    b"<html><head><title>502 Bad Gateway</title></head>"
    b"<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
)
PORTAL = b"<html><head><title>Wi-Fi login</title></head><body>Please sign in</body></html>"


def page(n: int = 20_000) -> bytes:
    """A scanned-page stand-in of ``n`` bytes (several tus chunks)."""
    return b"\xff\xd8\xff\xe0" + random.randbytes(n - 6) + b"\xff\xd9"


@pytest.fixture
def proxy(bo_server: BackgroundBackoffice) -> Iterator[FaultProxy]:
    with FaultProxy("127.0.0.1", bo_server.port) as p:
        yield p


def _worker(store: LocalStore, proxy: FaultProxy, timeout_s: float = 1.5) -> SyncWorker:
    return SyncWorker(
        store,
        BackofficeClient(proxy.url, timeout_s=timeout_s),
        chunk_size=CHUNK,
        backoff_base_s=0.01,
        backoff_cap_s=0.05,
    )


SCENARIOS: dict[str, list[Fault]] = {
    "reset mid-upload": [Fault("reset", method="PATCH", after_bytes=3000, times=2, skip=1)],
    "reset while creating the upload": [Fault("reset", method="POST", after_bytes=0)],
    "reset while committing the case": [Fault("reset", method="PUT", path="/cases/")],
    "stalled upload": [Fault("stall", method="PATCH", seconds=4, skip=1)],
    "stalled resume probe": [
        Fault("reset", method="PATCH", after_bytes=100, skip=1),
        Fault("stall", method="HEAD", seconds=4),
    ],
    "truncated upload answer": [Fault("truncate", method="PATCH", after_bytes=25, skip=1)],
    "truncated commit answer": [Fault("truncate", method="PUT", path="/cases/", after_bytes=40)],
    "500 html": [Fault("reply", method="PATCH", status=500, body=b"<h1>Internal Error</h1>")],
    "502 html from a proxy": [Fault("reply", method="PUT", status=502, body=NGINX_502)],
    "503 without retry-after": [Fault("reply", method="POST", status=503, body=b"busy")],
    "html instead of json": [
        Fault("reply", method="PUT", path="/cases/", status=200, body=PORTAL, times=2)
    ],
    "very slow answers": [Fault("slow", bytes_per_s=4000, times=0)],
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_fault_loses_and_duplicates_nothing(
    name: str, bo_server: BackgroundBackoffice, local_store: LocalStore, proxy: FaultProxy
) -> None:
    cases = [submit_sample_case(local_store, page=page()) for _ in range(2)]
    worker = _worker(local_store, proxy)
    faults = [Fault(**{**f.__dict__, "hits": 0}) for f in SCENARIOS[name]]
    proxy.add(*faults)

    for _ in range(4):  # with the faults in the way, until each one has struck
        local_store.make_due(None)
        worker.drain_once()
        if all(f.hits for f in faults):
            break
    assert all(f.hits for f in faults), "a planned fault never struck"
    proxy.clear()
    drain_until_done(worker)

    assert assert_all_delivered_once(local_store, bo_server.store) == len(cases)
    assert local_store.outbox_counts()["quarantined"] == 0
    worker.client.close()


@pytest.mark.parametrize(
    ("status", "body", "retry_after"),
    [
        (503, b'{"error": "maintenance"}', "45"),
        (502, NGINX_502, "30"),
        (429, b"slow down", "20"),
    ],
)
def test_retry_after_is_honoured_through_the_proxy(
    status: int,
    body: bytes,
    retry_after: str,
    bo_server: BackgroundBackoffice,
    local_store: LocalStore,
    proxy: FaultProxy,
) -> None:
    case = submit_sample_case(local_store, page=page())
    worker = _worker(local_store, proxy)
    proxy.add(
        Fault("reply", status=status, body=body, headers={"Retry-After": retry_after}, times=0)
    )
    before = time.time()
    st = worker.drain_once()
    assert st.queued == 1 and st.quarantined == 0
    (entry,) = local_store.entries()
    assert entry.state == "retry" and entry.error_kind == "busy"
    assert entry.next_attempt_at is not None
    assert entry.next_attempt_at >= before + float(retry_after) - 0.5
    assert worker.drain_once().queued == 1  # not due: nothing sent
    assert proxy.count() == 1

    proxy.clear()
    drain_until_done(worker)
    assert bo_server.store.case_status(case.id)["receipt_no"] == case.receipt_no
    assert_all_delivered_once(local_store, bo_server.store)


def test_random_chaos_then_calm(
    bo_server: BackgroundBackoffice, local_store: LocalStore, proxy: FaultProxy
) -> None:
    # CHAOS_SEED=n reruns this with other faults (a seed that fails is a bug to keep).
    rng = random.Random(int(os.environ.get("CHAOS_SEED", "20261124")))
    cases = [
        submit_sample_case(local_store, page=page(rng.randrange(9_000, 40_000))) for _ in range(5)
    ]
    worker = _worker(local_store, proxy, timeout_s=1.0)
    menu = [
        lambda: Fault("reset", after_bytes=rng.randrange(0, 9000)),
        lambda: Fault("truncate", after_bytes=rng.randrange(0, 60)),
        lambda: Fault("reply", status=rng.choice([500, 502, 503, 504]), body=NGINX_502),
        lambda: Fault("reply", status=200, body=PORTAL, method="PUT"),
        lambda: Fault("stall", seconds=1.5),
    ]
    for _round in range(5):
        proxy.add(*(rng.choice(menu)() for _ in range(3)))
        for f in proxy._faults:
            f.skip = rng.randrange(0, 3)
        local_store.make_due(None)
        worker.drain_once()
        proxy.clear()
    drain_until_done(worker)
    assert assert_all_delivered_once(local_store, bo_server.store) == len(cases)
    assert proxy.count("PUT", "/cases/") >= len(cases)
