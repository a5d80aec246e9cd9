"""Catalog publishing benchmark: ``python -m bench.catalog`` prints one JSON line.

A real back office on loopback (in this process) with a catalog of
``--items`` items (the sample's items repeated under new codes) published
through ``POST /api/v1/catalog``; a kiosk and a counter offscreen with
virtual devices, polling every ``--poll-s``. Figures:

- ``publish_ms``: the administrator's POST (check, store, audit);
- ``poll_304_ms_p50/p99``: a device's poll when nothing changed (If-None-Match),
  ``--polls`` times through the real client; ``poll_200_ms_p50`` and
  ``catalog_kb``: the same with the body;
- ``publish_to_kiosk_ms`` / ``publish_to_counter_ms``: from the POST's answer
  to the new item on the hidden items screen (mostly the poll interval);
- ``kiosk_rebuild_ms`` / ``counter_rebuild_ms``: the GUI thread's work to
  rebuild the items screen / item list for that catalog (what a citizen's
  screen is busy for when a catalog arrives).

    python -m bench.catalog [--items 400] [--polls 200] [--poll-s 0.2]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.kiosk_soak import wait_until  # noqa: E402


def _catalog(n: int, version: str) -> dict:
    import assets

    base = json.loads(assets.sample_catalog().read_text(encoding="utf-8"))
    items = list(base["items"])
    i = 0
    while len(items) < n:
        extra = copy.deepcopy(base["items"][i % len(base["items"])])
        extra["code"] = f"440604-BENCH-{i:04d}"
        extra["name"] = f"{extra['name']}（{i}）"
        items.append(extra)
        i += 1
    return {**base, "version": version, "items": items[:n]}


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _p(values: list[float], q: float) -> float:
    return _ms(sorted(values)[min(len(values) - 1, int(q * len(values)))])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=400)
    ap.add_argument("--polls", type=int, default=200)
    ap.add_argument("--poll-s", type=float, default=0.2)
    args = ap.parse_args(argv)

    import requests

    from backoffice.server import BackgroundBackoffice
    from core.config import load_config
    from onewindow.gui import make_app, make_window
    from sync.client import BackofficeClient

    make_app("zh_CN")
    tmp = Path(tempfile.mkdtemp(prefix="ow-bench-catalog-"))
    with BackgroundBackoffice(tmp / "bo") as bo:
        bo.store.add_staff("admin1", "管理员", "admin", "bench password 1234", "")
        token = requests.post(
            f"{bo.url}/api/v1/staff/sign-in",
            json={"login": "admin1", "password": "bench password 1234"},
            timeout=10,
        ).json()["token"]

        def publish(catalog: dict) -> float:
            t0 = time.perf_counter()
            r = requests.post(
                f"{bo.url}/api/v1/catalog",
                json={"note": "bench", "catalog": catalog},
                headers={"Authorization": f"Bearer {token}"},
                timeout=30,
            )
            if r.status_code != 201:
                raise RuntimeError(r.text)
            return time.perf_counter() - t0

        publish_s = publish(_catalog(args.items, "bench-1"))
        client = BackofficeClient(bo.url)
        body, etag = client.get_catalog(None)
        assert body is not None
        full, unchanged = [], []
        for _ in range(args.polls):
            t0 = time.perf_counter()
            client.get_catalog(None)
            full.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            assert client.get_catalog(etag)[0] is None
            unchanged.append(time.perf_counter() - t0)

        apps = {}
        for role, code in (("kiosk", "K01"), ("counter", "C01")):
            cfg = load_config(
                None,
                {
                    "role": role,
                    "device_code": code,
                    "data_dir": str(tmp / role),
                    "backoffice.url": bo.url,
                    "sync.catalog_poll_s": args.poll_s,
                },
            )
            win, bridge = make_window(cfg)
            win.show()
            bridge.start()
            apps[role] = (win, bridge)
        try:
            for win, _b in apps.values():
                wait_until(lambda w=win: w.rt.catalog.version == "bench-1")
            kiosk, counter = apps["kiosk"][0], apps["counter"][0]
            wait_until(lambda: kiosk.pages["items"].catalog.version == "bench-1")
            wait_until(lambda: counter.pages["item"].catalog.version == "bench-1")

            # The GUI thread's part alone: rebuild for the catalog in use.
            t0 = time.perf_counter()
            kiosk.pages["items"].fill()
            kiosk_rebuild = time.perf_counter() - t0
            t0 = time.perf_counter()
            counter.pages["item"]._rebuild()
            counter_rebuild = time.perf_counter() - t0

            new = _catalog(args.items, "bench-2")
            new["items"][-1] = {**new["items"][-1], "code": "440604-BENCH-NEW", "name": "新事项"}
            publish(new)
            t0 = time.perf_counter()
            seen: dict[str, float] = {}

            def arrived() -> bool:
                if "kiosk" not in seen and "440604-BENCH-NEW" in kiosk.pages["items"].item_buttons:
                    seen["kiosk"] = time.perf_counter() - t0
                listed = counter.pages["item"].catalog.version == "bench-2"
                if "counter" not in seen and listed:
                    seen["counter"] = time.perf_counter() - t0
                return len(seen) == 2

            wait_until(arrived, timeout=60)
        finally:
            for _w, bridge in apps.values():
                bridge.close()

    print(
        json.dumps(
            {
                "items": args.items,
                "catalog_kb": round(len(body) / 1024, 1),
                "publish_ms": _ms(publish_s),
                "poll_304_ms_p50": _p(unchanged, 0.5),
                "poll_304_ms_p99": _p(unchanged, 0.99),
                "poll_200_ms_p50": _p(full, 0.5),
                "poll_s": args.poll_s,
                "publish_to_kiosk_ms": _ms(seen["kiosk"]),
                "publish_to_counter_ms": _ms(seen["counter"]),
                "kiosk_rebuild_ms": _ms(kiosk_rebuild),
                "counter_rebuild_ms": _ms(counter_rebuild),
                "idle_catalog_requests_per_min_at_default": round(60 / 300, 2),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
