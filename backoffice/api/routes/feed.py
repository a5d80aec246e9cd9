"""POST /api/v1/devices/self/feed: the status feed as a long poll, carrying the heartbeat.

An idle device asks for its status changes after its cursor and waits: the
answer comes at once when there are changes, else when one of its cases
changes, else with an empty page after ``wait_s`` (at most MAX_WAIT_S; a proxy
in front must let a silent request live that long, docs/sync.md), or as soon
as its instructions change (a remote configuration, a log request). The device's heartbeat
(wire.heartbeat.Heartbeat), when the body carries one, is recorded first, as
``PUT /api/v1/devices/self/heartbeat`` would. One request a poll, so an idle
device costs about one request a minute (docs/sync.md, "The long poll").

The handler is ``async``: a waiting device holds no thread of the pool, only
an asyncio event (backoffice.api.feed_watch); the store is read on the pool
for the length of a query. ``GET /api/v1/status`` stays for staff and older
devices.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from backoffice.api.deps import AuthFirstRoute, DeviceCaller, StoreDep, check_sender
from backoffice.api.errors import API
from backoffice.api.feed_watch import FeedWatch
from backoffice.api.models import LogsRequest, StatusChange, error_responses
from core.strict import INT64_MAX
from wire.heartbeat import Heartbeat

router = APIRouter(prefix=API, tags=["status"], route_class=AuthFirstRoute)

FEED_PATH = "/devices/self/feed"
MAX_WAIT_S = 120.0


class FeedAsk(BaseModel):
    """What a long-polling device sends: its cursor, how long it may wait, its heartbeat."""

    model_config = ConfigDict(extra="forbid")

    cursor: int = Field(default=0, ge=0, le=INT64_MAX)
    wait_s: float = Field(default=0.0, ge=0, le=MAX_WAIT_S)
    limit: int = Field(default=100, ge=1, le=1000)
    heartbeat: Heartbeat | None = None
    # Filters for a caller that is not an enrolled device (an open demo back office, an
    # operator's token), as GET /api/v1/status's; an enrolled device gets its own cases.
    hall_code: str = Field(default="", max_length=12)
    device_code: str = Field(default="", max_length=8)


class FeedPage(BaseModel):
    """Status changes after the cursor (maybe none, at the timeout), the cursor to ask with
    next, and when the heartbeat was recorded (null: none sent, or no device to record it for)."""

    changes: list[StatusChange]
    cursor: int
    heartbeat_at: str | None = None
    # For an enrolled device, what it must learn (store.device_instructions, as the
    # heartbeat's answer has it) and the ETag of the catalog served now, so it asks
    # for the catalog only when that changed: an idle device's one request a wait.
    config_version: str | None = None
    logs_request: LogsRequest | None = None
    catalog_etag: str | None = None


@router.post(FEED_PATH, response_model=FeedPage, responses=error_responses(401, 403, 422))
async def long_poll(
    ask: Annotated[FeedAsk, Body()], store: StoreDep, request: Request, _caller: DeviceCaller
) -> FeedPage:
    """This device's status changes after ``cursor``, waiting up to ``wait_s`` for one.

    The heartbeat is recorded for an enrolled device (its hall and device must
    be the token's, else 403); for any other caller it is not (``heartbeat_at``
    null) and the hall and device filters say whose changes to wait for.
    """
    device = getattr(request.state, "device", None)
    hall_code, device_code = ask.hall_code, ask.device_code
    if device is not None:
        hall_code, device_code = device["hall_code"], device["device_code"]
    heartbeat_at = None
    if ask.heartbeat is not None and device is not None:
        check_sender(request, ask.heartbeat.hall_code, ask.heartbeat.device_code)
        body = ask.heartbeat.model_dump(mode="json")
        heartbeat_at = await run_in_threadpool(store.save_heartbeat, device, body)
    watch: FeedWatch = request.app.state.feed_watch
    # The operator (or a test) may hold requests for less than the device asked.
    wait_s = min(ask.wait_s, request.app.state.feed_max_wait_s)
    deadline = time.monotonic() + wait_s
    with watch.waiting(hall_code, device_code) as woken:
        first: dict[str, Any] | None = None  # the instructions when it began waiting
        while True:
            woken.clear()
            page = await run_in_threadpool(
                store.changes, ask.cursor, ask.limit, device_code, hall_code
            )
            left = deadline - time.monotonic()
            if page["changes"] or left <= 0 or watch.closing:
                extra = await run_in_threadpool(_for_device, request, device)
                return FeedPage(**page, heartbeat_at=heartbeat_at, **extra)
            if device is not None:
                # Woken by a new configuration or log request: answer if it is this device's.
                extra = await run_in_threadpool(_for_device, request, device)
                if first is None:
                    first = extra
                elif extra != first:
                    return FeedPage(**page, heartbeat_at=heartbeat_at, **extra)
            if not watch.running:  # no lifespan (an app that was never started): look again
                left = min(left, watch.recheck_s)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(woken.wait(), left)


def _for_device(request: Request, device: dict[str, Any] | None) -> dict[str, Any]:
    """The instructions and catalog ETag a feed answer carries ({} for a non-device)."""
    if device is None:
        return {}
    store = request.app.state.store
    served = request.app.state.catalog.get()
    return {**store.device_instructions(device), "catalog_etag": served[1] if served else None}
