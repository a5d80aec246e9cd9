"""The staff pages of sign-in, the case list, one case, its materials and the decisions.

    GET  /staff/                               where the role starts
    GET  /staff/sign-in, POST /staff/sign-in   the staff account's login and password
    POST /staff/sign-out
    GET  /staff/cases?state=…&page=…           待审: the cases the account may decide
    GET  /staff/cases/{id}                     form, materials, 容缺, 补正, the trail, decisions
    GET  /staff/cases/{id}/files/{file}        one material's file, decrypted, never cached
    POST /staff/cases/{id}/decision            受理, 不予受理, 补正, 办结, 已出件
    POST /staff/cases/{id}/items/{item}/decision  一件事: one item approved or not (its department)

Who sees a case (checked before it is looked up): a reviewer only the cases
whose catalog item is of their department, a hall-bound account only its
hall's, a clerk or a supervisor every item; an administrator none
(backoffice.roles). Any other case answers the same 404 page as a missing one.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from backoffice.api.deps import UUID_PATTERN
from backoffice.api.errors import ApiError, store_error
from backoffice.api.routes.bundles import ITEM_CODE_PATTERN, decide_one
from backoffice.api.routes.cases import decide
from backoffice.api.routes.staff import attempt_sign_in
from backoffice.roles import DECISIONS, READS_CASES, READS_FLEET, Role
from backoffice.store import BackofficeStore, BackofficeStoreError
from backoffice.store.progress import mailed_of
from backoffice.web.session import (
    SIGN_IN,
    SIGN_IN_COOKIE,
    PageError,
    SessionDep,
    StaffSession,
    check_csrf,
    check_sign_in_csrf,
    end_session_cookie,
    set_session_cookie,
    set_sign_in_cookie,
    sign_in_token,
)
from backoffice.web.view import (
    STATE_NAMES,
    countdown,
    departments,
    file_response,
    render,
    work_calendar,
)
from core.case import Case, CaseState, DeliveryMethod, FileRef
from core.catalog import Catalog
from core.delivery import masked_address, masked_recipient
from core.errors import CatalogError
from core.messages import Words
from core.supplements import outstanding

router = APIRouter(prefix="/staff", include_in_schema=False)

PAGE_SIZE = 20
OPEN = "open"  # the list's default filter: waiting for a decision
STATE_FILTERS = {
    OPEN: "待审（待受理、已受理）",
    "synced": "待受理",
    "accepted": "已受理",
    "ready": "待取件",
    "rejected": "不予受理",
    "delivered": "已出件",
    "all": "全部",
}
WAIVABLE = (CaseState.SYNCED, CaseState.ACCEPTED, CaseState.READY)
WAYBILL_RE = re.compile(r"[A-Z0-9]{8,20}")
_UUID = re.compile(UUID_PATTERN)


def store_of(request: Request) -> BackofficeStore:
    return request.app.state.store


def home_of(role: Role) -> str:
    """Where a role starts: its cases, or (the administrator) the fleet."""
    return "/staff/fleet" if role not in READS_CASES and role in READS_FLEET else "/staff/cases"


# ------------------------------------------------------------------ sign-in


@router.get("/")
def start(session: SessionDep) -> Response:
    return RedirectResponse(home_of(session.role), status_code=303)


@router.get("/sign-in")
def sign_in_page(request: Request, expired: str = "") -> Response:
    token = sign_in_token(request)
    notice = "登录已过期或已退出，请重新登录" if expired else ""
    response = render(request, "sign_in.html", notice=notice, error="", login="", csrf=token)
    set_sign_in_cookie(response, request, token)
    return response


@router.post("/sign-in")
def sign_in(
    request: Request,
    login: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    csrf: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    check_sign_in_csrf(request, csrf)
    token = sign_in_token(request)
    try:
        if not (login and password):
            raise ApiError(401, Words("bo.sign_in_needs_both"))
        answer = attempt_sign_in(store_of(request), request, login.strip(), password)
    except ApiError as exc:
        response = render(
            request,
            "sign_in.html",
            exc.status,
            notice="",
            error=exc.error,
            login=login.strip(),
            csrf=token,
        )
        if exc.headers and "Retry-After" in exc.headers:
            response.headers["Retry-After"] = exc.headers["Retry-After"]
        return response
    response = RedirectResponse(home_of(Role(answer["role"])), status_code=303)
    set_session_cookie(response, request, answer["token"])
    response.delete_cookie(SIGN_IN_COOKIE, path=SIGN_IN)
    return response


@router.post("/sign-out")
def sign_out(
    request: Request, session: SessionDep, csrf: Annotated[str, Form(max_length=128)] = ""
) -> Response:
    check_csrf(session, csrf)
    store = store_of(request)
    store.sign_out(session.token)
    store.audit(session.caller.who, "staff.sign_out", session.login, "ok")
    response = RedirectResponse(SIGN_IN, status_code=303)
    end_session_cookie(response)
    return response


# ------------------------------------------------------------------ who sees what


def item_scope(request: Request, session: StaffSession) -> set[str] | None:
    """The item codes whose cases the account may see (None: every item). 403 page for a
    role that reads no cases."""
    if session.role not in READS_CASES:
        raise PageError(403, "系统管理员不查看、不办理办件（职责分离）；请用设备页面")
    if session.role is not Role.REVIEWER:
        return None
    if not session.department:
        return set()
    depts = departments(request.app.state.catalog)
    return {code for code, dept in depts.items() if dept == session.department}


def visible_case(request: Request, session: StaffSession, case_id: str) -> Case:
    """The case if the account may see it, checked on its hall and item before it is
    opened; the 404 page otherwise (the same for a missing case)."""
    codes = item_scope(request, session)
    store = store_of(request)
    scope = store.case_scope(case_id) if _UUID.match(case_id) else None
    if scope is not None:
        hall, item = scope
        if (session.hall_code and hall != session.hall_code) or (
            codes is not None
            and item not in codes
            and not store.case_has_item(case_id, frozenset(codes))  # 一件事: one of its items
        ):
            scope = None
    case = store.get_case(case_id) if scope is not None else None
    if case is None:
        raise PageError(404, "没有这个办件，或它不属于您的部门、大厅")
    return case


# ------------------------------------------------------------------ the list


@router.get("/cases")
def case_list(
    request: Request,
    session: SessionDep,
    state: Annotated[str, Query(max_length=16)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    codes = item_scope(request, session)
    if state not in STATE_FILTERS:
        state = "ready" if session.role is Role.CLERK else OPEN
    states = {OPEN: ("synced", "accepted"), "all": ()}.get(state, (state,))
    store = store_of(request)
    rows, total = store.review_cases(
        codes,
        hall=session.hall_code,
        states=states,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    today = dt.date.today()
    calendar = work_calendar(store)
    for row in rows:
        row["countdown"] = countdown(row["promised_date"], today, calendar)
        if row["state"] not in ("synced", "accepted"):
            row["countdown"] = {**row["countdown"], "overdue": False}
    pages = max(1, -(-total // PAGE_SIZE))
    return render(
        request,
        "cases.html",
        session=session,
        rows=rows,
        total=total,
        state=state,
        filters=STATE_FILTERS,
        page=page,
        pages=pages,
        no_department=session.role is Role.REVIEWER and not session.department,
    )


# ------------------------------------------------------------------ one case


def _case_context(
    request: Request, session: StaffSession, case: Case, store: BackofficeStore
) -> dict[str, Any]:
    today = dt.date.today()
    may = DECISIONS[session.role]
    state = case.state
    actions = {
        "accept": CaseState.ACCEPTED in may and state is CaseState.SYNCED,
        "reject": CaseState.REJECTED in may and state in (CaseState.SYNCED, CaseState.ACCEPTED),
        "supplement": CaseState.ACCEPTED in may and state in (CaseState.SYNCED, CaseState.ACCEPTED),
        "ready": CaseState.READY in may and state is CaseState.ACCEPTED,
        "deliver": CaseState.DELIVERED in may and state is CaseState.READY,
    }
    items = store.case_items(case.id)  # 一件事: each item decided by its department
    if items:
        # The items' own decisions make the case 已受理 and 待取件; a reviewer decides items.
        actions["accept"] = actions["ready"] = False
        actions["reject"] = actions["reject"] and session.role is not Role.REVIEWER
        for i in items:
            i["may_decide"] = (
                state in (CaseState.SYNCED, CaseState.ACCEPTED)
                and CaseState.ACCEPTED in may
                and (session.role is not Role.REVIEWER or i["department"] == session.department)
            )
            i["state_name"] = ITEM_STATE_NAMES.get(i["state"], i["state"])
    owed = outstanding(case)
    # 免于补正: who may accept may waive what is still owed, until the result is handed out.
    actions["waive"] = bool(owed) and CaseState.ACCEPTED in may and state in WAIVABLE
    labels = {}
    catalog_value = request.app.state.catalog.get()
    if catalog_value is not None:
        try:
            served = Catalog.from_json(catalog_value[0])
            item = (
                served.bundle_item(case.bundle_code)
                if case.bundle_code
                else served.item(case.item_code)
            )
            labels = {f.key: f.label for f in item.form}
        except CatalogError:  # an item that left the catalog: show the keys
            labels = {}
    return {
        "session": session,
        "case": case,
        "state_name": STATE_NAMES[case.state.value],
        "countdown": countdown(case.promised_date, today, work_calendar(store)),
        "open": state in (CaseState.SYNCED, CaseState.ACCEPTED),
        "form_rows": [(labels.get(k, k), v) for k, v in case.form.items()],
        "supplements": store.supplement_requests(case.id),
        "owed": owed,
        "supplied": supplied_files(case, store),
        "reused": store.reuse_origins(case),  # 材料复用: where each reused copy came from
        "items": items,
        "actions": actions,
        "express": case.delivery.method is DeliveryMethod.EXPRESS,
        "delivery_to": masked_address(case.delivery) if case.delivery.address else "",
        "recipient": masked_recipient(case.delivery),
        "mailed": mailed_of(case),
        "min_due": (today + dt.timedelta(days=1)).isoformat(),
        "default_due": (today + dt.timedelta(days=5)).isoformat(),
        "error": "",
        "done": "",
    }


ITEM_STATE_NAMES = {"pending": "待审批", "approved": "已通过", "rejected": "不予办理"}

DONE = {
    "item": "已记录该事项的审批决定",
    "accept": "已受理",
    "reject": "已作出不予受理决定",
    "supplement": "已发出补正通知",
    "ready": "已办结，待取件",
    "deliver": "已出件",
    "waive": "已决定免于补正",
}


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: str, session: SessionDep, done: str = "") -> Response:
    case = visible_case(request, session, case_id)
    ctx = _case_context(request, session, case, store_of(request))
    ctx["done"] = DONE.get(done, "")
    return render(request, "case.html", **ctx)


@router.get("/cases/{case_id}/files/{file_id}")
def case_file(request: Request, case_id: str, file_id: str, session: SessionDep) -> Response:
    """One file of the case's materials, decrypted here; only for who may see the case."""
    case = visible_case(request, session, case_id)
    ref = next((f for m in case.materials for f in m.files if f.id == file_id), None)
    if ref is None:  # a file handed in later (补正)
        extra = next(
            (f for f in supplied_files(case, store_of(request)) if f["id"] == file_id), None
        )
        ref = FileRef(**{k: extra[k] for k in FileRef.model_fields}) if extra else None
    if ref is None:
        raise PageError(404, "这个办件没有这份材料")
    try:
        data = store_of(request).read_file(ref.id)
    except (BackofficeStoreError, ValueError, OSError):
        raise PageError(404, "这份材料的文件不在后台或已损坏") from None
    return file_response(data, ref.media_type, ref.id)


@router.post("/cases/{case_id}/decision")
def decision(
    request: Request,
    case_id: str,
    session: SessionDep,
    action: Annotated[str, Form(max_length=16)] = "",
    csrf: Annotated[str, Form(max_length=128)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
    materials: Annotated[list[str] | None, Form()] = None,
    due: Annotated[str, Form(max_length=10)] = "",
    result: Annotated[str, Form(max_length=16)] = "",
    waybill: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    check_csrf(session, csrf)
    case = visible_case(request, session, case_id)  # scope first: 404 before anything else
    store = store_of(request)
    caller = session.caller
    try:
        if action == "accept":
            reusable = request.app.state.catalog.reusable_codes()  # 电子材料库
            decide(store, caller, case.id, CaseState.ACCEPTED, "", may_see=True, reusable=reusable)
        elif action == "reject":
            if not reason.strip():
                raise ApiError(422, Words("bo.reject_needs_reason"))
            decide(store, caller, case.id, CaseState.REJECTED, reason.strip(), may_see=True)
        elif action == "ready":
            outcome = ready_reason(result, waybill)
            decide(store, caller, case.id, CaseState.READY, outcome, may_see=True)
        elif action == "deliver":
            decide(store, caller, case.id, CaseState.DELIVERED, "", may_see=True)
        elif action == "supplement":
            request_supplement(store, session, case.id, materials or [], due)
        elif action == "waive":
            waive_supplement(store, session, case.id, materials or [])
        else:
            raise ApiError(422, Words("bo.unknown_action"))
    except ApiError as exc:
        fresh = store.get_case(case.id) or case
        ctx = _case_context(request, session, fresh, store)
        ctx["error"] = refusal_text(exc)
        ctx["form_reason"] = reason
        return render(request, "case.html", exc.status, **ctx)
    return RedirectResponse(f"/staff/cases/{case.id}?done={action}", status_code=303)


def ready_reason(result: str, waybill: str) -> str:
    """办结's result as the reason the device receives: 窗口取件, or 邮寄 with a waybill
    number (8-20 letters and digits). ApiError 422 otherwise."""
    if result == "window":
        return "办结：窗口取件"
    if result == "express":
        number = re.sub(r"[\s-]", "", waybill).upper()
        if not WAYBILL_RE.fullmatch(number):
            raise ApiError(422, Words("bo.waybill_needed"))
        return f"办结：邮寄送达，运单号 {number}"
    raise ApiError(422, Words("bo.ready_how"))


def request_supplement(
    store: BackofficeStore, session: StaffSession, case_id: str, codes: list[str], due: str
) -> None:
    """补正: who may accept may ask for it; audited like a decision."""
    caller = session.caller
    detail = {"role": session.role.value}
    if CaseState.ACCEPTED not in DECISIONS[session.role]:
        store.audit(caller.who, "case.supplement_request", case_id, "forbidden", detail)
        raise ApiError(403, Words("bo.role_cannot_request_supplement"))
    try:
        day = dt.date.fromisoformat(due)
    except ValueError:
        raise ApiError(422, Words("bo.supplement_due_needed")) from None
    try:
        store.request_supplement(
            case_id, codes, day, session.login, audit_as=caller.who, audit_detail=detail
        )
    except BackofficeStoreError as exc:
        store.audit(caller.who, "case.supplement_request", case_id, "refused", detail)
        raise store_error(exc) from None


def waive_supplement(
    store: BackofficeStore, session: StaffSession, case_id: str, codes: list[str]
) -> None:
    """免于补正 of the materials ticked (all still owed when none): who may accept may
    waive; audited like a decision."""
    caller = session.caller
    detail = {"role": session.role.value}
    if CaseState.ACCEPTED not in DECISIONS[session.role]:
        store.audit(caller.who, "case.supplement_waived", case_id, "forbidden", detail)
        raise ApiError(403, Words("bo.role_cannot_waive"))
    try:
        store.waive_supplement(
            case_id, codes, session.login, audit_as=caller.who, audit_detail=detail
        )
    except BackofficeStoreError as exc:
        store.audit(caller.who, "case.supplement_waived", case_id, "refused", detail)
        raise store_error(exc) from None


def supplied_files(case: Case, store: BackofficeStore) -> list[dict[str, Any]]:
    """The files handed in by 补正 (each supplement record's materials), oldest first."""
    out: list[dict[str, Any]] = []
    for ev in case.events:
        if ev.kind != "supplement":
            continue
        found = store.get_record(str(ev.detail.get("supplement", "")))
        if found is None:
            continue
        for m in found[1].get("materials") or ():
            for f in m.get("files") or ():
                out.append({"material": m.get("name") or m.get("code"), "at": ev.at, **f})
    return out


@router.post("/cases/{case_id}/items/{item_code}/decision")
def item_decision(
    request: Request,
    case_id: str,
    item_code: str,
    session: SessionDep,
    decision: Annotated[str, Form(max_length=16)] = "",
    csrf: Annotated[str, Form(max_length=128)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """一件事: one item approved or not, by a reviewer of its department (decide_one of
    routes/bundles.py: role, hall and department before the store)."""
    check_csrf(session, csrf)
    case = visible_case(request, session, case_id)  # scope first: 404 before anything else
    store = store_of(request)
    try:
        if not re.fullmatch(ITEM_CODE_PATTERN, item_code):
            raise ApiError(404, Words("bo.no_such_item"))
        decide_one(
            store,
            session.caller,  # the API's caller for this token, its department included
            request.app.state.catalog,
            case.id,
            item_code,
            decision,
            reason.strip(),
        )
    except ApiError as exc:
        fresh = store.get_case(case.id) or case
        ctx = _case_context(request, session, fresh, store)
        ctx["error"] = refusal_text(exc)
        return render(request, "case.html", exc.status, **ctx)
    return RedirectResponse(f"/staff/cases/{case.id}?done=item", status_code=303)


def refusal_text(exc: ApiError) -> str:
    if exc.status == 409:
        return f"这项决定现在不能作出：{exc.error}（页面已刷新为办件的当前状态）"
    if exc.status == 403:
        return f"{exc.error}（您的角色无此权限）"
    return exc.error
