"""呼叫工作人员: a device asks the hall's staff to come, and the staff see and clear it.

A help request is a record like the others (wire.records.HelpRequest): saved
in the local store with its outbox entry in one transaction, sent when the
back office is reachable, so a call made offline waits and is not lost.
Presses closer together than ``REPEAT_S`` make no second record: the staff
are already on their way. The counter reads the hall's open requests from
the back office and marks one handled. Qt-free.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.errors import CaseError
from services.runtime import Runtime
from wire.records import HelpRequest

log = logging.getLogger(__name__)

REPEAT_S = 60.0  # a second press within this says "already called", no second record


@dataclass(frozen=True)
class HelpCall:
    """What one press did: ``record`` saved (None when it repeated a recent call), and
    whether the back office was reachable at the last try (``online``). Plain data."""

    record: HelpRequest | None
    online: bool

    @property
    def repeat(self) -> bool:
        return self.record is None


class HelpDesk:
    """One device's help calls, at most one record per ``repeat_s``.

    ``call`` writes to the store: run it off the GUI thread (the background
    lane). Any thread; one lock keeps two quick presses from both saving.
    """

    def __init__(
        self,
        runtime: Runtime,
        *,
        channel: str = "kiosk",
        repeat_s: float = REPEAT_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.runtime = runtime
        self.channel = channel
        self.repeat_s = repeat_s
        self.clock = clock
        self._lock = threading.Lock()
        self._last: float | None = None

    def call(self, page: str) -> HelpCall:
        """Ask for staff from ``page`` (a page name, no personal data), unless just asked.

        StorageError when the store cannot save it (the press may be tried again).
        """
        rt = self.runtime
        with self._lock:
            now = self.clock()
            if self._last is not None and now - self._last < self.repeat_s:
                return HelpCall(None, rt.sync.status().online)
            cfg = rt.config
            try:
                record = HelpRequest(
                    hall_code=cfg.hall_code,
                    device_code=cfg.device_code,
                    page=page if re.fullmatch(r"[a-z_]{1,32}", page) else "",
                    channel=self.channel,
                )
            except ValueError as exc:  # pydantic's ValidationError included
                raise CaseError("help.invalid") from exc
            rt.store.submit_record(record)
            self._last = now
        log.info("help request %s saved, queued for sync", record.id)
        rt.sync.sync_now()
        return HelpCall(record, rt.sync.status().online)


def open_help_requests(runtime: Runtime) -> list[dict[str, Any]]:
    """The hall's open help requests, from the back office (network: off the GUI thread)."""
    return runtime.client.help_requests(runtime.config.hall_code)


def mark_help_handled(runtime: Runtime, request_id: str) -> dict[str, Any]:
    """已处理: the staff came (network: off the GUI thread)."""
    return runtime.client.mark_help_handled(request_id)
