"""What the staff pages share: the templates, the headers every page gets, labels,
the catalog's department of each item and working-day countdowns (限时办结).

Any worker thread: the caches are filled under a lock and keyed by the
catalog's and the calendar's ETags, so a new catalog or calendar counts at once.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.templating import Jinja2Templates

from backoffice.catalog import CatalogSource
from backoffice.roles import ROLE_NAMES
from backoffice.store import BackofficeStore
from backoffice.web.session import PageError
from core.case import STATE_LABELS, CaseState
from core.deadlines import WorkCalendar, is_workday
from core.errors import OneWindowError

HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"

# Staff pages show personal data: never cached, never framed by another site.
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'self'; form-action 'self'",
}
STATE_NAMES = {s.value: str(STATE_LABELS[s]) for s in CaseState}
STATE_NAMES[CaseState.SYNCED.value] = "待受理"  # what 已上报 means to a reviewer
ALARM_NAMES = {
    "offline": "离线",
    "paper_out": "缺纸",
    "outbox_stale": "待发积压",
    "disk_low": "磁盘不足",
}
EVENT_NAMES = {
    "created": "创建",
    "from_card_read": "读卡取得证照",
    "scanned": "扫描材料",
    "scan_cleared": "重扫材料",
    "state": "状态变更",
    "submitted": "提交",
    "supplement_request": "补正通知",
    "supplement": "补交材料",
    "supplement_waived": "免于补正",
    "handover": "出件",
    "item_decision": "事项审批",  # 一件事: one item decided by its department
    "reuse_consent": "同意复用材料",
    "material_reused": "复用材料",
}
REUSE_HOW = {"screen": "在副屏确认", "oral": "口头同意（窗口人员记录）", "written": "书面同意"}
REUSE_SCOPES = {"library": "电子材料库", "elicence": "电子证照"}
CONSULT_NAMES = {"consult": "咨询", "complaint": "投诉", "suggestion": "建议"}

_env = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=select_autoescape(("html",)),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.globals.update(
    STATE_NAMES=STATE_NAMES,
    ROLE_NAMES={str(k): v for k, v in ROLE_NAMES.items()},
    ALARM_NAMES=ALARM_NAMES,
    CONSULT_NAMES=CONSULT_NAMES,
    EVENT_NAMES=EVENT_NAMES,
    REUSE_HOW=REUSE_HOW,
    REUSE_SCOPES=REUSE_SCOPES,
)


def local_time(iso: str | None) -> str:
    """An ISO time as the server's local “YYYY-MM-DD HH:MM” (rows are kept in UTC)."""
    if not iso:
        return "—"
    try:
        return dt.datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


_env.filters["local"] = local_time
templates = Jinja2Templates(env=_env)


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page from ``templates/<name>`` with the staff pages' headers."""
    response = templates.TemplateResponse(request, name, context, status_code=status)
    response.headers.update(PAGE_HEADERS)
    return response


INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/webp"}


def file_response(data: bytes, media_type: str, name: str) -> Response:
    """A material's file for a staff page: shown inline when the browser can (PDF and
    pictures), else downloaded; never cached, never sniffed."""
    inline = media_type in INLINE_TYPES
    return Response(
        data,
        media_type=media_type if inline else "application/octet-stream",
        headers={
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            "Content-Disposition": f'{"inline" if inline else "attachment"}; filename="{name}"',
        },
    )


async def page_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PageError)
    session = getattr(request.state, "staff_session", None)
    return render(
        request,
        "error.html",
        exc.status,
        message=exc.message,
        session=session,
        status_code=exc.status,
    )


# ------------------------------------------------------------------ catalog, calendar

_lock = threading.Lock()
_calendars: dict[str, tuple[str, WorkCalendar | None]] = {}


def departments(catalog: CatalogSource) -> dict[str, str]:
    """Item code → its department (部门), from the catalog the back office serves."""
    return catalog.departments()


def work_calendar(store: BackofficeStore) -> WorkCalendar | None:
    """The back office's working-day calendar (None when it cannot be read)."""
    data, etag = store.calendar_document()
    key = str(store.data_dir)
    with _lock:
        cached = _calendars.get(key)
        if cached is not None and cached[0] == etag:
            return cached[1]
        try:
            calendar: WorkCalendar | None = WorkCalendar.from_document(json.loads(data))
        except (OneWindowError, ValueError):
            calendar = None
        _calendars[key] = (etag, calendar)
        return calendar


def working_days_between(start: dt.date, end: dt.date, calendar: WorkCalendar | None) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when end < start)."""
    sign, lo, hi = (1, start, end) if end >= start else (-1, end, start)
    days, day = 0, lo
    while day < hi:
        day += dt.timedelta(days=1)
        if is_workday(day, calendar)[0]:
            days += 1
    return sign * days


def countdown(
    promised: dt.date | None, today: dt.date, calendar: WorkCalendar | None
) -> dict[str, Any]:
    """限时办结: the working days left to the promised date, and whether it is overdue."""
    if promised is None:
        return {"text": "—", "overdue": False, "days": None}
    days = working_days_between(today, promised, calendar)
    if promised < today:
        late = f"已超期 {-days} 个工作日" if days else "已超期"
        return {"text": late, "overdue": True, "days": days}
    if days == 0:
        return {"text": "今天到期", "overdue": False, "days": 0}
    return {"text": f"剩 {days} 个工作日", "overdue": False, "days": days}
