"""Staff sign-in and sign-out: a login and password exchanged for a staff token.

    POST /api/v1/staff/sign-in    {login, password} → {token, expires_at, role, ...}
    POST /api/v1/staff/sign-out   ends the token it is sent with
    GET  /api/v1/staff/me         the signed-in account

Refused sign-ins are counted per address (FailureLimit): an address over the
limit is answered 429 with Retry-After before its password is checked. Every
sign-in, refused or not, is in the audit log; a password or token never is.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from backoffice.api.deps import AuthFirstRoute, StaffCaller, StoreDep, bearer_token
from backoffice.api.errors import API, ApiError
from backoffice.api.models import error_responses
from backoffice.api.models_staff import SignInAnswer, SignInRequest, WhoAmI
from backoffice.store import BackofficeStore
from core.messages import Words

router = APIRouter(prefix=f"{API}/staff", tags=["staff"], route_class=AuthFirstRoute)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "?"


@router.post("/sign-in", response_model=SignInAnswer, responses=error_responses(401, 422, 429))
def sign_in(body: SignInRequest, store: StoreDep, request: Request) -> SignInAnswer:
    """A staff token for a right login and password of an enabled account (no token needed).

    One answer (401) for an unknown login, a wrong password and a disabled
    account; an address with too many refusals lately gets 429 (Retry-After).
    """
    return SignInAnswer(**attempt_sign_in(store, request, body.login, body.password))


def attempt_sign_in(
    store: BackofficeStore, request: Request, login: str, password: str
) -> dict[str, Any]:
    """The sign-in as this route makes it (the staff web pages too): refusals counted per
    address, every attempt audited. ApiError 429 or 401 when refused."""
    limit = request.app.state.sign_in_failures
    address = client_address(request)
    known = store.staff(login) is not None
    target = login if known else "(unknown)"  # a mistyped login may be a password
    wait = limit.retry_after(address)
    if wait is not None:
        store.audit("anonymous", "staff.sign_in", target, "limited")
        raise ApiError(429, Words("bo.sign_in_limited"), None, headers={"Retry-After": str(wait)})
    answer = store.sign_in(login, password)
    if answer is None:
        limit.failed(address)
        store.audit("anonymous", "staff.sign_in", target, "refused")
        raise ApiError(
            401,
            Words("bo.sign_in_refused"),
            None,
            headers={"WWW-Authenticate": 'Bearer realm="onewindow"'},
        )
    store.audit(f"staff:{login}", "staff.sign_in", login, "ok")
    return answer


@router.post("/sign-out", status_code=204, responses=error_responses(401, 403))
def sign_out(caller: StaffCaller, store: StoreDep, request: Request) -> Response:
    """End the staff token this request carries."""
    store.sign_out(bearer_token(request))
    store.audit(caller.who, "staff.sign_out", caller.login, "ok")
    return Response(status_code=204)


@router.get("/me", response_model=WhoAmI, responses=error_responses(401, 403))
def who_am_i(caller: StaffCaller, store: StoreDep, request: Request) -> WhoAmI:
    """The signed-in account (login, name, role, hall) and when its token expires."""
    account = store.staff_for_token(bearer_token(request))
    if account is None:  # signed out or disabled since admit() looked
        raise ApiError(401, Words("bo.staff_sign_in_needed"))
    return WhoAmI(**account)
