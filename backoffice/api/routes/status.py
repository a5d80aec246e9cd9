"""GET /api/v1/status: the cursor feed of status changes devices follow."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from backoffice.api.deps import AuthFirstRoute, ReadCaller, StoreDep
from backoffice.api.errors import API, ApiError
from backoffice.api.models import StatusFeed, error_responses
from backoffice.roles import READS_CASES
from core.messages import Words
from core.strict import INT64_MAX

router = APIRouter(prefix=API, tags=["status"], route_class=AuthFirstRoute)


@router.get("/status", response_model=StatusFeed, responses=error_responses(401, 403))
def status_feed(
    request: Request,
    store: StoreDep,
    caller: ReadCaller,
    cursor: Annotated[int, Query(ge=0, le=INT64_MAX)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    device: Annotated[str, Query(max_length=8)] = "",
    hall: Annotated[str, Query(max_length=12)] = "",
) -> StatusFeed:
    """Status changes after ``cursor``, oldest first; ask again with the returned cursor.

    An enrolled device sees the changes of its own cases only (``device``
    and ``hall`` are then ignored), hall-bound staff their hall's; otherwise
    they filter the feed. The administrator reads no case changes (403).
    """
    enrolled = getattr(request.state, "device", None)
    if enrolled is not None:
        device, hall = enrolled["device_code"], enrolled["hall_code"]
    elif caller.is_staff:
        if caller.role not in READS_CASES:
            raise ApiError(403, Words("bo.role_cannot_read_cases"), {"role": str(caller.role)})
        hall = caller.hall_code or hall
    return StatusFeed(**store.changes(cursor, limit, device, hall))
