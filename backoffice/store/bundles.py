"""一件事 at the back office: each item of a bundle case decided by its own department.

A case that carries a bundle (``Case.bundle_items``) gets one ``case_items``
row per item when it is received (backoffice.store.cases.put_case), with the
department the catalog gives that item. A reviewer of that department decides
the item (``approved`` or ``rejected`` with a reason); the case as a whole
follows:

- the first decision on any item moves it from 已上报 to 已受理;
- when every item is approved it is 待取件 (ready), and only then;
- when every item is rejected it is 不予受理, the reasons named;
- while some item is rejected and others are not, it stays 已受理 and its reason
  (which the device's status feed carries) names the rejected item; a reviewer
  of that department may decide it again (after 补正, say).

Each decision is one transaction: the item's row, the case's trail (an
``item_decision`` event), its state, the feed and the audit log. Portable SQL
only (SQLite and PostgreSQL).
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import Any

from backoffice.store.audit import append_audit
from backoffice.store.database import now_iso
from backoffice.store.errors import ConflictError, InvalidError, NotFoundError
from backoffice.store.review import OPEN_STATES, ReviewStore
from core.case import CaseState
from core.messages import Words

log = logging.getLogger("backoffice.store")

ITEM_STATES = ("pending", "approved", "rejected")
ITEM_DECISIONS = ("approved", "rejected")
_KEYS = ("item_code", "item_name", "department", "state", "reason", "decided_by", "decided_at")


def bundle_reason(items: list[dict[str, Any]]) -> str:
    """The case's reason while items are decided: the rejected ones named, with why."""
    rejected = [i for i in items if i["state"] == "rejected"]
    if not rejected:
        return ""
    return "；".join(f"{i['item_name']}：不予办理（{i['reason']}）" for i in rejected)


class BundleStore(ReviewStore):
    """The items of 一件事 cases and their decisions; part of BackofficeStore. Any thread."""

    def case_items(self, case_id: str) -> list[dict[str, Any]]:
        """The case's items in the bundle's order ([] for a case of one item)."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {', '.join(_KEYS)} FROM case_items WHERE case_id = ? ORDER BY seq",
                (case_id,),
            ).fetchall()
        return [dict(zip(_KEYS, r, strict=True)) for r in rows]

    def case_has_item(self, case_id: str, item_codes: frozenset[str]) -> bool:
        """Whether one of the case's bundle items is among ``item_codes`` (a reviewer's)."""
        if not item_codes:
            return False
        codes = sorted(item_codes)
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM case_items WHERE case_id = ?"
                f" AND item_code IN ({', '.join('?' for _ in codes)})",
                (case_id, *codes),
            ).fetchone()
        return row is not None

    def bundle_blocks(self, case_id: str, state: CaseState) -> str:
        """Why a whole-case decision to ``state`` is refused for a 一件事 case ("" if it is
        not): 待取件 only once every item is approved (the items' decisions make it)."""
        items = self.case_items(case_id)
        if not items or state is not CaseState.READY:
            return ""
        if all(i["state"] == "approved" for i in items):
            return ""
        return Words("bo.bundle_not_all_approved")

    def decide_item(
        self,
        case_id: str,
        item_code: str,
        decision: str,
        reason: str,
        actor: str,
        *,
        department: str | None = None,
        audit_as: str = "",
        audit_detail: dict[str, Any] | None = None,
        reusable: Collection[str] = (),
    ) -> dict[str, Any]:
        """Decide one item of a 一件事 case (``approved`` / ``rejected`` with ``reason``).
        The first decision is the case's 受理: its materials whose codes are in
        ``reusable`` go to the 电子材料库 then (backoffice.store.library).

        ``department``: the deciding reviewer's (their items only; None: any, a
        supervisor). NotFoundError for an unknown case, an item not in it or of
        another department; ConflictError when the case is no longer open;
        InvalidError for another decision or a rejection without a reason.
        Returns the case's state and reason and every item.
        """
        if decision not in ITEM_DECISIONS:
            raise InvalidError("只能决定为 approved 或 rejected", {"decision": decision})
        if decision == "rejected" and not reason.strip():
            raise InvalidError("不予办理必须写明理由", {"field": "reason"})
        with self._lock:
            case = self.get_case(case_id)
            if case is None:
                raise NotFoundError(f"没有办件 {case_id}")
            rows = self.case_items(case_id)
            mine = next((r for r in rows if r["item_code"] == item_code), None)
            if mine is None or (department is not None and mine["department"] != department):
                raise NotFoundError(f"办件 {case_id} 没有事项 {item_code}")
            if case.state.value not in OPEN_STATES:
                raise ConflictError(
                    "办件已办结或已不予受理，不能再逐项审批", {"state": case.state.value}
                )
            now = now_iso()
            mine.update(
                state=decision,
                reason=reason.strip() if decision == "rejected" else "",
                decided_by=actor,
                decided_at=now,
            )
            case.log(
                "item_decision",
                actor,
                {"item": item_code, "state": decision, "reason": mine["reason"]},
            )
            states = {r["state"] for r in rows}
            why = bundle_reason(rows)
            accepted = case.state is CaseState.SYNCED
            if accepted:
                case.transition(CaseState.ACCEPTED, actor)
            if states == {"approved"}:
                case.transition(CaseState.READY, actor, "")
            elif states == {"rejected"}:
                case.transition(CaseState.REJECTED, actor, why)
            else:
                case.state_reason = why
            with self._db.atomic():
                self._db.execute(
                    "UPDATE case_items SET state = ?, reason = ?, decided_by = ?, decided_at = ?"
                    " WHERE case_id = ? AND item_code = ?",
                    (decision, mine["reason"], actor, now, case_id, item_code),
                )
                self._db.execute(
                    "UPDATE cases SET state = ?, reason = ?, updated_at = ?, body = ? WHERE id = ?",
                    (case.state.value, case.state_reason, now, self._seal(case), case_id),
                )
                self._event(case, actor, now)
                if accepted and reusable:
                    self._keep_reusable(case, reusable, now)
                if audit_as:
                    append_audit(
                        self._db,
                        audit_as,
                        "case.item_decision",
                        case_id,
                        "ok",
                        {**(audit_detail or {}), "item": item_code, "decision": decision},
                        signer=self._audit_signer,
                    )
        log.info("case %s: item %s %s by %s", case_id, item_code, decision, actor)
        return {
            "id": case.id,
            "receipt_no": case.receipt_no,
            "state": case.state.value,
            "reason": case.state_reason,
            "items": rows,
        }
