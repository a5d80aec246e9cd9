"""Remote configuration benchmark: `python -m bench.remote` prints one JSON line.

What remote configuration adds to a heartbeat at the back office, with a
real back office over HTTP on loopback (SQLite) and ``--devices`` enrolled
devices, half of them under a hall setting and a device override:

- ``heartbeat_ms_p50`` / ``_p99``: one heartbeat PUT, answer with its
  instructions (``store.device_instructions``: one query, no signature);
  ``unconfigured_heartbeat_ms_p50`` the same for devices of a hall nobody
  configured (the baseline: what the HTTP round trip and the fsync'd write cost);
- ``instructions_us_p50``: ``device_instructions`` alone, in process;
- ``signed_config_ms_p50``: ``GET /api/v1/devices/self/config`` (the
  effective configuration, signed with Ed25519), which a device makes only
  when its version changes;
- ``apply_ms_p50``: the device side, ``RemoteControl.apply_document``
  (verify, check each key with the TOML rules, write the overlay atomically).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import tempfile
import time
from pathlib import Path

import requests

from backoffice.server import BackgroundBackoffice
from core.config import load_config
from services.remote import RemoteControl
from sync.client import BackofficeClient
from sync.enrol import enrol


def _ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 3)


def _p99(samples: list[float]) -> float:
    return round(sorted(samples)[int(len(samples) * 0.99) - 1] * 1000, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-remote-"))
    with BackgroundBackoffice(root / "bo", open_access=False) as bo:
        store = bo.store
        store.set_remote_config("FS01", {"idle_timeout_s": 120, "sync.interval_s": 10}, "", "bench")
        tokens, devices = [], []
        for i in range(args.devices):
            code = f"K{i:02d}"
            answer = store.enrol(store.create_enrolment("FS01", code), "FS01", code)
            tokens.append((code, answer["token"]))
            devices.append(store.device_for_token(answer["token"]))
            if i % 2 == 0:
                store.set_remote_config(f"FS01/{code}", {"sync.heartbeat_s": 30}, "", "bench")
        plain = []
        for i in range(args.devices // 5 or 1):
            code = f"P{i:02d}"
            answer = store.enrol(store.create_enrolment("FS02", code), "FS02", code)
            plain.append((code, answer["token"]))
        beats, signed, unconfigured = [], [], []
        session = requests.Session()
        for _ in range(args.rounds):
            for code, token in tokens:
                body = {"hall_code": "FS01", "device_code": code,
                        "sent_at": dt.datetime.now(dt.UTC).isoformat()}  # fmt: skip
                auth = {"Authorization": f"Bearer {token}"}
                t0 = time.perf_counter()
                r = session.put(
                    f"{bo.url}/api/v1/devices/self/heartbeat", json=body, headers=auth, timeout=10
                )
                beats.append(time.perf_counter() - t0)
                assert r.status_code == 200 and r.json()["config_version"], r.text
            for code, token in plain * 5:
                body = {"hall_code": "FS02", "device_code": code,
                        "sent_at": dt.datetime.now(dt.UTC).isoformat()}  # fmt: skip
                auth = {"Authorization": f"Bearer {token}"}
                t0 = time.perf_counter()
                r = session.put(
                    f"{bo.url}/api/v1/devices/self/heartbeat", json=body, headers=auth, timeout=10
                )
                unconfigured.append(time.perf_counter() - t0)
                assert r.status_code == 200 and r.json()["config_version"] is None, r.text
        for _code, token in tokens[: min(len(tokens), 20)]:
            t0 = time.perf_counter()
            r = session.get(f"{bo.url}/api/v1/devices/self/config",
                            headers={"Authorization": f"Bearer {token}"}, timeout=10)  # fmt: skip
            signed.append(time.perf_counter() - t0)
            assert r.status_code == 200
        inproc = []
        for device in devices * args.rounds:
            t0 = time.perf_counter()
            store.device_instructions(device)
            inproc.append(time.perf_counter() - t0)
        # The device side: one enrolled device applying its signed configuration.
        data = root / "device"
        client = BackofficeClient(bo.url)
        enrol(client, data, store.create_enrolment("FS01", "D01"), "FS01", "D01")
        config = load_config(None, {"data_dir": str(data), "device_code": "D01",
                                    "backoffice.url": bo.url})  # fmt: skip
        remote = RemoteControl(client, config, log_file=None)
        applies = []
        for i in range(20):
            store.set_remote_config("FS01/D01", {"sync.interval_s": 5 + i}, "", "bench")
            doc = store.effective_config("FS01", "D01")
            assert doc is not None
            t0 = time.perf_counter()
            assert remote.apply_document(doc)
            applies.append(time.perf_counter() - t0)
        client.close()
    print(
        json.dumps(
            {
                "devices": args.devices,
                "heartbeats": len(beats),
                "heartbeat_ms_p50": _ms(beats),
                "heartbeat_ms_p99": _p99(beats),
                "unconfigured_heartbeat_ms_p50": _ms(unconfigured),
                "instructions_us_p50": round(statistics.median(inproc) * 1e6, 1),
                "signed_config_ms_p50": _ms(signed),
                "apply_ms_p50": _ms(applies),
            }
        )
    )


if __name__ == "__main__":
    main()
