"""Progress answers (进度查询) and the holders' index that finds a card holder's cases.

``case_holders`` keeps, per case, the HMAC-SHA256 of its applicant's ID
number under a key derived from the back office's own key
(``backoffice.key``), never the number itself: a copy of the table names
nobody, and only this back office can ask it. Rows are written with each
case on arrival (CaseStore.put_case) and, for cases received before the
index existed, on the store's next start (``index_holders``).

A progress answer says where a case stands with no personal data but the
applicant's masked name: its state, the department that decides it, the
step it is at, the promised date and the 补正 materials still outstanding
(容缺 at intake and 补正 requests, less what supplements brought).

Portable SQL only (SQLite and PostgreSQL). Any thread.
"""

from __future__ import annotations

import hmac
import logging
from typing import Any

from backoffice.store.cases import CaseStore
from core.case import Case, CaseState, DeliveryMethod
from core.delivery import CARRIERS
from core.identity import mask_name

log = logging.getLogger("backoffice.store")

STEP_NAMES = {
    CaseState.SUBMITTED.value: "已提交，等待上传",
    CaseState.SYNCED.value: "已收件，等待受理",
    CaseState.ACCEPTED.value: "已受理，正在审查",
    CaseState.REJECTED.value: "不予受理",
    CaseState.READY.value: "已办结，待取件",
    CaseState.DELIVERED.value: "已出件",
}
"""The step a case is at, by its state (what the public page and the devices show)."""

INDEX_BATCH = 200


def outstanding_materials(case: Case) -> list[dict[str, str]]:
    """The 补正 materials still owed, in order: 容缺 at intake and the reviewers' 补正
    requests, less what a supplement brought since; each ``{"code", "name"}``."""
    names = {m.code: m.name for m in case.materials}
    names.update({d.code: d.name for d in case.deficiencies})
    owed: dict[str, str] = {d.code: d.name for d in case.deficiencies}
    for ev in case.events:
        codes = [str(c) for c in ev.detail.get("materials") or ()]
        if ev.kind == "supplement_request":
            for c in codes:
                owed.setdefault(c, names.get(c, c))
        elif ev.kind == "supplement":
            for c in codes:
                owed.pop(c, None)
    return [{"code": c, "name": n} for c, n in owed.items()]


def progress_of(case: Case, department: str) -> dict[str, Any]:
    """One case's progress answer (no personal data but the masked name)."""
    return {
        "receipt_no": case.receipt_no,
        "item_code": case.item_code,
        "item_name": case.item_name,
        "hall_code": case.hall_code,
        "state": case.state.value,
        "step": STEP_NAMES.get(case.state.value, ""),
        "department": department,
        "reason": case.state_reason,
        "promised_date": case.promised_date,
        "outstanding": [m["name"] for m in outstanding_materials(case)],
        "applicant": mask_name(case.applicant.name),
        "updated_at": (case.events[-1].at.isoformat() if case.events else ""),
        "express": case.delivery.method is DeliveryMethod.EXPRESS,
        "mailed": mailed_of(case),
    }


def mailed_of(case: Case) -> dict[str, str] | None:
    """邮寄送达: the carrier's name and the waybill number of the case's "mailed" event
    (the window's 出件), or None when it was not posted."""
    for ev in reversed(case.events):
        if ev.kind == "mailed":
            code = str(ev.detail.get("carrier", ""))
            return {
                "carrier": CARRIERS.get(code, code),
                "waybill": str(ev.detail.get("waybill", "")),
            }
    return None


class ProgressStore(CaseStore):
    """The holders' index and the cases it finds; part of BackofficeStore. Any thread."""

    def cases_of_holder(self, id_number: str, limit: int = 50) -> list[Case]:
        """The cases whose applicant holds ``id_number``, newest received first."""
        if not id_number.strip():
            return []
        with self._lock:
            rows = self._db.execute(
                "SELECT c.id, c.body FROM case_holders h JOIN cases c ON c.id = h.case_id"
                " WHERE h.holder = ? ORDER BY c.received_at DESC, c.arrival DESC LIMIT ?",
                (self._holder_digest(id_number), limit),
            ).fetchall()
        out = []
        for case_id, body in rows:
            case = Case.model_validate_json(self._sealer.open("case", body, case_id))
            # The digest matched; the number is checked too (an HMAC collision is no proof).
            if hmac.compare_digest(
                case.applicant.id_number.strip().upper().encode(),
                id_number.strip().upper().encode(),
            ):
                out.append(case)
        return out

    def index_holders(self) -> int:
        """Index the cases received before the index existed; how many were added."""
        added = 0
        while True:
            with self._lock:
                rows = self._db.execute(
                    "SELECT c.id, c.body FROM cases c LEFT JOIN case_holders h"
                    " ON h.case_id = c.id WHERE h.case_id IS NULL ORDER BY c.arrival LIMIT ?",
                    (INDEX_BATCH,),
                ).fetchall()
                with self._db.atomic():
                    for case_id, body in rows:
                        case = Case.model_validate_json(self._sealer.open("case", body, case_id))
                        self._db.execute(
                            "INSERT INTO case_holders (case_id, holder) VALUES (?, ?)"
                            " ON CONFLICT (case_id) DO NOTHING",
                            (case_id, self._holder_digest(case.applicant.id_number)),
                        )
            added += len(rows)
            if len(rows) < INDEX_BATCH:
                break
        if added:
            log.info("holders' index: %d earlier case(s) indexed", added)
        return added
