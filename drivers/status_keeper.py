"""What a device owner with a thread of its own keeps of its health: the last status.

``StatusKeeper`` is the part the voice (drivers.voice.device) and the A4 printer
(drivers.a4.device) share: it builds the DeviceStatus from health, message
parts and backend, keeps it, and tells ``on_status`` only when it changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from drivers.base import DeviceStatus, Health

log = logging.getLogger(__name__)


class StatusKeeper:
    """The latest status of one device and who to tell. Called from the owner's worker
    thread or the thread that opens it; ``on_status`` runs on that caller's thread."""

    device: str = ""  # the device's name (drivers.device_status), set by the subclass
    backend_name: str = ""
    _backend: Any = None
    _status: DeviceStatus | None = None
    on_status: Callable[[DeviceStatus], None] | None = None

    def _set_status(
        self, health: Health, message: str | tuple[str, ...], backend: str = ""
    ) -> None:
        backend = backend or getattr(self._backend, "backend", "") or self.backend_name
        parts = (message,) if isinstance(message, str) else tuple(p for p in message if p)
        st = DeviceStatus(self.device, health, "：".join(parts), backend, parts)
        if st == self._status:
            return
        self._status = st
        if self.on_status is not None:
            try:
                self.on_status(st)
            except Exception:
                log.exception("%s: on_status failed", self.device)
