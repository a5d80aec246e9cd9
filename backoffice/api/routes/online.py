"""网上预审件 at the window: pull an online application, its scans, and take it in once.

    POST /api/v1/online/pull                 by number, or by the card holder's ID number
    GET  /api/v1/online/{number}/files/{seq} one uploaded scan, as uploaded
    POST /api/v1/online/{number}/take        当场受理: the application becomes a case, once

Who may call: a device (its token checked before the body is read), with the
signed-in clerk named by their staff token in ``X-Staff-Token``: a window
role's account (窗口人员 or 值班长), of the device's hall when the account is
bound to one. A kiosk has no clerk signed in, so these are the counter's
routes. By card, the ID number read at the window is the proof; a number
that matches nothing counts against the device (429 with Retry-After, as the
other look-ups). Only a pre-reviewed (预审通过) application can be taken in;
the others answer 409 saying why (待预审, 退回补正, already taken in as which
receipt). Every pull and take is in the audit log (numbers, no personal data).
When the case arrives (PUT /api/v1/cases/{id}), ``settle_online_case`` checks
its link and decides a 即办 item's case at once (受理 → 办结 → 已出件).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request, Response
from fastapi import Path as PathParam

from backoffice.api.deps import AuthFirstRoute, Caller, DeviceCaller, StoreDep
from backoffice.api.errors import API, ApiError, store_error
from backoffice.api.models import error_responses
from backoffice.catalog import CatalogSource
from backoffice.roles import Role
from backoffice.store import BackofficeStore, BackofficeStoreError
from core.case import Case, CaseState
from core.catalog import Catalog
from core.errors import CatalogError
from core.messages import Words
from wire.online import NUMBER, OnlineAnswer, OnlineApplication, OnlinePull, OnlineTake, OnlineTaken

router = APIRouter(prefix=API, tags=["online"], route_class=AuthFirstRoute)

WINDOW_ROLES = frozenset({Role.CLERK, Role.SUPERVISOR})
SETTLER = "system:online"  # who decides a 即办 online case at once (trail, audit)
StaffHeader = Annotated[str, Header(alias="X-Staff-Token", max_length=200)]


def window_clerk(store: BackofficeStore, caller: Caller, token: str) -> dict[str, Any]:
    """The signed-in clerk of ``token`` when they may work at the caller's window, else 403."""
    staff = store.staff_for_token(token.strip()) if token else None
    if staff is None or Role(staff["role"]) not in WINDOW_ROLES:
        raise ApiError(403, Words("bo.online_clerk_needed"), {"need": "X-Staff-Token"})
    if staff["hall_code"] and caller.hall_code and staff["hall_code"] != caller.hall_code:
        raise ApiError(403, Words("bo.online_clerk_needed"), {"hall": caller.hall_code})
    return staff


def _shown(row: dict[str, Any]) -> OnlineApplication:
    return OnlineApplication(
        **{k: v for k, v in row.items() if k in OnlineApplication.model_fields}
    )


@router.post(
    "/online/pull", response_model=OnlineAnswer, responses=error_responses(401, 403, 404, 422, 429)
)
def pull(
    body: OnlinePull,
    store: StoreDep,
    caller: DeviceCaller,
    request: Request,
    x_staff_token: StaffHeader = "",
) -> OnlineAnswer:
    """The application of this number, or the card holder's applications, newest first."""
    staff = window_clerk(store, caller, x_staff_token)
    who = {"clerk": staff["login"]}
    if body.id_number:
        rows = store.online_by_holder(body.id_number)
        store.audit(
            caller.who, "online.pull", "", "found", {**who, "proof": "card", "n": len(rows)}
        )
        return OnlineAnswer(applications=[_shown(r) for r in rows])
    limit = request.app.state.lookup_failures
    wait = limit.retry_after(caller.who)
    if wait is not None:
        store.audit(caller.who, "online.pull", body.number, "limited", who)
        raise ApiError(429, Words("bo.lookup_limited"), None, headers={"Retry-After": str(wait)})
    row = store.online_application(body.number)
    if row is None:
        limit.failed(caller.who)
        store.audit(caller.who, "online.pull", body.number, "not_found", who)
        raise ApiError(404, Words("bo.no_online_application"), {"number": body.number})
    store.audit(caller.who, "online.pull", body.number, "found", {**who, "proof": "number"})
    return OnlineAnswer(applications=[_shown(row)])


@router.get(
    "/online/{number}/files/{seq}",
    response_class=Response,
    responses={
        200: {"content": {"application/octet-stream": {}}},
        **error_responses(401, 403, 404, 422),
    },
)
def online_file(
    number: Annotated[str, PathParam(pattern=NUMBER)],
    seq: Annotated[int, PathParam(ge=0, le=999)],
    store: StoreDep,
    caller: DeviceCaller,
    x_staff_token: StaffHeader = "",
) -> Response:
    """One uploaded scan of the application, as the applicant uploaded it."""
    window_clerk(store, caller, x_staff_token)
    row = store.online_application(number, personal=False)
    f = next((f for f in row["files"] if f["seq"] == seq), None) if row else None
    if f is None:
        raise ApiError(404, Words("bo.no_online_application"), {"number": number, "seq": seq})
    try:
        data = store.read_file(f["file_id"])
    except (BackofficeStoreError, ValueError, OSError):  # its bytes gone or altered
        raise ApiError(404, Words("bo.no_online_application"), {"number": number}) from None
    return Response(data, media_type=f["media_type"], headers={"X-Content-SHA256": f["sha256"]})


@router.post(
    "/online/{number}/take",
    response_model=OnlineTaken,
    responses=error_responses(401, 403, 404, 409, 422),
)
def take(
    number: Annotated[str, PathParam(pattern=NUMBER)],
    body: OnlineTake,
    store: StoreDep,
    caller: DeviceCaller,
    x_staff_token: StaffHeader = "",
) -> OnlineTaken:
    """当场受理: the pre-reviewed application becomes the case ``case_id``, exactly once
    (the same case again: the same answer, ``taken`` false)."""
    staff = window_clerk(store, caller, x_staff_token)
    by = f"staff:{staff['login']}"
    try:
        new, row = store.take_online(number, body.case_id, body.receipt_no, by)
    except BackofficeStoreError as exc:
        store.audit(caller.who, "online.take", number, "refused", {"clerk": staff["login"]})
        raise store_error(exc) from None
    if new:
        store.audit(caller.who, "online.take", number, "ok", {"clerk": staff["login"]})
    return OnlineTaken(
        number=number, case_id=row["taken_case_id"], receipt_no=row["taken_receipt_no"], taken=new
    )


def _on_the_spot(catalog: CatalogSource, item_code: str) -> bool:
    served = catalog.get()
    if served is None:
        return False
    try:
        return Catalog.from_json(served[0]).item(item_code).on_the_spot
    except CatalogError:
        return False


def settle_online_case(store: BackofficeStore, catalog: CatalogSource, case: Case) -> bool:
    """A case just received that names an online application: when that application was
    taken in as this very case and the item is 即办 with the window's on-the-spot
    decision in the trail, 受理 → 办结 → 已出件 at once (the result was printed at the
    window). True when moved."""
    numbers = [e.detail.get("number") for e in case.events if e.kind == "online_application"]
    if not numbers or not isinstance(numbers[-1], str):
        return False
    row = store.online_taken_by(case.id)
    if row is None or row["number"] != numbers[-1] or row["item_code"] != case.item_code:
        return False
    store.note_online_receipt(case.id, case.receipt_no)
    decided = any(e.kind == "decided_on_spot" for e in case.events)
    if not decided or not _on_the_spot(catalog, case.item_code):
        return False
    detail = {"online": row["number"]}
    for state in (CaseState.ACCEPTED, CaseState.READY, CaseState.DELIVERED):
        store.set_state(case.id, state, "", SETTLER, audit_as=SETTLER, audit_detail=detail)
    return True
