"""/api/v1/commitment: 告知承诺 — may this applicant sign a 承诺书; the credit list.

``POST /commitment/eligibility`` (a device, or staff who read cases): allowed, or
refused with the reason code of the holder's row on the credit list (信用记录,
backoffice.store.credit). The ID number comes in the body and is only ever kept
as its HMAC; the audit log names no one. Supervisors and administrators list,
add and remove rows (``/commitment/credit-list``); every change is audited.
"""

from __future__ import annotations

from fastapi import APIRouter

from backoffice.api.deps import AuthFirstRoute, Caller, ReadCaller, StaffCaller, StoreDep
from backoffice.api.errors import API, ApiError, store_error
from backoffice.api.models import error_responses
from backoffice.roles import EDITS_CREDIT, READS_CASES
from backoffice.store import BackofficeStoreError
from core.messages import Words
from wire.commitment import (
    CreditEntry,
    CreditList,
    CreditRemoval,
    CreditRow,
    EligibilityAnswer,
    EligibilityRequest,
)

router = APIRouter(prefix=API, tags=["commitment"], route_class=AuthFirstRoute)


def _may_edit(caller: Caller) -> None:
    if caller.role not in EDITS_CREDIT:
        raise ApiError(403, Words("bo.role_cannot_edit_credit"), {"role": str(caller.role)})


@router.post(
    "/commitment/eligibility",
    response_model=EligibilityAnswer,
    responses=error_responses(401, 403, 422),
)
def eligibility(body: EligibilityRequest, store: StoreDep, caller: ReadCaller) -> EligibilityAnswer:
    """May the card's holder replace proofs by a 承诺书: allowed, or the reason not."""
    if caller.is_staff and caller.role not in READS_CASES:
        raise ApiError(403, Words("bo.role_cannot_read_cases"), {"role": str(caller.role)})
    allowed, reason = store.commitment_eligibility(body.id_number)
    store.audit(
        caller.who,
        "commitment.eligibility",
        "holder",
        "allowed" if allowed else "refused",
        {"reason": reason} if reason else {},
    )
    return EligibilityAnswer(allowed=allowed, reason=reason)


@router.get(
    "/commitment/credit-list", response_model=CreditList, responses=error_responses(401, 403)
)
def credit_list(store: StoreDep, caller: StaffCaller) -> CreditList:
    """The credit list's rows, newest first (no holder: a row names nobody)."""
    _may_edit(caller)
    rows = store.credit_entries()
    return CreditList(entries=[CreditRow(**{**r, "sample": bool(r["sample"])}) for r in rows])


@router.post(
    "/commitment/credit-list", response_model=CreditRow, responses=error_responses(401, 403, 422)
)
def add_credit_entry(body: CreditEntry, store: StoreDep, caller: StaffCaller) -> CreditRow:
    """Put a holder on the list (again: its reason and note replaced)."""
    _may_edit(caller)
    new = store.put_credit_entry(body.id_number, body.reason, body.note, caller.who)
    store.audit(
        caller.who,
        "commitment.credit_add",
        "holder",
        "added" if new else "changed",
        {"reason": body.reason},
    )
    entry = store.credit_entry(body.id_number)
    assert entry is not None
    return CreditRow(**{**entry, "sample": bool(entry["sample"])})


@router.post(
    "/commitment/credit-list/remove",
    status_code=204,
    responses=error_responses(401, 403, 404, 422),
)
def remove_credit_entry(body: CreditRemoval, store: StoreDep, caller: StaffCaller) -> None:
    """Take a holder off the list; 404 when not listed."""
    _may_edit(caller)
    try:
        store.remove_credit_entry(body.id_number)
    except BackofficeStoreError as exc:
        raise store_error(exc) from None
    store.audit(caller.who, "commitment.credit_remove", "holder", "removed")
