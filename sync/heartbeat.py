"""The heartbeat timer: the sync worker sends the device's heartbeat every ``interval_s``.

What the heartbeat says is collected by a callable the device's runtime
gives (services.heartbeat); this module only decides when to send and makes
sure a failing heartbeat never stops the outbox: every failure is logged
(its kind only) and tried again at the next interval.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from core.errors import OneWindowError
from sync.client import BackofficeClient

log = logging.getLogger(__name__)

DEFAULT_HEARTBEAT_S = 60.0


class HeartbeatTimer:
    """Sends a heartbeat when one is due. Called from the sync worker's thread only
    (``send_if_due``, ``due_in``); ``collect`` runs on that thread too."""

    def __init__(
        self,
        client: BackofficeClient,
        collect: Callable[[], dict[str, Any]],
        interval_s: float = DEFAULT_HEARTBEAT_S,
        on_answer: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.client = client
        self.collect = collect
        # Given the back office's answer (its instructions, services.remote); on this
        # thread, after the heartbeat was taken. Its failures are logged, never raised.
        self.on_answer = on_answer
        self.interval_s = interval_s
        self._next = 0.0  # the first heartbeat goes at once
        self.sent = 0
        self.last_error = ""

    def due_in(self) -> float:
        """Seconds until the next heartbeat is due (0 when due now)."""
        return max(0.0, self._next - time.monotonic())

    def send_if_due(self) -> bool:
        """Send the heartbeat if it is due; True when the back office took it. Never raises."""
        if time.monotonic() < self._next:
            return False
        self._next = time.monotonic() + self.interval_s
        try:
            answer = self.client.send_heartbeat(self.collect())
        except OneWindowError as exc:
            self.last_error = exc.code
            log.info("heartbeat not sent: %s", exc.code)
            return False
        except Exception as exc:  # a heartbeat never stops the sync worker
            self.last_error = type(exc).__name__
            log.warning("heartbeat not sent: %s", type(exc).__name__)
            return False
        self.sent += 1
        self.last_error = ""
        if self.on_answer is not None:
            try:
                self.on_answer(answer)
            except Exception as exc:  # the answer's handling never stops the sync worker
                log.warning("heartbeat answer not handled: %s", type(exc).__name__)
        return True
