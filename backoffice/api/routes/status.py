"""GET /api/v1/status: the cursor feed of status changes devices follow."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from backoffice.api.deps import AUTH, StoreDep
from backoffice.api.errors import API
from backoffice.api.models import StatusFeed, error_responses
from core.strict import INT64_MAX

router = APIRouter(prefix=API, dependencies=AUTH, tags=["status"])


@router.get("/status", response_model=StatusFeed, responses=error_responses(401))
def status_feed(
    request: Request,
    store: StoreDep,
    cursor: Annotated[int, Query(ge=0, le=INT64_MAX)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    device: Annotated[str, Query(max_length=8)] = "",
    hall: Annotated[str, Query(max_length=12)] = "",
) -> StatusFeed:
    """Status changes after ``cursor``, oldest first; ask again with the returned cursor.

    An enrolled device sees the changes of its own cases only (``device``
    and ``hall`` are then ignored); otherwise they filter the feed.
    """
    enrolled = getattr(request.state, "device", None)
    if enrolled is not None:
        device, hall = enrolled["device_code"], enrolled["hall_code"]
    return StatusFeed(**store.changes(cursor, limit, device, hall))
