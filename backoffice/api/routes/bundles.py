"""一件事: a bundle case's items, each decided by a reviewer of its department.

GET the items of a case (who may read the case may read them); POST one item's
decision (``approved`` / ``rejected`` with a reason). The role is checked
before the case is looked up, then the hall, then the item's department (a
reviewer decides only their department's items; 404 otherwise, as for a
missing case); every outcome is in the audit log. The case becomes 待取件 when
every item is approved (backoffice.store.bundles).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from fastapi import Path as PathParam

from backoffice.api.deps import (
    UUID_PATTERN,
    AuthFirstRoute,
    CatalogDep,
    ReadCaller,
    StaffCaller,
    StoreDep,
)
from backoffice.api.errors import API, ApiError, store_error
from backoffice.api.models import CaseItemOut, ItemDecision, ItemDecisionOut, error_responses
from backoffice.api.routes.cases import _may_see
from backoffice.roles import DECISIONS, Role
from backoffice.store import BackofficeStoreError
from core.case import CaseState
from core.messages import Words

router = APIRouter(prefix=API, route_class=AuthFirstRoute)

ITEM_CODE_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z-]{0,63}$"


@router.get(
    "/cases/{case_id}/items",
    tags=["status"],
    response_model=list[CaseItemOut],
    responses=error_responses(401, 403, 404),
)
def case_items(
    case_id: Annotated[str, PathParam(pattern=UUID_PATTERN)],
    store: StoreDep,
    caller: ReadCaller,
    catalog: CatalogDep,
) -> list[CaseItemOut]:
    """The items of a 一件事 case and each one's decision ([] for a case of one item)."""
    if not _may_see(store, caller, case_id, catalog) or store.case_status(case_id) is None:
        raise ApiError(404, Words("bo.no_case", case_id=case_id), {"case_id": case_id})
    return [CaseItemOut(**r) for r in store.case_items(case_id)]


@router.post(
    "/cases/{case_id}/items/{item_code}/decision",
    tags=["status"],
    response_model=ItemDecisionOut,
    responses=error_responses(401, 403, 404, 409, 422),
)
def decide_item(
    case_id: Annotated[str, PathParam(pattern=UUID_PATTERN)],
    item_code: Annotated[str, PathParam(pattern=ITEM_CODE_PATTERN)],
    body: ItemDecision,
    store: StoreDep,
    caller: StaffCaller,
    catalog: CatalogDep,
) -> ItemDecisionOut:
    """One item's decision, by a reviewer of its department (or a supervisor)."""
    return ItemDecisionOut(
        **decide_one(store, caller, catalog, case_id, item_code, body.decision, body.reason)
    )


def decide_one(
    store: StoreDep,
    caller: StaffCaller,
    catalog: CatalogDep,
    case_id: str,
    item_code: str,
    decision: str,
    reason: str,
) -> dict:
    """An item's decision as the JSON route makes it (the review pages call it too):
    role, then hall and department, then the store; audited. ApiError otherwise."""
    assert caller.role is not None
    detail = {"item": item_code, "decision": decision, "role": caller.role.value}
    if CaseState.ACCEPTED not in DECISIONS[caller.role]:
        store.audit(caller.who, "case.item_decision", case_id, "forbidden", detail)
        raise ApiError(403, Words("bo.role_cannot_decide_items"), detail)
    if not _may_see(store, caller, case_id, catalog):
        store.audit(caller.who, "case.item_decision", case_id, "not_found", detail)
        raise ApiError(404, Words("bo.no_case", case_id=case_id), {"case_id": case_id})
    department = caller.department if caller.role is Role.REVIEWER else None
    try:
        return store.decide_item(
            case_id,
            item_code,
            decision,
            reason,
            caller.login,
            department=department,
            audit_as=caller.who,
            audit_detail={"role": caller.role.value},
            reusable=catalog.reusable_codes(),  # 电子材料库, at the case's 受理
        )
    except BackofficeStoreError as exc:
        store.audit(caller.who, "case.item_decision", case_id, "refused", detail)
        raise store_error(exc) from None
