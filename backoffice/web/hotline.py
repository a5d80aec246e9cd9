"""The 12345 pages: the reviewers' list and answer, and the citizen's public answer page.

    GET  /staff/hotline?state=open|all        工单: the tickets the account may answer
    GET  /staff/hotline/{ticket}              one ticket: type, routing, text, phone masked
    POST /staff/hotline/{ticket}/answer       答复 (CSRF), audited
    GET  /hotline/{ticket}?c=CODE             public, no sign-in: where it stands, the answer

Who sees a ticket (checked before it is looked up): the roles of
backoffice.roles.ANSWERS_HOTLINE; a reviewer the tickets of their department
and those not routed to one, a hall-bound account its hall's; any other
ticket answers the same 404 page as a missing one. The public page needs the
check code printed on the ticket (core.ids.ticket_check_code); refused
codes count against the address like the case look-up's (429).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from backoffice.api.routes.hotline import ticket_matches
from backoffice.roles import ANSWERS_HOTLINE, Role
from backoffice.store import BackofficeStore, BackofficeStoreError
from backoffice.web.session import PageError, SessionDep, StaffSession, check_csrf
from backoffice.web.view import render
from core.ids import parse_ticket_number

router = APIRouter(prefix="/staff", include_in_schema=False)
public = APIRouter(include_in_schema=False)

HOTLINE_NAMES = {"consult": "咨询", "complaint": "投诉", "suggestion": "建议", "help": "求助"}
STATE_FILTERS = {"open": "待答复", "all": "全部"}
NOT_YOURS = "没有这个工单，或它不属于您的部门、大厅"


def _store(request: Request) -> BackofficeStore:
    return request.app.state.store


def departments_of(session: StaffSession) -> list[str] | None:
    """The departments whose tickets the account answers (None: all); 403 page else."""
    if session.role not in ANSWERS_HOTLINE:
        raise PageError(403, "12345 工单只限部门审核和值班长")
    if session.role is Role.REVIEWER:
        return [session.department] if session.department else []
    return None


def visible_ticket(request: Request, session: StaffSession, ticket_no: str) -> dict[str, Any]:
    """The ticket if the account may see it (role, then hall and department); else 404."""
    depts = departments_of(session)
    if parse_ticket_number(ticket_no) is None:
        raise PageError(404, NOT_YOURS)
    row = _store(request).hotline_ticket(ticket_no)
    if row is None or (session.hall_code and row["hall_code"] != session.hall_code):
        raise PageError(404, NOT_YOURS)
    if depts is not None and row["department"] and row["department"] not in depts:
        raise PageError(404, NOT_YOURS)
    return row


def _overdue(row: dict[str, Any], today: dt.date) -> bool:
    return not row["answered_at"] and dt.date.fromisoformat(row["answer_due"]) < today


@router.get("/hotline")
def ticket_list(
    request: Request,
    session: SessionDep,
    state: Annotated[str, Query(max_length=8)] = "open",
) -> Response:
    depts = departments_of(session)
    if state not in STATE_FILTERS:
        state = "open"
    rows = _store(request).hotline_tickets(session.hall_code, depts, open_only=state == "open")
    today = dt.date.today()
    for row in rows:
        row["overdue"] = _overdue(row, today)
    return render(
        request,
        "hotline.html",
        session=session,
        rows=rows,
        state=state,
        filters=STATE_FILTERS,
        names=HOTLINE_NAMES,
    )


@router.get("/hotline/{ticket_no}")
def ticket_page(request: Request, ticket_no: str, session: SessionDep, done: str = "") -> Response:
    row = visible_ticket(request, session, ticket_no)
    row["overdue"] = _overdue(row, dt.date.today())
    return render(
        request,
        "hotline_ticket.html",
        session=session,
        t=row,
        names=HOTLINE_NAMES,
        done="已答复，市民可在自助终端或凭工单查询答复" if done else "",
        error="",
    )


@router.post("/hotline/{ticket_no}/answer")
def answer(
    request: Request,
    ticket_no: str,
    session: SessionDep,
    csrf: Annotated[str, Form(max_length=128)] = "",
    text: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    check_csrf(session, csrf)
    row = visible_ticket(request, session, ticket_no)
    store = _store(request)
    try:
        store.answer_ticket(ticket_no, text, session.caller.who)
    except BackofficeStoreError:
        row["overdue"] = _overdue(row, dt.date.today())
        return render(
            request,
            "hotline_ticket.html",
            422,
            session=session,
            t=row,
            names=HOTLINE_NAMES,
            done="",
            error="请填写答复内容（不超过2000字）",
        )
    store.audit(
        session.caller.who, "hotline.answer", ticket_no, "ok", {"category": row["category"]}
    )
    return RedirectResponse(f"/staff/hotline/{ticket_no}?done=1", status_code=303)


@public.get("/hotline/{ticket_no}")
def public_ticket(
    request: Request, ticket_no: str, c: Annotated[str, Query(max_length=16)] = ""
) -> Response:
    """The citizen's page for a ticket: no sign-in, the check code from the paper."""
    limit = request.app.state.lookup_failures
    key = f"public@{request.client.host if request.client else '?'}"
    wait = limit.retry_after(key)
    if wait is not None:
        response = render(request, "hotline_public.html", 429, t=None, names=HOTLINE_NAMES)
        response.headers["Retry-After"] = str(wait)
        return response
    store = _store(request)
    row = store.hotline_ticket(ticket_no) if parse_ticket_number(ticket_no) else None
    if not ticket_matches(row, c):
        limit.failed(key)
        store.audit("public", "hotline.lookup", ticket_no[:40], "not_found", {"proof": "page"})
        return render(request, "hotline_public.html", 404, t=None, names=HOTLINE_NAMES)
    assert row is not None
    store.audit("public", "hotline.lookup", ticket_no, "found", {"proof": "page"})
    shown = {
        k: row[k]
        for k in (
            "ticket_no",
            "category",
            "department",
            "item_name",
            "received_at",
            "answer_due",
            "answer",
            "answered_at",
        )
    }
    return render(request, "hotline_public.html", t=shown, names=HOTLINE_NAMES)
