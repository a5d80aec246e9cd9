"""The fleet: devices' heartbeats in, the fleet list with its alarms out.

``PUT /api/v1/devices/self/heartbeat``: an enrolled device sends its own
heartbeat (wire.heartbeat.Heartbeat; its hall and device must be the
token's). ``GET /api/v1/fleet``: supervisors (their own hall when bound to
one) and administrators list every enrolled device with its last-seen time,
its last heartbeat and the alarms the server computes (offline, paper_out,
outbox_stale, disk_low) from ``app.state.fleet_limits``. No personal data.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request
from pydantic import BaseModel

from backoffice.api.deps import (
    HEARTBEAT_PATH,
    AuthFirstRoute,
    DeviceCaller,
    StaffCaller,
    StoreDep,
    check_sender,
)
from backoffice.api.errors import API, ApiError
from backoffice.api.models import LogsRequest, error_responses
from backoffice.roles import READS_FLEET
from core.messages import Words
from wire.heartbeat import Heartbeat

router = APIRouter(prefix=API, tags=["fleet"], route_class=AuthFirstRoute)


class HeartbeatAnswer(BaseModel):
    """When the back office received the heartbeat, and what the device must learn
    (store.device_instructions): the version of its remote configuration (None when it
    has none; fetch GET /api/v1/devices/self/config when it differs from the applied
    one) and a log request to answer (None when none)."""

    received_at: str
    config_version: str | None = None
    logs_request: LogsRequest | None = None


class FleetDevice(BaseModel):
    """One enrolled device as the fleet list shows it."""

    id: str
    hall_code: str
    device_code: str
    role: str = ""
    enrolled_at: str
    last_seen_at: str | None = None
    heartbeat_at: str | None = None
    heartbeat: dict[str, Any] | None = None
    alarms: list[str]
    config_version: str | None = None  # the remote configuration the device applied
    config_refused: dict[str, str] = {}  # each key it refused, with the reason code
    config_error: str = ""  # why it refused the whole configuration ("" when it did not)


class FleetList(BaseModel):
    """Every enrolled device, by hall and device code, and the limits the alarms used."""

    devices: list[FleetDevice]
    offline_minutes: float
    outbox_hours: float
    disk_low_mb: float


@router.put(
    HEARTBEAT_PATH.removeprefix(API),
    response_model=HeartbeatAnswer,
    responses=error_responses(401, 403, 422),
)
def put_heartbeat(
    beat: Annotated[Heartbeat, Body()], store: StoreDep, request: Request, _caller: DeviceCaller
) -> HeartbeatAnswer:
    """An enrolled device's heartbeat; it replaces the device's previous one."""
    device = getattr(request.state, "device", None)
    if device is None:
        raise ApiError(403, Words("bo.enrolled_only_heartbeat"), {"need": "enrolled device"})
    check_sender(request, beat.hall_code, beat.device_code)
    at = store.save_heartbeat(device, beat.model_dump(mode="json"))
    return HeartbeatAnswer(received_at=at, **store.device_instructions(device))


@router.get("/fleet", response_model=FleetList, responses=error_responses(401, 403))
def list_fleet(
    store: StoreDep,
    request: Request,
    caller: StaffCaller,
    hall: Annotated[str, Query(max_length=12)] = "",
) -> FleetList:
    """The fleet (supervisors and administrators): a hall-bound account sees its hall."""
    if caller.role not in READS_FLEET:
        raise ApiError(403, Words("bo.role_cannot_read_fleet"), {"role": str(caller.role)})
    limits = request.app.state.fleet_limits
    rows = store.fleet(limits, caller.hall_code or hall)
    return FleetList(
        devices=[FleetDevice(**r) for r in rows],
        offline_minutes=limits.offline_minutes,
        outbox_hours=limits.outbox_hours,
        disk_low_mb=limits.disk_low_mb,
    )
