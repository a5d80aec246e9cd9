"""The staff's web pages (审核、值班长、设备): server-rendered HTML in Simplified Chinese.

Plain HTML forms over Jinja2 templates, no JavaScript, under ``/staff/``:
sign-in with a staff account (the staff token kept in an HttpOnly,
SameSite=Strict cookie), the reviewer's queue of their department's cases, a
case with its form, materials, 容缺 list and trail, the decisions (受理,
不予受理, 补正, 办结, 已出件), the supervisor's page and the fleet page. A
decision goes through the same code as ``POST /api/v1/cases/{id}/status``
(backoffice.api.routes.cases.decide), so it is audited and reaches the device
through the status feed.

    session.py     the sign-in cookie, who is signed in, the CSRF token
    view.py        the templates, the department map, working-day countdowns
    pages.py       sign-in, the case list, a case, its materials, decisions
    oversight.py   the supervisor page (值班长) and the fleet page (设备)
    queue_stats.py the halls' queue figures (排队统计) and the end-of-day report per window
    hotline.py     12345 工单: the reviewers' list and answer, the public answer page
    track.py       the public tracking page /track/{receipt}?c= (no sign-in, 进度查询)
    online.py      网上申报 (public: apply with uploads, progress) and 网上预审 (reviewers)

``install(app)`` adds the routes, the static files and the sign-in redirect
to an app (backoffice.app.create_app). None of it is in the OpenAPI document.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from backoffice.web import hotline, online, oversight, pages, queue_stats, track
from backoffice.web.session import PageError, SignInNeeded, redirect_to_sign_in
from backoffice.web.view import STATIC_DIR, page_error

__all__ = ["install"]


def install(app: FastAPI) -> None:
    """The staff pages under /staff/ on ``app``."""
    app.add_exception_handler(SignInNeeded, redirect_to_sign_in)
    app.add_exception_handler(PageError, page_error)
    app.include_router(pages.router)
    app.include_router(oversight.router)
    app.include_router(queue_stats.router)  # 排队统计 (issue 15)
    app.include_router(hotline.router)  # 12345 工单 (and its public answer page)
    app.include_router(hotline.public)
    app.include_router(track.router)  # the public tracking page (no sign-in)
    app.include_router(online.router)  # 网上预审 (issue 16, item 6)
    app.include_router(online.public)  # 网上申报 and its progress page (no sign-in)
    app.mount("/staff/static", StaticFiles(directory=STATIC_DIR), name="staff-static")
