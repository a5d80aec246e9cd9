"""The hall's queue (取号 / 叫号) as the hall server and its devices speak it.

The hall server (``onewindow hall serve``, package ``hall``) owns the numbers;
kiosks take tickets, counters call them, displays and announcers follow the
calls. Every route is under ``/api/v1/queue`` on the hall server; devices send
``Authorization: Bearer <token>`` (the hall's device token, core.config
``[hall] token``), and a device acts only as itself (the server takes the
device code from the token, never from the body). The display page and its
event stream are public: they carry numbers and window names only, never a
name or an ID number.

Routes (the hall server's; ``{id}`` is a ticket id, ``{window}`` a window code):

    GET  /api/v1/queue/categories          → CategoriesAnswer
    POST /api/v1/queue/tickets             TakeTicket → Ticket (state "issued")
    POST /api/v1/queue/tickets/{id}/printed            → Ticket ("waiting": counts from now)
    POST /api/v1/queue/tickets/{id}/void               → Ticket (the print failed: never called)
    POST /api/v1/queue/blocks              BlockRequest → NumberBlock (numbers kept for offline)
    POST /api/v1/queue/offline-tickets     OfflineTickets → OfflineAccepted (issued from a block)
    POST /api/v1/queue/windows/{window}/call         CallNext → CallAnswer (ticket may be None)
    POST /api/v1/queue/windows/{window}/recall       → CallAnswer (recalls + 1)
    POST /api/v1/queue/windows/{window}/no-show      → WindowState (after N recalls only)
    POST /api/v1/queue/windows/{window}/start        → WindowState (service begins)
    POST /api/v1/queue/windows/{window}/end          EndService → WindowState
    POST /api/v1/queue/windows/{window}/transfer     Transfer → WindowState
    POST /api/v1/queue/windows/{window}/walk-in      → WindowState (直接办理, no ticket)
    POST /api/v1/queue/windows/{window}/pause        → WindowState
    POST /api/v1/queue/windows/{window}/resume       → WindowState
    GET  /api/v1/queue/windows/{window}              → WindowState (with today's figures)
    GET  /api/v1/queue/status                        → QueueStatus (public)
    GET  /api/v1/queue/stats?day=YYYY-MM-DD          → DayStats (per category and window)
    GET  /display                                    the hall TV's page (HTML, public)
    GET  /display/events                             server-sent events: CallEvent, QueueStatus
    GET  /health                                     {"ok": true}

Errors are JSON ``{"code": "<core.messages code>", "params": {...}}`` with 4xx;
the device shows the catalogue's words for the code. Plain pydantic data; any
thread.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from core.queue import percentile

CATEGORY_PATTERN = r"^[A-Z]$"
NUMBER_PATTERN = r"^[A-Z][0-9]{3}$"  # A001–A999, reset each day
WINDOW_PATTERN = r"^[0-9A-Z]{1,4}$"
DAY_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

# Who may take a priority ticket: the hall lists which of these it honours.
Priority = Literal["", "elderly", "disabled", "pregnant", "military", "appointment"]
TicketState = Literal["issued", "waiting", "called", "serving", "done", "no_show", "void"]
EventKind = Literal[
    "arrive", "call", "recall", "no_show", "transfer", "start", "end", "walk_in", "void"
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Category(_Strict):
    """A queue category (民生 A, 公安 B, …): its letter, words, windows' class, items."""

    code: str = Field(pattern=CATEGORY_PATTERN)
    name: str = Field(min_length=1, max_length=20)
    window_class: str = Field(default="", max_length=20)
    items: list[str] = Field(default_factory=list)  # catalog item codes served under it
    area: str = Field(default="", max_length=40)  # where to wait (等候区域)
    # The English UI's words (the kiosk shows the Chinese when empty); longer bounds
    # than the Chinese, English takes more letters: "Public security & household ..."
    name_en: str = Field(default="", max_length=60)
    area_en: str = Field(default="", max_length=60)


class CategoriesAnswer(_Strict):
    categories: list[Category]
    priorities: list[Priority]  # the priority kinds this hall honours


class TakeTicket(_Strict):
    """取号 at a kiosk. ``id_number`` only when a card was read (appointments, the
    holder's cases); the server keeps an HMAC of it, never the number.

    ``category`` "" is for 预约签到 only (a card or a QR): the ticket is for the
    category of the appointment found; with none found the server refuses with
    ``appointment.not_found`` (the kiosk then lets the citizen pick a category)."""

    category: str = Field(default="", pattern=r"^$|" + CATEGORY_PATTERN)
    priority: Priority = ""
    id_number: str = Field(default="", pattern=r"^([0-9]{17}[0-9X])?$")
    appointment_code: str = Field(default="", max_length=40)  # the appointment's QR


class Ticket(BaseModel):
    """One ticket as devices see it (no personal data)."""

    id: str
    number: str = Field(pattern=NUMBER_PATTERN)
    category: str = Field(pattern=CATEGORY_PATTERN)
    category_name: str = ""
    day: str = Field(pattern=DAY_PATTERN)
    state: TicketState
    priority: Priority = ""
    appointment_code: str = ""
    offline: bool = False  # issued from a kiosk's reserved block while the server was away
    device_code: str = ""  # the kiosk that issued it
    issued_at: str  # ISO 8601 with offset
    # When it began to wait (printed; a transfer keeps it), was called, began service:
    # ISO 8601 with offset, "" until then.
    arrived_at: str = ""
    called_at: str = ""
    started_at: str = ""
    waiting_before: int = 0  # people ahead in its category when it was taken
    expected_wait_s: int = 0  # from today's service times in its category
    window: str = ""  # calling/serving window
    recalls: int = 0
    note: str = ""  # e.g. why an appointment got a normal ticket (core.messages code)
    # The note's parameters, in the take answer only (not kept): "time" (HH:MM) from
    # when a too-early appointment's check-in gives priority.
    note_params: dict[str, str] = Field(default_factory=dict)


class BlockRequest(_Strict):
    """A kiosk reserving numbers for when the server is away (per category and day)."""

    category: str = Field(pattern=CATEGORY_PATTERN)
    day: str = Field(pattern=DAY_PATTERN)
    size: int = Field(default=20, ge=1, le=200)


class NumberBlock(BaseModel):
    """Numbers ``first``..``last`` (inclusive) of ``category`` on ``day``, kept for one
    kiosk: the server never issues them itself."""

    category: str
    day: str
    first: int = Field(ge=1, le=999)
    last: int = Field(ge=1, le=999)
    device_code: str


class OfflineTicket(_Strict):
    number: str = Field(pattern=NUMBER_PATTERN)
    category: str = Field(pattern=CATEGORY_PATTERN)
    day: str = Field(pattern=DAY_PATTERN)
    issued_at: str
    priority: Priority = ""


class OfflineTickets(_Strict):
    tickets: list[OfflineTicket] = Field(max_length=1000)


class OfflineAccepted(BaseModel):
    """What the server took in: each number once (a repeat report is not a second ticket)."""

    accepted: list[str]
    already: list[str]


class CallNext(_Strict):
    """叫号: the next ticket by the window's work profile, or a named one (a recall list)."""

    number: str = Field(default="", pattern=r"^$|" + NUMBER_PATTERN)


class EndService(_Strict):
    case_id: str = Field(default="", max_length=64)  # the case the service produced, if any


class Transfer(_Strict):
    """To another category or window; the ticket keeps its arrival time."""

    category: str = Field(default="", pattern=r"^$|" + CATEGORY_PATTERN)
    window: str = Field(default="", pattern=r"^$|" + WINDOW_PATTERN)


class CallEvent(BaseModel):
    """A call as the display and the announcer get it (server-sent event ``call``)."""

    number: str
    category: str
    window: str
    window_name: str  # "3号窗口"
    text: str  # what is spoken: 请A012号到3号窗口办理
    recall: int = 0
    at: str


class WindowState(BaseModel):
    window: str
    name: str
    paused: bool = False
    current: Ticket | None = None
    walk_in: bool = False  # 直接办理 under way (no ticket)
    served_today: int = 0
    no_shows_today: int = 0
    avg_service_s: int = 0


class CallAnswer(BaseModel):
    ticket: Ticket | None  # None: nobody waiting for this window's profile
    window: WindowState


class CategoryCount(BaseModel):
    category: str
    name: str
    waiting: int
    expected_wait_s: int


class QueueStatus(BaseModel):
    """The hall now (server-sent event ``status`` too): waiting counts, recent calls."""

    day: str
    categories: list[CategoryCount]
    recent_calls: list[CallEvent]
    windows: list[WindowState]


class QueueEvent(BaseModel):
    """One stored event (arrive, call, recall, no_show, transfer, start, end, …); the hall
    server reports them to the back office (``POST /api/v1/queue-events``) when it can."""

    id: str  # unique per hall server: the back office takes each once
    hall_code: str
    kind: EventKind
    at: str
    number: str = ""
    category: str = ""
    window: str = ""
    priority: Priority = ""
    wait_s: int | None = None  # on call: since arrival (transfers keep the arrival)
    service_s: int | None = None  # on end
    case_id: str = ""


class QueueEvents(_Strict):
    events: list[QueueEvent] = Field(max_length=1000)


class Figures(BaseModel):
    """Tickets, wait and service times (average, 90th percentile), no-shows."""

    tickets: int = 0
    served: int = 0
    no_shows: int = 0
    avg_wait_s: int = 0
    p90_wait_s: int = 0
    avg_service_s: int = 0
    p90_service_s: int = 0


class DayStats(BaseModel):
    day: str
    hall_code: str
    by_category: dict[str, Figures]
    by_window: dict[str, Figures]


def _figures(v: dict[str, list[int]]) -> Figures:
    wait, service = v["wait"], v["service"]
    return Figures(
        tickets=len(v["arrive"]),
        served=len(service),
        no_shows=len(v["no_show"]),
        avg_wait_s=int(sum(wait) / len(wait)) if wait else 0,
        p90_wait_s=int(percentile(wait, 90)),
        avg_service_s=int(sum(service) / len(service)) if service else 0,
        p90_service_s=int(percentile(service, 90)),
    )


def _window_order(item: tuple[str, Any]) -> tuple[int, str]:
    code = item[0]
    return (int(code), "") if code.isdigit() else (10_000, code)


def day_stats(
    rows: Iterable[tuple[str, str, str, int | None, int | None]], *, day: str, hall_code: str
) -> DayStats:
    """A day's figures from its events ``(kind, category, window, wait_s, service_s)``:
    one tally for the hall server and the back office. A category's tickets are its
    arrivals; a window's are the tickets it called."""
    by_cat: dict[str, dict[str, list[int]]] = {}
    by_win: dict[str, dict[str, list[int]]] = {}

    def add(into: dict[str, dict[str, list[int]]], name: str, what: str, v: int) -> None:
        if name:
            into.setdefault(name, {"arrive": [], "wait": [], "service": [], "no_show": []})
            into[name][what].append(v)

    for kind, category, window, wait_s, service_s in rows:
        if kind == "arrive":
            add(by_cat, category, "arrive", 1)
        elif kind == "call" and wait_s is not None:
            add(by_cat, category, "wait", int(wait_s))
            add(by_win, window, "arrive", 1)
            add(by_win, window, "wait", int(wait_s))
        elif kind == "end" and service_s is not None:
            add(by_cat, category, "service", int(service_s))
            add(by_win, window, "service", int(service_s))
        elif kind == "no_show":
            add(by_cat, category, "no_show", 1)
            add(by_win, window, "no_show", 1)
    return DayStats(
        day=day,
        hall_code=hall_code,
        by_category={k: _figures(v) for k, v in sorted(by_cat.items())},
        by_window={k: _figures(v) for k, v in sorted(by_win.items(), key=_window_order)},
    )
