"""The status feed: every state a case reaches, numbered, for the devices to follow.

A device asks for the changes after its cursor (``GET /api/v1/status``, or the
long poll ``POST /api/v1/devices/self/feed``) and gets only its own cases' (by
hall and device code). Listeners (``add_feed_listener``) hear of each change
this store object writes, with the case's hall and device: the long poll's
in-process wake-up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from backoffice.store.database import StoreDatabase
from core.case import Case

log = logging.getLogger(__name__)

FeedListener = Callable[[str, str], None]


class FeedStore(StoreDatabase):
    """The ``events`` table: written with each state change, read by ``changes``.

    Part of BackofficeStore. Any thread; ``_event`` only inside the caller's
    transaction, with the lock held. A listener is called on the writing
    thread, inside that transaction: it must only hand the news on (the long
    poll re-reads the feed, and its once-a-second check covers a read that
    came before the commit).
    """

    def _feed_listeners(self) -> list[FeedListener]:
        return self.__dict__.setdefault("_feed_listener_list", [])

    def add_feed_listener(self, listener: FeedListener) -> None:
        """Call ``listener(hall_code, device_code)`` for each change written from now on."""
        self._feed_listeners().append(listener)

    def remove_feed_listener(self, listener: FeedListener) -> None:
        if listener in self._feed_listeners():
            self._feed_listeners().remove(listener)

    def _event(self, case: Case, actor: str, at: str) -> None:
        self._db.execute(
            "INSERT INTO events (case_id, receipt_no, hall_code, device_code, state, reason,"
            " actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                case.id,
                case.receipt_no,
                case.hall_code,
                case.device_code,
                case.state.value,
                case.state_reason,
                actor,
                at,
            ),
        )
        for listener in list(self._feed_listeners()):
            try:
                listener(case.hall_code, case.device_code)
            except Exception:  # a listener never undoes a decision
                log.exception("feed listener failed")

    def changes(
        self, cursor: int = 0, limit: int = 100, device: str = "", hall: str = ""
    ) -> dict[str, Any]:
        """Status changes after ``cursor`` (oldest first) and the cursor to ask with next,
        for one device (``hall`` and ``device`` codes) or, both empty, for all."""
        sql = "SELECT seq, case_id, receipt_no, state, reason, at FROM events WHERE seq > ?"
        params: list[Any] = [cursor]
        if device:
            sql += " AND device_code = ?"
            params.append(device)
        if hall:
            sql += " AND hall_code = ?"
            params.append(hall)
        sql += " ORDER BY seq LIMIT ?"
        params.append(limit)
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
        keys = ("seq", "case_id", "receipt_no", "state", "reason", "at")
        changes = [dict(zip(keys, r, strict=True)) for r in rows]
        return {"changes": changes, "cursor": changes[-1]["seq"] if changes else cursor}
