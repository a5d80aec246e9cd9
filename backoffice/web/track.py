"""The public tracking page (外网跟踪查询): ``GET /track/{receipt}?c=CHECK``, no sign-in.

What a citizen's phone opens from the receipt's QR (core.tracking): where
the case stands — its state and step, the department deciding it, the
promised date, the 补正 materials still owed — with the applicant's masked
name only. A receipt number nobody has and a wrong check code get the same
answer ("尚未收到", the device uploads it once online), and the wrong codes
count against the address (the look-ups' FailureLimit: 429 with
Retry-After). Mobile-friendly HTML, no JavaScript, not cached, not in the
OpenAPI document. Any worker thread.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from backoffice.api.routes.progress import case_by_check
from backoffice.store.progress import progress_of
from backoffice.web.view import STATE_NAMES, render
from core.ids import parse_receipt_number

router = APIRouter(include_in_schema=False)


def _address(request: Request) -> str:
    return f"public@{request.client.host if request.client else '?'}"


@router.get("/track/{receipt}", response_class=HTMLResponse)
def track(request: Request, receipt: str, c: str = "") -> HTMLResponse:
    """One case's progress for whoever holds its receipt (receipt number + check code)."""
    store = request.app.state.store
    receipt = receipt.strip().upper()
    if len(receipt) > 40 or parse_receipt_number(receipt) is None or len(c) > 16:
        return render(request, "track.html", 404, outcome="bad", receipt="")
    limit = request.app.state.lookup_failures
    key = _address(request)
    wait = limit.retry_after(key)
    if wait is not None:
        store.audit("public", "case.track", receipt, "limited", None)
        response = render(request, "track.html", 429, outcome="limited", receipt=receipt)
        response.headers["Retry-After"] = str(wait)
        return response
    case = case_by_check(store, receipt, c) if c else None
    if case is None:
        if c:
            limit.failed(key)
        store.audit("public", "case.track", receipt, "not_found", None)
        return render(request, "track.html", 404, outcome="missing", receipt=receipt)
    store.audit("public", "case.track", receipt, "found", None)
    answer = progress_of(case, request.app.state.catalog.departments().get(case.item_code, ""))
    return render(
        request,
        "track.html",
        outcome="found",
        receipt=receipt,
        case=answer,
        state_name=STATE_NAMES.get(answer["state"], answer["state"]),
    )
