"""POST /api/v1/enrol: a device exchanges a one-time code for its token (no token needed)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from backoffice.api.deps import StoreDep
from backoffice.api.errors import API, ApiError
from backoffice.api.models import EnrolAnswer, EnrolRequest, error_responses
from backoffice.store import ConflictError
from core.messages import Words

router = APIRouter(prefix=API, tags=["devices"])


@router.post("/enrol", response_model=EnrolAnswer, responses=error_responses(403, 422, 429))
def enrol(body: EnrolRequest, store: StoreDep, request: Request) -> EnrolAnswer:
    """Exchange a one-time enrolment code for this device's token (no token needed).

    An address with too many refused codes lately is answered 429 (Retry-After)
    before its code is looked at."""
    limit = request.app.state.enrol_failures
    address = request.client.host if request.client else "?"
    wait = limit.retry_after(address)
    if wait is not None:
        raise ApiError(429, Words("bo.enrol_limited"), None, headers={"Retry-After": str(wait)})
    try:
        answer = store.enrol(body.code, body.hall_code, body.device_code, body.public_key)
        return EnrolAnswer(
            **answer,
            config_key=store.config_public_key(),
            bundle_key=store.bundle_public_key(),
        )
    except ConflictError as exc:
        limit.failed(address)
        raise ApiError(403, exc.message, None) from None
