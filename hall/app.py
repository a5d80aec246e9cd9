"""The hall server's HTTP routes: the queue of wire.queue, the display, /health.

Devices send ``Authorization: Bearer <token>``; the device code comes from the
token (hall config ``devices``), never from the body, and a counter acts only
for its own window. A hall with no device tokens (the demo) lets any device on
loopback name itself in ``X-OneWindow-Device``. Authorisation comes before
any look-up. Refusals are JSON ``{"code", "params"}`` (core.messages
``queue.*``); a body that does not parse says which field, never its value.
Request handlers run on the server's thread pool; the store is thread-safe.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from hall.checkin import CheckIn, NoAppointments
from hall.config import HallSettings, token_digest
from hall.display import public_status
from hall.display import router as display_router
from hall.store import HallStore, QueueRefused
from wire.queue import (
    DAY_PATTERN,
    WINDOW_PATTERN,
    BlockRequest,
    CallAnswer,
    CallNext,
    CategoriesAnswer,
    EndService,
    OfflineAccepted,
    OfflineTickets,
    QueueStatus,
    TakeTicket,
    Ticket,
    Transfer,
    WindowState,
)

log = logging.getLogger("hall.app")

API = "/api/v1/queue"
_DEVICE = re.compile(r"^[A-Z0-9]{2,8}$")
_LOOPBACK = ("127.0.0.1", "::1", "localhost", "testclient")


def _refused(code: str, status: int, **params: Any) -> QueueRefused:
    return QueueRefused(code, status, **params)


def device_of(request: Request) -> str:
    """The calling device's code, from its token (or, on an open demo hall, its header)."""
    settings: HallSettings = request.app.state.settings
    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else ""
    if settings.open_hall:
        host = request.client.host if request.client else ""
        named = request.headers.get("x-onewindow-device", "").strip().upper()
        if host not in _LOOPBACK:
            raise _refused("queue.open_hall_loopback_only", 403)
        if not _DEVICE.fullmatch(named):
            raise _refused("queue.device_unnamed", 401)
        return named
    if not token:
        raise _refused("queue.token_missing", 401)
    digest = token_digest(token)
    for code, want in settings.devices.items():
        if hmac.compare_digest(digest, want):
            return code
    raise _refused("queue.token_unknown", 401)


Device = Annotated[str, Depends(device_of)]


def store_of(request: Request) -> HallStore:
    store: HallStore = request.app.state.store
    return store


def _window_for(request: Request, device: str, window: str) -> str:
    """A counter acts only for its own window (a window with no PC named: any device)."""
    if not re.fullmatch(WINDOW_PATTERN, window):
        raise _refused("queue.unknown_window", 404, window=window)
    settings: HallSettings = request.app.state.settings
    cfg = settings.window(window)
    if cfg is None:
        raise _refused("queue.unknown_window", 404, window=window)
    if cfg.device and cfg.device != device and not settings.open_hall:
        raise _refused("queue.not_your_window", 403, window=window)
    return window


router = APIRouter(prefix=API)


@router.get("/categories", response_model=CategoriesAnswer)
def categories(request: Request, _device: Device) -> CategoriesAnswer:
    settings: HallSettings = request.app.state.settings
    return CategoriesAnswer(
        categories=settings.categories,
        priorities=settings.priorities,  # type: ignore[arg-type]
    )


@router.post("/tickets", response_model=Ticket)
def take(request: Request, body: TakeTicket, device: Device) -> Ticket:
    """取号: a ticket "issued" to this kiosk; it counts once the kiosk says it printed.

    With a card or a QR (预约签到) and no category, the ticket is for the category
    of the holder's appointment; none found is ``appointment.not_found``."""
    priority, note, code = body.priority, "", body.appointment_code
    category, params = body.category, {}
    checking_in = bool(body.id_number or body.appointment_code)
    if checking_in:
        book = request.app.state.checkin
        found: CheckIn = book.check_in(
            category=body.category,
            id_number=body.id_number,
            appointment_code=body.appointment_code,
            now=dt.datetime.now().astimezone(),
        )
        if found.priority == "appointment":
            priority, code = "appointment", found.appointment_code
        note = found.note
        category = category or found.category
        if found.opens_at is not None:
            params["time"] = found.opens_at.astimezone().strftime("%H:%M")
    if not category:
        if checking_in:
            raise _refused("appointment.not_found", 404)
        raise _refused("queue.category_missing", 422)
    if priority == "appointment" and not code:
        raise _refused("queue.appointment_needs_check_in", 422)
    ticket = store_of(request).take(
        category, device, priority=priority, appointment_code=code, note=note
    )
    return ticket.model_copy(update={"note_params": params}) if params else ticket


@router.post("/tickets/{ticket_id}/printed", response_model=Ticket)
def printed(request: Request, ticket_id: str, device: Device) -> Ticket:
    return store_of(request).printed(_ticket_id(ticket_id), device)


@router.post("/tickets/{ticket_id}/void", response_model=Ticket)
def void(request: Request, ticket_id: str, device: Device) -> Ticket:
    return store_of(request).void(_ticket_id(ticket_id), device)


def _ticket_id(text: str) -> str:
    if not re.fullmatch(r"[0-9a-f]{32}", text):
        raise _refused("queue.no_ticket", 404)
    return text


@router.post("/blocks")
def block(request: Request, body: BlockRequest, device: Device) -> dict[str, Any]:
    """Numbers kept for this kiosk for when the server is away."""
    return store_of(request).reserve_block(device, body.category, body.day, body.size).model_dump()


@router.post("/offline-tickets", response_model=OfflineAccepted)
def offline(request: Request, body: OfflineTickets, device: Device) -> OfflineAccepted:
    accepted, already = store_of(request).take_offline(device, body.tickets)
    return OfflineAccepted(accepted=accepted, already=already)


@router.post("/windows/{window}/call", response_model=CallAnswer)
def call(request: Request, window: str, body: CallNext, device: Device) -> CallAnswer:
    store = store_of(request)
    ticket, _event = store.call(_window_for(request, device, window), body.number)
    return CallAnswer(ticket=ticket, window=store.window_state(window))


@router.post("/windows/{window}/recall", response_model=CallAnswer)
def recall(request: Request, window: str, device: Device) -> CallAnswer:
    store = store_of(request)
    ticket, _event = store.recall(_window_for(request, device, window))
    return CallAnswer(ticket=ticket, window=store.window_state(window))


@router.post("/windows/{window}/no-show", response_model=WindowState)
def no_show(request: Request, window: str, device: Device) -> WindowState:
    return store_of(request).no_show(_window_for(request, device, window))


@router.post("/windows/{window}/start", response_model=WindowState)
def start(request: Request, window: str, device: Device) -> WindowState:
    return store_of(request).start(_window_for(request, device, window))


@router.post("/windows/{window}/end", response_model=WindowState)
def end(request: Request, window: str, body: EndService, device: Device) -> WindowState:
    return store_of(request).end(_window_for(request, device, window), body.case_id)


@router.post("/windows/{window}/transfer", response_model=WindowState)
def transfer(request: Request, window: str, body: Transfer, device: Device) -> WindowState:
    return store_of(request).transfer(
        _window_for(request, device, window), category=body.category, to_window=body.window
    )


@router.post("/windows/{window}/walk-in", response_model=WindowState)
def walk_in(request: Request, window: str, device: Device) -> WindowState:
    return store_of(request).walk_in(_window_for(request, device, window))


@router.post("/windows/{window}/pause", response_model=WindowState)
def pause(request: Request, window: str, device: Device) -> WindowState:
    return store_of(request).pause(_window_for(request, device, window), True)


@router.post("/windows/{window}/resume", response_model=WindowState)
def resume(request: Request, window: str, device: Device) -> WindowState:
    return store_of(request).pause(_window_for(request, device, window), False)


@router.get("/windows/{window}", response_model=WindowState)
def window_state(request: Request, window: str, device: Device) -> WindowState:
    return store_of(request).window_state(_window_for(request, device, window))


@router.get("/status", response_model=QueueStatus)
def status(request: Request) -> QueueStatus:
    """The hall now (public: numbers and counts only, as the display has it)."""
    return public_status(store_of(request).status())


@router.get("/stats")
def stats(request: Request, _device: Device, day: str = "") -> dict[str, Any]:
    if day and not re.fullmatch(DAY_PATTERN, day):
        raise _refused("queue.bad_day", 422)
    store = store_of(request)
    return store.stats(day or dt.date.today().isoformat()).model_dump()


def create_app(
    settings: HallSettings, store: HallStore | None = None, checkin: Any = None
) -> FastAPI:
    """The hall server's ASGI app over ``store`` (opened from ``settings`` when None)."""
    app = FastAPI(title="OneWindow hall server", version="1.0.0", docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.store = store or HallStore(settings)
    app.state.checkin = checkin or NoAppointments()

    @app.exception_handler(QueueRefused)
    async def _queue_refused(_req: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, QueueRefused)
        return JSONResponse({"code": exc.code, "params": exc.params}, status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_req: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        fields = [".".join(str(p) for p in e.get("loc", ())[1:]) for e in exc.errors()]
        return JSONResponse({"code": "queue.bad_request", "params": {"fields": fields}}, 422)

    @app.get("/health")
    def health() -> dict[str, Any]:
        store: HallStore = app.state.store
        # events_set_aside: the events the back office refused for good (docs/queue.md)
        return {
            "ok": True,
            "hall_code": settings.hall_code,
            "events_set_aside": store.set_aside_count(),
        }

    app.include_router(router)
    app.include_router(display_router)
    return app
