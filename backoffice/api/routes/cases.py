"""Cases: PUT (intake, idempotent by id), GET one, the list, and staff decisions.

Who sees what (docs/security.md): a device reads and lists only its own cases
(another's answers 404, as a missing one does); staff read by role, within
their hall when the account has one; decisions need a staff role that may
make them (backoffice.roles), and are written to the audit log.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, Response
from fastapi import Path as PathParam

from backoffice.api.deps import (
    AUTH,
    UUID_PATTERN,
    AuthFirstRoute,
    Caller,
    CatalogDep,
    ReadCaller,
    StaffCaller,
    StoreDep,
    check_device_sender,
)
from backoffice.api.errors import API, ApiError, store_error
from backoffice.api.models import (
    CaseAnswer,
    CaseStatusOut,
    CaseSummary,
    StatusUpdate,
    error_responses,
)
from backoffice.api.routes import certificates, online
from backoffice.catalog import CatalogSource
from backoffice.roles import DECISIONS, READS_CASES, Role
from backoffice.store import BackofficeStore, BackofficeStoreError
from core.case import Case, CaseState
from core.case_seal import seal_problem
from core.ids import parse_receipt_number
from core.messages import Words
from core.strict import INT64_MAX

router = APIRouter(prefix=API, route_class=AuthFirstRoute)

STAFF_STATES = (CaseState.ACCEPTED, CaseState.REJECTED, CaseState.READY, CaseState.DELIVERED)


@router.put(
    "/cases/{case_id}",
    tags=["intake"],
    response_model=CaseAnswer,
    status_code=201,
    dependencies=AUTH,
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
        raise ApiError(422, Words("bo.case_id_mismatch"), {"path": case_id, "body": case.id})
    created, answer = take_case(store, catalog, case, getattr(request.state, "device", None))
    if created:  # 证明打印 (certs): a printed certificate's case is handed out at once
        certificates.settle_printed_case(request, store, case)
        online.settle_online_case(store, catalog, case)  # 网上预审 → 当场办结 (issue 16, item 6)
    response.status_code = 201 if created else 200
    return CaseAnswer(**answer)


def take_case(
    store: BackofficeStore, catalog: CatalogSource, case: Case, device: dict[str, Any] | None
) -> tuple[bool, dict[str, Any]]:
    """Check a submitted case from ``device`` (its enrolled row, None without a device
    identity) and keep it once: (created, answer). What PUT /api/v1/cases/{id} does, and
    a USB bundle's import (backoffice.bundle_import). ApiError 403/409/422 otherwise."""
    if case.state is not CaseState.SUBMITTED:
        raise ApiError(422, Words("bo.only_submitted"), {"state": case.state.value})
    if parse_receipt_number(case.receipt_no) is None:
        raise ApiError(422, Words("bo.bad_receipt_no"), {"receipt_no": case.receipt_no})
    check_device_sender(device, case.hall_code, case.device_code, case.receipt_no)
    if not case.verify_trail():
        raise ApiError(422, Words("bo.trail_broken"), {"case_id": case.id})
    problem = seal_problem(case, device.get("public_key") if device else None)
    if problem is not None:
        raise ApiError(
            422,
            Words("bo.seal_broken"),
            {"case_id": case.id, "seal": problem},
        )
    if not catalog.knows_item(case.item_code, case.catalog_version):
        raise ApiError(
            422, Words("bo.unknown_item", item=case.item_code), {"item_code": case.item_code}
        )
    departments = check_bundle(case, catalog)
    try:
        return store.put_case(case, departments)
    except BackofficeStoreError as exc:
        raise store_error(exc) from None


@router.get(
    "/cases/{case_id}",
    tags=["status"],
    response_model=CaseStatusOut,
    responses=error_responses(401, 403, 404),
)
def get_case(
    case_id: Annotated[str, PathParam(pattern=UUID_PATTERN)],
    store: StoreDep,
    caller: ReadCaller,
    catalog: CatalogDep,
) -> CaseStatusOut:
    """Where a case stands: a device's own case, or one staff may read (else 404)."""
    st = store.case_status(case_id) if _may_see(store, caller, case_id, catalog) else None
    if st is None:
        raise ApiError(404, Words("bo.no_case", case_id=case_id), {"case_id": case_id})
    return CaseStatusOut(**st)


def check_bundle(case: Case, catalog: CatalogSource) -> dict[str, str] | None:
    """A 一件事 case's items, checked (a bundle code, the lead item first, each item
    known, none twice): their departments (item code → department); None for a case
    of one item. ApiError 422 otherwise."""
    if not case.bundle_items and not case.bundle_code:
        return None
    codes = [b.code for b in case.bundle_items]
    if not case.bundle_code or len(codes) < 2 or codes[0] != case.item_code:
        raise ApiError(422, Words("bo.bundle_needs_items"), {"case_id": case.id})
    if len(set(codes)) != len(codes):
        raise ApiError(422, Words("bo.bundle_item_twice"), {"case_id": case.id})
    unknown = [c for c in codes if not catalog.knows_item(c, case.catalog_version)]
    if unknown:
        raise ApiError(422, Words("bo.unknown_item", item=unknown[0]), {"item_code": unknown[0]})
    departments = catalog.departments()
    return {c: departments.get(c, "") for c in codes}


def _scope(caller: Caller) -> tuple[str, str]:
    """(hall, device) the caller's reads are limited to ("" for any); 403 for a role
    that reads no cases."""
    if caller.is_staff:
        if caller.role not in READS_CASES:
            raise ApiError(403, Words("bo.role_cannot_read_cases"), {"role": str(caller.role)})
        return caller.hall_code, ""
    return caller.hall_code, caller.device_code  # both "" for open or operator access


def department_items(caller: Caller, catalog: CatalogSource) -> frozenset[str] | None:
    """The item codes whose cases a reviewer sees (受办分离: their department's items in the
    catalog served now); None for every other caller (no limit by item)."""
    if not caller.is_staff or caller.role is not Role.REVIEWER:
        return None
    if not caller.department:
        return frozenset()
    return frozenset(c for c, d in catalog.departments().items() if d == caller.department)


def _may_see(store: BackofficeStore, caller: Caller, case_id: str, catalog: CatalogSource) -> bool:
    hall, device = _scope(caller)
    items = department_items(caller, catalog)
    if not (hall or device) and items is None:
        return True
    owner = store.case_owner(case_id)
    if owner is None or (hall and owner[0] != hall) or (device and owner[1] != device):
        return False
    if items is None:
        return True
    scope = store.case_scope(case_id)
    if scope is not None and scope[1] in items:
        return True
    return scope is not None and store.case_has_item(case_id, items)  # 一件事: one of its items


@router.get(
    "/cases",
    tags=["status"],
    response_model=list[CaseSummary],
    responses=error_responses(401, 403),
)
def list_cases(
    store: StoreDep,
    caller: ReadCaller,
    catalog: CatalogDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=INT64_MAX)] = 0,
) -> list[CaseSummary]:
    """Received cases the caller may see, newest first (no personal data): a reviewer's
    are their department's, hall-bound staff's their hall's, a device's its own."""
    hall, device = _scope(caller)
    items = department_items(caller, catalog)
    rows = store.list_cases(limit, offset, hall=hall, device=device, items=items)
    return [CaseSummary(**r) for r in rows]


@router.post(
    "/cases/{case_id}/status",
    tags=["status"],
    response_model=CaseStatusOut,
    responses=error_responses(401, 403, 404, 409, 422),
)
def set_status(
    case_id: Annotated[str, PathParam(pattern=UUID_PATTERN)],
    update: StatusUpdate,
    store: StoreDep,
    caller: StaffCaller,
    catalog: CatalogDep,
) -> CaseStatusOut:
    """Staff decision: accepted, rejected (with a reason), ready or delivered.

    Needs a staff token whose role may make this decision (reviewer: accepted,
    rejected, ready; clerk: delivered; supervisor: all), else 401/403 before
    the case is looked up. A hall-bound account decides only its hall's cases, a
    reviewer only their department's (404 otherwise, as for a missing case).
    The signed-in account is recorded as the actor, on the case and in the audit log.
    """
    return CaseStatusOut(
        **decide(
            store,
            caller,
            case_id,
            update.state,
            update.reason,
            may_see=lambda: _may_see(store, caller, case_id, catalog),
            reusable=catalog.reusable_codes(),
        )
    )


def _bundle_blocks(store: BackofficeStore, caller: Caller, case_id: str, state: CaseState) -> str:
    """Why a whole-case decision on a 一件事 case is refused ("" when it is not): a
    reviewer decides its items one by one (routes/bundles.py); nobody makes it 待取件
    before every item is approved."""
    if (
        caller.role is Role.REVIEWER
        and state is not CaseState.DELIVERED
        and store.case_items(case_id)
    ):
        return Words("bo.bundle_decide_items")
    return store.bundle_blocks(case_id, state)


def decide(
    store: BackofficeStore,
    caller: Caller,
    case_id: str,
    state: CaseState,
    reason: str,
    *,
    may_see: bool | Callable[[], bool],
    reusable: Collection[str] = (),
) -> dict[str, Any]:
    """A staff decision as POST /api/v1/cases/{id}/status makes it (the review pages too):
    the role checked before the case is looked up, the hall (or ``may_see``, the
    caller's own scope check) before it is moved, every outcome in the audit log.
    ApiError 403/404/409/422 otherwise."""
    if state not in STAFF_STATES:
        raise ApiError(
            422,
            Words("bo.bad_state"),
            {"state": state.value},
        )
    if state is CaseState.REJECTED and not reason.strip():
        raise ApiError(422, Words("bo.reject_needs_reason"), {"field": "reason"})
    assert caller.role is not None
    detail = {"state": state.value, "role": caller.role.value}
    if state not in DECISIONS[caller.role]:
        store.audit(caller.who, "case.decision", case_id, "forbidden", detail)
        raise ApiError(403, Words("bo.role_cannot_decide"), detail)
    if not (may_see() if callable(may_see) else may_see):
        store.audit(caller.who, "case.decision", case_id, "not_found", detail)
        raise ApiError(404, Words("bo.no_case", case_id=case_id), {"case_id": case_id})
    blocked = _bundle_blocks(store, caller, case_id, state)
    if blocked:
        store.audit(caller.who, "case.decision", case_id, "refused", detail)
        raise ApiError(409, blocked, {**detail, "bundle": True})
    try:
        return store.set_state(
            case_id,
            state,
            reason,
            caller.login,
            audit_as=caller.who,
            audit_detail=detail,
            reusable=reusable,
        )
    except BackofficeStoreError as exc:
        store.audit(caller.who, "case.decision", case_id, "refused", detail)
        raise store_error(exc) from None
