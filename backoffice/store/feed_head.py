"""The status feed's head, for long polls: the newest change, and whose cases changed.

The long poll (backoffice.api.routes.feed) holds a device's request until a
change of its own cases arrives. A change written by this process wakes it
directly (``FeedStore.add_feed_listener``); one written by another worker
process or the CLI is found by ``FeedWatch`` asking ``feed_head`` about once
a second and, when the head moved, ``feed_devices_between`` which devices'
cases changed. Both are index look-ups (``events.seq`` is the primary key).
"""

from __future__ import annotations

from backoffice.store.database import StoreDatabase


class FeedHeadStore(StoreDatabase):
    """Two cheap reads of the ``events`` table; part of BackofficeStore. Any thread."""

    def feed_head(self) -> int:
        """The newest change's number (0 when the feed is empty)."""
        with self._lock:
            row = self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()
        return int(row[0])

    def feed_devices_between(self, after: int, upto: int) -> list[tuple[str, str]]:
        """(hall_code, device_code) of every device whose cases changed in (after, upto]."""
        with self._lock:
            rows = self._db.execute(
                "SELECT DISTINCT hall_code, device_code FROM events WHERE seq > ? AND seq <= ?",
                (after, upto),
            ).fetchall()
        return [(r[0] or "", r[1] or "") for r in rows]
