"""Remote configuration and log pulls (docs/fleet.md).

Staff side: ``PUT /api/v1/fleet/config/{scope}`` (administrators) sets the
allowed keys of a hall (``FS01``) or one device (``FS01/K01``), refused with
field-level 422 errors; ``GET`` reads them back (supervisors and
administrators). ``POST /api/v1/fleet/devices/{hall}/{device}/logs``
(administrators) asks a device for its last N log lines;
``GET /api/v1/fleet/logs/{request_id}`` (supervisors and administrators)
reads the request and, once uploaded, the lines. Every act is audited.

Device side: ``GET /api/v1/devices/self/config`` answers the device's
effective configuration, signed (ETag: its version; 304 when unchanged);
``PUT /api/v1/devices/self/logs/{request_id}`` uploads the lines asked for,
once, as UTF-8 text of at most LOG_BYTES_MAX bytes. A device learns of both
from its heartbeat's answer (store.device_instructions). Any worker thread.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from backoffice.api.deps import (
    UUID_PATTERN,
    AuthFirstRoute,
    Caller,
    DeviceCaller,
    StaffCaller,
    StoreDep,
)
from backoffice.api.errors import API, ApiError, store_error
from backoffice.api.models import error_responses
from backoffice.catalog import etag_matches
from backoffice.roles import READS_FLEET, Role
from backoffice.store import BackofficeStoreError
from backoffice.store.remote import LOG_BYTES_MAX, LOG_LINES_MAX, NOTE_MAX, parse_scope
from core.messages import Words

router = APIRouter(prefix=API, tags=["fleet"], route_class=AuthFirstRoute)

Scope = Annotated[str, Path(pattern=r"^[A-Z0-9]{2,12}(/[A-Z0-9]{2,8})?$")]
HallCode = Annotated[str, Path(pattern=r"^[A-Z0-9]{2,12}$")]
DeviceCode = Annotated[str, Path(pattern=r"^[A-Z0-9]{2,8}$")]
RequestId = Annotated[str, Path(pattern=UUID_PATTERN)]


class ConfigBody(BaseModel):
    """The settings of one scope (each key one of core.remote_config.REMOTE_KEYS)."""

    model_config = ConfigDict(extra="forbid")

    settings: dict[str, Any]
    note: str = Field(default="", max_length=NOTE_MAX)


class ScopeConfig(BaseModel):
    """The settings set for a scope, who set them and when ("" when nobody did)."""

    scope: str
    settings: dict[str, Any]
    note: str
    set_by: str
    set_at: str


class DeviceConfig(BaseModel):
    """A device's effective configuration, signed by the back office (core.remote_config)."""

    hall_code: str
    device_code: str
    version: str
    settings: dict[str, Any]
    key_id: str
    signature: str


class LogsAsk(BaseModel):
    """How many of its last log lines the device is to send."""

    model_config = ConfigDict(extra="forbid")

    lines: int = Field(ge=1, le=LOG_LINES_MAX)


class LogPull(BaseModel):
    """A log request and, once the device uploaded them, its lines (``text``)."""

    id: str
    hall_code: str
    device_code: str
    lines: int
    requested_by: str = ""
    requested_at: str
    uploaded_at: str | None = None
    size: int | None = None
    text: str | None = None


class LogsReceived(BaseModel):
    """When the back office kept the device's lines."""

    received_at: str


def _admin_only(caller: Caller, store: Any, action: str, target: str) -> None:
    if caller.role is not Role.ADMIN:
        store.audit(caller.who, action, target, "forbidden", {"role": str(caller.role)})
        raise ApiError(403, Words("bo.admin_only_remote"), {"need": "admin"})


def _reader(caller: Caller, hall: str) -> None:
    if caller.role not in READS_FLEET:
        raise ApiError(403, Words("bo.role_cannot_read_devices"), {"role": str(caller.role)})
    if caller.hall_code and caller.hall_code != hall:
        raise ApiError(403, Words("bo.own_hall_devices_only"), {"hall": caller.hall_code})


def _enrolled(request: Request) -> dict[str, str]:
    device = getattr(request.state, "device", None)
    if device is None:
        raise ApiError(403, Words("bo.enrolled_devices_only"), {"need": "enrolled device"})
    return device


@router.put(
    "/fleet/config/{scope:path}",
    response_model=ScopeConfig,
    responses=error_responses(401, 403, 422),
)
def put_config(
    scope: Scope, body: Annotated[ConfigBody, Body()], store: StoreDep, caller: StaffCaller
) -> ScopeConfig:
    """Set (replace) the remote settings of a hall or a device: administrators only;
    a key not allowed or a value the device's rules refuse is a 422 naming it."""
    _admin_only(caller, store, "fleet.config", scope)
    try:
        row = store.set_remote_config(scope, body.settings, body.note, caller.who)
    except BackofficeStoreError as exc:
        raise store_error(exc) from None
    return ScopeConfig(**row)


@router.get(
    "/fleet/config/{scope:path}",
    response_model=ScopeConfig,
    responses=error_responses(401, 403, 422),
)
def get_config(scope: Scope, store: StoreDep, caller: StaffCaller) -> ScopeConfig:
    """The remote settings set for a hall or a device (not the hall's under a device's)."""
    _reader(caller, parse_scope(scope)[0])
    return ScopeConfig(**store.remote_config(scope))


@router.get(
    "/devices/self/config",
    response_model=DeviceConfig,
    responses={
        304: {"description": "Unchanged since If-None-Match"},
        **error_responses(401, 403, 404),
    },
)
def get_own_config(
    store: StoreDep,
    request: Request,
    _caller: DeviceCaller,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    """The calling device's effective configuration, signed; ETag is its version."""
    device = _enrolled(request)
    doc = store.effective_config(device["hall_code"], device["device_code"])
    if doc is None:
        raise ApiError(404, Words("bo.no_remote_config"), None)
    etag = f'"{doc["version"]}"'
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if if_none_match and etag_matches(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    return Response(
        content=DeviceConfig(**doc).model_dump_json(), media_type="application/json",
        headers=headers,
    )  # fmt: skip


@router.post(
    "/fleet/devices/{hall_code}/{device_code}/logs",
    response_model=LogPull,
    responses=error_responses(401, 403, 404, 422),
)
def ask_logs(
    hall_code: HallCode,
    device_code: DeviceCode,
    body: Annotated[LogsAsk, Body()],
    store: StoreDep,
    caller: StaffCaller,
) -> LogPull:
    """Ask a device for its last ``lines`` log lines (administrators); it sends them
    after its next heartbeat. The answer's id is the request to read back."""
    _admin_only(caller, store, "fleet.logs_request", f"{hall_code}/{device_code}")
    try:
        row = store.request_logs(hall_code, device_code, body.lines, caller.who)
    except BackofficeStoreError as exc:
        raise store_error(exc) from None
    return LogPull(**row, requested_by=caller.who)


@router.get(
    "/fleet/logs/{request_id}", response_model=LogPull, responses=error_responses(401, 403, 404)
)
def read_logs(request_id: RequestId, store: StoreDep, caller: StaffCaller) -> LogPull:
    """A log request and, once uploaded, the device's lines (supervisors, administrators)."""
    if caller.role not in READS_FLEET:
        raise ApiError(403, Words("bo.role_cannot_read_logs"), {"role": str(caller.role)})
    try:
        row = store.log_pull(request_id, caller.who, hall=caller.hall_code)
    except BackofficeStoreError as exc:
        raise store_error(exc) from None
    return LogPull(**row)


@router.put(
    "/devices/self/logs/{request_id}",
    response_model=LogsReceived,
    responses=error_responses(401, 403, 404, 409, 413, 422),
    openapi_extra={
        "requestBody": {"required": True, "content": {"text/plain": {"schema": {"type": "string"}}}}
    },
)
async def upload_logs(
    request_id: RequestId, store: StoreDep, request: Request, _caller: DeviceCaller
) -> LogsReceived:
    """The calling device's answer to one of its own log requests: scrubbed UTF-8 lines,
    at most LOG_BYTES_MAX bytes, once (409 after). Another device's request is a 404."""
    device = _enrolled(request)
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > LOG_BYTES_MAX:
            raise ApiError(413, Words("bo.log_too_large"), {"max_bytes": LOG_BYTES_MAX})
    try:
        text = bytes(data).decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(422, Words("bo.log_not_utf8"), None) from None
    try:
        at = await run_in_threadpool(store.save_logs, device["id"], request_id, text)
    except BackofficeStoreError as exc:
        raise store_error(exc) from None
    return LogsReceived(received_at=at)
