"""A device's heartbeat: what it tells the back office about itself every minute or so.

Sent by the sync worker (sync.heartbeat) with ``PUT /api/v1/devices/self/heartbeat``,
stored by the back office as the device's last heartbeat and read back for the
fleet list (backoffice.store.fleet). No personal data: device health words,
counts, ages and sizes only. Plain pydantic data; any thread.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

DeviceName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,15}$")]  # a4 too
ConfigKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_.]{1,64}$")]
ReasonCode = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_.]{1,80}$")]


class DeviceHealth(BaseModel):
    """One peripheral's health as the status bar shows it: ok, degraded or absent."""

    model_config = ConfigDict(extra="forbid")

    health: Annotated[str, StringConstraints(pattern=r"^(ok|degraded|absent)$")]
    detail: str = Field(default="", max_length=200)  # the status bar's words (Chinese)


class Heartbeat(BaseModel):
    """One heartbeat; ``hall_code``/``device_code`` must be the sender's own."""

    model_config = ConfigDict(extra="forbid")

    hall_code: str = Field(pattern=r"^[A-Z0-9]{2,12}$")
    device_code: str = Field(pattern=r"^[A-Z0-9]{2,8}$")
    role: str = Field(default="", pattern=r"^(kiosk|counter|station)?$")
    app_version: str = Field(default="", max_length=40)
    sent_at: dt.datetime
    devices: dict[DeviceName, DeviceHealth] = Field(default_factory=dict, max_length=8)
    # The printer's own state (drivers.base.PrinterState: ok, paper_near_end,
    # paper_out, cover_open, offline, error), "" when the device has no printer.
    printer_state: str = Field(default="", pattern=r"^[a-z_]{0,16}$")
    outbox_depth: int = Field(default=0, ge=0)
    outbox_oldest_age_s: float | None = Field(default=None, ge=0)
    disk_free_mb: float | None = Field(default=None, ge=0)
    last_sync_at: dt.datetime | None = None
    # Remote configuration (services.remote): the version the device applied, each key
    # of it the device refused with the reason code, and why it refused the whole of
    # it ("" when it did not: remote_config.no_key, remote_config.bad_signature…).
    config_version: str | None = Field(default=None, pattern=r"^[0-9a-f]{16}$")
    config_refused: dict[ConfigKey, ReasonCode] = Field(default_factory=dict, max_length=32)
    config_error: str = Field(default="", pattern=r"^[a-z0-9_.]{0,80}$")
