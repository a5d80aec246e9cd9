"""The status feed's long poll: an idle device costs one request per wait, decisions
reach it within a second or two, queued work still goes at once.

Real back office over HTTP on loopback, real local store, the real sync
worker; requests are counted by tests/faultproxy.py between them. Waits are
on conditions (wait_until), never fixed sleeps, except the measured idle
window of the request-count test, which is what it measures.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from backoffice.server import BackgroundBackoffice
from backoffice.store import BackofficeStore
from core.case import CaseState
from sync.client import BackofficeClient
from sync.heartbeat import HeartbeatTimer
from sync.store import LocalStore
from sync.worker import SyncWorker
from tests import _backoffice_fixture as fx
from tests._staff_fixture import bearer, device_token, staff_token
from tests.faultproxy import Fault, FaultProxy

catalog_file = fx.catalog_file
bo_server = fx.bo_server
local_store = fx.local_store
FEED = "/api/v1/devices/self/feed"


@pytest.fixture
def closed_bo(tmp_path: Path, catalog_file: Path) -> Iterator[BackgroundBackoffice]:
    """A back office that admits enrolled devices only (so heartbeats are recorded)."""
    with BackgroundBackoffice(tmp_path / "bo", catalog_path=catalog_file, tokens={"op"}) as bo:
        yield bo


def beat(device: str = "K01") -> dict[str, Any]:
    return {
        "hall_code": "FS01",
        "device_code": device,
        "role": "kiosk",
        "sent_at": dt.datetime.now(dt.UTC).isoformat(),
    }


def _synced_case(store: LocalStore, worker: SyncWorker) -> str:
    case = fx.submit_sample_case(store)
    fx.wait_until(lambda: store.outbox_counts()["done"] == 1, what="case at the back office")
    assert worker.status().queued == 0
    return case.id


def _decide(bo: BackgroundBackoffice, token: str, case_id: str, state: str) -> None:
    r = requests.post(
        f"{bo.url}/api/v1/cases/{case_id}/status",
        json={"state": state},
        headers=bearer(token),
        timeout=5,
    )
    assert r.status_code == 200, r.text


def _polling(bo: BackgroundBackoffice) -> bool:
    return bo.app.state.feed_watch.waiting_count >= 1


def test_a_decision_reaches_a_long_polling_device_within_two_seconds(
    closed_bo: BackgroundBackoffice, tmp_path: Path
) -> None:
    store = LocalStore(tmp_path / "device")
    client = BackofficeClient(closed_bo.url, token=device_token(closed_bo, "FS01", "K01"))
    worker = SyncWorker(store, client, interval_s=30, hall_code="FS01", device_code="K01")
    reviewer = staff_token(closed_bo, "li", "reviewer")
    worker.start()
    try:
        case_id = _synced_case(store, worker)
        fx.wait_until(lambda: _polling(closed_bo), what="a long poll waiting")
        # Only the in-process wake-up can answer now: the periodic look is made rare.
        closed_bo.app.state.feed_watch.recheck_s = 60
        t = time.monotonic()
        _decide(closed_bo, reviewer, case_id, "accepted")
        fx.wait_until(
            lambda: store.get_case(case_id).state is CaseState.ACCEPTED, 2.0, "accepted locally"
        )
        print(f"decision to device: {time.monotonic() - t:.3f} s")
        assert worker.status().online
    finally:
        worker.stop()
        client.close()
        store.close()


def test_an_idle_device_makes_one_request_per_wait_and_no_health_probe(
    closed_bo: BackgroundBackoffice, tmp_path: Path
) -> None:
    wait_s = 0.5
    store = LocalStore(tmp_path / "device")
    token = device_token(closed_bo, "FS01", "K01")
    with FaultProxy("127.0.0.1", closed_bo.port) as proxy:
        client = BackofficeClient(proxy.url, token=token)
        timer = HeartbeatTimer(client, lambda: beat(), interval_s=wait_s)
        worker = SyncWorker(
            store, client, interval_s=0.2, heartbeat=timer, feed_wait_s=wait_s, device_code="K01"
        )
        worker.start()
        try:
            _synced_case(store, worker)
            fx.wait_until(lambda: timer.sent >= 1, what="first heartbeat")
            before, t0 = len(proxy.seen), time.monotonic()
            window_s = 3.0
            time.sleep(window_s)  # the idle window being measured
            during = proxy.seen[before:]
            elapsed = time.monotonic() - t0
        finally:
            worker.stop()
            client.close()
            store.close()
    paths = [s.path.split("?")[0] for s in during]
    assert paths and set(paths) == {FEED}, paths  # no /health, no PUT heartbeat, no GET status
    assert len(paths) <= elapsed / wait_s + 1
    assert timer.sent >= 3 and timer.last_error == ""  # the heartbeat rode the long polls
    (device,) = closed_bo.store.fleet(closed_bo.app.state.fleet_limits)
    assert device["heartbeat_at"] is not None


def test_queued_work_goes_out_at_once_while_the_device_long_polls(
    bo_server: BackgroundBackoffice, tmp_path: Path
) -> None:
    store = LocalStore(tmp_path / "device")
    client = BackofficeClient(bo_server.url)
    # interval_s 30: only the outbox's wake-up can send the case soon.
    worker = SyncWorker(store, client, interval_s=30, hall_code="FS01", device_code="K01")
    worker.start()
    try:
        fx.wait_until(lambda: _polling(bo_server), what="a long poll waiting")
        t = time.monotonic()
        case = fx.submit_sample_case(store)
        fx.wait_until(lambda: store.outbox_counts()["done"] == 1, 2.0, "case sent")
        print(f"queued to sent while long polling: {time.monotonic() - t:.3f} s")
        assert bo_server.store.case_status(case.id) is not None
        # (the case's arrival is a change too: that poll answered, the next one waits)
        fx.wait_until(lambda: _polling(bo_server), what="long polling again")
    finally:
        worker.stop()
        client.close()
        store.close()


def test_a_change_written_by_another_store_object_reaches_the_waiting_request(
    bo_server: BackgroundBackoffice, local_store: LocalStore
) -> None:
    case = fx.submit_sample_case(local_store)
    assert SyncWorker(local_store, BackofficeClient(bo_server.url)).drain_once().queued == 0
    cursor = bo_server.store.feed_head()
    answer: dict[str, Any] = {}

    def long_poll() -> None:
        ask = {"cursor": cursor, "wait_s": 20, "hall_code": "FS01", "device_code": "K01"}
        t = time.monotonic()
        r = requests.post(f"{bo_server.url}{FEED}", json=ask, timeout=30)
        answer.update(r.json(), status=r.status_code, took=time.monotonic() - t)

    poller = threading.Thread(target=long_poll)
    poller.start()
    fx.wait_until(lambda: _polling(bo_server), what="the request waiting")
    other = BackofficeStore(bo_server.data_dir)  # another process's store, as the CLI's
    try:
        t = time.monotonic()
        other.set_state(case.id, CaseState.ACCEPTED, actor="staff:other")
        poller.join(timeout=10)
        seen_after = time.monotonic() - t
    finally:
        other.close()
    assert answer["status"] == 200 and answer["took"] < 20
    assert [c["state"] for c in answer["changes"]] == ["accepted"]
    assert answer["cursor"] > cursor
    assert seen_after < 2.5  # the once-a-second look, not the 20 s timeout
    print(f"change from another store seen after {seen_after:.3f} s")


def test_the_long_poll_records_the_heartbeat_and_answers_an_empty_page_at_the_timeout(
    closed_bo: BackgroundBackoffice,
) -> None:
    token = device_token(closed_bo, "FS01", "K01")
    client = BackofficeClient(closed_bo.url, token=token)
    t = time.monotonic()
    page = client.feed(0, 0.5, beat())
    assert time.monotonic() - t >= 0.5
    assert page["changes"] == [] and page["cursor"] == 0 and page["heartbeat_at"]
    (device,) = closed_bo.store.fleet(closed_bo.app.state.fleet_limits)
    assert device["heartbeat_at"] == page["heartbeat_at"]
    # Another device's heartbeat is refused, as on PUT .../heartbeat.
    r = requests.post(
        closed_bo.url + FEED, json={"heartbeat": beat("K02")}, headers=bearer(token), timeout=5
    )
    assert r.status_code == 403
    # Staff may not long-poll; wait_s is bounded.
    staff = staff_token(closed_bo, "li", "reviewer")
    assert (
        requests.post(closed_bo.url + FEED, json={}, headers=bearer(staff), timeout=5).status_code
        == 403
    )
    too_long = {"wait_s": 121}
    r = requests.post(closed_bo.url + FEED, json=too_long, headers=bearer(token), timeout=5)
    assert r.status_code == 422
    client.close()


def test_a_server_that_never_answers_the_long_poll_does_not_wedge_the_worker(
    bo_server: BackgroundBackoffice, tmp_path: Path
) -> None:
    store = LocalStore(tmp_path / "device")
    with FaultProxy("127.0.0.1", bo_server.port) as proxy:
        proxy.add(Fault("stall", path="/feed", seconds=60, times=0))
        client = BackofficeClient(proxy.url, timeout_s=2)
        client.feed_margin_s = 1.0
        worker = SyncWorker(
            store, client, interval_s=0.3, feed_wait_s=1.0, hall_code="FS01", device_code="K01"
        )
        worker.start()
        try:
            # Work still goes out beside the stuck long poll.
            case = fx.submit_sample_case(store)
            fx.wait_until(lambda: store.outbox_counts()["done"] == 1, 10, "case sent")
            # The stuck poll times out: offline, probe, online again, poll again.
            fx.wait_until(lambda: proxy.count(path="/health") >= 2, 15, "probes after timeouts")
            proxy.clear()  # the back office answers again
            bo_server.store.set_state(case.id, CaseState.ACCEPTED, actor="staff:t")
            fx.wait_until(
                lambda: store.get_case(case.id).state is CaseState.ACCEPTED, 15, "accepted"
            )
            t = time.monotonic()
        finally:
            worker.stop()
            client.close()
            store.close()
        assert time.monotonic() - t < 3  # stop never waits for a long poll


def test_a_back_office_without_the_long_poll_is_polled_as_before(
    bo_server: BackgroundBackoffice, tmp_path: Path
) -> None:
    store = LocalStore(tmp_path / "device")
    with FaultProxy("127.0.0.1", bo_server.port) as proxy:
        not_found = b'{"error": "Not Found"}'
        proxy.add(Fault("reply", path="/feed", status=404, body=not_found, times=0))
        client = BackofficeClient(proxy.url)
        worker = SyncWorker(store, client, interval_s=0.2, hall_code="FS01", device_code="K01")
        worker.start()
        try:
            case_id = _synced_case(store, worker)
            fx.wait_until(lambda: not worker.long_polling, what="fallen back to polling")
            bo_server.store.set_state(case_id, CaseState.ACCEPTED, actor="staff:t")
            fx.wait_until(
                lambda: store.get_case(case_id).state is CaseState.ACCEPTED, 5, "accepted"
            )
        finally:
            worker.stop()
            client.close()
            store.close()
        assert proxy.count(path="/api/v1/status") >= 1


def test_a_path_that_cuts_silent_requests_gets_shorter_waits_not_offline(
    bo_server: BackgroundBackoffice, tmp_path: Path
) -> None:
    store = LocalStore(tmp_path / "device")
    # A middlebox that drops a request silent for 7 s; the device asks for 20 s.
    with FaultProxy("127.0.0.1", bo_server.port, io_timeout_s=7) as proxy:
        client = BackofficeClient(proxy.url)
        worker = SyncWorker(
            store, client, interval_s=0.3, feed_wait_s=20, hall_code="FS01", device_code="K01"
        )
        worker.start()
        try:
            case_id = _synced_case(store, worker)
            fx.wait_until(lambda: worker._feed_wait < 7, 15, "a shorter wait")
            assert worker.status().online
            bo_server.store.set_state(case_id, CaseState.ACCEPTED, actor="staff:t")
            fx.wait_until(
                lambda: store.get_case(case_id).state is CaseState.ACCEPTED, 10, "accepted"
            )
        finally:
            worker.stop()
            client.close()
            store.close()
        assert proxy.count(path="/health") == 1  # at start only: the cut was not an outage


def test_the_long_poll_carries_the_instructions_and_the_catalog_served(
    closed_bo: BackgroundBackoffice,
) -> None:
    """Every answer tells the device which catalog is served and what it must learn (remote
    configuration, a log pull), so nothing else needs asking while it is idle."""
    token = device_token(closed_bo, "FS01", "K01")
    ask = {"cursor": 0, "wait_s": 0}
    page = requests.post(closed_bo.url + FEED, json=ask, headers=bearer(token), timeout=5)
    served = requests.get(closed_bo.url + "/api/v1/catalog", headers=bearer(token), timeout=5)
    assert page.json()["catalog_etag"] == served.headers["ETag"]
    assert page.json()["config_version"] is None and page.json()["logs_request"] is None
    admin = bearer(staff_token(closed_bo, "root", "admin"))
    set_config = requests.put(
        closed_bo.url + "/api/v1/fleet/config/FS01",
        json={"settings": {"idle_timeout_s": 90}, "note": "测试"},
        headers=admin,
        timeout=5,
    )
    assert set_config.status_code == 200, set_config.text
    asked = requests.post(
        closed_bo.url + "/api/v1/fleet/devices/FS01/K01/logs",
        json={"lines": 10},
        headers=admin,
        timeout=5,
    )
    assert asked.status_code == 200, asked.text
    page = requests.post(closed_bo.url + FEED, json=ask, headers=bearer(token), timeout=5).json()
    assert page["config_version"] and page["logs_request"]["id"] == asked.json()["id"]
