"""Records besides cases: supplements (补正), evaluations (好差评), consultations, hand-overs
(出件) and help requests (呼叫), kept once by id and digest, their bodies sealed.

A supplement is added to its case's trail; a hand-over moves its case to
DELIVERED; a help request gets its row in ``help_requests``
(backoffice.store.help), a 12345 consultation with a ticket number its row in
``hotline_tickets`` (backoffice.store.hotline); each in the same commit as the record.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from backoffice.store.cases import CaseStore
from backoffice.store.database import now_iso
from backoffice.store.errors import ConflictError, InvalidError
from backoffice.store.files import FileStore, missing_for_sender
from backoffice.store.hotline import HotlineStore
from backoffice.store.owed import index_owed
from core.case import Case, CaseState

log = logging.getLogger("backoffice.store")


class RecordStore(CaseStore, FileStore, HotlineStore):
    """Supplements, evaluations, consultations and hand-overs; part of BackofficeStore.

    Any thread.
    """

    def put_record(self, record: Any) -> tuple[bool, dict[str, Any]]:
        """Keep a supplement, evaluation, consultation or hand-over once (same rules as
        ``put_case``).

        A supplement needs its case here and every file uploaded with the
        same hash; it is added to the case's trail. A hand-over (出件) needs its
        case READY (or DELIVERED by staff) and no other hand-over: it moves the
        case to DELIVERED (the feed says so) and is added to the trail.
        """
        digest = record.digest()
        kind = record.kind
        with self._lock:
            row = self._db.execute(
                "SELECT kind, digest, received_at FROM records WHERE id = ?", (record.id,)
            ).fetchone()
            if row is not None:
                if (row[0], row[1]) == (kind, digest):
                    return False, {"id": record.id, "kind": kind, "received_at": row[2]}
                raise ConflictError(
                    f"记录 {record.id} 已收到，但这次的内容与收到的不同",
                    {"record_id": record.id, "kind": row[0]},
                )
            case: Case | None = None
            case_id = getattr(record, "case_id", None)
            if kind == "supplement":
                case = self.get_case(record.case_id)
                if case is None:
                    raise InvalidError(
                        f"补正所属的办件 {record.case_id} 不在后台", {"case_id": record.case_id}
                    )
                missing = missing_for_sender(
                    self._db, record.file_refs(), record.hall_code, record.device_code
                )
                if missing:
                    raise InvalidError(
                        f"文件 {missing[0]} 未上传或校验值不符（file missing/hash mismatch）",
                        {"missing_files": missing},
                    )
            elif kind == "handover":
                case = self._handover_case(record)
            now = now_iso()
            body = json.dumps(record.body(), ensure_ascii=False).encode()
            with self._db.atomic():
                self._db.execute(
                    "INSERT INTO records (id, kind, case_id, hall_code, device_code, digest,"
                    " received_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        record.id,
                        kind,
                        case_id,
                        record.hall_code,
                        record.device_code,
                        digest,
                        now,
                        self._sealer.seal("record", body, record.id),
                    ),
                )
                if kind == "help":
                    self._db.execute(
                        "INSERT INTO help_requests (id, hall_code, device_code, page, at,"
                        " received_at) VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            record.id,
                            record.hall_code,
                            record.device_code,
                            record.page,
                            record.at.isoformat(),
                            now,
                        ),
                    )
                if kind == "consultation" and record.ticket_no:  # 12345 工单
                    self._insert_ticket(record, now)
                elif kind == "evaluation":  # of a 12345 answer when it names a ticket
                    self._rate_ticket(record)
                if case is not None and kind == "handover":
                    if case.state is CaseState.READY:
                        case.transition(CaseState.DELIVERED, record.staff, record.reason())
                        self._event(case, record.staff, now)
                    case.log(
                        "handover",
                        record.staff,
                        {"handover": record.id, "collector": record.collector},
                    )
                    if record.mailed_detail():  # 邮寄送达: the waybill in the trail
                        case.log("mailed", record.staff, record.mailed_detail())
                    self._db.execute(
                        "UPDATE cases SET state = ?, reason = ?, body = ?, updated_at = ?"
                        " WHERE id = ?",
                        (case.state.value, case.state_reason, self._seal(case), now, case.id),
                    )
                elif case is not None:
                    case.log(
                        "supplement",
                        record.actor,
                        {
                            "supplement": record.id,
                            "materials": [m.code for m in record.materials],
                            "files": [f.id for f in record.file_refs()],
                        },
                    )
                    self._db.execute(
                        "UPDATE cases SET body = ?, updated_at = ? WHERE id = ?",
                        (self._seal(case), now, case.id),
                    )
                if case is not None:
                    index_owed(self._db, case, now)  # 补正: handed in, or handed out
        log.info("%s %s received", kind, record.id)
        return True, {"id": record.id, "kind": kind, "received_at": now}

    def _handover_case(self, record: Any) -> Case:
        """The case a new hand-over (出件) is for; refused when the result was handed out
        already (another hand-over: 409) or is not ready (422). Caller holds the lock."""
        case = self.get_case(record.case_id)
        if case is None:
            raise InvalidError(
                f"出件所属的办件 {record.case_id} 不在后台", {"case_id": record.case_id}
            )
        other = self._db.execute(
            "SELECT id FROM records WHERE kind = 'handover' AND case_id = ?", (case.id,)
        ).fetchone()
        if other is not None:
            raise ConflictError(
                f"办件 {case.receipt_no} 已出件，不能重复出件",
                {"case_id": case.id, "handover": other[0]},
            )
        # DELIVERED without a hand-over: staff marked it (e.g. sent by post) meanwhile;
        # the window's hand-over is still kept in the trail.
        if case.state not in (CaseState.READY, CaseState.DELIVERED):
            raise InvalidError(
                f"办件 {case.receipt_no} 尚未办结（{case.state.value}），不能出件",
                {"case_id": case.id, "state": case.state.value},
            )
        return case

    def get_record(self, record_id: str) -> tuple[str, dict[str, Any]] | None:
        with self._lock:
            row = self._db.execute(
                "SELECT kind, body FROM records WHERE id = ?", (record_id,)
            ).fetchone()
        if row is None:
            return None
        return row[0], json.loads(self._sealer.open("record", row[1], record_id))

    def list_records(self, kind: str, limit: int = 100) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, kind, case_id, hall_code, device_code, received_at FROM records"
                " WHERE kind = ? ORDER BY received_at DESC LIMIT ?",
                (kind, limit),
            ).fetchall()
        keys = ("id", "kind", "case_id", "hall_code", "device_code", "received_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]
