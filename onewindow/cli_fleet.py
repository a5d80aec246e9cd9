"""``onewindow backoffice fleet``: every enrolled device, its last heartbeat and its alarms.

Run on the back-office host against the data folder (``--data``), like
``backoffice list``; prints the same rows and alarms as ``GET /api/v1/fleet``
as a table (``--json`` for JSON lines). The alarm limits are options shared
with ``backoffice serve`` (``--offline-minutes``, ``--outbox-hours``,
``--disk-low-mb``).
"""

from __future__ import annotations

import argparse
import json
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
            "disk MB", "last sync", "alarms"]]  # fmt: skip
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
                ",".join(r["alarms"]) or "-",
            ]
        )
    return out


def cmd_fleet(args: argparse.Namespace) -> int:
    """``backoffice fleet``: the table (or JSON lines) of every enrolled device."""
    from backoffice.store import BackofficeStore

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
