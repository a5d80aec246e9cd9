"""What the routes share, as FastAPI dependencies: the store, the catalog, who is calling.

create_app puts the objects on ``app.state`` (``store``, ``catalog``,
``access``, ``max_file_bytes``); these functions hand them to the routes.

Three kinds of route, by who may call (docs/security.md, "Roles"):

    DEVICE  intake (cases, files, uploads, records): an enrolled device, an
            operator's shared token, or anyone on an open (demo) back office;
            a staff token is 403
    READ    the catalog, the case list and a case, the status feed, the
            look-up: the callers of DEVICE routes and staff
    STAFF   case decisions, the audit log, sign-out: a staff token only; none
            is 401 (even on an open back office), a device token 403

``AuthFirstRoute`` checks the credential before the body is read, so a
caller without the right token gets 401/403 whatever it sends and before
any look-up. Any worker thread.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any

from fastapi import Depends, Request, Response, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from backoffice.api.errors import API, ApiError
from backoffice.catalog import CatalogSource
from backoffice.roles import Role
from backoffice.store import BackofficeStore
from backoffice.store.staff import STAFF_TOKEN_PREFIX
from core.ids import parse_receipt_number
from core.messages import Words

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"

DEVICE_BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="deviceToken",
    description="A device's token from enrolment (POST /api/v1/enrol) or an operator's token.",
)
STAFF_BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="staffToken",
    description="A staff token (st_…) from POST /api/v1/staff/sign-in; expires after 12 h.",
)
Credentials = HTTPAuthorizationCredentials | None
HEARTBEAT_PATH = f"{API}/devices/self/heartbeat"  # writes last_seen_at with the heartbeat
_UNKNOWN: Any = object()


@dataclass(frozen=True)
class Access:
    """Who may call: operator ``tokens`` (bytes), or every device when ``open_access``."""

    tokens: tuple[bytes, ...] = ()
    open_access: bool = False


@dataclass(frozen=True)
class Caller:
    """Who sent a request: an enrolled ``device``, an ``operator`` token, anyone on an
    ``open`` back office, or ``staff`` (login, role, hall, department). Plain data; any
    thread."""

    kind: str
    hall_code: str = ""
    device_code: str = ""
    login: str = ""
    role: Role | None = None
    department: str = ""  # a reviewer's 部门: they see and decide only its items' cases

    @property
    def who(self) -> str:
        """How the audit log names the caller (never personal data)."""
        if self.kind == "staff":
            return f"staff:{self.login}"
        if self.kind == "device":
            return f"device:{self.hall_code}/{self.device_code}"
        return self.kind

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff"


class Need(Enum):
    """Which callers a route admits (see the module docstring)."""

    DEVICE = "device"
    READ = "read"
    STAFF = "staff"


def get_store(request: Request) -> BackofficeStore:
    return request.app.state.store


def get_catalog(request: Request) -> CatalogSource:
    return request.app.state.catalog


def get_max_file_bytes(request: Request) -> int:
    return request.app.state.max_file_bytes


StoreDep = Annotated[BackofficeStore, Depends(get_store)]
CatalogDep = Annotated[CatalogSource, Depends(get_catalog)]
MaxFileBytesDep = Annotated[int, Depends(get_max_file_bytes)]


def bearer_token(request: Request) -> str:
    """The token of ``Authorization: Bearer <token>``, or ""."""
    scheme, _, token = (request.headers.get("authorization") or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def identify(request: Request) -> Caller | None:
    """Who is calling (cached on ``request.state.caller``), or None for nobody admitted.

    A token is a staff token only if it starts with ``st_`` and is in the
    staff tokens' table; anything else can only be a device's or an
    operator's token. An enrolled device is also put on
    ``request.state.device`` (check_sender, the status feed).
    """
    cached = getattr(request.state, "caller", _UNKNOWN)
    if cached is not _UNKNOWN:
        return cached
    store: BackofficeStore = request.app.state.store
    access: Access = request.app.state.access
    token = bearer_token(request)
    caller: Caller | None = None
    device = None
    staff = store.staff_for_token(token) if token.startswith(STAFF_TOKEN_PREFIX) else None
    if staff is not None:
        caller = Caller(
            "staff",
            hall_code=staff["hall_code"],
            login=staff["login"],
            role=Role(staff["role"]),
            department=staff.get("department") or "",
        )
    elif token:
        # Not a staff token: only ever a device's (a random device token may
        # happen to start with st_) or an operator's, never staff.
        device = store.device_for_token(token)
        if device is not None:
            caller = Caller("device", device["hall_code"], device["device_code"])
            if request.url.path != HEARTBEAT_PATH:  # (that one writes it with its row)
                store.saw_device(device["id"])  # devices.last_seen_at, throttled
        elif any(hmac.compare_digest(token.encode(), t) for t in access.tokens):
            caller = Caller("operator")
    if caller is None and access.open_access:
        caller = Caller("open")
    request.state.device = device
    request.state.caller = caller
    return caller


def _unauthorized(what: str) -> ApiError:
    return ApiError(401, what, headers={"WWW-Authenticate": 'Bearer realm="onewindow"'})


def admit(request: Request, need: Need) -> Caller:
    """The caller if ``need`` admits it; else 401 (no valid credential) or 403."""
    caller = identify(request)
    if need is Need.STAFF:
        if caller is None or not caller.is_staff:
            if caller is None or not bearer_token(request) or caller.kind == "open":
                raise _unauthorized(Words("bo.staff_sign_in_needed"))
            raise ApiError(403, Words("bo.staff_only"), {"need": "staff"})
        return caller
    if caller is None:
        raise _unauthorized(Words("bo.device_unauthorized"))
    if need is Need.DEVICE and caller.is_staff:
        raise ApiError(403, Words("bo.devices_only"), {"need": "device"})
    return caller


def device_access(
    request: Request, _device: Annotated[Credentials, Security(DEVICE_BEARER)]
) -> Caller:
    """A device route's caller (see ``Need.DEVICE``)."""
    return admit(request, Need.DEVICE)


def read_access(
    request: Request,
    _device: Annotated[Credentials, Security(DEVICE_BEARER)],
    _staff: Annotated[Credentials, Security(STAFF_BEARER)],
) -> Caller:
    """A reading route's caller: devices and staff (see ``Need.READ``)."""
    return admit(request, Need.READ)


def staff_access(
    request: Request, _staff: Annotated[Credentials, Security(STAFF_BEARER)]
) -> Caller:
    """A staff route's caller (see ``Need.STAFF``)."""
    return admit(request, Need.STAFF)


authorize = device_access  # the name routes/uploads.py and older code know
AUTH = [Depends(device_access)]
DeviceCaller = Annotated[Caller, Depends(device_access)]
ReadCaller = Annotated[Caller, Depends(read_access)]
StaffCaller = Annotated[Caller, Depends(staff_access)]

_NEEDS: dict[Callable[..., Any], Need] = {
    device_access: Need.DEVICE,
    read_access: Need.READ,
    staff_access: Need.STAFF,
}


def _need_of(dependant: Dependant) -> Need | None:
    """The strictest access dependency among a route's dependencies."""
    found: list[Need] = []
    stack = list(dependant.dependencies)
    while stack:
        dep = stack.pop()
        if dep.call in _NEEDS:
            found.append(_NEEDS[dep.call])  # type: ignore[index]
        stack.extend(dep.dependencies)
    for need in (Need.STAFF, Need.DEVICE, Need.READ):
        if need in found:
            return need
    return None


class AuthFirstRoute(APIRoute):
    """An APIRoute that admits the caller before FastAPI reads and parses the body.

    FastAPI resolves the body before dependencies, so without this a request
    with no token and malformed JSON would be answered 422, not 401. Built once
    per route at start; its handler runs on the event loop (the store look-up
    goes to the thread pool).
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        need = _need_of(self.dependant)
        if need is None:
            return handler

        async def admitted_first(request: Request) -> Response:
            await run_in_threadpool(admit, request, need)
            return await handler(request)

        return admitted_first


def check_sender(request: Request, hall_code: str, device_code: str, receipt_no: str = "") -> None:
    """403 unless a record's hall, device and receipt prefix are the sender's own.

    The token of an enrolled device fixes which hall and device it is: it may
    send only its own cases and records, numbered with its own prefix. (An
    open back office or a shared token has no device identity to compare.)
    """
    check_device_sender(getattr(request.state, "device", None), hall_code, device_code, receipt_no)


def check_device_sender(
    sender: dict[str, Any] | None, hall_code: str, device_code: str, receipt_no: str = ""
) -> None:
    """check_sender for a known ``sender`` (an enrolled device's row, or None for no
    device identity): also what a USB bundle's entries are held to (backoffice.bundle_import)."""
    if sender is None:
        return
    own = (sender["hall_code"], sender["device_code"])
    if (hall_code, device_code) != own:
        raise ApiError(
            403,
            Words("bo.sender_mismatch"),
            {"sender": "/".join(own), "claimed": f"{hall_code}/{device_code}"},
        )
    if receipt_no:
        parts = parse_receipt_number(receipt_no)
        if parts is None or (parts["hall"], parts["device"]) != own:
            raise ApiError(403, Words("bo.receipt_not_senders"), {"receipt_no": receipt_no})
