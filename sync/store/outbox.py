"""The outbox: what waits to go to the back office, claimed and settled by the worker.

One outbox for cases, supplements, evaluations, hand-overs and 12345 records
(``kind``); entries of one case go in order. The worker claims an entry
(state ``uploading``), then completes, retries, releases or quarantines it;
staff may requeue a quarantined one. A claim commits without an fsync: lost
in a power cut, the entry is simply due again (the back office deduplicates).
Errors and reasons are stored as catalogue codes (core.messages.to_stored)
and read back as ``Words``, so each screen shows them in its language.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass

from core.case import CaseState
from core.errors import CaseError
from core.messages import from_stored, to_stored
from sync.store.cases import CaseStore
from sync.store.database import now_iso

log = logging.getLogger("sync.store")

OUTBOX_STATES = ("queued", "uploading", "retry", "done", "quarantined")
PENDING_STATES = ("queued", "uploading", "retry")

# A claim older than this is considered abandoned (the worker died mid-upload).
CLAIM_LEASE_S = 600.0


@dataclass(frozen=True)
class OutboxEntry:
    """One outbox row as the worker and staff see it. Plain data; any thread.

    ``kind`` is case, supplement, evaluation or consultation; ``record_id`` the
    client id of what travels (the case id for a case); ``case_id`` is None
    for records that belong to no case (12345, an evaluation of a visit).
    ``last_error`` and ``reason`` are ``core.messages.Words`` (render them with
    ``translated``), or plain Chinese in rows from before codes were stored.
    """

    id: int
    kind: str
    case_id: str | None
    receipt_no: str
    state: str
    attempts: int
    next_attempt_at: float | None
    error_kind: str
    last_error: str
    reason: str
    record_id: str = ""
    created_at: str = ""


_ENTRY_SQL = """
SELECT o.id, o.kind, o.case_id, COALESCE(c.receipt_no, ''), o.state, o.attempts,
       o.next_attempt_at, o.error_kind, o.last_error, o.reason, o.record_id, o.created_at
FROM outbox o LEFT JOIN cases c ON c.id = o.case_id
"""


def _entry(row: tuple) -> OutboxEntry:
    r = list(row)
    r[8], r[9] = from_stored(r[8]), from_stored(r[9])  # last_error, reason
    return OutboxEntry(*r)


@dataclass(frozen=True)
class CaseSync:
    """Where a case's outbox entries stand, for the counter's case list. Any thread."""

    state: str  # the least advanced entry: quarantined > uploading > retry > queued > done
    entry_id: int
    reason: str
    next_attempt_at: float | None
    last_error: str


class Outbox(CaseStore):
    """The outbox and its entries' states; part of LocalStore. Any thread."""

    # ------------------------------------------------------------------ outbox

    def outbox_counts(self) -> dict[str, int]:
        """Number of outbox entries per state (every state present, 0 when none)."""
        counts = dict.fromkeys(OUTBOX_STATES, 0)
        with self._read("待上报统计") as db:
            for state, n in db.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state"):
                counts[state] = n
        return counts

    def claim_next(self, now: float | None = None) -> OutboxEntry | None:
        """Claim the next due entry (state → uploading), or None when nothing is due.

        Entries of one case go in order: an entry waits while an earlier entry
        of its case is not done. A claim older than CLAIM_LEASE_S counts as
        abandoned and may be claimed again.
        """
        now = time.time() if now is None else now
        with self._write("同步状态", durable=False) as db:
            row = db.execute(
                _ENTRY_SQL
                + """
                WHERE ((o.state IN ('queued', 'retry') AND COALESCE(o.next_attempt_at, 0) <= :now)
                       OR (o.state = 'uploading' AND COALESCE(o.claimed_at, 0) <= :stale))
                  AND NOT EXISTS (SELECT 1 FROM outbox p
                                  WHERE p.case_id = o.case_id AND p.id < o.id
                                    AND p.state != 'done')
                ORDER BY o.id LIMIT 1""",
                {"now": now, "stale": now - CLAIM_LEASE_S},
            ).fetchone()
            if row is None:
                return None
            # started_at marks the entry frozen: what travels is what was saved.
            db.execute(
                "UPDATE outbox SET state = 'uploading', claimed_at = ?, updated_at = ?,"
                " started_at = COALESCE(started_at, ?) WHERE id = ?",
                (now, now_iso(), now_iso(), row[0]),
            )
        return _entry((*row[:4], "uploading", *row[5:]))

    def complete(self, entry_id: int) -> None:
        """The back office has it: entry done (and a case SYNCED), in one transaction."""
        now = now_iso()
        with self._write("同步状态") as db:
            row = db.execute(
                "SELECT case_id, kind FROM outbox WHERE id = ?", (entry_id,)
            ).fetchone()
            if row is None:
                return
            db.execute(
                "UPDATE outbox SET state = 'done', done_at = ?, updated_at = ?, last_error = '',"
                " error_kind = '', reason = '' WHERE id = ?",
                (now, now, entry_id),
            )
            if row[1] != "case":
                return
            state = db.execute("SELECT state FROM cases WHERE id = ?", (row[0],)).fetchone()[0]
            if state == CaseState.SUBMITTED.value:
                self._transition(db, row[0], CaseState.SYNCED, "", "backoffice")

    def retry(self, entry_id: int, delay_s: float, error: str, kind: str) -> None:
        """Schedule another attempt in ``delay_s`` seconds (one more attempt counted)."""
        with self._write("同步状态") as db:
            db.execute(
                "UPDATE outbox SET state = 'retry', attempts = attempts + 1,"
                " next_attempt_at = ?, last_error = ?, error_kind = ?, updated_at = ?"
                " WHERE id = ?",
                (time.time() + max(0.0, delay_s), to_stored(error), kind, now_iso(), entry_id),
            )

    def release(self, entry_id: int, error: str) -> None:
        """Give a claim back untouched (no attempt counted), e.g. when unauthorized."""
        with self._write("同步状态") as db:
            db.execute(
                "UPDATE outbox SET state = CASE WHEN attempts > 0 THEN 'retry' ELSE 'queued' END,"
                " next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ?",
                (time.time(), to_stored(error), now_iso(), entry_id),
            )

    def quarantine(self, entry_id: int, reason: str) -> None:
        """Set an entry aside with the reason; it no longer blocks anything but its case."""
        reason = to_stored(reason)
        with self._write("同步状态") as db:
            db.execute(
                "UPDATE outbox SET state = 'quarantined', attempts = attempts + 1, reason = ?,"
                " last_error = ?, updated_at = ? WHERE id = ?",
                (reason, reason, now_iso(), entry_id),
            )

    def requeue(self, entry_id: int) -> None:
        """Staff action: try a quarantined entry again (after the cause was fixed)."""
        with self._write("同步状态") as db:
            self._queued_work()
            db.execute(
                "UPDATE outbox SET state = 'queued', next_attempt_at = NULL, reason = '',"
                " error_kind = '', updated_at = ? WHERE id = ? AND state = 'quarantined'",
                (now_iso(), entry_id),
            )

    def requeue_interrupted(self) -> int:
        """Claims left by a worker that died (crash, power cut) become due again."""
        with self._write("同步状态") as db:
            cur = db.execute(
                "UPDATE outbox SET state = 'retry', next_attempt_at = ?, updated_at = ?"
                " WHERE state = 'uploading'",
                (time.time(), now_iso()),
            )
            return cur.rowcount

    def make_due(self, error_kind: str | None = "offline") -> int:
        """Entries waiting after an ``error_kind`` failure (any failure: None) become due now."""
        now = time.time()
        with self._write("同步状态") as db:
            cur = db.execute(
                "UPDATE outbox SET next_attempt_at = ? WHERE state = 'retry'"
                " AND (? IS NULL OR error_kind = ?) AND next_attempt_at > ?",
                (now, error_kind, error_kind, now),
            )
            return cur.rowcount

    def retry_now(self, entry_id: int) -> str:
        """Staff action (CLI ``sync retry``): a quarantined entry is queued again, a waiting
        one is due now. Returns the entry's state before; CaseError when unknown or done."""
        with self._write("同步状态") as db:
            row = db.execute("SELECT state FROM outbox WHERE id = ?", (entry_id,)).fetchone()
            if row is None:
                raise CaseError("store.entry_unknown", entry=entry_id)
            state = row[0]
            if state == "done":
                raise CaseError("store.entry_done", entry=entry_id)
            self._queued_work()
            if state == "quarantined":
                db.execute(
                    "UPDATE outbox SET state = 'queued', next_attempt_at = NULL, reason = '',"
                    " error_kind = '', updated_at = ? WHERE id = ?",
                    (now_iso(), entry_id),
                )
            elif state in ("queued", "retry"):
                db.execute(
                    "UPDATE outbox SET next_attempt_at = ?, updated_at = ? WHERE id = ?",
                    (time.time(), now_iso(), entry_id),
                )
        log.info("outbox entry %d (%s) retried by staff", entry_id, state)
        return state

    def next_due_in(self, now: float | None = None) -> float | None:
        """Seconds until the next pending entry is due (0 if one is), None if none pending."""
        now = time.time() if now is None else now
        with self._read("同步状态") as db:
            row = db.execute(
                "SELECT MIN(COALESCE(next_attempt_at, 0)) FROM outbox"
                " WHERE state IN ('queued', 'retry')"
            ).fetchone()
        return None if row[0] is None else max(0.0, row[0] - now)

    def entries(self, states: tuple[str, ...] = OUTBOX_STATES) -> list[OutboxEntry]:
        """Outbox entries in the given states, oldest first (e.g. quarantined ones for staff)."""
        marks = ",".join("?" * len(states))
        with self._read("待上报列表") as db:
            rows = db.execute(
                _ENTRY_SQL + f" WHERE o.state IN ({marks}) ORDER BY o.id", states
            ).fetchall()
        return [_entry(r) for r in rows]

    def entry(self, entry_id: int) -> OutboxEntry | None:
        with self._read("待上报记录") as db:
            row = db.execute(_ENTRY_SQL + " WHERE o.id = ?", (entry_id,)).fetchone()
        return _entry(row) if row else None

    def last_sync_at(self) -> dt.datetime | None:
        """When the back office last confirmed a case (None if never)."""
        with self._read("同步状态") as db:
            row = db.execute("SELECT MAX(done_at) FROM outbox WHERE state = 'done'").fetchone()
        return dt.datetime.fromisoformat(row[0]) if row and row[0] else None

    def stats(self) -> dict[str, object]:
        """For ``onewindow sync status``: counts, the oldest waiting entry, the last error."""
        counts = self.outbox_counts()
        with self._read("同步状态") as db:
            oldest = db.execute(
                "SELECT MIN(created_at) FROM outbox WHERE state IN ('queued', 'uploading', 'retry')"
            ).fetchone()[0]
            err = db.execute(
                "SELECT id, last_error, updated_at FROM outbox WHERE last_error != ''"
                " AND state != 'done' ORDER BY updated_at DESC LIMIT 1"
            ).fetchone()
            nxt = db.execute(
                "SELECT MIN(COALESCE(next_attempt_at, 0)) FROM outbox"
                " WHERE state IN ('queued', 'retry')"
            ).fetchone()[0]
        last = self.last_sync_at()
        return {
            "counts": counts,
            "oldest_waiting": oldest,
            "next_attempt_at": nxt,
            "last_error": from_stored(err[1]) if err else "",
            "last_error_entry": err[0] if err else None,
            "last_error_at": err[2] if err else None,
            "last_sync_at": last.isoformat() if last else None,
        }

    def case_sync_states(self, case_ids: list[str]) -> dict[str, CaseSync]:
        """Per case: the outbox entry that most needs attention (for the staff's case list)."""
        if not case_ids:
            return {}
        rank = {"quarantined": 0, "uploading": 1, "retry": 2, "queued": 3, "done": 4}
        marks = ",".join("?" * len(case_ids))
        with self._read("同步状态") as db:
            rows = db.execute(
                "SELECT case_id, id, state, reason, next_attempt_at, last_error FROM outbox"
                f" WHERE case_id IN ({marks}) ORDER BY id",
                case_ids,
            ).fetchall()
        out: dict[str, CaseSync] = {}
        for case_id, entry_id, state, reason, nxt, err in rows:
            cur = out.get(case_id)
            if cur is None or rank.get(state, 9) < rank.get(cur.state, 9):
                out[case_id] = CaseSync(state, entry_id, from_stored(reason), nxt, from_stored(err))
        return out
