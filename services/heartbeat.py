"""What a device's heartbeat says (wire.heartbeat.Heartbeat), collected from its parts.

The app's version, each device's health as the status bar shows it (id
reader, camera, printer, voice), the printer's own state (paper out…), the
outbox's depth and its oldest waiting entry's age, free disk in the data
folder and the last successful sync. No personal data: health words, counts
and sizes. The sync worker's heartbeat timer (sync.heartbeat) calls
``collect`` on its thread.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from drivers.base import DeviceStatus, PrinterState
from sync.store import PENDING_STATES, LocalStore

log = logging.getLogger(__name__)


def app_version() -> str:
    """The installed onewindow's version, or "" when it is not installed (a bare checkout)."""
    try:
        return metadata.version("onewindow")
    except metadata.PackageNotFoundError:
        return ""


class HeartbeatCollector:
    """Builds one heartbeat body from the device's store, devices and sync status.

    ``statuses`` returns the current DeviceStatus per device (the device
    manager's, with the voice's). The printer's state arrives through
    ``printer_state_changed`` (a DeviceManager printer listener, called on the
    printer thread); ``collect`` runs on the sync worker's thread. Both only
    read or replace plain values, so no lock is needed.
    """

    def __init__(
        self,
        store: LocalStore,
        data_dir: Path,
        statuses: Callable[[], dict[str, DeviceStatus]],
        *,
        hall_code: str,
        device_code: str,
        role: str,
        last_sync_at: Callable[[], dt.datetime | None],
    ) -> None:
        self.store = store
        self.data_dir = Path(data_dir)
        self.statuses = statuses
        self.hall_code = hall_code
        self.device_code = device_code
        self.role = role
        self.last_sync_at = last_sync_at
        self.printer_state: PrinterState | None = None
        self.version = app_version()

    def printer_state_changed(self, state: PrinterState) -> None:
        self.printer_state = state

    def collect(self) -> dict[str, Any]:
        """The heartbeat's body as JSON-ready data (wire.heartbeat.Heartbeat)."""
        now = dt.datetime.now().astimezone()
        stats = self.store.stats()
        counts: dict[str, int] = stats["counts"]  # type: ignore[assignment]
        oldest = stats["oldest_waiting"]
        oldest_age = None
        if isinstance(oldest, str) and oldest:
            born = dt.datetime.fromisoformat(oldest)
            if born.tzinfo is None:
                born = born.astimezone()
            oldest_age = round(max(0.0, (now - born).total_seconds()), 1)
        try:
            free_mb: float | None = round(shutil.disk_usage(self.data_dir).free / 2**20, 1)
        except OSError:
            free_mb = None
        last = self.last_sync_at()
        devices = {
            name: {"health": str(st.health), "detail": st.message[:200]}
            for name, st in sorted(self.statuses().items())
        }
        return {
            "hall_code": self.hall_code,
            "device_code": self.device_code,
            "role": self.role,
            "app_version": self.version[:40],
            "sent_at": now.isoformat(timespec="seconds"),
            "devices": devices,
            "printer_state": str(self.printer_state) if self.printer_state else "",
            "outbox_depth": sum(counts.get(s, 0) for s in PENDING_STATES),
            "outbox_oldest_age_s": oldest_age,
            "disk_free_mb": free_mb,
            "last_sync_at": last.isoformat() if last else None,
        }
