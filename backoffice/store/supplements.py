"""补正 at the back office: which cases still owe materials, found by holder, and waivers.

What a case owes is read from the case itself (core.supplements: 容缺 at
intake and reviewers' 补正 requests, less what was handed in or waived, in
the order of its trail). ``supplement_outstanding`` lists the cases that owe
something with their first due date (backoffice.store.owed keeps it in step
inside the transaction that changes the case), so a card holder's cases are
found by opening only those cases. A reviewer's waiver (免于补正) is an event in the
case's trail, a feed entry and an audit entry, one transaction.

Portable SQL only (SQLite and PostgreSQL).
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Sequence
from typing import Any

from backoffice.store.audit import append_audit
from backoffice.store.cases import CaseStore
from backoffice.store.database import now_iso
from backoffice.store.errors import InvalidError, NotFoundError
from backoffice.store.owed import index_owed
from core.case import Case
from core.identity import mask_name
from core.supplements import WAIVED_EVENT, outstanding

log = logging.getLogger("backoffice.store")

HOLDER_SCAN_LIMIT = 5000


def owed_answer(case: Case) -> dict[str, Any]:
    """What a device may learn of a case that owes materials: no ID number, the name masked."""
    return {
        "case_id": case.id,
        "receipt_no": case.receipt_no,
        "item_code": case.item_code,
        "item_name": case.item_name,
        "hall_code": case.hall_code,
        "state": case.state.value,
        "applicant": mask_name(case.applicant.name),
        "catalog_version": case.catalog_version,
        "materials": [
            {"code": o.code, "name": o.name, "due": o.due.isoformat(), "source": o.source}
            for o in outstanding(case)
        ],
    }


def _holds(case: Case, id_number: str) -> bool:
    number = id_number.strip().upper().encode()
    held = [case.applicant.id_number] + ([case.agent.id_number] if case.agent else [])
    return any(hmac.compare_digest(number, h.strip().upper().encode()) for h in held if h)


class SupplementStore(CaseStore):
    """Cases owing materials and reviewers' waivers; part of BackofficeStore. Any thread."""

    def owed_by_holder(self, id_number: str) -> list[dict[str, Any]]:
        """The cases owing materials whose applicant or agent holds ``id_number``, soonest
        due first (only the cases in ``supplement_outstanding`` are opened)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT case_id FROM supplement_outstanding ORDER BY due, case_id LIMIT ?",
                (HOLDER_SCAN_LIMIT,),
            ).fetchall()
        out = []
        for (case_id,) in rows:
            case = self.get_case(case_id)
            if case is not None and _holds(case, id_number) and outstanding(case):
                out.append(owed_answer(case))
        return out

    def owed_of(self, case_id: str) -> dict[str, Any] | None:
        """What the case owes (``materials`` empty when nothing), or None when unknown."""
        case = self.get_case(case_id)
        return None if case is None else owed_answer(case)

    def due_cases(self, hall: str = "", limit: int = 500) -> list[dict[str, Any]]:
        """The cases owing materials (of ``hall`` when given), soonest due first."""
        sql = "SELECT o.case_id, o.due FROM supplement_outstanding o"
        params: list[Any] = []
        if hall:
            sql += " JOIN cases c ON c.id = o.case_id WHERE c.hall_code = ?"
            params.append(hall)
        sql += " ORDER BY o.due, o.case_id LIMIT ?"
        params.append(limit)
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
        return [{"case_id": r[0], "due": r[1]} for r in rows]

    def waive_supplement(
        self,
        case_id: str,
        material_codes: Sequence[str],
        actor: str,
        *,
        audit_as: str = "",
        audit_detail: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """免于补正: a reviewer decides the case need not hand in ``material_codes`` (all
        owed when empty). The trail gets a ``supplement_waived`` event, the feed an entry
        naming the materials, the audit log an entry (with ``audit_as``), one transaction.
        NotFoundError for an unknown case, InvalidError when nothing named is owed."""
        with self._lock:
            case = self.get_case(case_id)
            if case is None:
                raise NotFoundError(f"没有办件 {case_id}")
            owed = {o.code: o for o in outstanding(case)}
            codes = list(dict.fromkeys(material_codes)) or list(owed)
            if not codes or any(c not in owed for c in codes):
                raise InvalidError(
                    "所选材料不在本办件的待补正清单中",
                    {"materials": [c for c in codes if c not in owed]},
                )
            names = [owed[c].name for c in codes]
            case.log(WAIVED_EVENT, actor, {"materials": codes})
            case.state_reason = f"免于补正：{'、'.join(names)}"
            now = now_iso()
            with self._db.atomic():
                self._db.execute(
                    "UPDATE cases SET reason = ?, updated_at = ?, body = ? WHERE id = ?",
                    (case.state_reason, now, self._seal(case), case_id),
                )
                self._event(case, actor, now)
                index_owed(self._db, case, now)
                if audit_as:
                    append_audit(
                        self._db,
                        audit_as,
                        "case.supplement_waived",
                        case_id,
                        "ok",
                        {**(audit_detail or {}), "materials": codes},
                        signer=self._audit_signer,
                    )
        log.info("case %s: 补正 waived (%d material(s))", case_id, len(codes))
        return {"case_id": case_id, "materials": codes, "reason": case.state_reason}
