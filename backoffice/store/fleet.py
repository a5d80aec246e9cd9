"""The fleet: each device's last heartbeat and last-seen time, and the alarms they raise.

A device's heartbeat (wire.heartbeat.Heartbeat) replaces its previous one;
``devices.last_seen_at`` is written on the heartbeat and on every other
request of an enrolled device (backoffice.api.deps), at most once per
LAST_SEEN_RESOLUTION_S per device and process, so a busy device does not
add a write to each of its requests. The alarms are computed when the list
is read (backoffice.fleet). No personal data.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

from backoffice.fleet import FleetLimits, alarms_of
from backoffice.store.database import StoreDatabase, now_iso

LAST_SEEN_RESOLUTION_S = 30.0


class FleetStore(StoreDatabase):
    """Heartbeats and last-seen times; part of BackofficeStore. Any thread."""

    def _seen_written(self) -> dict[str, float]:
        # device id → monotonic time of its last last_seen_at write in this process
        return self.__dict__.setdefault("_last_seen_writes", {})

    def saw_device(self, device_id: str) -> None:
        """Note that an enrolled device just made a request (``devices.last_seen_at``)."""
        seen = self._seen_written()
        now = time.monotonic()
        if now - seen.get(device_id, -LAST_SEEN_RESOLUTION_S) < LAST_SEEN_RESOLUTION_S:
            return
        seen[device_id] = now
        with self._lock, self._db.atomic():
            self._db.execute(
                "UPDATE devices SET last_seen_at = ? WHERE id = ?", (now_iso(), device_id)
            )

    def save_heartbeat(self, device: dict[str, str], body: dict[str, Any]) -> str:
        """Keep ``body`` as the device's last heartbeat; when it was received."""
        at = now_iso()
        with self._lock, self._db.atomic():
            self._db.execute(
                "INSERT INTO heartbeats (device_id, hall_code, device_code, received_at, body)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET"
                " hall_code = excluded.hall_code, device_code = excluded.device_code,"
                " received_at = excluded.received_at, body = excluded.body",
                (
                    device["id"],
                    device["hall_code"],
                    device["device_code"],
                    at,
                    json.dumps(body, ensure_ascii=False),
                ),
            )
            self._db.execute("UPDATE devices SET last_seen_at = ? WHERE id = ?", (at, device["id"]))
        self._seen_written()[device["id"]] = time.monotonic()
        return at

    def fleet(self, limits: FleetLimits, hall: str = "") -> list[dict[str, Any]]:
        """Every enrolled, not revoked device (of ``hall`` when given), by hall and device:
        hall, device, role (from its heartbeat), last seen, last heartbeat, alarms."""
        sql = (
            "SELECT d.id, d.hall_code, d.device_code, d.enrolled_at, d.last_seen_at,"
            " h.received_at, h.body FROM devices d LEFT JOIN heartbeats h ON h.device_id = d.id"
            " WHERE d.revoked_at IS NULL"
        )
        params: list[Any] = []
        if hall:
            sql += " AND d.hall_code = ?"
            params.append(hall)
        sql += " ORDER BY d.hall_code, d.device_code"
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
        now = dt.datetime.now(dt.UTC)
        out = []
        for dev_id, hall_code, device_code, enrolled, seen, received, body in rows:
            beat = json.loads(body) if body else None
            out.append(
                {
                    "id": dev_id,
                    "hall_code": hall_code,
                    "device_code": device_code,
                    "role": (beat or {}).get("role", ""),
                    "enrolled_at": enrolled,
                    "last_seen_at": seen,
                    "heartbeat_at": received,
                    "heartbeat": beat,
                    "alarms": alarms_of(beat, received, limits, now),
                }
            )
        return out
