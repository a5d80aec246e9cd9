"""The audit log: who did what to which target, when. Append-only, no personal data.

Written for staff sign-ins (ok and refused), case decisions, look-ups,
staff account changes, enrolment codes and device revocations. Targets are
case ids, receipt numbers, logins and hall/device codes, never a name or
an ID number; triggers refuse UPDATE and DELETE on the table.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from backoffice.store.database import StoreDatabase, now_iso

_KEYS = ("seq", "at", "actor", "action", "target", "outcome", "detail")


def append_audit(
    db: Database, actor: str, action: str, target: str, outcome: str, detail: dict[str, Any] | None
) -> int:
    """Insert one entry inside the caller's transaction (lock held); its sequence number.

    Used by ``AuditStore.audit`` and by a store change that must be recorded
    in the same transaction as itself (a case decision).
    """
    cur = db.execute(
        "INSERT INTO audit (at, actor, action, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)",
        (
            now_iso(),
            actor,
            action,
            target,
            outcome,
            json.dumps(detail or {}, ensure_ascii=False, sort_keys=True),
        ),
    )
    return int(cur.lastrowid or 0)


class AuditStore(StoreDatabase):
    """The ``audit`` table; part of BackofficeStore. Any thread."""

    def audit(
        self,
        actor: str,
        action: str,
        target: str = "",
        outcome: str = "ok",
        detail: dict[str, Any] | None = None,
    ) -> int:
        """Append one entry; its sequence number. ``detail`` must hold no personal data."""
        with self._lock, self._db.atomic():
            return append_audit(self._db, actor, action, target, outcome, detail)

    def audit_entries(
        self, after: int = 0, limit: int = 100, action: str = ""
    ) -> list[dict[str, Any]]:
        """Entries after sequence number ``after``, oldest first (optionally one action)."""
        sql = f"SELECT {', '.join(_KEYS)} FROM audit WHERE seq > ?"
        params: list[Any] = [after]
        if action:
            sql += " AND action = ?"
            params.append(action)
        sql += " ORDER BY seq LIMIT ?"
        params.append(limit)
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
        out = [dict(zip(_KEYS, r, strict=True)) for r in rows]
        for entry in out:
            entry["detail"] = json.loads(entry["detail"])
        return out
