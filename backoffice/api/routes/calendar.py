"""The working-day calendar: devices pull it, an administrator imports a year.

    GET  /api/v1/calendar   every year entered, ``{"years": [...]}``, strong ETag
    POST /api/v1/calendar   import one year (the admin role only; docs/calendar.md)

The import body is read only after the caller is known to be an administrator
(a clerk's or a device's token is 403 whatever it sends); it is checked
strictly (core.deadlines.parse_calendar_year) and refused with 422 naming each
field in the catalogue's words. Every import, refused or not, is in the audit log.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request, Response
from fastapi.concurrency import run_in_threadpool

from backoffice.api.deps import AuthFirstRoute, StaffCaller, StoreDep, read_access
from backoffice.api.errors import API, ApiError
from backoffice.api.models import error_responses
from backoffice.catalog import etag_matches
from backoffice.roles import Role
from backoffice.store import InvalidError
from core.deadlines import CALENDAR_SOURCES, NOTE_MAX
from core.messages import Words

router = APIRouter(prefix=API, tags=["calendar"], route_class=AuthFirstRoute)

_DATES = {"type": "array", "items": {"type": "string", "format": "date"}}
IMPORT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["year", "days_off", "workdays", "source"],
    "properties": {
        "year": {"type": "integer", "minimum": 2000, "maximum": 2100},
        "days_off": _DATES,
        "workdays": _DATES,
        "source": {"type": "string", "enum": list(CALENDAR_SOURCES)},
        "note": {"type": "string", "maxLength": NOTE_MAX},
    },
}


@router.get(
    "/calendar",
    dependencies=[Depends(read_access)],
    responses={
        200: {"content": {"application/json": {}}, "description": "The calendar JSON"},
        304: {"description": "Unchanged since If-None-Match"},
        **error_responses(401),
    },
)
def get_calendar(
    store: StoreDep, if_none_match: Annotated[str | None, Header()] = None
) -> Response:
    """Every year's days off and swapped working days, with a strong ETag."""
    data, etag = store.calendar_document()
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if if_none_match and etag_matches(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    return Response(content=data, media_type="application/json", headers=headers)


@router.post(
    "/calendar",
    responses={
        200: {"content": {"application/json": {}}, "description": "The year as stored"},
        **error_responses(401, 403, 422),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": IMPORT_SCHEMA}},
        }
    },
)
async def import_calendar(caller: StaffCaller, store: StoreDep, request: Request) -> Response:
    """Import (or replace) one year: the admin role only; 422 names each bad field."""
    if caller.role is not Role.ADMIN:
        raise ApiError(403, str(Words("calendar.not_admin")), {"need": "admin"})
    raw = await request.body()
    try:
        data: Any = json.loads(raw)
    except ValueError:
        data = None  # reported as "not an object"
    try:
        row = await run_in_threadpool(store.import_calendar_year, data, caller.who)
    except InvalidError as exc:
        fields = [p["field"] for p in exc.detail]
        year = data.get("year") if isinstance(data, dict) else None
        target = str(year) if isinstance(year, int) and not isinstance(year, bool) else ""
        await run_in_threadpool(
            store.audit, caller.who, "calendar.import", target, "refused", {"fields": fields}
        )
        raise ApiError(422, exc.message, exc.detail) from None
    return Response(content=json.dumps(row, ensure_ascii=False), media_type="application/json")
