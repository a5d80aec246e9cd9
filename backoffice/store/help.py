"""Help requests (呼叫工作人员): the hall's open ones, and marking one handled.

The request arrives as a record (backoffice.store.records puts its row in
``help_requests`` in the same commit); staff of the hall, or the hall's
counter, list the open ones and mark one handled. No personal data: a row
says which device, which page and when.
"""

from __future__ import annotations

from typing import Any

from backoffice.store.database import StoreDatabase, now_iso
from backoffice.store.errors import NotFoundError

_KEYS = ("id", "hall_code", "device_code", "page", "at", "received_at", "handled_at", "handled_by")


class HelpStore(StoreDatabase):
    """The help requests' table; part of BackofficeStore. Any thread."""

    def help_requests(self, hall: str = "", *, open_only: bool = True, limit: int = 100) -> list:
        """The hall's help requests (every hall's with ``hall`` empty), oldest first."""
        sql = f"SELECT {', '.join(_KEYS)} FROM help_requests WHERE 1 = 1"
        params: list[Any] = []
        if hall:
            sql += " AND hall_code = ?"
            params.append(hall)
        if open_only:
            sql += " AND handled_at IS NULL"
        sql += " ORDER BY at LIMIT ?"
        params.append(limit)
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
        return [dict(zip(_KEYS, r, strict=True)) for r in rows]

    def help_request(self, request_id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {', '.join(_KEYS)} FROM help_requests WHERE id = ?", (request_id,)
            ).fetchone()
        return dict(zip(_KEYS, row, strict=True)) if row is not None else None

    def mark_help_handled(self, request_id: str, by: str) -> dict[str, Any]:
        """Mark one handled (again: the first mark stays); NotFoundError when unknown."""
        with self._lock, self._db.atomic():
            self._db.execute(
                "UPDATE help_requests SET handled_at = ?, handled_by = ?"
                " WHERE id = ? AND handled_at IS NULL",
                (now_iso(), by, request_id),
            )
            found = self.help_request(request_id)
        if found is None:
            raise NotFoundError("没有这条呼叫", {"help_request": request_id})
        return found
