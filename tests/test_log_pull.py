"""Log pull (issue 13 item 7): an administrator asks a device for its last log lines.

A real back office over HTTP on loopback and a real Runtime: the device learns
of the request from its heartbeat's answer, reads its own log file, scrubs it
again (lines planted straight into the file, past the logging's filters, must
come back masked) and uploads it once; the lines are sealed at rest.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from backoffice.server import BackgroundBackoffice
from core.config import load_config
from services.remote import tail_scrubbed
from services.runtime import Runtime
from tests import _backoffice_fixture as fx
from tests._staff_fixture import bearer, device_token, staff_token
from tests.factories import id_number

catalog_file = fx.catalog_file
PHONE = "13812345678"


@pytest.fixture
def bo(tmp_path: Path, catalog_file: Path) -> Iterator[BackgroundBackoffice]:
    with BackgroundBackoffice(tmp_path / "bo", catalog_path=catalog_file, open_access=False) as b:
        yield b


@pytest.fixture
def kiosk(bo: BackgroundBackoffice, tmp_path: Path) -> Iterator[Runtime]:
    """A running kiosk FS01/K01 with a heartbeat every 0.2 s."""
    config = load_config(
        None,
        {
            "data_dir": str(tmp_path / "kiosk"),
            "backoffice.url": bo.url,
            "backoffice.token": device_token(bo, "FS01", "K01"),
            "sync.interval_s": 0.3,
            "sync.heartbeat_s": 0.2,
            "sync.feed_wait_s": 0.5,  # instructions come with every answer: answer often
        },
    )
    rt = Runtime(config)
    yield rt
    rt.close()


def plant(rt: Runtime, *lines: str) -> None:
    """Lines written straight into the device's log file (not through its filters)."""
    assert rt.log_file is not None
    with rt.log_file.open("a", encoding="utf-8") as f:
        for line in lines:
            f.write(line + "\n")


def ask(bo: BackgroundBackoffice, token: str, device: str = "K01", lines: int = 50):
    return requests.post(
        f"{bo.url}/api/v1/fleet/devices/FS01/{device}/logs",
        json={"lines": lines},
        headers=bearer(token),
        timeout=5,
    )


def pulled(bo: BackgroundBackoffice, token: str, request_id: str) -> dict:
    r = requests.get(f"{bo.url}/api/v1/fleet/logs/{request_id}", headers=bearer(token), timeout=5)
    assert r.status_code == 200, r.text
    return r.json()


def test_the_last_lines_come_back_scrubbed_and_are_sealed_at_rest(
    bo: BackgroundBackoffice, kiosk: Runtime
) -> None:
    admin = staff_token(bo, "root", "admin")
    supervisor = staff_token(bo, "zhang", "supervisor")
    number = id_number(seq="321")
    kiosk.start()  # what a start logs (devices opened, the daily check) lands before
    heartbeat = kiosk.sync.heartbeat
    assert heartbeat is not None
    fx.wait_until(lambda: heartbeat.sent >= 2, 15, "a whole round of the sync worker")
    plant(
        kiosk,
        "2026-12-01 09:00:00,000 INFO MainThread old: the first line",
        f"2026-12-01 09:00:01,000 WARNING MainThread t: card {number} phone {PHONE}",
        "2026-12-01 09:00:02,000 ERROR MainThread t: 1 validation error"
        " [type=string_type, input_value='测试用户', input_type=str]",
        "2026-12-01 09:00:03,000 INFO MainThread t: planted-last",
    )
    r = ask(bo, admin, lines=3)
    assert r.status_code == 200, r.text
    request_id = r.json()["id"]
    fx.wait_until(lambda: pulled(bo, supervisor, request_id)["text"] is not None, 15, "the upload")
    text = pulled(bo, supervisor, request_id)["text"]
    assert "planted-last" in text and "the first line" not in text  # the last 3 only
    assert len(text.splitlines()) == 3
    assert number not in text and PHONE not in text and "测试用户" not in text
    assert number[:3] + "*" * 11 + number[-4:] in text and "138****5678" in text
    assert "input_value=(hidden)" in text

    # Sealed at rest: the database (either engine) holds neither the lines nor the masked
    # number; read through the store's own connection, as anyone with the database would.
    with bo.store._lock:
        (body,) = bo.store._db.execute(
            "SELECT body FROM log_requests WHERE id = ?", (request_id,)
        ).fetchone()
    body = bytes(body)
    assert b"planted-last" not in body and b"138****5678" not in body


def test_a_request_is_answered_once_and_only_by_its_own_device(
    bo: BackgroundBackoffice, kiosk: Runtime
) -> None:
    admin = staff_token(bo, "root", "admin")
    other = device_token(bo, "FS01", "K02")
    request_id = ask(bo, admin).json()["id"]
    url = f"{bo.url}/api/v1/devices/self/logs/{request_id}"
    # Another device's token: the request is not there for it, and it reads no logs.
    r = requests.put(url, data=b"forged", headers=bearer(other), timeout=5)
    assert r.status_code == 404
    read = f"{bo.url}/api/v1/fleet/logs/{request_id}"
    assert requests.get(read, headers=bearer(other), timeout=5).status_code == 403
    # Its own device answers once; a second upload is a conflict and changes nothing.
    kiosk.start()
    fx.wait_until(lambda: pulled(bo, admin, request_id)["text"] is not None, 15, "the upload")
    first = pulled(bo, admin, request_id)["text"]
    assert "forged" not in first
    token = kiosk.client.token
    again = requests.put(url, data=b"second", headers=bearer(token), timeout=5)
    assert again.status_code == 409
    assert pulled(bo, admin, request_id)["text"] == first
    too_big = ask(bo, admin).json()["id"]
    r = requests.put(
        f"{bo.url}/api/v1/devices/self/logs/{too_big}",
        data=b"x" * 1_000_001,
        headers=bearer(token),
        timeout=10,
    )
    assert r.status_code == 413


def test_who_may_ask_for_and_read_logs(bo: BackgroundBackoffice) -> None:
    admin = staff_token(bo, "root", "admin")
    supervisor = staff_token(bo, "zhang", "supervisor")
    other_hall = staff_token(bo, "wang", "supervisor", hall="FS02")
    clerk = staff_token(bo, "li", "clerk")
    device = device_token(bo, "FS01", "K01")
    assert ask(bo, supervisor).status_code == 403
    assert ask(bo, clerk).status_code == 403
    assert ask(bo, device).status_code == 403
    assert ask(bo, admin, device="K99").status_code == 404  # no such device
    assert ask(bo, admin, lines=0).status_code == 422
    assert ask(bo, admin, lines=2001).status_code == 422
    request_id = ask(bo, admin).json()["id"]
    read = f"{bo.url}/api/v1/fleet/logs/{request_id}"
    assert requests.get(read, headers=bearer(clerk), timeout=5).status_code == 403
    assert requests.get(read, headers=bearer(other_hall), timeout=5).status_code == 404
    assert requests.get(read, headers=bearer(supervisor), timeout=5).status_code == 200
    actions = [(e["action"], e["outcome"]) for e in bo.store.audit_entries(limit=100)]
    assert ("fleet.logs_request", "ok") in actions
    assert ("fleet.logs_request", "forbidden") in actions


def test_backoffice_fleet_logs_asks_waits_and_prints(
    bo: BackgroundBackoffice, kiosk: Runtime
) -> None:
    number = id_number(seq="654")
    plant(kiosk, f"2026-12-01 10:00:00,000 INFO MainThread t: cli-planted {number}")
    kiosk.start()
    out = subprocess.run(
        [sys.executable, "-m", "onewindow", "backoffice", "fleet", "logs", "FS01/K01",
         "--lines", "20", "--wait", "60", "--data", str(bo.data_dir)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "cli-planted" in out.stdout and number not in out.stdout
    actions = [(e["action"], e["actor"]) for e in bo.store.audit_entries(limit=200)]
    assert any(a == "fleet.logs_read" and actor.startswith("cli") for a, actor in actions)


def test_a_device_logging_to_the_journal_says_so(tmp_path: Path) -> None:
    assert "journal" in tail_scrubbed(None, 10)
    log = tmp_path / "onewindow.log"
    log.write_text("".join(f"line {i}\n" for i in range(5)), encoding="utf-8")
    (tmp_path / "onewindow.log.1").write_text("older 1\nolder 2\n", encoding="utf-8")
    assert tail_scrubbed(log, 6) == "older 2\n" + "".join(f"line {i}\n" for i in range(5))
