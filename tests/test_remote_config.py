"""Remote configuration (issue 13 item 7): set at the back office, signed, applied by devices.

A real back office over HTTP on loopback; devices enrolled over HTTP the way
``onewindow sync enroll`` does (so they keep the back office's configuration
key), real Runtimes with their sync workers and heartbeats.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from backoffice.server import BackgroundBackoffice
from backoffice.store.chain import AuditSigner
from core.config import REMOTE_OVERLAY_FILE, load_config
from core.remote_config import REMOTE_KEYS, config_message, config_version, signature_valid
from services.remote import BAD_SIGNATURE, NO_KEY, WRONG_DEVICE
from services.runtime import Runtime
from sync.client import BackofficeClient
from sync.enrol import enrol, load_config_key
from tests import _backoffice_fixture as fx
from tests._staff_fixture import bearer, device_token, staff_token

catalog_file = fx.catalog_file


@pytest.fixture
def bo(tmp_path: Path, catalog_file: Path) -> Iterator[BackgroundBackoffice]:
    """A back office that admits enrolled devices only."""
    with BackgroundBackoffice(tmp_path / "bo", catalog_path=catalog_file, open_access=False) as b:
        yield b


def enrolled_data_dir(bo: BackgroundBackoffice, root: Path, device: str) -> Path:
    """A device's data folder after `sync enroll` over HTTP (token and config key kept)."""
    data = root / device
    code = bo.store.create_enrolment("FS01", device)
    client = BackofficeClient(bo.url)
    try:
        enrol(client, data, code, "FS01", device)
    finally:
        client.close()
    return data


def device_config(data: Path, bo: BackgroundBackoffice, device: str, **more: Any):
    overrides = {
        "data_dir": str(data),
        "device_code": device,
        "backoffice.url": bo.url,
        "sync.interval_s": 0.3,
        "sync.heartbeat_s": 0.2,
        "sync.feed_wait_s": 0.5,  # instructions come with every answer: answer often
        **more,
    }
    return load_config(None, overrides)


def put_config(bo: BackgroundBackoffice, token: str, scope: str, settings: dict, note: str = ""):
    return requests.put(
        f"{bo.url}/api/v1/fleet/config/{scope}",
        json={"settings": settings, "note": note},
        headers=bearer(token),
        timeout=5,
    )


def fleet_row(bo: BackgroundBackoffice, token: str, device: str) -> dict[str, Any]:
    r = requests.get(f"{bo.url}/api/v1/fleet", headers=bearer(token), timeout=5)
    assert r.status_code == 200, r.text
    return {d["device_code"]: d for d in r.json()["devices"]}[device]


def test_hall_and_device_settings_reach_the_device_signed_applied_and_reported(
    bo: BackgroundBackoffice, tmp_path: Path
) -> None:
    admin = staff_token(bo, "root", "admin")
    data = enrolled_data_dir(bo, tmp_path, "K01")
    assert len(load_config_key(data)) == 64  # kept at enrolment beside device.token
    r = put_config(
        bo,
        admin,
        "FS01",
        {"hall_name": "测试大厅", "sync.interval_s": 4, "devices.printer.mode": "raster"},
        "大厅统一",
    )
    assert r.status_code == 200, r.text
    assert r.json()["settings"]["sync.interval_s"] == 4.0 and r.json()["set_by"] == "staff:root"
    # The device's own settings win over the hall's; the device's TOML has a 100 s
    # elder timeout, so a 200 s idle timeout breaks its own rule and it refuses that key.
    r = put_config(bo, admin, "FS01/K01", {"sync.interval_s": 0.5, "idle_timeout_s": 200})
    assert r.status_code == 200, r.text
    assert requests.get(
        f"{bo.url}/api/v1/fleet/config/FS01/K01", headers=bearer(admin), timeout=5
    ).json()["settings"] == {"idle_timeout_s": 200, "sync.interval_s": 0.5}

    # The effective configuration, as the device gets it: hall ∪ device, signed.
    token = (data / "device.token").read_text()
    r = requests.get(f"{bo.url}/api/v1/devices/self/config", headers=bearer(token), timeout=5)
    assert r.status_code == 200, r.text
    doc = r.json()
    expected = {
        "hall_name": "测试大厅",
        "devices.printer.mode": "raster",
        "sync.interval_s": 0.5,
        "idle_timeout_s": 200,
    }
    assert doc["settings"] == expected and doc["version"] == config_version(expected)
    assert signature_valid(load_config_key(data), doc, "FS01", "K01")
    assert not signature_valid(load_config_key(data), doc, "FS01", "K02")
    again = requests.get(
        f"{bo.url}/api/v1/devices/self/config",
        headers={**bearer(token), "If-None-Match": r.headers["ETag"]},
        timeout=5,
    )
    assert again.status_code == 304

    rt = Runtime(device_config(data, bo, "K01", **{"kiosk.elder_idle_timeout_s": 100}))
    try:
        assert rt.sync.interval_s == 0.3
        rt.start()
        fx.wait_until(lambda: rt.sync.interval_s == 0.5, 15, "the sync interval set remotely")
        assert rt.config.hall_name == "测试大厅"  # the runtime's config has it (next start too)
        assert rt.config.idle_timeout_s == 90  # refused: the device's own rule
        supervisor = staff_token(bo, "zhang", "supervisor")
        fx.wait_until(
            lambda: fleet_row(bo, supervisor, "K01")["config_version"] == doc["version"],
            15,
            "the applied version in the fleet list",
        )
        row = fleet_row(bo, supervisor, "K01")
        assert row["config_refused"] == {
            "idle_timeout_s": "config.bad_value.kiosk.elder_idle_timeout_s"
        }
        assert row["config_error"] == ""
    finally:
        rt.close()

    # A restart keeps what was applied: the loader merges the overlay over the TOML.
    assert (data / REMOTE_OVERLAY_FILE).stat().st_mode & 0o077 == 0
    cfg = device_config(data, bo, "K01", **{"kiosk.elder_idle_timeout_s": 100})
    assert cfg.hall_name == "测试大厅" and cfg.devices.printer.mode == "raster"
    assert cfg.sync.interval_s == 0.5 and cfg.idle_timeout_s == 90
    # Only allowed keys ever come from the overlay, whatever the file says.
    kept = (data / REMOTE_OVERLAY_FILE).read_text(encoding="utf-8")
    (data / REMOTE_OVERLAY_FILE).write_text(
        kept.replace('"applied": {', '"applied": {"backoffice.url": "http://evil.example",'),
        encoding="utf-8",
    )
    assert device_config(data, bo, "K01").backoffice.url == bo.url

    audit = [(e["action"], e["target"], e["outcome"]) for e in bo.store.audit_entries(limit=500)]
    assert ("fleet.config", "FS01", "ok") in audit and ("fleet.config", "FS01/K01", "ok") in audit


def test_the_back_office_refuses_keys_not_allowed_and_bad_values_field_by_field(
    bo: BackgroundBackoffice,
) -> None:
    admin = staff_token(bo, "root", "admin")
    r = put_config(
        bo,
        admin,
        "FS01",
        {
            "backoffice.url": "http://elsewhere.example",
            "backoffice.token": "x",
            "device_code": "K09",
            "idle_timeout_s": 5,
            "devices.printer.mode": "colour",
            "sync.heartbeat_s": 0,
        },
    )
    assert r.status_code == 422, r.text
    fields = {p["field"]: p["code"] for p in r.json()["detail"]}
    assert fields == {
        "settings.backoffice.url": "remote_config.not_allowed",
        "settings.backoffice.token": "remote_config.not_allowed",
        "settings.device_code": "remote_config.not_allowed",
        "settings.idle_timeout_s": "config.bad_value.idle_timeout_s",
        "settings.devices.printer.mode": "config.bad_value",
        "settings.sync.heartbeat_s": "remote_config.cuts_off",
    }
    assert all(p["error"] for p in r.json()["detail"])  # words for each field
    assert "elsewhere" not in r.text  # a refused value is never echoed
    assert bo.store.remote_config("FS01")["settings"] == {}  # nothing kept
    refused = [e for e in bo.store.audit_entries(limit=100) if e["action"] == "fleet.config"]
    assert refused[-1]["outcome"] == "refused"
    assert put_config(bo, admin, "fs01", {}).status_code == 422  # scope: FS01 or FS01/K01
    assert not any(k.startswith(("backoffice.", "devices.printer.uri")) for k in REMOTE_KEYS)


def test_only_an_administrator_sets_remote_configuration(bo: BackgroundBackoffice) -> None:
    supervisor = staff_token(bo, "zhang", "supervisor")
    clerk = staff_token(bo, "li", "clerk")
    device = device_token(bo, "FS01", "K01")
    for token in (supervisor, clerk):
        assert put_config(bo, token, "FS01", {"idle_timeout_s": 60}).status_code == 403
    assert put_config(bo, device, "FS01", {"idle_timeout_s": 60}).status_code == 403
    assert put_config(bo, "", "FS01", {"idle_timeout_s": 60}).status_code == 401
    assert bo.store.remote_config("FS01")["settings"] == {}
    # A supervisor reads it; a clerk and a device do not.
    url = f"{bo.url}/api/v1/fleet/config/FS01"
    assert requests.get(url, headers=bearer(supervisor), timeout=5).status_code == 200
    assert requests.get(url, headers=bearer(clerk), timeout=5).status_code == 403
    assert requests.get(url, headers=bearer(device), timeout=5).status_code == 403
    audit = [(e["action"], e["outcome"]) for e in bo.store.audit_entries(limit=100)]
    assert audit.count(("fleet.config", "forbidden")) == 2


def test_a_configuration_signed_by_another_key_or_for_another_device_is_refused(
    bo: BackgroundBackoffice, tmp_path: Path
) -> None:
    admin = staff_token(bo, "root", "admin")
    assert put_config(bo, admin, "FS01/K02", {"sync.interval_s": 0.7}).status_code == 200
    data = enrolled_data_dir(bo, tmp_path, "K01")
    rt = Runtime(device_config(data, bo, "K01", **{"sync.heartbeat_s": 0}))
    try:
        # Signed by the back office, but for K02: replayed on K01, refused.
        for_k02 = bo.store.effective_config("FS01", "K02")
        assert for_k02 is not None
        assert rt.remote.apply_document(for_k02) is False
        assert rt.remote.report()["config_error"] == WRONG_DEVICE
        # Naming K01 but signed by another key: refused.
        (tmp_path / "other-key").mkdir()
        other = AuditSigner.load_or_create(tmp_path / "other-key")
        settings = {"sync.interval_s": 0.7}
        version = config_version(settings)
        forged = {
            "hall_code": "FS01",
            "device_code": "K01",
            "version": version,
            "settings": settings,
            "key_id": other.key_id,
            "signature": other.sign_message(config_message("FS01", "K01", version, settings)),
        }
        assert rt.remote.apply_document(forged) is False
        assert rt.remote.report()["config_error"] == BAD_SIGNATURE
        # The back office's own signature with a value changed after signing: refused.
        assert put_config(bo, admin, "FS01/K01", {"sync.interval_s": 0.9}).status_code == 200
        genuine = bo.store.effective_config("FS01", "K01")
        assert genuine is not None
        tampered = {**genuine, "settings": {"sync.interval_s": 0.1}}
        assert rt.remote.apply_document(tampered) is False
        assert rt.sync.interval_s == 0.3  # nothing of them applied
        assert not (data / REMOTE_OVERLAY_FILE).exists()
        assert rt.remote.apply_document(genuine) is True  # and the genuine one is
        assert rt.sync.interval_s == 0.9 and "config_error" not in rt.remote.report()
    finally:
        rt.close()


def test_a_device_without_the_back_office_key_refuses_and_says_why(
    bo: BackgroundBackoffice, tmp_path: Path
) -> None:
    admin = staff_token(bo, "root", "admin")
    assert put_config(bo, admin, "FS01", {"sync.interval_s": 0.6}).status_code == 200
    # Enrolled by other means (a provisioned token): no configuration key kept.
    token = device_token(bo, "FS01", "K03")
    rt = Runtime(device_config(tmp_path / "K03", bo, "K03", **{"backoffice.token": token}))
    try:
        rt.start()
        supervisor = staff_token(bo, "zhang", "supervisor")
        fx.wait_until(
            lambda: fleet_row(bo, supervisor, "K03")["config_error"] == NO_KEY,
            15,
            "the device's report that it has no key",
        )
        assert rt.sync.interval_s == 0.3
        assert fleet_row(bo, supervisor, "K03")["config_version"] is None
    finally:
        rt.close()


def test_the_fleet_table_shows_the_applied_version_and_refusals(
    bo: BackgroundBackoffice, tmp_path: Path
) -> None:
    import subprocess
    import sys

    admin = staff_token(bo, "root", "admin")
    assert put_config(bo, admin, "FS01", {"idle_timeout_s": 200}).status_code == 200
    data = enrolled_data_dir(bo, tmp_path, "K01")
    rt = Runtime(device_config(data, bo, "K01", **{"kiosk.elder_idle_timeout_s": 100}))
    try:
        rt.start()
        fx.wait_until(lambda: rt.remote.applied_version is not None, 15, "applied")
        version = rt.remote.report()["config_version"]
        supervisor = staff_token(bo, "zhang", "supervisor")
        fx.wait_until(
            lambda: fleet_row(bo, supervisor, "K01")["config_version"] == version, 15, "report"
        )
    finally:
        rt.close()
    out = subprocess.run(
        [sys.executable, "-m", "onewindow", "backoffice", "fleet", "--data", str(bo.data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    header, line = out.stdout.splitlines()[:2]
    assert "config" in header and "refused" in header
    assert version in line and "idle_timeout_s" in line


def test_backoffice_fleet_config_set_and_show(bo: BackgroundBackoffice) -> None:
    import json
    import subprocess
    import sys

    def cli(*words: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "onewindow", "backoffice", "fleet", *words,
             "--data", str(bo.data_dir)],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip

    out = cli("config", "set", "FS01/K01", "idle_timeout_s=120", "hall_name=测试大厅",
              "kiosk.voice_guidance=true", "--note", "试点")  # fmt: skip
    assert out.returncode == 0, out.stderr
    row = json.loads(out.stdout)
    assert row["settings"] == {
        "idle_timeout_s": 120,
        "hall_name": "测试大厅",
        "kiosk.voice_guidance": True,
    }
    assert row["note"] == "试点" and row["set_by"].startswith("cli")
    shown = cli("config", "show", "FS01/K01")
    assert shown.returncode == 0 and json.loads(shown.stdout)["settings"] == row["settings"]
    bad = cli("config", "set", "FS01", "backoffice.url=http://x.example", "idle_timeout_s=1")
    assert bad.returncode == 1
    assert "settings.backoffice.url" in bad.stderr and "settings.idle_timeout_s" in bad.stderr
    assert cli("config", "set", "FS01").returncode == 2  # no KEY=VALUE
    assert cli("--json").returncode == 0  # the plain list still works


def test_a_held_long_poll_answers_at_once_with_a_new_configuration_or_log_request(
    bo: BackgroundBackoffice,
) -> None:
    """An idle device waits up to a minute in its long poll; an administrator's change
    must not wait that long (the watch's once-a-second look wakes it)."""
    import threading
    import time

    admin = staff_token(bo, "wang", "admin")
    device = device_token(bo, "FS01", "K01")
    answers: list[tuple[float, dict[str, Any]]] = []

    def poll() -> None:
        r = requests.post(
            f"{bo.url}/api/v1/devices/self/feed",
            json={"cursor": 0, "wait_s": 30},
            headers=bearer(device),
            timeout=40,
        )
        assert r.status_code == 200, r.text
        answers.append((time.monotonic(), r.json()))

    for change in ("config", "logs"):
        waiting = bo.app.state.feed_watch.waiting_count
        thread = threading.Thread(target=poll)
        thread.start()
        fx.wait_until(lambda w=waiting: bo.app.state.feed_watch.waiting_count > w, what="waiting")
        started = time.monotonic()
        if change == "config":
            assert put_config(bo, admin, "FS01", {"idle_timeout_s": 90}).status_code == 200
        else:
            bo.store.request_logs("FS01", "K01", 50, "wang")
        thread.join(10)
        assert not thread.is_alive(), f"the poll still waits after a {change} change"
        at, page = answers[-1]
        assert at - started < 5.0, (change, at - started)
        assert page["changes"] == []
        if change == "config":
            assert page["config_version"]
        else:
            assert page["logs_request"]["lines"] == 50
