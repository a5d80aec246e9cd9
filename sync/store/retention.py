"""Retention: personal data removed once the back office decided and the period passed.

What stays after a purge: ids, receipt numbers, item, states and the trail
(no personal data), so the case list and the receipt look-up still work.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from core.case import Delivery, Party
from sync.store.cases import CaseStore
from sync.store.database import now_iso
from sync.store.files import FileStore
from wire.records import redacted

log = logging.getLogger("sync.store")


class Retention(CaseStore, FileStore):
    """The retention purge; part of LocalStore. Any thread."""

    # ------------------------------------------------------------------ retention

    def purge_expired(self, retention_days: float, now: dt.datetime | None = None) -> int:
        """Remove personal data the back office confirmed more than ``retention_days`` ago.

        Cases: once the back office decided (accepted, rejected, ...) and every
        entry of the case is done. Evaluations and 12345 records: once done.
        What stays: ids, receipt numbers, item, states and the trail (no
        personal data), so the case list and the receipt look-up still work.
        File blobs are deleted. Returns how many cases and records were purged.
        """
        now = now or dt.datetime.now(dt.UTC)
        cut = (now - dt.timedelta(days=retention_days)).isoformat(timespec="milliseconds")
        with self._read("保留期限") as db:
            case_ids = [
                r[0]
                for r in db.execute(
                    "SELECT c.id FROM cases c WHERE c.purged_at IS NULL"
                    " AND c.confirmed_at IS NOT NULL AND c.confirmed_at <= ?"
                    " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = c.id"
                    "                 AND o.state != 'done')",
                    (cut,),
                )
            ]
            record_ids = [
                r[0]
                for r in db.execute(
                    "SELECT r.id FROM records r JOIN outbox o ON o.record_id = r.id"
                    " AND o.kind = r.kind WHERE r.purged_at IS NULL AND r.kind != 'supplement'"
                    " AND o.state = 'done' AND o.done_at <= ?",
                    (cut,),
                )
            ]
        for case_id in case_ids:
            self._purge_case(case_id)
        for record_id in record_ids:
            self._purge_record(record_id)
        if case_ids or record_ids:
            log.info(
                "retention: personal data of %d case(s) and %d record(s) purged",
                len(case_ids),
                len(record_ids),
            )
        return len(case_ids) + len(record_ids)

    def _purge_case(self, case_id: str) -> None:
        now = now_iso()
        with self._write("办件清除", "清除") as db:
            row = db.execute(
                "SELECT body FROM cases WHERE id = ? AND purged_at IS NULL", (case_id,)
            ).fetchone()
            if row is None:
                return
            case = self._open_case(case_id, row[0])
            gone = Party(name="", id_number="", card_type=case.applicant.card_type)
            case = case.model_copy(
                update={
                    "applicant": gone,
                    "agent": None,
                    "form": {},
                    "delivery": Delivery(method=case.delivery.method),
                }
            )
            db.execute(
                "UPDATE cases SET body = ?, purged_at = ? WHERE id = ?",
                (self._seal_case(case), now, case_id),
            )
            file_ids = [
                r[0] for r in db.execute("SELECT id FROM files WHERE case_id = ?", (case_id,))
            ]
            db.execute(
                "UPDATE files SET purged_at = ? WHERE case_id = ? AND purged_at IS NULL",
                (now, case_id),
            )
            db.execute(
                "UPDATE records SET purged_at = ? WHERE case_id = ? AND kind = 'supplement'",
                (now, case_id),
            )
        self._delete_blobs(file_ids)

    def _purge_record(self, record_id: str) -> None:
        with self._write("记录清除", "清除") as db:
            row = db.execute(
                "SELECT kind, body FROM records WHERE id = ? AND purged_at IS NULL", (record_id,)
            ).fetchone()
            if row is None:
                return
            body = redacted(row[0], json.loads(self._sealer.open("record", row[1], record_id)))
            db.execute(
                "UPDATE records SET body = ?, purged_at = ? WHERE id = ?",
                (
                    self._sealer.seal("record", json.dumps(body).encode(), record_id),
                    now_iso(),
                    record_id,
                ),
            )

    def is_purged(self, case_id: str) -> bool:
        with self._read("办件") as db:
            row = db.execute("SELECT purged_at FROM cases WHERE id = ?", (case_id,)).fetchone()
        return bool(row and row[0])
