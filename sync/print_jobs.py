"""The print-job store: every printed document kept with its state, for 补打 and retries.

One row per job in the local store's ``print_jobs`` table (created by the
store's migration ``_m004_print_jobs``): kind, reference (receipt or ticket
number), state, why it is held, attempts, who asked for a reprint, and the
document itself, sealed with the device key like case bodies (receipts
carry masked personal data only, but they are still about a person).

States::

    queued ──► printing ──► printed
       ▲           │
       │           ▼
       └────────  held  (paper out, cover open, offline: printed when the printer is back)
                   │
                   ├──► expired    (a queue ticket not printed in time: never issued)
                   └──► cancelled  (staff cancelled it)

A job's ``reason`` is stored as a catalogue code (core.messages.to_stored)
and read back as ``Words``; rows from before read back as their Chinese.
Any thread may call any method (the local store gives each thread its own
connection; writes are BEGIN IMMEDIATE transactions).
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import StrEnum

from sqlite_utils import Database

from core.crypto import Sealer, load_or_create_key
from core.errors import StorageError
from core.ids import uuid7
from core.messages import Words, from_stored, to_stored
from core.receipt import Document
from sync.store import KEY_NAME, LocalStore, storage_error

log = logging.getLogger(__name__)

PURPOSE = "print_job"


class JobState(StrEnum):
    QUEUED = "queued"
    PRINTING = "printing"
    HELD = "held"
    PRINTED = "printed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


OPEN_STATES = (JobState.QUEUED, JobState.PRINTING, JobState.HELD)
FINAL_STATES = (JobState.PRINTED, JobState.EXPIRED, JobState.CANCELLED)
STATE_LABELS = {
    JobState.QUEUED: "排队中",
    JobState.PRINTING: "打印中",
    JobState.HELD: "等待打印机",
    JobState.PRINTED: "已打印",
    JobState.EXPIRED: "已过期未打印",
    JobState.CANCELLED: "已取消",
}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(t: dt.datetime | None) -> str | None:
    return None if t is None else t.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def _parse(s: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(s) if s else None


@dataclass(frozen=True)
class PrintJobRecord:
    """One print job as stored (without its document). Plain data; any thread."""

    id: str
    kind: str
    ref: str
    case_id: str | None
    state: JobState
    printer_state: str
    reason: str
    attempts: int
    reprint_of: str | None
    actor: str
    created_at: dt.datetime
    updated_at: dt.datetime
    printed_at: dt.datetime | None
    expires_at: dt.datetime | None

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


_COLUMNS = (
    "id, kind, ref, case_id, state, printer_state, reason, attempts, reprint_of, actor,"
    " created_at, updated_at, printed_at, expires_at"
)


def _record(row: tuple) -> PrintJobRecord:
    r = list(row)
    return PrintJobRecord(
        id=r[0],
        kind=r[1],
        ref=r[2] or "",
        case_id=r[3],
        state=JobState(r[4]),
        printer_state=r[5] or "",
        reason=from_stored(r[6]),
        attempts=int(r[7] or 0),
        reprint_of=r[8],
        actor=r[9] or "",
        created_at=_parse(r[10]) or _now(),
        updated_at=_parse(r[11]) or _now(),
        printed_at=_parse(r[12]),
        expires_at=_parse(r[13]),
    )


class PrintJobStore:
    """Print jobs in the device's local store (table ``print_jobs``). Any thread."""

    def __init__(self, store: LocalStore) -> None:
        self.store = store
        try:
            key, _ = load_or_create_key(store.data_dir / KEY_NAME)
        except OSError as exc:
            raise storage_error(exc, "设备密钥", "读取") from exc
        self._sealer = Sealer(key)

    # ---- plumbing ---------------------------------------------------------
    def _write(self, what: str = "打印记录") -> AbstractContextManager[Database]:
        """The store's own write transaction (one database, one way to write it)."""
        return self.store._write(what)

    def _rows(self, sql: str, args: tuple = ()) -> list[tuple]:
        try:
            return self.store.db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise storage_error(exc, "打印记录", "读取") from exc

    # ---- writing ----------------------------------------------------------
    def add(
        self,
        doc: Document,
        *,
        case_id: str | None = None,
        actor: str = "",
        reprint_of: str | None = None,
        expires_at: dt.datetime | None = None,
    ) -> PrintJobRecord:
        """Keep a new job (state queued) before anything is sent to the printer."""
        job_id = uuid7()
        now = _iso(_now())
        body = self._sealer.seal(PURPOSE, doc.to_json().encode("utf-8"), job_id)
        with self._write() as db:
            db.execute(
                "INSERT INTO print_jobs (id, kind, ref, case_id, state, attempts, reprint_of,"
                " actor, created_at, updated_at, expires_at, body)"
                " VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?, ?, ?)",
                (
                    job_id,
                    doc.kind,
                    doc.ref,
                    case_id,
                    reprint_of,
                    actor,
                    now,
                    now,
                    _iso(expires_at),
                    body,
                ),
            )
        return self.get(job_id)

    def mark_printing(self, job_id: str) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE print_jobs SET state = 'printing', attempts = attempts + 1,"
                " updated_at = ? WHERE id = ?",
                (_iso(_now()), job_id),
            )

    def mark_printed(self, job_id: str) -> None:
        now = _iso(_now())
        with self._write() as db:
            db.execute(
                "UPDATE print_jobs SET state = 'printed', printer_state = '', reason = '',"
                " printed_at = ?, updated_at = ? WHERE id = ?",
                (now, now, job_id),
            )

    def mark_held(self, job_id: str, printer_state: str, reason: str) -> None:
        """The printer refused the job; ``reason`` is ``Words`` (or prose) for staff."""
        with self._write() as db:
            db.execute(
                "UPDATE print_jobs SET state = 'held', printer_state = ?, reason = ?,"
                " updated_at = ? WHERE id = ? AND state IN ('queued', 'printing', 'held')",
                (printer_state, to_stored(reason), _iso(_now()), job_id),
            )

    def close_job(self, job_id: str, state: JobState, reason: str = "") -> bool:
        """An open job becomes expired or cancelled; False when it was not open any more."""
        if state not in (JobState.EXPIRED, JobState.CANCELLED):
            raise ValueError("close_job only expires or cancels")
        with self._write() as db:
            cur = db.execute(
                "UPDATE print_jobs SET state = ?, reason = ?, updated_at = ?"
                " WHERE id = ? AND state IN ('queued', 'held')",
                (state.value, to_stored(reason), _iso(_now()), job_id),
            )
            return cur.rowcount == 1

    def recover_interrupted(self) -> int:
        """Jobs left queued or printing by a crash or power cut are held for another try."""
        with self._write() as db:
            cur = db.execute(
                "UPDATE print_jobs SET state = 'held', printer_state = 'offline',"
                " reason = ?, updated_at = ?"
                " WHERE state IN ('queued', 'printing')",
                (to_stored(Words("print.interrupted")), _iso(_now())),
            )
            return cur.rowcount

    def purge(self, before: dt.datetime) -> int:
        """Delete finished jobs (printed, expired, cancelled) last touched before ``before``."""
        with self._write() as db:
            cur = db.execute(
                "DELETE FROM print_jobs WHERE state IN ('printed', 'expired', 'cancelled')"
                " AND updated_at < ?",
                (_iso(before),),
            )
            return cur.rowcount

    # ---- reading ----------------------------------------------------------
    def get(self, job_id: str) -> PrintJobRecord:
        rows = self._rows(f"SELECT {_COLUMNS} FROM print_jobs WHERE id = ?", (job_id,))
        if not rows:
            raise StorageError("storage.print_job_missing", job=job_id)
        return _record(rows[0])

    def document(self, job_id: str) -> Document:
        """The document of a job, exactly as first printed."""
        rows = self._rows("SELECT body FROM print_jobs WHERE id = ?", (job_id,))
        if not rows:
            raise StorageError("storage.print_job_missing", job=job_id)
        raw = self._sealer.open(PURPOSE, rows[0][0], job_id)
        try:
            return Document.from_json(raw)
        except ValueError as exc:
            raise StorageError("storage.print_job_damaged", job=job_id) from exc

    def held(self) -> list[PrintJobRecord]:
        """Jobs waiting for the printer, oldest first (the order they go out in)."""
        rows = self._rows(
            f"SELECT {_COLUMNS} FROM print_jobs WHERE state = 'held' ORDER BY created_at, id"
        )
        return [_record(r) for r in rows]

    def recent(self, limit: int = 100) -> list[PrintJobRecord]:
        """The latest jobs, newest first (what the staff reprint list shows)."""
        rows = self._rows(
            f"SELECT {_COLUMNS} FROM print_jobs ORDER BY created_at DESC, id DESC LIMIT ?",
            (limit,),
        )
        return [_record(r) for r in rows]

    def for_ref(self, ref: str) -> list[PrintJobRecord]:
        """Every job printed for a receipt or ticket number, oldest first."""
        rows = self._rows(
            f"SELECT {_COLUMNS} FROM print_jobs WHERE ref = ? ORDER BY created_at, id", (ref,)
        )
        return [_record(r) for r in rows]

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in JobState}
        for state, n in self._rows("SELECT state, COUNT(*) FROM print_jobs GROUP BY state"):
            out[state] = n
        return out

    def ticket_issued(self, number: str, day: dt.date | None = None) -> bool:
        """A queue ticket counts as issued only once a print of it succeeded (numbers
        restart every day, so the question is about one local day, today by default)."""
        day = day or dt.date.today()
        start = dt.datetime.combine(day, dt.time()).astimezone()
        rows = self._rows(
            "SELECT 1 FROM print_jobs WHERE kind = 'ticket' AND ref = ? AND state = 'printed'"
            " AND created_at >= ? AND created_at < ? LIMIT 1",
            (number, _iso(start), _iso(start + dt.timedelta(days=1))),
        )
        return bool(rows)
