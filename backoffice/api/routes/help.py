"""/api/v1/help-requests: 呼叫工作人员 from a kiosk, listed and handled by the hall's staff.

A device PUTs its own request (idempotent by id, like the other records;
its hall and device must be the sender's). Staff with a case-reading role,
and the hall's devices (the counter), list the hall's open requests and
mark one handled; staff bound to a hall and enrolled devices see only their
own hall. Every mark is in the audit log. No personal data anywhere here.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query, Request, Response
from fastapi import Path as PathParam
from pydantic import BaseModel

from backoffice.api.deps import (
    UUID_PATTERN,
    AuthFirstRoute,
    Caller,
    DeviceCaller,
    ReadCaller,
    StoreDep,
)
from backoffice.api.errors import API, ApiError, store_error
from backoffice.api.models import RecordAnswer, error_responses
from backoffice.api.routes.records import _ROUTE, _put
from backoffice.roles import READS_CASES
from backoffice.store import BackofficeStoreError
from core.messages import Words
from wire.records import HelpRequest

router = APIRouter(prefix=API, tags=["help"], route_class=AuthFirstRoute)

RecordId = Annotated[str, PathParam(pattern=UUID_PATTERN)]


class HelpRequestRow(BaseModel):
    """One help request as the hall's staff see it."""

    id: str
    hall_code: str
    device_code: str
    page: str = ""
    at: str
    received_at: str
    handled_at: str | None = None
    handled_by: str | None = None


class HelpRequestList(BaseModel):
    """The hall's help requests, oldest first."""

    requests: list[HelpRequestRow]


def _hall_of(caller: Caller, request: Request, hall: str) -> str:
    """The hall a caller may see: its own when it has one; 403 for roles that read no cases."""
    enrolled = getattr(request.state, "device", None)
    if enrolled is not None:
        return enrolled["hall_code"]
    if caller.is_staff:
        if caller.role not in READS_CASES:
            raise ApiError(403, Words("bo.role_cannot_read_help"), {"role": str(caller.role)})
        return caller.hall_code or hall
    return hall


@router.put("/help-requests/{record_id}", **_ROUTE)
def put_help_request(
    record_id: RecordId,
    record: Annotated[HelpRequest, Body()],
    response: Response,
    store: StoreDep,
    request: Request,
    _caller: DeviceCaller,
) -> RecordAnswer:
    """呼叫工作人员: a device asks for staff. Idempotent by id; only the sender's own."""
    return _put(store, record, record_id, response, request)


@router.get("/help-requests", response_model=HelpRequestList, responses=error_responses(401, 403))
def list_help_requests(
    request: Request,
    store: StoreDep,
    caller: ReadCaller,
    hall: Annotated[str, Query(max_length=12)] = "",
    open_only: Annotated[bool, Query(alias="open")] = True,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> HelpRequestList:
    """The hall's help requests (open ones unless ``open=false``), oldest first."""
    rows = store.help_requests(_hall_of(caller, request, hall), open_only=open_only, limit=limit)
    return HelpRequestList(requests=[HelpRequestRow(**r) for r in rows])


@router.post(
    "/help-requests/{record_id}/handled",
    response_model=HelpRequestRow,
    responses=error_responses(401, 403, 404),
)
def mark_help_handled(
    record_id: RecordId, request: Request, store: StoreDep, caller: ReadCaller
) -> HelpRequestRow:
    """已处理: staff came. Marking again keeps the first mark; another hall's is 403."""
    found = store.help_request(record_id)
    if found is None:
        raise ApiError(404, Words("bo.no_help_request"), {"help_request": record_id})
    hall = _hall_of(caller, request, found["hall_code"])
    if hall and hall != found["hall_code"]:
        raise ApiError(403, Words("bo.help_other_hall"), {"help_request": record_id})
    try:
        row = store.mark_help_handled(record_id, caller.who)
    except BackofficeStoreError as exc:
        raise store_error(exc) from None
    store.audit(caller.who, "help.handled", record_id, "ok", {"device": found["device_code"]})
    return HelpRequestRow(**row)
