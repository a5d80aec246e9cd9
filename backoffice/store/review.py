"""What the staff's review pages read and the 补正 requests they make (backoffice.web).

A reviewer's queue (cases of some items, of a hall, in some states, a page at
a time), the supervisor's counts by hall, item and state, the open cases (for
the overdue list), 好差评 and 12345 records in summary, and 补正 requests: a
reviewer names materials of the case's checklist and a deadline; the case
keeps its state, its trail records the request and the status feed carries it
to the device with a reason naming the materials and the date.

Portable SQL only (SQLite and PostgreSQL): ``?`` placeholders, no rowid.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import Counter
from collections.abc import Collection, Sequence
from typing import Any

from backoffice.store.audit import append_audit
from backoffice.store.cases import CaseStore
from backoffice.store.database import now_iso
from backoffice.store.errors import InvalidError, NotFoundError
from backoffice.store.owed import index_owed
from core.case import Case, CaseState
from core.identity import mask_name, mask_phone
from core.ids import uuid7

log = logging.getLogger("backoffice.store")

OPEN_STATES = (CaseState.SYNCED.value, CaseState.ACCEPTED.value)
"""States in which a case still waits for a decision (and can be overdue)."""
MAX_SUPPLEMENT_DAYS = 366
_LIST_KEYS = (
    "id",
    "receipt_no",
    "item_code",
    "item_name",
    "hall_code",
    "state",
    "received_at",
    "updated_at",
)


def supplement_reason(names: Sequence[str], due: dt.date) -> str:
    """The reason text the device receives with a 补正 request."""
    return f"请补正：{'、'.join(names)}；截止日期 {due.isoformat()}"


class ReviewStore(CaseStore):
    """The review pages' queries and 补正 requests; part of BackofficeStore. Any thread."""

    def _where(
        self, item_codes: Collection[str] | None, hall: str, states: Sequence[str]
    ) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if item_codes is not None:
            if not item_codes:
                return " WHERE 1 = 0", []
            codes = sorted(item_codes)
            marks = ", ".join("?" for _ in codes)
            # A 一件事 case is in the queue of each of its items' departments.
            clauses.append(
                f"(item_code IN ({marks})"
                f" OR id IN (SELECT case_id FROM case_items WHERE item_code IN ({marks})))"
            )
            params.extend(codes + codes)
        if hall:
            clauses.append("hall_code = ?")
            params.append(hall)
        if states:
            clauses.append(f"state IN ({', '.join('?' for _ in states)})")
            params.extend(states)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def review_cases(
        self,
        item_codes: Collection[str] | None = None,
        *,
        hall: str = "",
        states: Sequence[str] = (),
        limit: int = 20,
        offset: int = 0,
    ) -> tuple[list[dict[str, Any]], int]:
        """(one page of cases, how many in all), oldest received first: of ``item_codes``
        (None: every item), of ``hall`` ("" any) and in ``states`` (empty: any). Each row
        has the applicant's masked name, the promised date and the 容缺 count, read from
        the sealed case; never a full name or an ID number."""
        where, params = self._where(item_codes, hall, states)
        with self._lock:
            total = self._db.execute(f"SELECT COUNT(*) FROM cases{where}", params).fetchone()[0]
            rows = self._db.execute(
                f"SELECT {', '.join(_LIST_KEYS)}, body FROM cases{where}"
                " ORDER BY received_at, id LIMIT ? OFFSET ?",
                (*params, limit, offset),
            ).fetchall()
        return [self._brief(r) for r in rows], int(total)

    def _brief(self, row: Sequence[Any]) -> dict[str, Any]:
        out = dict(zip(_LIST_KEYS, row[:-1], strict=True))
        case = Case.model_validate_json(self._sealer.open("case", row[-1], out["id"]))
        out["applicant"] = mask_name(case.applicant.name)
        out["promised_date"] = case.promised_date
        out["deficient"] = len(case.deficiencies)
        return out

    def case_scope(self, case_id: str) -> tuple[str, str] | None:
        """(hall_code, item_code) of a received case, or None: what a page checks first."""
        with self._lock:
            row = self._db.execute(
                "SELECT hall_code, item_code FROM cases WHERE id = ?", (case_id,)
            ).fetchone()
        return (row[0], row[1]) if row else None

    def case_counts(self, hall: str = "") -> list[dict[str, Any]]:
        """How many cases per hall, item and state (of ``hall`` when given)."""
        where, params = self._where(None, hall, ())
        with self._lock:
            rows = self._db.execute(
                "SELECT hall_code, item_code, item_name, state, COUNT(*) FROM cases"
                f"{where} GROUP BY hall_code, item_code, item_name, state"
                " ORDER BY hall_code, item_code, state",
                params,
            ).fetchall()
        keys = ("hall_code", "item_code", "item_name", "state", "count")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def overdue_cases(self, today: dt.date, hall: str = "", limit: int = 1000) -> list:
        """Cases still waiting for a decision whose promised date is before ``today``."""
        rows, _ = self.review_cases(None, hall=hall, states=OPEN_STATES, limit=limit)
        return [r for r in rows if r["promised_date"] is not None and r["promised_date"] < today]

    # ------------------------------------------------------------------ 补正

    def request_supplement(
        self,
        case_id: str,
        material_codes: Sequence[str],
        due: dt.date,
        actor: str,
        *,
        audit_as: str = "",
        audit_detail: dict[str, Any] | None = None,
        today: dt.date | None = None,
    ) -> dict[str, Any]:
        """Ask for 补正 of ``material_codes`` (of the case's checklist) by ``due``.

        The case keeps its state; its trail gets a ``supplement_request`` event, the
        status feed an entry in the same state whose reason names the materials and
        the date, and with ``audit_as`` the audit log an entry, all in one
        transaction. InvalidError for no or unknown materials, a past date or one
        more than a year away; NotFoundError for an unknown case.
        """
        today = today or dt.date.today()
        if not material_codes:
            raise InvalidError("请至少选择一项需要补正的材料", {"field": "materials"})
        if not today < due <= today + dt.timedelta(days=MAX_SUPPLEMENT_DAYS):
            raise InvalidError("补正截止日期须在今天之后、一年以内", {"field": "due"})
        with self._lock:
            case = self.get_case(case_id)
            if case is None:
                raise NotFoundError(f"没有办件 {case_id}")
            if case.state.value not in OPEN_STATES:
                raise InvalidError("只有尚未办结的办件可以要求补正", {"state": case.state.value})
            names = {m.code: m.name for m in case.materials}
            names.update({d.code: d.name for d in case.deficiencies})
            unknown = [c for c in material_codes if c not in names]
            if unknown:
                raise InvalidError("所选材料不在本办件的材料清单中", {"materials": unknown})
            codes = list(dict.fromkeys(material_codes))
            reason = supplement_reason([names[c] for c in codes], due)
            case.log("supplement_request", actor, {"materials": codes, "due": due.isoformat()})
            case.state_reason = reason
            now = now_iso()
            request_id = uuid7()
            with self._db.atomic():
                self._db.execute(
                    "INSERT INTO supplement_requests (id, case_id, materials, due, requested_by,"
                    " requested_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (request_id, case_id, json.dumps(codes), due.isoformat(), actor, now),
                )
                self._db.execute(
                    "UPDATE cases SET reason = ?, updated_at = ?, body = ? WHERE id = ?",
                    (reason, now, self._seal(case), case_id),
                )
                self._event(case, actor, now)
                index_owed(self._db, case, now)
                if audit_as:
                    append_audit(
                        self._db,
                        audit_as,
                        "case.supplement_request",
                        case_id,
                        "ok",
                        {**(audit_detail or {}), "materials": codes, "due": due.isoformat()},
                        signer=self._audit_signer,
                    )
        log.info("case %s: 补正 requested (%d material(s))", case_id, len(codes))
        return {
            "id": request_id,
            "case_id": case_id,
            "materials": codes,
            "due": due,
            "reason": reason,
        }

    def supplement_requests(self, case_id: str) -> list[dict[str, Any]]:
        """The case's 补正 requests, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, materials, due, requested_by, requested_at FROM supplement_requests"
                " WHERE case_id = ? ORDER BY requested_at, id",
                (case_id,),
            ).fetchall()
        return [
            {
                "id": r[0],
                "materials": json.loads(r[1]),
                "due": dt.date.fromisoformat(r[2]),
                "requested_by": r[3],
                "requested_at": r[4],
            }
            for r in rows
        ]

    # ------------------------------------------------------------------ records

    def _record_bodies(self, kind: str, hall: str, limit: int) -> list[dict[str, Any]]:
        sql = "SELECT id, hall_code, device_code, received_at, body FROM records WHERE kind = ?"
        params: list[Any] = [kind]
        if hall:
            sql += " AND hall_code = ?"
            params.append(hall)
        sql += " ORDER BY received_at DESC, id DESC LIMIT ?"
        params.append(limit)
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
        out = []
        for rec_id, hall_code, device_code, received_at, body in rows:
            data = json.loads(self._sealer.open("record", body, rec_id))
            out.append(
                {
                    "id": rec_id,
                    "hall_code": hall_code,
                    "device_code": device_code,
                    "received_at": received_at,
                    "body": data,
                }
            )
        return out

    def evaluation_summary(self, hall: str = "", limit: int = 10_000) -> dict[str, Any]:
        """好差评 of the latest ``limit`` evaluations: count, per level (5 best), 差评 count,
        and the 差评 reasons' codes counted."""
        levels: Counter[int] = Counter()
        reasons: Counter[str] = Counter()
        rows = self._record_bodies("evaluation", hall, limit)
        for row in rows:
            level = int(row["body"].get("level", 0))
            levels[level] += 1
            reasons.update(str(c) for c in row["body"].get("reasons") or ())
        bad = levels[1] + levels[2]
        return {
            "total": len(rows),
            "levels": {lv: levels[lv] for lv in (5, 4, 3, 2, 1)},
            "negative": bad,
            "reasons": dict(reasons.most_common()),
        }

    def consultation_records(self, hall: str = "", limit: int = 50) -> list[dict[str, Any]]:
        """The latest 12345 records (咨询, 投诉, 建议), newest first; the contact masked."""
        out = []
        for row in self._record_bodies("consultation", hall, limit):
            body = row["body"]
            out.append(
                {
                    "id": row["id"],
                    "hall_code": row["hall_code"],
                    "device_code": row["device_code"],
                    "received_at": row["received_at"],
                    "category": body.get("category", ""),
                    "topic": body.get("topic", ""),
                    "text": body.get("text", ""),
                    "contact": " ".join(
                        p
                        for p in (
                            mask_name(body.get("contact_name", "")),
                            mask_phone(body.get("contact_phone", "")),
                        )
                        if p
                    ),
                    "wants_reply": bool(body.get("wants_reply")),
                }
            )
        return out
