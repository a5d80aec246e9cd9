"""Who is signed in to the staff pages: the cookie, the account behind it, the CSRF token.

The staff token from sign-in (the same ``st_…`` token the JSON API takes) is
kept in an HttpOnly, SameSite=Strict cookie limited to ``/staff``; a page
finds its account with ``store.staff_for_token`` on every request, so a
disabled account or an expired token ends at once (back to the sign-in page,
saying so). Every POST form carries a CSRF token in a hidden field: derived
from the session's token (a hash nobody can compute without the HttpOnly
cookie), so it needs no server state and holds across workers; the sign-in
form, before there is a session, uses a random double-submit cookie. Any
worker thread.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response

from backoffice.api.deps import Caller
from backoffice.roles import Role
from backoffice.store import BackofficeStore

COOKIE = "ow_staff"
SIGN_IN_COOKIE = "ow_signin"  # the sign-in form's double-submit CSRF token
PATH = "/staff"
SIGN_IN = f"{PATH}/sign-in"


class SignInNeeded(Exception):
    """No session (or an ended one): the page answers with a redirect to the sign-in."""

    def __init__(self, expired: bool) -> None:
        super().__init__("sign-in needed")
        self.expired = expired


class PageError(Exception):
    """A page that cannot be shown (403, 404, a refused CSRF token): an HTML error page."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class StaffSession:
    """The signed-in account of one request. Plain data; any thread."""

    token: str
    login: str
    name: str
    role: Role
    hall_code: str
    department: str
    expires_at: str

    @property
    def caller(self) -> Caller:
        """The same caller the JSON API would see for this token."""
        return Caller(
            "staff",
            hall_code=self.hall_code,
            login=self.login,
            role=self.role,
            department=self.department,
        )

    @property
    def csrf(self) -> str:
        return csrf_for(self.token)


def csrf_for(token: str) -> str:
    return hashlib.sha256(b"onewindow-staff-csrf\0" + token.encode()).hexdigest()


def secure_cookie(request: Request) -> bool:
    """Secure cookies behind HTTPS (a reverse proxy says so with X-Forwarded-Proto)."""
    proto = request.headers.get("x-forwarded-proto", request.url.scheme)
    return proto.split(",")[0].strip() == "https"


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    response.set_cookie(
        COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=secure_cookie(request),
        path=PATH,
    )


def end_session_cookie(response: Response) -> None:
    response.delete_cookie(COOKIE, path=PATH, httponly=True, samesite="strict")


def sign_in_token(request: Request) -> str:
    """The sign-in form's CSRF token: the one in its cookie, or a new one."""
    return request.cookies.get(SIGN_IN_COOKIE) or secrets.token_urlsafe(24)


def set_sign_in_cookie(response: Response, request: Request, value: str) -> None:
    response.set_cookie(
        SIGN_IN_COOKIE,
        value,
        httponly=True,
        samesite="strict",
        secure=secure_cookie(request),
        path=SIGN_IN,
    )


def check_sign_in_csrf(request: Request, sent: str) -> None:
    expected = request.cookies.get(SIGN_IN_COOKIE, "")
    if not (expected and hmac.compare_digest(expected, sent)):
        raise PageError(403, "表单已失效（CSRF 校验失败），请刷新页面后重试")


def check_csrf(session: StaffSession, sent: str) -> None:
    """PageError 403 unless ``sent`` is this session's CSRF token."""
    if not hmac.compare_digest(session.csrf, sent or ""):
        raise PageError(403, "表单已失效（CSRF 校验失败），请刷新页面后重试")


def current_session(request: Request) -> StaffSession:
    """The signed-in account, or SignInNeeded (expired when a cookie was there)."""
    token = request.cookies.get(COOKIE, "")
    if not token:
        raise SignInNeeded(expired=False)
    store: BackofficeStore = request.app.state.store
    account = store.staff_for_token(token)
    if account is None:
        raise SignInNeeded(expired=True)
    session = StaffSession(
        token=token,
        login=account["login"],
        name=account["name"],
        role=Role(account["role"]),
        hall_code=account["hall_code"] or "",
        department=account.get("department") or "",
        expires_at=account["expires_at"],
    )
    request.state.staff_session = session  # for the error page's header
    return session


SessionDep = Annotated[StaffSession, Depends(current_session)]


async def redirect_to_sign_in(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInNeeded)
    target = f"{SIGN_IN}?expired=1" if exc.expired else SIGN_IN
    response = RedirectResponse(target, status_code=303)
    if exc.expired:
        end_session_cookie(response)
    return response
