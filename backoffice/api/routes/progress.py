"""POST /api/v1/progress: 进度查询 for devices — one case by receipt and check code, or a
card holder's cases through the holders' index (backoffice.store.progress).

The answer holds no personal data but the applicant's masked name. A wrong
check code gets the same 404 as a receipt number nobody has, and counts
against the caller (the look-ups' FailureLimit, shared with
``POST /api/v1/lookup`` and the public page): 429 with Retry-After then.
With ``collector_id`` (出件 at any window) each case also says whether that
person may collect it and carries the case id the hand-over names. Every
query is in the audit log, without any ID number.
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request

from backoffice.api.deps import AuthFirstRoute, Caller, CatalogDep, DeviceCaller, StoreDep
from backoffice.api.errors import API, ApiError
from backoffice.api.models import error_responses
from backoffice.store import BackofficeStore
from backoffice.store.progress import progress_of
from core.case import Case
from core.ids import check_code, normalise_check_code
from core.messages import Words
from wire.progress import ProgressAnswer, ProgressCase, ProgressRequest

router = APIRouter(prefix=API, tags=["status"], route_class=AuthFirstRoute)

NOT_FOUND = Words("bo.no_case_for_check")


def case_by_check(store: BackofficeStore, receipt_no: str, code: str) -> Case | None:
    """The case with ``receipt_no`` when ``code`` is its check code, else None (the same
    for a wrong code and for no case)."""
    found = store.case_by_receipt(receipt_no.strip().upper())
    typed = normalise_check_code(code) or ""
    if found is None:
        hmac.compare_digest(typed, "0" * len(typed))  # (about the same work either way)
        return None
    if not hmac.compare_digest(typed, check_code(found["id"])):
        return None
    return store.get_case(found["id"])


def collector_of(case: Case, id_number: str) -> str:
    """ "applicant" or "agent" when ``id_number`` may collect ``case`` (出件), else ""."""
    number = id_number.strip().upper().encode()
    if not number:
        return ""
    if hmac.compare_digest(case.applicant.id_number.strip().upper().encode(), number):
        return "applicant"
    if case.agent is not None and hmac.compare_digest(
        case.agent.id_number.strip().upper().encode(), number
    ):
        return "agent"
    return ""


def _limit_key(caller: Caller, request: Request) -> str:
    if caller.kind in ("staff", "device"):
        return caller.who
    return f"{caller.kind}@{request.client.host if request.client else '?'}"


@router.post(
    "/progress",
    response_model=ProgressAnswer,
    responses=error_responses(401, 403, 404, 422, 429),
)
def progress(
    body: ProgressRequest,
    store: StoreDep,
    catalog: CatalogDep,
    caller: DeviceCaller,
    request: Request,
) -> ProgressAnswer:
    """Where a case stands (receipt number + check code; 404 when either does not match),
    or the cases of a card's holder (``id_number``; an empty list when there are none)."""
    limit = request.app.state.lookup_failures
    key = _limit_key(caller, request)
    how = "card" if body.id_number else "check_code"
    target = body.receipt_no or "holder"
    wait = limit.retry_after(key)
    if wait is not None:
        store.audit(caller.who, "case.progress", target, "limited", {"proof": how})
        raise ApiError(429, Words("bo.lookup_limited"), None, headers={"Retry-After": str(wait)})
    if body.id_number:
        cases = store.cases_of_holder(body.id_number)
    else:
        one = case_by_check(store, body.receipt_no, body.check_code)
        if one is None:
            limit.failed(key)
            store.audit(caller.who, "case.progress", target, "not_found", {"proof": how})
            raise ApiError(404, NOT_FOUND, {"receipt_no": body.receipt_no})
        cases = [one]
    departments = catalog.departments()
    out = []
    for case in cases:
        answer = ProgressCase(**progress_of(case, departments.get(case.item_code, "")))
        if body.collector_id:
            answer.collector = collector_of(case, body.collector_id)
            answer.case_id = case.id
        out.append(answer)
    store.audit(caller.who, "case.progress", target, "found", {"proof": how, "cases": len(out)})
    return ProgressAnswer(cases=out)
