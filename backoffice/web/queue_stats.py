"""The queue figures page (排队统计) for supervisors and administrators (issue 15).

    GET  /staff/queue?hall=…&day=YYYY-MM-DD   one hall's day: per category tickets,
                                              average and 90th-percentile wait and
                                              service times, no-shows; the end-of-day
                                              report per window (the same figures)

The figures are the store's (backoffice.store.queue.queue_stats, wire.queue
Figures) from the events the hall servers reported (POST /api/v1/queue-events).
A hall-bound account sees its hall only, whatever the address asks. Request
handlers run on the server's thread pool.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from backoffice.roles import READS_QUEUE
from backoffice.store import BackofficeStore
from backoffice.web.session import PageError, SessionDep
from backoffice.web.view import render

router = APIRouter(prefix="/staff", include_in_schema=False)

_HALL = re.compile(r"[A-Z0-9]{2,12}")


def duration(seconds: int) -> str:
    """“3 分 05 秒” (“—” for none)."""
    if not seconds:
        return "—"
    minutes, s = divmod(int(seconds), 60)
    return f"{minutes} 分 {s:02d} 秒" if minutes else f"{s} 秒"


@router.get("/queue")
def queue_page(
    request: Request,
    session: SessionDep,
    hall: Annotated[str, Query(max_length=12)] = "",
    day: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    if session.role not in READS_QUEUE:
        raise PageError(403, "排队统计只限值班长和系统管理员")
    try:
        the_day = dt.date.fromisoformat(day) if day else dt.date.today()
    except ValueError:
        raise PageError(422, "日期不正确（应为 YYYY-MM-DD）") from None
    store: BackofficeStore = request.app.state.store
    halls = store.queue_halls(the_day.isoformat())
    if session.hall_code:  # a hall-bound account: its own hall only
        hall, halls = session.hall_code, [session.hall_code]
    elif not hall:
        hall = halls[0] if halls else ""
    if hall and not _HALL.fullmatch(hall):
        raise PageError(422, "大厅编号不正确")
    stats = store.queue_stats(hall, the_day.isoformat()) if hall else None
    return render(
        request,
        "queue.html",
        session=session,
        hall=hall,
        halls=halls,
        day=the_day.isoformat(),
        stats=stats,
        duration=duration,
    )
