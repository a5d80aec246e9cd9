"""Records besides cases: supplements (补正), evaluations (好差评), 12345, hand-overs (出件).

Each is saved with its outbox entry in one transaction, its body sealed; a
hand-over also moves its case to DELIVERED in that transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from core.case import Case, CaseState
from core.errors import CaseError, StorageError
from core.ids import TICKET_SEQUENCE_SUFFIX, ticket_number
from sync.store.cases import CaseStore
from sync.store.database import now_iso
from wire.records import RECORD_KINDS

log = logging.getLogger("sync.store")


class RecordStore(CaseStore):
    """Supplements, evaluations, 12345 records and hand-overs; part of LocalStore. Any thread."""

    # ------------------------------------------------------------------ other records

    def submit_record(self, record: Any, *, case_elsewhere: bool = False) -> None:
        """Save a supplement, evaluation or consultation and its outbox entry, one transaction.

        ``record`` is a wire.records model. The same record again is a no-op;
        other content under its id raises CaseError; files it names must be
        in this store (StorageError otherwise); a supplement needs its case,
        here or, with ``case_elsewhere``, at the back office (a case another
        device took in, found there). A supplement of a case kept here is
        also added to that case's trail (what it owes is read from the trail).
        """
        kind = record.kind
        if kind not in RECORD_KINDS:
            raise CaseError("store.record_kind_unknown", kind=kind)
        if kind == "handover":  # it also moves the case: only hand_over keeps both in step
            raise CaseError("store.handover_elsewhere")
        with self._write("记录") as db:
            self._insert_record(db, record, case_elsewhere=case_elsewhere)
        log.info("%s %s saved, queued for sync", kind, record.id)

    def submit_new_ticket(self, hall_code: str, device_code: str, day: dt.date, build: Any) -> Any:
        """Allocate a 12345 ticket number (core.ids.ticket_number, the device's own
        sequence beside its receipt numbers, with the same never-repeat marks) and save
        the consultation ``build(ticket_no)`` returns with its outbox entry, in ONE
        transaction; returns the record. Nothing is saved (the number is not used) when
        ``build`` or the save raises."""
        with self._write("12345工单") as db:
            seq = self._allocate(db, hall_code, device_code + TICKET_SEQUENCE_SUFFIX, day)
            record = build(ticket_number(hall_code, device_code, day, seq))
            self._insert_record(db, record)
        log.info("consultation %s saved, queued for sync", record.id)
        return record

    def _insert_record(self, db: Any, record: Any, *, case_elsewhere: bool = False) -> None:
        """Insert a record and its outbox entry (the caller's write transaction)."""
        kind = record.kind
        if kind not in RECORD_KINDS:
            raise CaseError("store.record_kind_unknown", kind=kind)
        if kind == "handover":  # it also moves the case: only hand_over keeps both in step
            raise CaseError("store.handover_elsewhere")
        case_id = getattr(record, "case_id", None)
        refs = record.file_refs() if kind == "supplement" else []
        digest = record.digest()
        blob = self._sealer.seal("record", json.dumps(record.body()).encode(), record.id)
        now = now_iso()
        row = db.execute("SELECT digest FROM records WHERE id = ?", (record.id,)).fetchone()
        if row is not None:
            if row[0] == digest:
                return
            raise CaseError("store.record_differs", record=record.id)
        known = case_id is not None and (
            db.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is not None
        )
        if case_id is not None and not known:
            if kind == "supplement" and not case_elsewhere:
                raise CaseError("store.supplement_no_case", case=case_id)
            case_id = None  # an evaluation (or 补正) of a case this device did not take in
        for ref in refs:
            f = db.execute("SELECT sha256, record_id FROM files WHERE id = ?", (ref.id,)).fetchone()
            if f is None or f[0] != ref.sha256:
                raise StorageError("store.supplement_file_missing", file=ref.id)
        db.execute(
            "INSERT INTO records (id, kind, case_id, digest, body, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (record.id, kind, case_id, digest, blob, now),
        )
        db.conn.executemany(
            "UPDATE files SET case_id = ?, record_id = ? WHERE id = ?",
            [(case_id, record.id, r.id) for r in refs],
        )
        if kind == "supplement" and case_id is not None:
            self._log_supplement(db, case_id, record)
        self._queued_work()
        db.execute(
            "INSERT INTO outbox (kind, case_id, record_id, state, attempts, created_at,"
            " updated_at) VALUES (?, ?, ?, 'queued', 0, ?, ?)",
            (kind, case_id, record.id, now, now),
        )

    def _log_supplement(self, db: Any, case_id: str, record: Any) -> None:
        """The 补正 in the local case's trail, as the back office logs it (same transaction)."""
        row = db.execute("SELECT body FROM cases WHERE id = ?", (case_id,)).fetchone()
        case = self._open_case(case_id, row[0])
        case.log(
            "supplement",
            record.actor,
            {
                "supplement": record.id,
                "materials": [m.code for m in record.materials],
                "files": [f.id for f in record.file_refs()],
            },
        )
        db.execute(
            "UPDATE cases SET body = ?, updated_at = ? WHERE id = ?",
            (self._seal_case(case), now_iso(), case_id),
        )

    def hand_over(self, record: Any) -> Case:
        """Record a hand-over (出件) of a READY case, ONE transaction: the case moves to
        DELIVERED, its trail gets a "handover" event (clerk, who collected), and the
        wire.records.Handover is saved with its outbox entry. Returns the case as saved.

        CaseError when the case is unknown, already handed out or not ready.
        """
        digest = record.digest()
        blob = self._sealer.seal("record", json.dumps(record.body()).encode(), record.id)
        now = now_iso()
        with self._write("出件记录") as db:
            row = db.execute("SELECT body FROM cases WHERE id = ?", (record.case_id,)).fetchone()
            if row is None:
                raise CaseError("store.case_unknown", case=record.case_id)
            case = self._open_case(record.case_id, row[0])
            if case.state is CaseState.DELIVERED:
                raise CaseError("store.case_delivered", case=case.id)
            if case.state is not CaseState.READY:
                raise CaseError("store.case_not_ready", case=case.id)
            case.transition(CaseState.DELIVERED, record.staff, record.reason())
            case.log(
                "handover",
                record.staff,
                {"handover": record.id, "collector": record.collector},
            )
            if record.mailed_detail():  # 邮寄送达: the waybill in the trail
                case.log("mailed", record.staff, record.mailed_detail())
            db.execute(
                "UPDATE cases SET state = ?, body = ?, updated_at = ? WHERE id = ?",
                (case.state.value, self._seal_case(case), now, case.id),
            )
            db.execute(
                "INSERT INTO records (id, kind, case_id, digest, body, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (record.id, record.kind, case.id, digest, blob, now),
            )
            self._queued_work()
            db.execute(
                "INSERT INTO outbox (kind, case_id, record_id, state, attempts, created_at,"
                " updated_at) VALUES (?, ?, ?, 'queued', 0, ?, ?)",
                (record.kind, case.id, record.id, now, now),
            )
        log.info("case %s handed over, queued for sync", case.id)
        return case

    def list_records(self, kind: str, since: str) -> list[dict[str, Any]]:
        """Bodies of the saved records of ``kind`` made at or after ``since`` (ISO 8601,
        UTC as stored), oldest first; unreadable ones skipped."""
        with self._read("记录") as db:
            rows = db.execute(
                "SELECT id, body FROM records WHERE kind = ? AND created_at >= ?"
                " AND purged_at IS NULL ORDER BY created_at",
                (kind, since),
            ).fetchall()
        out: list[dict[str, Any]] = []
        for record_id, blob in rows:
            try:
                out.append(json.loads(self._sealer.open("record", blob, record_id)))
            except (StorageError, ValueError):
                log.error("record %s could not be decrypted; skipped", record_id)
        return out

    def get_record(self, record_id: str) -> tuple[str, dict[str, Any]]:
        """(kind, body) of a saved record; CaseError when unknown."""
        with self._read("记录") as db:
            row = db.execute("SELECT kind, body FROM records WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            raise CaseError("store.record_unknown", record=record_id)
        return row[0], json.loads(self._sealer.open("record", row[1], record_id))
