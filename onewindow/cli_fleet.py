"""``onewindow backoffice fleet``: every enrolled device, its last heartbeat and its alarms.

Run on the back-office host against the data folder (``--data``), like
``backoffice list``; prints the same rows and alarms as ``GET /api/v1/fleet``
as a table (``--json`` for JSON lines), with the remote configuration each
device applied and the keys it refused. The alarm limits are options shared
with ``backoffice serve`` (``--offline-minutes``, ``--outbox-hours``,
``--disk-low-mb``).

The administrator's remote acts (docs/fleet.md), audited as
``cli:<operating-system user>``:

    fleet config set SCOPE KEY=VALUE … [--note TEXT]   a hall (FS01) or device (FS01/K01)
    fleet config show SCOPE
    fleet logs HALL/DEVICE [--lines N] [--wait S]       ask, wait for the upload, print it
    fleet logs REQUEST_ID                               print a request's lines
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from backoffice.fleet import FleetLimits

_DEFAULTS = FleetLimits()


def positive_number(most: float, unit: str = "") -> Callable[[str], float]:
    """An argparse type: a number above zero and at most ``most`` (``unit`` for the error)."""
    what = f"not a positive number{' of ' + unit if unit else ''}"

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if not 0 < value <= most:
            raise argparse.ArgumentTypeError(f"{what}: {text!r}")
        return value

    return parse


_positive = positive_number(10_000_000)


def add_arguments(s: argparse.ArgumentParser) -> None:
    """The fleet's alarm limits (serve and fleet) and ``--json`` (fleet)."""
    s.add_argument(
        "--offline-minutes",
        type=_positive,
        default=_DEFAULTS.offline_minutes,
        help=f"serve/fleet: offline after this long without a heartbeat "
        f"(default {_DEFAULTS.offline_minutes:g})",
    )
    s.add_argument(
        "--outbox-hours",
        type=_positive,
        default=_DEFAULTS.outbox_hours,
        help=f"serve/fleet: alarm when an outbox entry waits longer "
        f"(default {_DEFAULTS.outbox_hours:g})",
    )
    s.add_argument(
        "--disk-low-mb",
        type=_positive,
        default=_DEFAULTS.disk_low_mb,
        help=f"serve/fleet: alarm under this much free disk (default {_DEFAULTS.disk_low_mb:g})",
    )
    s.add_argument("--json", action="store_true", help="fleet: JSON lines, not a table")
    s.add_argument("rest", nargs="*", default=[], help="fleet config set: SCOPE KEY=VALUE …")
    s.add_argument(
        "--lines", type=int, default=200, help="fleet logs: how many last lines (1-2000)"
    )
    s.add_argument(
        "--wait",
        type=float,
        default=120.0,
        help="fleet logs: seconds to wait for the device's upload (0: ask only)",
    )


def limits_of(args: argparse.Namespace) -> FleetLimits:
    return FleetLimits(args.offline_minutes, args.outbox_hours, args.disk_low_mb)


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 120:
        return f"{seconds:.0f}s"
    if seconds < 7200:
        return f"{seconds / 60:.0f}m"
    return f"{seconds / 3600:.1f}h"


def table_rows(rows: list[dict[str, Any]]) -> list[list[str]]:
    """The table's header and one line per device."""
    out = [["hall", "device", "role", "last seen", "version", "printer", "outbox", "oldest",
            "disk MB", "last sync", "config", "refused", "alarms"]]  # fmt: skip
    for r in rows:
        beat = r["heartbeat"] or {}
        disk = beat.get("disk_free_mb")
        out.append(
            [
                r["hall_code"],
                r["device_code"],
                r["role"] or "-",
                (r["last_seen_at"] or "-")[:19],
                beat.get("app_version") or "-",
                beat.get("printer_state") or "-",
                str(beat.get("outbox_depth", "-")),
                _age(beat.get("outbox_oldest_age_s")),
                "-" if disk is None else f"{disk:.0f}",
                (beat.get("last_sync_at") or "-")[:19],
                r.get("config_version") or "-",
                ",".join(sorted(r.get("config_refused") or {})) or r.get("config_error") or "-",
                ",".join(r["alarms"]) or "-",
            ]
        )
    return out


def cmd_fleet(args: argparse.Namespace) -> int:
    """``backoffice fleet``: the table (or JSON lines) of every enrolled device."""
    from backoffice.store import BackofficeStore

    if args.what == "config":
        return _cmd_config(args)
    if args.what == "logs":
        return _cmd_logs(args)

    store = BackofficeStore(Path(args.data), args.db)
    try:
        rows = store.fleet(limits_of(args), args.hall.upper())
    finally:
        store.close()
    if args.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return 0
    lines = table_rows(rows)
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    for line in lines:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())
    if not rows:
        print("没有已登记的设备 / no enrolled device")
    return 0


def parse_setting(text: str) -> tuple[str, object]:
    """``KEY=VALUE`` with VALUE read as a TOML value (120, true, "text"), else as text."""
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise ValueError(text)
    try:
        value: object = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw.strip()
    return key.strip(), value


def _cmd_config(args: argparse.Namespace) -> int:
    from backoffice.store import BackofficeStore, BackofficeStoreError
    from onewindow.cli_staff import cli_actor

    usage = "用法 / usage: backoffice fleet config set SCOPE KEY=VALUE … | show SCOPE"
    if args.target not in ("set", "show") or not args.rest:
        print(usage, file=sys.stderr)
        return 2
    scope, *pairs = args.rest
    scope = scope.upper()
    try:
        settings = dict(parse_setting(p) for p in pairs)
    except ValueError as exc:
        print(f"应为 KEY=VALUE / expected KEY=VALUE: {exc}", file=sys.stderr)
        return 2
    if args.target == "set" and not settings:
        print(usage, file=sys.stderr)
        return 2
    store = BackofficeStore(Path(args.data), args.db)
    try:
        if args.target == "set":
            row = store.set_remote_config(scope, settings, args.note, cli_actor())
        else:
            row = store.remote_config(scope)
    except BackofficeStoreError as exc:
        print(exc.message, file=sys.stderr)
        for problem in exc.detail or []:
            print(
                f"  {problem['field']}: {problem.get('error') or problem['code']}", file=sys.stderr
            )
        return 1
    finally:
        store.close()
    print(json.dumps(row, ensure_ascii=False))
    return 0


_REQUEST_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _cmd_logs(args: argparse.Namespace) -> int:
    from backoffice.store import BackofficeStore, BackofficeStoreError
    from onewindow.cli_staff import cli_actor

    target = args.target.strip()
    hall, _, device = target.upper().partition("/")
    if not _REQUEST_ID.fullmatch(target.lower()) and not (hall and device):
        print("用法 / usage: backoffice fleet logs HALL/DEVICE [--lines N] [--wait S]"
              " | REQUEST_ID", file=sys.stderr)  # fmt: skip
        return 2
    actor = cli_actor()
    store = BackofficeStore(Path(args.data), args.db)
    try:
        if _REQUEST_ID.fullmatch(target.lower()):
            request_id = target.lower()
        else:
            request_id = store.request_logs(hall, device, args.lines, actor)["id"]
            print(f"已请求 / requested: {request_id}", file=sys.stderr)
            if args.wait <= 0:
                print(request_id)
                return 0
        deadline = time.monotonic() + max(0.0, args.wait)
        while True:
            pulled = store.log_pull(request_id, actor)
            if pulled["text"] is not None:
                sys.stdout.write(pulled["text"])
                return 0
            if time.monotonic() >= deadline:
                print("设备尚未上传（它在下次心跳后上传）/ not uploaded yet: "
                      f"backoffice fleet logs {request_id}", file=sys.stderr)  # fmt: skip
                return 3
            time.sleep(min(1.0, max(0.05, deadline - time.monotonic())))
    except BackofficeStoreError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    finally:
        store.close()
