"""The supervisor page (值班长) and the fleet page (设备).

    GET  /staff/supervisor                 counts by hall, item and state; overdue cases;
                                           好差评; 12345 records; open help requests
    POST /staff/help/{id}/handled          已处理 for a help request
    GET  /staff/fleet                      the devices, last seen, heartbeat, alarms

The supervisor page is the supervisor's only; the fleet page the
supervisor's and the administrator's (backoffice.roles.READS_FLEET). A
hall-bound account sees its hall only.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from backoffice.roles import READS_AUDIT, READS_FLEET
from backoffice.store import BackofficeStore, BackofficeStoreError
from backoffice.web.session import PageError, SessionDep, StaffSession, check_csrf
from backoffice.web.view import countdown, render, work_calendar

router = APIRouter(prefix="/staff", include_in_schema=False)


def _supervisor(session: StaffSession) -> None:
    # The supervisor is the role that oversees everyone (it reads the audit log too).
    if session.role not in READS_AUDIT:
        raise PageError(403, "值班长页面只限值班长")


@router.get("/supervisor")
def supervisor_page(request: Request, session: SessionDep, done: str = "") -> Response:
    _supervisor(session)
    store: BackofficeStore = request.app.state.store
    hall = session.hall_code
    today = dt.date.today()
    calendar = work_calendar(store)
    counts = store.case_counts(hall)
    states = sorted({r["state"] for r in counts})
    by_hall: dict[str, int] = {}
    by_item: dict[tuple[str, str], dict[str, int]] = {}
    for r in counts:
        by_hall[r["hall_code"]] = by_hall.get(r["hall_code"], 0) + r["count"]
        per = by_item.setdefault((r["item_code"], r["item_name"]), {})
        per[r["state"]] = per.get(r["state"], 0) + r["count"]
    overdue = store.overdue_cases(today, hall)
    for row in overdue:
        row["countdown"] = countdown(row["promised_date"], today, calendar)
    return render(
        request,
        "supervisor.html",
        session=session,
        states=states,
        by_hall=sorted(by_hall.items()),
        by_item=sorted(by_item.items()),
        total=sum(by_hall.values()),
        overdue=overdue,
        evaluations=store.evaluation_summary(hall),
        consultations=store.consultation_records(hall),
        help_requests=store.help_requests(hall),
        done="已标记为已处理" if done == "help" else "",
    )


@router.post("/help/{request_id}/handled")
def help_handled(
    request: Request,
    request_id: str,
    session: SessionDep,
    csrf: Annotated[str, Form(max_length=128)] = "",
) -> Response:
    check_csrf(session, csrf)
    _supervisor(session)
    store: BackofficeStore = request.app.state.store
    found = store.help_request(request_id)
    if found is None or (session.hall_code and found["hall_code"] != session.hall_code):
        raise PageError(404, "没有这条呼叫")
    try:
        store.mark_help_handled(request_id, session.caller.who)
    except BackofficeStoreError:
        raise PageError(404, "没有这条呼叫") from None
    store.audit(
        session.caller.who, "help.handled", request_id, "ok", {"device": found["device_code"]}
    )
    return RedirectResponse("/staff/supervisor?done=help", status_code=303)


@router.get("/fleet")
def fleet_page(request: Request, session: SessionDep) -> Response:
    if session.role not in READS_FLEET:
        raise PageError(403, "设备页面只限值班长和系统管理员")
    store: BackofficeStore = request.app.state.store
    limits = request.app.state.fleet_limits
    devices = store.fleet(limits, session.hall_code)
    now = dt.datetime.now(dt.UTC)
    for d in devices:
        seen = d["heartbeat_at"] or d["last_seen_at"]
        d["seen_ago"] = ago(now, seen)
    alarmed = sum(1 for d in devices if d["alarms"])
    return render(
        request, "fleet.html", session=session, devices=devices, alarmed=alarmed, limits=limits
    )


def ago(now: dt.datetime, iso: str | None) -> str:
    """“3 分钟前” for an ISO time (“从未” for none)."""
    if not iso:
        return "从未"
    seconds = max(0, int((now - dt.datetime.fromisoformat(iso)).total_seconds()))
    if seconds < 60:
        return "刚刚"
    if seconds < 3600:
        return f"{seconds // 60} 分钟前"
    if seconds < 86400:
        return f"{seconds // 3600} 小时前"
    return f"{seconds // 86400} 天前"
