"""Unsalvaged: what a damaged database held that could not be brought over, for staff.

sync.store.salvage records each lost case, record or receipt number in the
``unsalvaged`` table; staff see them (status bar, ``onewindow sync status``)
until they acknowledge them with ``onewindow sync acknowledge``, after taking
the paper copies to the back office by hand. ``banner_words`` is the one
line the status bar and the CLI show.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from core.messages import Words, from_stored
from sync.store.database import StoreDatabase, now_iso

log = logging.getLogger("sync.store")


@dataclass(frozen=True)
class Unsalvaged:
    """One lost item as staff see it. Plain data; any thread.

    ``reason`` is ``core.messages.Words``; ``receipt_no`` is "" when unknown.
    """

    id: int
    receipt_no: str
    case_id: str
    kind: str
    reason: str
    source: str
    found_at: str
    acknowledged_at: str | None = None
    acknowledged_by: str | None = None


def banner_words(items: list[Unsalvaged] | tuple[str, ...]) -> Words | None:
    """The one line for the status bar and the CLI (None when nothing is open).

    Takes the items or just their receipt numbers ("" for unknown ones).
    """
    receipts = [i.receipt_no if isinstance(i, Unsalvaged) else i for i in items]
    if not receipts:
        return None
    known = sorted({r for r in receipts if r})
    unknown = sum(1 for r in receipts if not r)
    if not known:
        return Words("store.unsalvaged.banner_none", count=len(receipts))
    joined = ", ".join(known)
    if unknown:
        return Words(
            "store.unsalvaged.banner_some", count=len(receipts), receipts=joined, unknown=unknown
        )
    return Words("store.unsalvaged.banner", count=len(receipts), receipts=joined)


class UnsalvagedStore(StoreDatabase):
    """Listing and acknowledging what salvage could not bring over; part of LocalStore.

    Any thread.
    """

    def unsalvaged(self, include_acknowledged: bool = False) -> list[Unsalvaged]:
        """Lost items, oldest first; only those not yet acknowledged unless asked."""
        where = "" if include_acknowledged else " WHERE acknowledged_at IS NULL"
        with self._read("未恢复的办件") as db:
            rows = db.execute(
                "SELECT id, receipt_no, case_id, kind, reason, source, found_at,"
                f" acknowledged_at, acknowledged_by FROM unsalvaged{where} ORDER BY id"
            ).fetchall()
        return [Unsalvaged(r[0], r[1], r[2], r[3], from_stored(r[4]), *r[5:]) for r in rows]

    def unsalvaged_receipts(self) -> tuple[str, ...]:
        """Receipt numbers of the open items ("" for each unknown one), for the status bar."""
        with self._read("未恢复的办件") as db:
            rows = db.execute(
                "SELECT receipt_no FROM unsalvaged WHERE acknowledged_at IS NULL ORDER BY id"
            ).fetchall()
        return tuple(r[0] for r in rows)

    def acknowledge_unsalvaged(self, actor: str) -> int:
        """Staff took the paper copies to the back office: every open item is closed.

        Returns how many. Kept (with who and when) for the record.
        """
        with self._write("未恢复的办件", "确认") as db:
            cur = db.execute(
                "UPDATE unsalvaged SET acknowledged_at = ?, acknowledged_by = ?"
                " WHERE acknowledged_at IS NULL",
                (now_iso(), actor),
            )
            n = cur.rowcount
        if n:
            log.info("%d unsalvaged item(s) acknowledged by staff", n)
        return n
