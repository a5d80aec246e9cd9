"""POST /api/v1/supplements/outstanding: which cases still owe 补正 materials, for a device.

A kiosk or counter finds what a citizen still has to hand in: by the card
read at the device (the holder's ID number: every case of theirs that owes
something, from any hall), or by the receipt number with the case's check
code (core.ids.check_code, printed on the receipt). Devices only (the card
is read there); the answer holds the applicant's masked name and no ID
number. Every look-up is in the audit log; refused receipt look-ups count
against the device like the cross-hall look-up's (429 with Retry-After).
Separate from the progress query: this answers only what is owed.
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field, model_validator

from backoffice.api.deps import AuthFirstRoute, DeviceCaller, StoreDep
from backoffice.api.errors import API, ApiError
from backoffice.api.models import error_responses
from core.ids import RECEIPT_RE, check_code, normalise_check_code
from core.messages import Words

router = APIRouter(prefix=API, tags=["intake"], route_class=AuthFirstRoute)

NOT_FOUND = Words("bo.no_case_for_check")
ID_NUMBER_PATTERN = r"^[0-9]{17}[0-9Xx]$|^[A-Z0-9]{8,18}$"


class OutstandingQuery(BaseModel):
    """Either the holder's ID number (read from the card) or a receipt number and its
    check code."""

    id_number: str = Field(default="", max_length=18, pattern=rf"^$|{ID_NUMBER_PATTERN}")
    receipt_no: str = Field(default="", max_length=40, pattern=rf"^$|{RECEIPT_RE.pattern}")
    check_code: str = Field(default="", max_length=16)

    @model_validator(mode="after")
    def _one_way(self) -> OutstandingQuery:
        if bool(self.id_number) == bool(self.receipt_no):
            raise ValueError("give id_number, or receipt_no with check_code")
        if self.receipt_no and not self.check_code:
            raise ValueError("receipt_no needs check_code")
        return self


class OwedMaterial(BaseModel):
    """One material still owed."""

    code: str
    name: str
    due: str  # YYYY-MM-DD
    source: str  # deficiency (容缺 at intake) | request (a reviewer's 补正)


class OwedCase(BaseModel):
    """A case and what it still owes (the applicant's name masked)."""

    case_id: str
    receipt_no: str
    item_code: str
    item_name: str
    hall_code: str
    state: str
    applicant: str
    catalog_version: str = ""
    materials: list[OwedMaterial]


class OutstandingAnswer(BaseModel):
    """The cases found, soonest due first (a receipt look-up: that one case, even when
    it owes nothing any more)."""

    cases: list[OwedCase]


@router.post(
    "/supplements/outstanding",
    response_model=OutstandingAnswer,
    responses=error_responses(401, 403, 404, 422, 429),
)
def outstanding_supplements(
    body: OutstandingQuery, store: StoreDep, caller: DeviceCaller, request: Request
) -> OutstandingAnswer:
    """What the card holder's cases, or the case of this receipt and check code, still owe."""
    if body.id_number:
        rows = store.owed_by_holder(body.id_number)
        store.audit(caller.who, "supplement.lookup", "", "found", {"proof": "card", "n": len(rows)})
        return OutstandingAnswer(cases=[OwedCase(**r) for r in rows])
    limit = request.app.state.lookup_failures
    wait = limit.retry_after(caller.who)
    if wait is not None:
        store.audit(caller.who, "supplement.lookup", body.receipt_no, "limited", {})
        raise ApiError(429, Words("bo.lookup_limited"), None, headers={"Retry-After": str(wait)})
    found = store.case_by_receipt(body.receipt_no)
    typed = normalise_check_code(body.check_code) or ""
    if found is None or not hmac.compare_digest(typed, check_code(found["id"])):
        limit.failed(caller.who)
        store.audit(caller.who, "supplement.lookup", body.receipt_no, "not_found", {})
        raise ApiError(404, NOT_FOUND, {"receipt_no": body.receipt_no})
    row = store.owed_of(found["id"])
    assert row is not None
    store.audit(caller.who, "supplement.lookup", body.receipt_no, "found", {"proof": "check"})
    return OutstandingAnswer(cases=[OwedCase(**row)])
