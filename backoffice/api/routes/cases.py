"""Cases: PUT (intake, idempotent by id), GET one, the list, and staff decisions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query, Request, Response
from fastapi import Path as PathParam

from backoffice.api.deps import AUTH, UUID_PATTERN, CatalogDep, StoreDep, check_sender
from backoffice.api.errors import API, ApiError, store_error
from backoffice.api.models import (
    CaseAnswer,
    CaseStatusOut,
    CaseSummary,
    StatusUpdate,
    error_responses,
)
from backoffice.store import BackofficeStoreError
from core.case import Case, CaseState
from core.ids import parse_receipt_number
from core.strict import INT64_MAX

router = APIRouter(prefix=API, dependencies=AUTH)

STAFF_STATES = (CaseState.ACCEPTED, CaseState.REJECTED, CaseState.READY, CaseState.DELIVERED)


@router.put(
    "/cases/{case_id}",
    tags=["intake"],
    response_model=CaseAnswer,
    status_code=201,
    responses={
        200: {"model": CaseAnswer, "description": "Already received with the same content"},
        **error_responses(401, 403, 409, 422),
    },
)
def put_case(
    case_id: Annotated[str, PathParam(pattern=UUID_PATTERN)],
    case: Annotated[Case, Body()],
    response: Response,
    store: StoreDep,
    catalog: CatalogDep,
    request: Request,
) -> CaseAnswer:
    """Receive a submitted case (Case.body()). Idempotent by id.

    First time 201; same id and same content (Case.body_digest) 200 with the
    same answer; same id and other content 409. Every file of its materials
    must have been uploaded with the same sha256, else 422.
    """
    if case.id != case_id:
        raise ApiError(422, "路径中的办件编号与内容中的不一致", {"path": case_id, "body": case.id})
    if case.state is not CaseState.SUBMITTED:
        raise ApiError(422, "只接收已提交的办件", {"state": case.state.value})
    if parse_receipt_number(case.receipt_no) is None:
        raise ApiError(422, "受理编号格式不正确", {"receipt_no": case.receipt_no})
    check_sender(request, case.hall_code, case.device_code, case.receipt_no)
    if not case.verify_trail():
        raise ApiError(422, "办件留痕校验失败：事件记录被改动过", {"case_id": case.id})
    if not catalog.knows_item(case.item_code, case.catalog_version):
        raise ApiError(422, f"事项 {case.item_code} 不在事项目录中", {"item_code": case.item_code})
    try:
        created, answer = store.put_case(case)
    except BackofficeStoreError as exc:
        raise store_error(exc) from None
    response.status_code = 201 if created else 200
    return CaseAnswer(**answer)


@router.get(
    "/cases/{case_id}",
    tags=["status"],
    response_model=CaseStatusOut,
    responses=error_responses(401, 404),
)
def get_case(
    case_id: Annotated[str, PathParam(pattern=UUID_PATTERN)], store: StoreDep
) -> CaseStatusOut:
    """Where a case stands."""
    st = store.case_status(case_id)
    if st is None:
        raise ApiError(404, f"没有办件 {case_id}", {"case_id": case_id})
    return CaseStatusOut(**st)


@router.get(
    "/cases",
    tags=["status"],
    response_model=list[CaseSummary],
    responses=error_responses(401),
)
def list_cases(
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=INT64_MAX)] = 0,
) -> list[CaseSummary]:
    """Received cases, newest first (no personal data)."""
    return [CaseSummary(**r) for r in store.list_cases(limit, offset)]


@router.post(
    "/cases/{case_id}/status",
    tags=["status"],
    response_model=CaseStatusOut,
    responses=error_responses(401, 404, 409, 422),
)
def set_status(
    case_id: Annotated[str, PathParam(pattern=UUID_PATTERN)],
    update: StatusUpdate,
    store: StoreDep,
) -> CaseStatusOut:
    """Staff decision: accepted, rejected (with a reason), ready or delivered."""
    if update.state not in STAFF_STATES:
        raise ApiError(
            422,
            "只能改为 accepted、rejected、ready 或 delivered",
            {"state": update.state.value},
        )
    if update.state is CaseState.REJECTED and not update.reason.strip():
        raise ApiError(422, "不予受理必须写明理由", {"field": "reason"})
    try:
        return CaseStatusOut(**store.set_state(case_id, update.state, update.reason, update.actor))
    except BackofficeStoreError as exc:
        raise store_error(exc) from None
