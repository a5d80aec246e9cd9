"""The fleet (issue 13 item 7): heartbeats from devices, the staff's fleet list, its alarms.

A real back office over HTTP on loopback, enrolled devices with their own
tokens, a real Runtime and sync worker with the virtual printer.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from backoffice.fleet import FleetLimits
from backoffice.server import BackgroundBackoffice
from core.config import load_config
from core.errors import ConfigError
from drivers.base import PrinterState
from services.runtime import Runtime
from sync.client import BackofficeClient
from sync.heartbeat import HeartbeatTimer
from sync.store import LocalStore
from sync.worker import SyncWorker
from tests import _backoffice_fixture as fx
from tests._staff_fixture import bearer, device_token, staff_token

catalog_file = fx.catalog_file
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def bo(tmp_path: Path, catalog_file: Path) -> Iterator[BackgroundBackoffice]:
    """A back office that admits enrolled devices only."""
    with BackgroundBackoffice(tmp_path / "bo", catalog_path=catalog_file, open_access=False) as b:
        yield b


def beat(hall: str = "FS01", device: str = "K02", **kw: Any) -> dict[str, Any]:
    body = {
        "hall_code": hall,
        "device_code": device,
        "role": "kiosk",
        "app_version": "0.1.0",
        "sent_at": dt.datetime.now(dt.UTC).isoformat(),
        "devices": {"printer": {"health": "ok", "detail": "打印机就绪"}},
        "printer_state": "ok",
        "outbox_depth": 0,
        "disk_free_mb": 20_000.0,
    }
    return {**body, **kw}


def fleet(bo: BackgroundBackoffice, token: str) -> dict[str, dict[str, Any]]:
    r = requests.get(f"{bo.url}/api/v1/fleet", headers=bearer(token), timeout=5)
    assert r.status_code == 200, r.text
    return {d["device_code"]: d for d in r.json()["devices"]}


def test_a_kiosk_out_of_paper_shows_paper_out_in_the_fleet(
    bo: BackgroundBackoffice, tmp_path: Path
) -> None:
    config = load_config(
        None,
        {
            "data_dir": str(tmp_path / "kiosk"),
            "device_code": "K01",
            "backoffice.url": bo.url,
            "backoffice.token": device_token(bo, "FS01", "K01"),
            "sync.interval_s": 0.3,
            "sync.heartbeat_s": 0.2,
            "sync.feed_wait_s": 0.3,  # the heartbeat rides each long poll
        },
    )
    supervisor = staff_token(bo, "zhang", "supervisor")
    rt = Runtime(config)
    rt.devices.printer_poll_s = 0.2
    try:
        rt.start()
        fx.wait_until(lambda: rt.devices.virtual_printer is not None, what="virtual printer")
        rt.devices.virtual_printer.state = PrinterState.PAPER_OUT
        fx.wait_until(lambda: "paper_out" in fleet(bo, supervisor)["K01"]["alarms"], 10, "alarm")
    finally:
        rt.close()
    k01 = fleet(bo, supervisor)["K01"]
    heartbeat = k01["heartbeat"]
    assert k01["alarms"] == ["paper_out"] or "disk_low" in k01["alarms"]
    assert k01["role"] == "kiosk" and k01["hall_code"] == "FS01" and k01["last_seen_at"]
    assert heartbeat["printer_state"] == "paper_out"
    assert heartbeat["devices"]["printer"] == {"health": "absent", "detail": "缺纸，请更换打印纸"}
    assert {"id_reader", "camera", "printer", "a4"} <= set(heartbeat["devices"])
    assert heartbeat["devices"]["a4"]["health"] == "ok"  # 证明打印's (virtual) A4 printer
    assert heartbeat["app_version"] and heartbeat["disk_free_mb"] > 0
    assert heartbeat["outbox_depth"] == 0 and heartbeat["outbox_oldest_age_s"] is None


def test_a_device_that_stopped_sending_heartbeats_is_offline(bo: BackgroundBackoffice) -> None:
    admin = staff_token(bo, "root", "admin")
    client = BackofficeClient(bo.url, token=device_token(bo, "FS01", "K02"))
    device_token(bo, "FS01", "K03")  # enrolled, never sent a heartbeat
    assert client.send_heartbeat(beat())["received_at"]
    rows = fleet(bo, admin)
    assert rows["K02"]["alarms"] == [] and rows["K03"]["alarms"] == ["offline"]
    assert rows["K02"]["last_seen_at"] == rows["K02"]["heartbeat_at"]

    an_hour_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).isoformat()
    bo.store._db.execute("UPDATE heartbeats SET received_at = ?", (an_hour_ago,))
    assert fleet(bo, admin)["K02"]["alarms"] == ["offline"]
    bo.app.state.fleet_limits = FleetLimits(offline_minutes=90)
    assert fleet(bo, admin)["K02"]["alarms"] == []

    # The other alarms, from what the heartbeat says.
    client.send_heartbeat(beat(outbox_depth=3, outbox_oldest_age_s=5 * 3600.0, disk_free_mb=80.0))
    assert fleet(bo, admin)["K02"]["alarms"] == ["outbox_stale", "disk_low"]
    client.close()


def test_who_may_read_the_fleet(bo: BackgroundBackoffice) -> None:
    device = device_token(bo, "FS01", "K01")
    BackofficeClient(bo.url, token=device).send_heartbeat(beat(device="K01"))
    other = device_token(bo, "FS02", "K01")
    BackofficeClient(bo.url, token=other).send_heartbeat(beat(hall="FS02", device="K01"))
    url = f"{bo.url}/api/v1/fleet"
    assert requests.get(url, timeout=5).status_code == 401
    assert requests.get(url, headers=bearer(device), timeout=5).status_code == 403
    for role in ("clerk", "reviewer"):
        r = requests.get(url, headers=bearer(staff_token(bo, role, role)), timeout=5)
        assert r.status_code == 403, role
    everyone = requests.get(url, headers=bearer(staff_token(bo, "boss", "supervisor")), timeout=5)
    assert [(d["hall_code"], d["device_code"]) for d in everyone.json()["devices"]] == [
        ("FS01", "K01"),
        ("FS02", "K01"),
    ]
    hall_bound = staff_token(bo, "lead", "supervisor", "FS02")
    r = requests.get(url, params={"hall": "FS01"}, headers=bearer(hall_bound), timeout=5)
    assert [d["hall_code"] for d in r.json()["devices"]] == ["FS02"]  # its own hall only


def test_a_device_sends_only_its_own_heartbeat(bo: BackgroundBackoffice) -> None:
    k01 = device_token(bo, "FS01", "K01")
    device_token(bo, "FS01", "K02")
    url = f"{bo.url}/api/v1/devices/self/heartbeat"
    r = requests.put(url, json=beat(device="K02"), headers=bearer(k01), timeout=5)
    assert r.status_code == 403
    r = requests.put(url, json=beat(hall="FS02", device="K01"), headers=bearer(k01), timeout=5)
    assert r.status_code == 403
    assert requests.put(url, json=beat(device="K02"), timeout=5).status_code == 401
    staff = staff_token(bo, "boss", "supervisor")
    assert requests.put(url, json=beat(), headers=bearer(staff), timeout=5).status_code == 403
    assert fleet(bo, staff)["K02"]["heartbeat"] is None


def test_a_shared_token_has_no_device_to_send_a_heartbeat_for(
    tmp_path: Path, catalog_file: Path
) -> None:
    with BackgroundBackoffice(tmp_path / "bo", catalog_path=catalog_file, tokens={"op"}) as b:
        r = requests.put(
            f"{b.url}/api/v1/devices/self/heartbeat", json=beat(), headers=bearer("op"), timeout=5
        )
        assert r.status_code == 403


def test_every_request_of_a_device_writes_last_seen(bo: BackgroundBackoffice) -> None:
    token = device_token(bo, "FS01", "K01")
    (before,) = bo.store.list_devices()
    assert requests.get(f"{bo.url}/api/v1/catalog", headers=bearer(token), timeout=5).ok
    query = "SELECT last_seen_at FROM devices WHERE id = ?"
    (seen,) = bo.store._db.execute(query, (before["id"],)).fetchall()
    assert seen[0] is not None


@pytest.mark.parametrize(
    ("feed_wait_s", "refusal"),
    [(0.0, "sync_unauthorized"), (0.3, "not_recorded")],
    ids=["on its own", "in the long poll"],
)
def test_a_failing_heartbeat_never_blocks_the_outbox(
    tmp_path: Path, catalog_file: Path, feed_wait_s: float, refusal: str
) -> None:
    with BackgroundBackoffice(tmp_path / "bo", catalog_path=catalog_file) as open_bo:
        store = LocalStore(tmp_path / "device")
        case = fx.submit_sample_case(store)
        # An open back office has no device identity: the PUT is 403, the long poll
        # answers without recording it.
        client = BackofficeClient(open_bo.url)
        timer = HeartbeatTimer(client, lambda: beat(device="K01"), interval_s=0.1)
        worker = SyncWorker(store, client, interval_s=0.2, heartbeat=timer, feed_wait_s=feed_wait_s)
        worker.start()
        try:
            fx.wait_until(lambda: store.outbox_counts()["done"] == 1, what="case sent")
            fx.wait_until(lambda: timer.last_error == refusal, what="refused beat")
        finally:
            worker.stop()
            store.close()
        assert open_bo.store.get_case(case.id) is not None and timer.sent == 0


def test_the_heartbeat_interval_is_validated() -> None:
    assert load_config(None).sync.heartbeat_s == 60.0
    assert load_config(None, {"sync.heartbeat_s": 0}).sync.heartbeat_s == 0
    with pytest.raises(ConfigError) as err:
        load_config(None, {"sync.heartbeat_s": -1})
    assert "sync.heartbeat_s" in str(err.value.key)


def test_backoffice_fleet_prints_the_table(bo: BackgroundBackoffice) -> None:
    client = BackofficeClient(bo.url, token=device_token(bo, "FS01", "K01"))
    client.send_heartbeat(beat(device="K01", printer_state="paper_out", disk_free_mb=100.0))
    device_token(bo, "FS01", "C01")
    args = [sys.executable, "-m", "onewindow", "backoffice", "fleet", "--data", str(bo.data_dir)]
    out = subprocess.run(args, capture_output=True, text=True, timeout=60, cwd=REPO, check=True)
    header, c01, k01 = out.stdout.splitlines()
    assert header.split()[:3] == ["hall", "device", "role"]
    assert c01.split()[1] == "C01" and c01.split()[-1] == "offline"
    assert k01.split()[:3] == ["FS01", "K01", "kiosk"] and k01.split()[-1] == "paper_out,disk_low"
    lines = subprocess.run(
        [*args, "--json", "--disk-low-mb", "50"], capture_output=True, text=True, timeout=60,
        cwd=REPO, check=True,
    ).stdout.splitlines()  # fmt: skip
    assert json.loads(lines[1])["alarms"] == ["paper_out"]


def test_the_heartbeat_counts_the_waiting_outbox_and_stays_small(tmp_path: Path) -> None:
    from drivers.base import DeviceStatus, Health
    from services.heartbeat import HeartbeatCollector
    from wire.heartbeat import Heartbeat

    store = LocalStore(tmp_path / "device")
    try:
        fx.submit_sample_case(store)
        printer = DeviceStatus("printer", Health.ABSENT, "缺纸，请更换打印纸", "virtual")
        collector = HeartbeatCollector(
            store,
            tmp_path / "device",
            lambda: {"printer": printer},
            hall_code="FS01",
            device_code="K01",
            role="kiosk",
            last_sync_at=lambda: None,
        )
        collector.printer_state_changed(PrinterState.PAPER_OUT)
        body = collector.collect()
    finally:
        store.close()
    parsed = Heartbeat.model_validate(body)  # what the back office accepts
    assert parsed.outbox_depth == 1 and parsed.outbox_oldest_age_s is not None
    assert parsed.printer_state == "paper_out" and parsed.last_sync_at is None
    assert fx.APPLICANT_NAME not in json.dumps(body, ensure_ascii=False)
    size = len(json.dumps(body, ensure_ascii=False).encode())
    print(f"heartbeat body: {size} bytes")
    assert size < 1024


def test_an_offline_device_does_not_probe_faster_for_its_heartbeat(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "device")
    try:
        client = BackofficeClient(f"http://127.0.0.1:{fx.free_port()}")  # nobody listens
        timer = HeartbeatTimer(client, lambda: beat(), interval_s=60)
        # Polling (no long poll): the heartbeat goes on its own from the worker thread.
        worker = SyncWorker(store, client, interval_s=5.0, heartbeat=timer, feed_wait_s=0)
        assert timer.due_in() == 0 and worker._next_wait() == 5.0  # offline: probe pace
        worker._note(online=True)
        assert worker._next_wait() < 1  # online: the due heartbeat goes now
        assert not timer.send_if_due() and timer.last_error == "sync_offline"
        assert worker._next_wait() == 5.0 and timer.due_in() > 59
    finally:
        store.close()
