"""Refused attempts, counted in the database so every worker shares one limit.

Part of BackofficeStore; read and written by backoffice.api.ratelimit. A row
holds what was refused (``kind``), who tried (``subject``: a client address,
or a caller's name for look-ups; no personal data) and when. Rows older than
the longest window are removed as new ones come.
"""

from __future__ import annotations

import datetime as dt

from backoffice.store.database import StoreDatabase

KEEP = dt.timedelta(hours=1)
"""How long a row is kept: longer than any limit's window."""


def _iso(at: dt.datetime) -> str:
    return at.isoformat(timespec="milliseconds")


class FailureStore(StoreDatabase):
    """Refused attempts per kind and subject; part of BackofficeStore. Any thread."""

    def failures_since(self, kind: str, subject: str, since: dt.datetime) -> list[str]:
        """When ``subject`` was refused for ``kind`` since ``since`` (ISO times, oldest first)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT at FROM failures WHERE kind = ? AND subject = ? AND at > ? ORDER BY at",
                (kind, subject, _iso(since)),
            ).fetchall()
        return [r[0] for r in rows]

    def record_failure(self, kind: str, subject: str, at: dt.datetime) -> None:
        """One refused attempt; rows older than KEEP go in the same transaction."""
        with self._lock, self._db.atomic():
            self._db.execute(
                "INSERT INTO failures (kind, subject, at) VALUES (?, ?, ?)",
                (kind, subject, _iso(at)),
            )
            self._db.execute("DELETE FROM failures WHERE at < ?", (_iso(at - KEEP),))
