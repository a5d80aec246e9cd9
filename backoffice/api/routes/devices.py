"""POST /api/v1/enrol: a device exchanges a one-time code for its token (no token needed)."""

from __future__ import annotations

from fastapi import APIRouter

from backoffice.api.deps import StoreDep
from backoffice.api.errors import API, ApiError
from backoffice.api.models import EnrolAnswer, EnrolRequest, error_responses
from backoffice.store import ConflictError

router = APIRouter(prefix=API, tags=["devices"])


@router.post("/enrol", response_model=EnrolAnswer, responses=error_responses(403, 422))
def enrol(body: EnrolRequest, store: StoreDep) -> EnrolAnswer:
    """Exchange a one-time enrolment code for this device's token (no token needed)."""
    try:
        return EnrolAnswer(**store.enrol(body.code, body.hall_code, body.device_code))
    except ConflictError as exc:
        raise ApiError(403, exc.message, None) from None
