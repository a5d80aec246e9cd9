"""The heartbeat timer: when the device's heartbeat is due, and sending it.

What the heartbeat says is collected by a callable the device's runtime
gives (services.heartbeat); this module only decides when it is due. It
rides inside the status feed's long poll (``body_if_due`` hands the body to
the sync worker's feed thread, ``took`` hears how it went); only while the
long poll is not in use (a back office without it, or ``sync.feed_wait_s``
0) does it go alone as ``PUT /api/v1/devices/self/heartbeat``
(``send_if_due``). A failing heartbeat never stops the outbox: every failure
is logged (its kind only) and tried again at the next interval.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from core.errors import OneWindowError
from sync.client import BackofficeClient

log = logging.getLogger(__name__)

DEFAULT_HEARTBEAT_S = 60.0


class HeartbeatTimer:
    """When the heartbeat is due and what happened to the last one.

    Called from the sync worker's threads (the worker thread's ``send_if_due``,
    the feed thread's ``body_if_due``/``took``; never both at once in practice,
    a lock keeps the bookkeeping whole anyway); ``collect`` runs on the
    calling thread.
    """

    def __init__(
        self,
        client: BackofficeClient,
        collect: Callable[[], dict[str, Any]],
        interval_s: float = DEFAULT_HEARTBEAT_S,
        on_answer: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.client = client
        self.collect = collect
        self.interval_s = interval_s
        # Given every answer that carries the back office's instructions for this device
        # (services.remote, the catalog's ETag): a heartbeat's, and every long poll's.
        # On the calling thread; its failures are logged, never raised.
        self.on_answer = on_answer
        self._next = 0.0  # the first heartbeat goes at once
        self._lock = threading.Lock()
        self.sent = 0
        self.last_error = ""

    def due_in(self) -> float:
        """Seconds until the next heartbeat is due (0 when due now)."""
        return max(0.0, self._next - time.monotonic())

    def body_if_due(self, within_s: float = 0.0) -> dict[str, Any] | None:
        """The heartbeat to send now if it falls due within ``within_s`` (a long poll that
        may last that long carries it), else None. Never raises: a failed collection
        is logged and counts as a failed heartbeat."""
        with self._lock:
            if self._next - time.monotonic() > within_s:
                return None
            self._next = time.monotonic() + self.interval_s
        try:
            return self.collect()
        except Exception as exc:  # a heartbeat never stops the sync worker
            self.took(type(exc).__name__)
            return None

    def took(self, error: str = "") -> None:
        """How the heartbeat handed out by ``body_if_due`` went: "" recorded, else the
        error's kind (it goes again at the next interval)."""
        with self._lock:
            self.last_error = error
            if not error:
                self.sent += 1
        if error:
            log.info("heartbeat not sent: %s", error)

    def answered(self, answer: dict[str, Any]) -> None:
        """Hand an answer with the back office's instructions to ``on_answer``. Never raises."""
        if self.on_answer is None:
            return
        try:
            self.on_answer(answer)
        except Exception as exc:  # the answer's handling never stops the sync worker
            log.warning("back office's instructions not handled: %s", type(exc).__name__)

    def send_if_due(self) -> bool:
        """Send the heartbeat on its own if it is due; True when the back office took it.
        Never raises."""
        body = self.body_if_due()
        if body is None:
            return False
        try:
            answer = self.client.send_heartbeat(body)
        except OneWindowError as exc:
            self.took(exc.code)
            return False
        except Exception as exc:  # a heartbeat never stops the sync worker
            self.took(type(exc).__name__)
            return False
        self.took()
        self.answered(answer)
        return True
