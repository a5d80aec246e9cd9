"""The fleet's alarms: when a device's last heartbeat says something is wrong.

Pure functions over the heartbeat's JSON (wire.heartbeat.Heartbeat) and the
limits the operator chose (``onewindow backoffice serve --offline-minutes …``),
kept apart from the store so the CLI can read the defaults without loading
it. Plain data; any thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FleetLimits:
    """When a device raises an alarm: no heartbeat for ``offline_minutes``, an outbox
    entry waiting more than ``outbox_hours``, less than ``disk_low_mb`` free. Plain data."""

    offline_minutes: float = 10.0
    outbox_hours: float = 4.0
    disk_low_mb: float = 500.0


ALARMS = ("offline", "paper_out", "outbox_stale", "disk_low")


def alarms_of(
    heartbeat: dict[str, Any] | None,
    received_at: str | None,
    limits: FleetLimits,
    now: dt.datetime | None = None,
) -> list[str]:
    """The alarms of one device, in ALARMS order, from its last heartbeat (None: never sent)."""
    now = now or dt.datetime.now(dt.UTC)
    if heartbeat is None or received_at is None:
        return ["offline"]
    found = []
    age = now - dt.datetime.fromisoformat(received_at)
    if age > dt.timedelta(minutes=limits.offline_minutes):
        found.append("offline")
    if heartbeat.get("printer_state") == "paper_out":
        found.append("paper_out")
    oldest = heartbeat.get("outbox_oldest_age_s")
    if oldest is not None and oldest > limits.outbox_hours * 3600:
        found.append("outbox_stale")
    free = heartbeat.get("disk_free_mb")
    if free is not None and free < limits.disk_low_mb:
        found.append("disk_low")
    return found
