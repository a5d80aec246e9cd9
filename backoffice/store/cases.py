"""Cases: received once (exactly-once by id and receipt number), sealed, moved by staff."""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Collection, Iterator, Mapping
from typing import Any

from backoffice.store.audit import append_audit
from backoffice.store.database import now_iso
from backoffice.store.errors import ConflictError, InvalidError, NotFoundError
from backoffice.store.feed import FeedStore
from backoffice.store.files import missing_for_sender
from backoffice.store.owed import index_owed
from core.case import Case, CaseState
from core.errors import CaseError

log = logging.getLogger("backoffice.store")


class CaseStore(FeedStore):
    """Submitted cases and their states; part of BackofficeStore. Any thread."""

    @staticmethod
    def _answer(row: tuple[str, str, str]) -> dict[str, Any]:
        case_id, receipt_no, received_at = row
        return {
            "id": case_id,
            "receipt_no": receipt_no,
            "state": "synced",
            "received_at": received_at,
        }

    def put_case(
        self, case: Case, departments: Mapping[str, str] | None = None
    ) -> tuple[bool, dict[str, Any]]:
        """Record a submitted case once. (True, answer) the first time, (False, same answer)
        for the same content again. A 一件事 case's items (``Case.bundle_items``) get a row
        each in ``case_items``, with their department from ``departments`` (item code →
        department, the catalog served now; backoffice.store.bundles).

        ConflictError: the id is known with other content, or the receipt number
        belongs to another case. InvalidError: a file of its materials was not
        uploaded with the same hash (``detail["missing_files"]`` lists them).
        """
        digest = case.body_digest()
        with self._lock:
            row = self._db.execute(
                "SELECT id, receipt_no, received_at, digest FROM cases WHERE id = ?", (case.id,)
            ).fetchone()
            if row is not None:
                if row[3] == digest:
                    return False, self._answer(row[:3])
                raise ConflictError(
                    f"办件 {case.id} 已收到，但这次的内容与收到的不同；办件提交后不能修改，"
                    "如需补充请另行办理补正",
                    {"case_id": case.id, "receipt_no": row[1]},
                )
            other = self._db.execute(
                "SELECT id FROM cases WHERE receipt_no = ?", (case.receipt_no,)
            ).fetchone()
            if other is not None:
                raise ConflictError(
                    f"受理编号 {case.receipt_no} 已被另一办件使用",
                    {"receipt_no": case.receipt_no, "case_id": other[0]},
                )
            refs = [ref for m in case.materials for ref in m.files]
            missing = missing_for_sender(self._db, refs, case.hall_code, case.device_code)
            if missing:
                raise InvalidError(
                    f"文件 {missing[0]} 未上传或校验值不符（file missing/hash mismatch）",
                    {"missing_files": missing},
                )
            stored = case.model_copy(deep=True)
            stored.transition(CaseState.SYNCED, "backoffice")
            now = now_iso()
            with self._db.atomic():
                self._db.execute(
                    "INSERT INTO cases (id, receipt_no, digest, item_code, item_name, hall_code,"
                    " device_code, channel, state, reason, received_at, updated_at, body, arrival)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?,"
                    " (SELECT COALESCE(MAX(arrival), 0) + 1 FROM cases))",
                    (
                        case.id,
                        case.receipt_no,
                        digest,
                        case.item_code,
                        case.item_name,
                        case.hall_code,
                        case.device_code,
                        case.channel,
                        stored.state.value,
                        now,
                        now,
                        self._seal(stored),
                    ),
                )
                for seq, b in enumerate(case.bundle_items):
                    self._db.execute(
                        "INSERT INTO case_items (case_id, item_code, item_name, department, seq)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (case.id, b.code, b.name, (departments or {}).get(b.code, ""), seq),
                    )
                self._event(stored, "backoffice", now)
                index_owed(self._db, stored, now)  # 补正: what it still owes
                self._db.execute(  # the holders' index (backoffice.store.progress)
                    "INSERT INTO case_holders (case_id, holder) VALUES (?, ?)",
                    (case.id, self._holder_digest(case.applicant.id_number)),
                )
        log.info("case %s received (receipt %s)", case.id, case.receipt_no)
        return True, self._answer((case.id, case.receipt_no, now))

    def _holder_digest(self, id_number: str) -> str:
        """The holders' index entry of an ID number (HMAC, backoffice.store.progress)."""
        return hmac.new(
            self._holder_key, id_number.strip().upper().encode(), hashlib.sha256
        ).hexdigest()

    def _keep_reusable(self, case: Case, reusable: Collection[str], now: str) -> int:
        """Keep an accepted case's reusable materials: backoffice.store.library does."""
        return 0

    def _seal(self, case: Case) -> bytes:
        return self._sealer.seal("case", case.model_dump_json().encode(), case.id)

    def get_case(self, case_id: str) -> Case | None:
        """The full case as the back office holds it (its trail included), or None."""
        with self._lock:
            row = self._db.execute("SELECT body FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            return None
        return Case.model_validate_json(self._sealer.open("case", row[0], case_id))

    def case_status(self, case_id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id, receipt_no, state, reason FROM cases WHERE id = ?", (case_id,)
            ).fetchone()
        return dict(zip(("id", "receipt_no", "state", "reason"), row, strict=True)) if row else None

    def list_cases(
        self,
        limit: int = 100,
        offset: int = 0,
        *,
        hall: str = "",
        device: str = "",
        items: Collection[str] | None = None,
    ) -> list[dict[str, Any]]:
        """Newest first, of one hall (and device) when given, of ``items`` only when given
        (a reviewer's department); only what a list needs (no names, no id numbers)."""
        if items is not None and not items:
            return []
        where, params = "", []
        for column, value in (("hall_code", hall), ("device_code", device)):
            if value:
                where += (" AND " if where else " WHERE ") + f"{column} = ?"
                params.append(value)
        if items is not None:
            codes = sorted(items)
            marks = ", ".join("?" * len(codes))
            # A 一件事 case is also in the list of each of its items' departments.
            where += (" AND " if where else " WHERE ") + f"(item_code IN ({marks})"
            where += f" OR id IN (SELECT case_id FROM case_items WHERE item_code IN ({marks})))"
            params.extend(codes + codes)
        with self._lock:
            rows = self._db.execute(
                "SELECT id, receipt_no, item_code, item_name, state, received_at FROM cases"
                f"{where} ORDER BY received_at DESC, arrival DESC LIMIT ? OFFSET ?",
                (*params, limit, offset),
            ).fetchall()
        keys = ("id", "receipt_no", "item_code", "item_name", "state", "received_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def case_owner(self, case_id: str) -> tuple[str, str] | None:
        """(hall_code, device_code) of a received case, or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT hall_code, device_code FROM cases WHERE id = ?", (case_id,)
            ).fetchone()
        return (row[0], row[1]) if row else None

    def case_by_receipt(self, receipt_no: str) -> dict[str, Any] | None:
        """Where the case with ``receipt_no`` stands (no personal data), with its id."""
        keys = ("id", "receipt_no", "item_code", "item_name", "hall_code", "state", "reason")
        with self._lock:
            row = self._db.execute(
                f"SELECT {', '.join(keys)}, updated_at FROM cases WHERE receipt_no = ?",
                (receipt_no,),
            ).fetchone()
        if row is None:
            return None
        return {**dict(zip(keys, row[:-1], strict=True)), "updated_at": row[-1]}

    def set_state(
        self,
        case_id: str,
        state: CaseState,
        reason: str = "",
        actor: str = "backoffice",
        *,
        audit_as: str = "",
        audit_detail: dict[str, Any] | None = None,
        reusable: Collection[str] = (),
    ) -> dict[str, Any]:
        """Staff move a case (受理, 不予受理, 待取件, 已出件); the trail and the feed record it,
        and with ``audit_as`` the audit log too, all in one transaction. On 受理 its
        materials whose codes are in ``reusable`` go to the 电子材料库
        (backoffice.store.library)."""
        with self._lock:
            case = self.get_case(case_id)
            if case is None:
                raise NotFoundError(f"没有办件 {case_id}")
            try:
                case.transition(state, actor, reason)
            except CaseError as exc:
                raise ConflictError(
                    exc.message, {"from": case.state.value, "to": state.value}
                ) from None
            now = now_iso()
            with self._db.atomic():
                self._db.execute(
                    "UPDATE cases SET state = ?, reason = ?, updated_at = ?, body = ? WHERE id = ?",
                    (case.state.value, reason, now, self._seal(case), case_id),
                )
                self._event(case, actor, now)
                index_owed(self._db, case, now)  # 补正: refused or handed out owes nothing
                if state is CaseState.ACCEPTED and reusable:
                    self._keep_reusable(case, reusable, now)
                if audit_as:
                    append_audit(
                        self._db,
                        audit_as,
                        "case.decision",
                        case_id,
                        "ok",
                        audit_detail,
                        signer=self._audit_signer,
                    )
        log.info("case %s moved to %s by %s", case_id, state.value, actor)
        return {
            "id": case.id,
            "receipt_no": case.receipt_no,
            "state": state.value,
            "reason": reason,
        }

    def sealed_cases(self, batch: int = 200) -> Iterator[tuple[str, str, str, str, bytes]]:
        """(id, receipt_no, state, digest, sealed body) of every case in the order received,
        read ``batch`` at a time (the lock is not held between batches; for audit verify)."""
        after = 0
        while True:
            with self._lock:
                rows = self._db.execute(
                    "SELECT arrival, id, receipt_no, state, digest, body FROM cases"
                    " WHERE arrival > ? ORDER BY arrival LIMIT ?",
                    (after, batch),
                ).fetchall()
            for row in rows:
                yield row[1], row[2], row[3], row[4], bytes(row[5])
            if len(rows) < batch:
                return
            after = rows[-1][0]

    def sealed_case(self, case_id: str) -> tuple[str, str, str, str, bytes] | None:
        """One case's row as ``sealed_cases`` gives it, or None (for audit export)."""
        with self._lock:
            row = self._db.execute(
                "SELECT id, receipt_no, state, digest, body FROM cases WHERE id = ?", (case_id,)
            ).fetchone()
        return None if row is None else (row[0], row[1], row[2], row[3], bytes(row[4]))

    def open_sealed_case(self, case_id: str, body: bytes) -> Case:
        """The case in a sealed body from ``sealed_cases``. core.errors.StorageError when it
        fails its authentication, ValueError when it opens but holds no case."""
        return Case.model_validate_json(self._sealer.open("case", body, case_id))

    def counts(self) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute("SELECT state, COUNT(*) FROM cases GROUP BY state").fetchall()
        return dict(rows)
