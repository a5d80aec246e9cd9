"""PUT /api/v1/{supplements,evaluations,consultations,handovers}/{id}: records besides cases.

One route per record kind, each typed with its wire.records model, all
idempotent by id (same id and content: 200 with the same answer; other
content: 409).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request, Response
from fastapi import Path as PathParam

from backoffice.api.deps import (
    AUTH,
    UUID_PATTERN,
    AuthFirstRoute,
    StoreDep,
    check_device_sender,
)
from backoffice.api.errors import API, ApiError, store_error
from backoffice.api.models import RecordAnswer, error_responses
from backoffice.store import BackofficeStore, BackofficeStoreError
from core.messages import Words
from wire.records import Consultation, Evaluation, Handover, Supplement

router = APIRouter(prefix=API, dependencies=AUTH, tags=["intake"], route_class=AuthFirstRoute)

RecordId = Annotated[str, PathParam(pattern=UUID_PATTERN)]

_ROUTE: dict[str, Any] = {
    "response_model": RecordAnswer,
    "status_code": 201,
    "responses": {
        200: {"model": RecordAnswer, "description": "Already received with the same content"},
        **error_responses(401, 403, 409, 422),
    },
}


def _put(
    store: BackofficeStore, record: Any, record_id: str, response: Response, request: Request
) -> RecordAnswer:
    if record.id != record_id:
        raise ApiError(422, Words("bo.record_id_mismatch"), {"path": record_id, "body": record.id})
    created, answer = take_record(store, record, getattr(request.state, "device", None))
    response.status_code = 201 if created else 200
    return RecordAnswer(**answer)


def take_record(
    store: BackofficeStore, record: Any, device: dict[str, Any] | None
) -> tuple[bool, dict[str, Any]]:
    """Keep a record from ``device`` once (its route, and a USB bundle's import):
    (created, answer); ApiError 403/409/422 otherwise."""
    check_device_sender(device, record.hall_code, record.device_code)
    try:
        return store.put_record(record)
    except BackofficeStoreError as exc:
        raise store_error(exc) from None


@router.put("/supplements/{record_id}", **_ROUTE)
def put_supplement(
    record_id: RecordId,
    record: Annotated[Supplement, Body()],
    response: Response,
    store: StoreDep,
    request: Request,
) -> RecordAnswer:
    """补正: materials added to a case already received (its files uploaded first)."""
    return _put(store, record, record_id, response, request)


@router.put("/evaluations/{record_id}", **_ROUTE)
def put_evaluation(
    record_id: RecordId,
    record: Annotated[Evaluation, Body()],
    response: Response,
    store: StoreDep,
    request: Request,
) -> RecordAnswer:
    """好差评: one evaluation of a service. Idempotent by id."""
    return _put(store, record, record_id, response, request)


@router.put("/consultations/{record_id}", **_ROUTE)
def put_consultation(
    record_id: RecordId,
    record: Annotated[Consultation, Body()],
    response: Response,
    store: StoreDep,
    request: Request,
) -> RecordAnswer:
    """12345: a consultation, complaint or suggestion. Idempotent by id."""
    return _put(store, record, record_id, response, request)


@router.put("/handovers/{record_id}", **_ROUTE)
def put_handover(
    record_id: RecordId,
    record: Annotated[Handover, Body()],
    response: Response,
    store: StoreDep,
    request: Request,
) -> RecordAnswer:
    """出件: the result of a ready case was handed out at a window (moves it to delivered).

    Idempotent by id; 409 when the case was already handed out by another
    hand-over, 422 when the case is unknown or not ready.
    """
    return _put(store, record, record_id, response, request)
