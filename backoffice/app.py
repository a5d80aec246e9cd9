"""The reference back office as a FastAPI app: catalog, intake, status, enrolment.

Devices enrol once (``POST /api/v1/enrol`` with a one-time code) and send
their token with every request. They upload files resumably over tus 1.0
(``/api/v1/uploads``, see backoffice.api.routes.uploads; each file is checked against its
SHA-256 before it counts) and then the case (``PUT /api/v1/cases/{id}``,
validated with core.case.Case), supplements, evaluations, 12345 records and
window hand-overs (``PUT /api/v1/{supplements,evaluations,consultations,handovers}/{id}``);
all are idempotent by id. Staff sign in (``POST /api/v1/staff/sign-in``) and
move cases with ``POST /api/v1/cases/{id}/status`` as their role allows
(backoffice.roles); devices follow with the cursor feed ``GET /api/v1/status``
and see only their own cases, or wait for them with the long poll
``POST /api/v1/devices/self/feed`` that also carries their heartbeat; another
hall's case is found with ``POST /api/v1/lookup`` (receipt number plus check code or ID number), and
supervisors read the audit log (``GET /api/v1/audit``). Devices send
their heartbeat (``PUT /api/v1/devices/self/heartbeat``) and supervisors
and administrators read the fleet with its alarms (``GET /api/v1/fleet``);
administrators publish catalog versions (``POST /api/v1/catalog``). Appointments (预约: slots,
bookings, a hall's day for its hall server) and the halls' queue events and
figures are under ``/api/v1/halls/{hall}/…`` and ``POST /api/v1/queue-events``
(routes/queue.py, docs/appointments.md). Every 4xx answer
is JSON ``{"error": "...", "code": ..., "detail": ...}`` and never echoes personal data.
``PUT /api/v1/files/{id}`` (one request, hash-checked) stays for small
clients and as the benchmark's raw baseline.

This module only assembles the app: the routes are in backoffice/api/routes/
(one router per resource), what they share in backoffice/api/deps.py, the
bodies in backoffice/api/models.py and the error answers in
backoffice/api/errors.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

import assets
from backoffice import web
from backoffice.api import errors
from backoffice.api.deps import Access
from backoffice.api.errors import API, ApiError
from backoffice.api.feed_watch import FeedWatch
from backoffice.api.ratelimit import FailureLimit
from backoffice.api.routes import (
    audit,
    bundles,
    calendar,
    cases,
    catalog,
    catalog_publish,
    certificates,
    commitment,
    devices,
    feed,
    files,
    fleet,
    health,
    help,
    hotline,
    lookup,
    online,
    progress,
    queue,
    records,
    remote,
    reuse,
    staff,
    status,
    supplements,
    uploads,
)
from backoffice.catalog import VERSIONS_DIR, CatalogFile, CatalogSource
from backoffice.serving_lock import BUSY_MIN_AGE_S, ServingLock
from backoffice.store import BackofficeStore, FleetLimits
from backoffice.store.calendar import shipped_years

__all__ = ["API", "MAX_FILE_BYTES", "ApiError", "CatalogFile", "create_app"]

MAX_FILE_BYTES = 50 * 1024 * 1024
DEFAULT_UPLOAD_EXPIRY_HOURS = 72.0

# In this order: it is the order of the OpenAPI document's paths.
ROUTERS = (
    uploads,
    health,
    catalog,
    files,
    cases,
    bundles,  # 一件事: a bundle case's items, each decided by its department
    status,
    feed,
    devices,
    records,
    help,
    staff,
    lookup,
    hotline,
    progress,
    audit,
    fleet,
    calendar,
    catalog_publish,
    remote,
    supplements,  # 补正 still owed (issue 14, item 3)
    certificates,  # 证明打印 (certs)
    queue,  # 预约 and the halls' queue events (issue 15)
    online,  # 网上预审件 at the window (issue 16, item 6)
    commitment,  # 告知承诺: may this applicant sign; the credit list (issue 16)
    reuse,  # 材料复用 and 电子证照 (issue 16 item 5)
)


def _prepare(store: BackofficeStore, lock: ServingLock) -> None:
    # What an interrupted run left, before serving: all of it when nobody else
    # serves this folder, only old leftovers when another process (host) does.
    store.sweep_leftovers(0.0 if lock.alone() else BUSY_MIN_AGE_S)
    store.seed_calendar(shipped_years())  # the years nobody entered yet (first start)
    store.index_holders()  # cases received before the holders' index (migration 0014)
    store.seed_credit_samples()  # 告知承诺's sample credit rows (样例数据, first start)


def prepare_data(data_dir: Path, upload_expiry_hours: float = DEFAULT_UPLOAD_EXPIRY_HOURS) -> None:
    """What create_app does before serving, done once by the parent of several workers."""
    store = BackofficeStore(Path(data_dir), upload_expiry=dt.timedelta(hours=upload_expiry_hours))
    lock = ServingLock(Path(data_dir))
    try:
        _prepare(store, lock)
    finally:
        lock.close()
        store.close()


def create_app(
    data_dir: Path,
    catalog_path: Path | None = None,
    *,
    tokens: Collection[str] | None = None,
    open_access: bool = False,
    max_file_bytes: int = MAX_FILE_BYTES,
    upload_expiry_hours: float = DEFAULT_UPLOAD_EXPIRY_HOURS,
    fleet_limits: FleetLimits | None = None,
    prepare: bool = True,
    database_url: str | None = None,
    feed_max_wait_s: float = feed.MAX_WAIT_S,
) -> FastAPI:
    """The back office app over ``data_dir``.

    Devices authenticate with ``Authorization: Bearer <token>``: a token from
    enrolment (``POST /api/v1/enrol`` with a one-time code), or one of
    ``tokens`` (set by the operator). ``open_access`` accepts every request
    (the demo and tests; a valid device token still identifies its device).
    ``app.state.maintenance_retry_after`` set to a number of seconds makes
    every API call answer 503 with that Retry-After (planned maintenance).
    An upload left unfinished for ``upload_expiry_hours`` expires (tus
    ``expiration``) and its parts are removed. ``fleet_limits`` set when the
    fleet list raises its alarms (FleetLimits' defaults otherwise). ``prepare``:
    sweep what an interrupted run left and seed the shipped calendar years
    first; a worker of ``serve --workers N`` passes False (its parent did it
    once, before any worker served: prepare_data). ``database_url`` names the
    store's database (BackofficeStore: SQLite in ``data_dir`` or PostgreSQL;
    None: ``$ONEWINDOW_BACKOFFICE_DB``, else SQLite). A long poll of the status
    feed is held at most ``feed_max_wait_s`` (at most 120 s), whatever the
    device asks.
    """
    store = BackofficeStore(
        Path(data_dir), database_url, upload_expiry=dt.timedelta(hours=upload_expiry_hours)
    )
    lock = ServingLock(Path(data_dir))
    if prepare:
        _prepare(store, lock)
    lock.share()  # held while this process serves

    @asynccontextmanager
    async def lifespan(_app: FastAPI):  # type: ignore[no-untyped-def]
        await watch.start()
        try:
            yield
        finally:
            await watch.stop()
            store.close()
            lock.close()

    app = FastAPI(
        title="OneWindow back office",
        version="1.0.0",
        summary="Reference central back office for OneWindow (一窗通) devices.",
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.serving_lock = lock
    watch = FeedWatch(store)
    app.state.feed_watch = watch  # wakes the status feed's long polls
    app.state.feed_max_wait_s = min(feed_max_wait_s, feed.MAX_WAIT_S)
    app.state.catalog = CatalogSource(
        store,
        CatalogFile(
            catalog_path or assets.sample_catalog(),
            versions_dir=Path(data_dir) / VERSIONS_DIR,
        ),
    )
    app.state.access = Access(tuple(t.encode() for t in tokens or ()), open_access)
    app.state.max_file_bytes = max_file_bytes
    app.state.maintenance_retry_after = None
    app.state.fleet_limits = fleet_limits or FleetLimits()
    app.state.enrol_failures = FailureLimit(store, "enrol")  # refused codes per address
    app.state.sign_in_failures = FailureLimit(store, "sign_in")  # refused sign-ins per address
    app.state.lookup_failures = FailureLimit(store, "lookup")  # refused look-ups per caller

    errors.install(app)
    for module in ROUTERS:
        app.include_router(module.router)
    errors.document_common_answers(app)
    web.install(app)  # the staff pages under /staff/ (backoffice.web)
    app.include_router(certificates.public)  # /verify/{code}: 证明核验, no sign-in (certs)
    return app
