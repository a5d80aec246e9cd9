"""POST /api/v1/lookup: where a case of any hall stands, for a caller who can prove it.

The cross-hall look-up (pickup or progress at another hall): the receipt
number plus either the case's check code (core.ids.check_code, printed by
the device) or the holder's ID number. The answer holds no personal data.
Every look-up, found or not, is written to the audit log with who asked;
refused look-ups count against the caller (FailureLimit), which is then
answered 429 with Retry-After before anything is looked at.
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request

from backoffice.api.deps import AuthFirstRoute, Caller, ReadCaller, StoreDep
from backoffice.api.errors import API, ApiError
from backoffice.api.models import error_responses
from backoffice.api.models_staff import LookupAnswer, LookupRequest
from backoffice.roles import LOOKS_UP
from core.ids import check_code, normalise_check_code
from core.messages import Words

router = APIRouter(prefix=API, tags=["status"], route_class=AuthFirstRoute)

NOT_FOUND = Words("bo.no_case_for_proof")


def _limit_key(caller: Caller, request: Request) -> str:
    """Identified callers are limited each on its own; others per address."""
    if caller.kind in ("staff", "device"):
        return caller.who
    return f"{caller.kind}@{request.client.host if request.client else '?'}"


@router.post(
    "/lookup", response_model=LookupAnswer, responses=error_responses(401, 403, 404, 422, 429)
)
def lookup(
    body: LookupRequest, store: StoreDep, caller: ReadCaller, request: Request
) -> LookupAnswer:
    """Where the case with this receipt number stands, when the check code or the
    holder's ID number matches (else 404, the same answer as for no such case)."""
    if caller.is_staff and caller.role not in LOOKS_UP:
        raise ApiError(403, Words("bo.role_cannot_look_up"), {"role": str(caller.role)})
    if bool(body.check_code) == bool(body.id_number):
        raise ApiError(422, Words("bo.lookup_one_proof"), {"fields": ["check_code", "id_number"]})
    proof = "check_code" if body.check_code else "id_number"
    limit = request.app.state.lookup_failures
    key = _limit_key(caller, request)
    wait = limit.retry_after(key)
    if wait is not None:
        store.audit(caller.who, "case.lookup", body.receipt_no, "limited", {"proof": proof})
        raise ApiError(429, Words("bo.lookup_limited"), None, headers={"Retry-After": str(wait)})
    found = store.case_by_receipt(body.receipt_no)
    matches = False
    if found is not None and body.check_code:
        typed = normalise_check_code(body.check_code) or ""
        matches = hmac.compare_digest(typed, check_code(found["id"]))
    elif found is not None:
        case = store.get_case(found["id"])
        held = case.applicant.id_number.upper() if case is not None else ""
        matches = hmac.compare_digest(body.id_number.strip().upper().encode(), held.encode())
    if not matches:
        limit.failed(key)
        store.audit(caller.who, "case.lookup", body.receipt_no, "not_found", {"proof": proof})
        raise ApiError(404, NOT_FOUND, {"receipt_no": body.receipt_no})
    store.audit(caller.who, "case.lookup", body.receipt_no, "found", {"proof": proof})
    return LookupAnswer(**{k: v for k, v in found.items() if k != "id"})
