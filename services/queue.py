"""The kiosk's 取号 and the counter's 叫号 over the hall server, and what survives it going away.

``TicketDesk`` is the kiosk's side. Online, a ticket comes from the hall
server and counts once printed (``printed``). It also keeps, for each
category, a block of numbers the server reserved for this kiosk (``[hall]
offline_block``; topped up while online): when the server does not answer,
the next number of the block is taken, kept on disk before it is shown (a
number is never given twice, even across a power cut), printed marked as
offline, and reported when the server is back. A block belongs to one day;
tomorrow's numbers start again.

``WindowDesk`` is the counter's: its window's calls, recalls and hand-overs,
each one request to the hall server (no offline calling: the server decides
who is next for the whole hall). ``Serving`` is the service the window is
giving (the ticket called, or 直接办理) as its cases record it
(core.case.QueueVisit: ticket, wait and service times).

Both call the network: use them off the GUI thread (widgets.background), from
any thread; ``TicketDesk`` guards its file with a lock.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.case import QueueVisit
from core.errors import OneWindowError
from core.queue import format_number
from services.catalog_poller import write_durably
from sync.hall_client import HallClient, HallRefused, HallUnreachable
from wire.queue import (
    CallAnswer,
    Category,
    OfflineTicket,
    QueueStatus,
    Ticket,
    WindowState,
)

log = logging.getLogger(__name__)

STATE_FILE = "queue_blocks.json"


@dataclass
class _Block:
    first: int
    last: int
    next: int

    @property
    def left(self) -> int:
        return max(0, self.last - self.next + 1)


@dataclass
class _State:
    """What the kiosk keeps on disk: today's blocks, printed offline tickets not yet
    reported, and the last categories the server listed (for the offline page)."""

    day: str = ""
    blocks: dict[str, list[_Block]] = field(default_factory=dict)
    pending: list[dict[str, Any]] = field(default_factory=list)
    categories: list[dict[str, Any]] = field(default_factory=list)
    priorities: list[str] = field(default_factory=list)
    confirm: list[str] = field(default_factory=list)  # printed online tickets not confirmed

    def to_json(self) -> bytes:
        data = {
            "day": self.day,
            "blocks": {c: [[b.first, b.last, b.next] for b in bs] for c, bs in self.blocks.items()},
            "pending": self.pending,
            "categories": self.categories,
            "priorities": self.priorities,
            "confirm": self.confirm,
        }
        return json.dumps(data, ensure_ascii=False).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> _State:
        data = json.loads(raw)
        blocks = {
            str(c): [_Block(int(f), int(la), int(n)) for f, la, n in bs]
            for c, bs in data.get("blocks", {}).items()
        }
        return cls(
            day=str(data.get("day", "")),
            blocks=blocks,
            pending=list(data.get("pending", [])),
            categories=list(data.get("categories", [])),
            priorities=list(data.get("priorities", [])),
            confirm=[str(i) for i in data.get("confirm", [])],
        )


class TicketDesk:
    """A kiosk's ticket issuing, online or from its reserved blocks. Any thread."""

    def __init__(
        self,
        client: HallClient,
        data_dir: Path,
        *,
        block_size: int = 20,
        device_code: str = "",
        now: Any = None,
    ) -> None:
        self.client = client
        self.block_size = block_size
        self.device_code = device_code
        self._now = now or (lambda: dt.datetime.now().astimezone())
        self._path = Path(data_dir) / STATE_FILE
        self._lock = threading.Lock()
        self._state = self._load()
        self.online: bool | None = None  # None: not asked yet

    # ---- the file -------------------------------------------------------------
    def _load(self) -> _State:
        try:
            return _State.from_json(self._path.read_bytes())
        except FileNotFoundError:
            return _State()
        except (ValueError, TypeError, KeyError):
            # A damaged file loses its blocks (those numbers are never used: the
            # server keeps them reserved), never a number given twice.
            log.error("queue blocks file unreadable; its blocks are given up")
            return _State()

    def _save(self) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        write_durably(self._path, self._state.to_json())

    def _today(self) -> str:
        return self._now().date().isoformat()

    def _roll_day(self) -> None:
        """Yesterday's blocks are void (numbers restart daily); its reports still go."""
        if self._state.day != self._today():
            self._state.day = self._today()
            self._state.blocks = {}

    # ---- what the kiosk asks ----------------------------------------------------
    def categories(self) -> tuple[list[Category], list[str]]:
        """The hall's categories and honoured priorities (the last known ones offline)."""
        try:
            answer = self.client.categories()
        except HallUnreachable:
            self.online = False
            with self._lock:
                cats = [Category.model_validate(c) for c in self._state.categories]
                return cats, list(self._state.priorities)
        self.online = True
        with self._lock:
            self._state.categories = [c.model_dump() for c in answer.categories]
            self._state.priorities = list(answer.priorities)
            self._save()
        return list(answer.categories), list(answer.priorities)

    def take(
        self, category: str, *, priority: str = "", id_number: str = "", appointment_code: str = ""
    ) -> Ticket:
        """A ticket from the server, else from this kiosk's block (``Ticket.offline``).

        With ``id_number`` or ``appointment_code`` it is 预约签到: ``category`` ""
        lets the server take the appointment's own. Offline there is no check-in
        (the server holds the appointments): a named category gets a normal
        ticket noted ``appointment.offline``; none named raises that code.

        Raises HallRefused for the server's no (its words say why) and, offline
        with no number left, ``queue.no_block_left``.
        """
        try:
            ticket = self.client.take(
                category,
                priority=priority,
                id_number=id_number,
                appointment_code=appointment_code,
            )
        except HallUnreachable:
            self.online = False
            checking_in = bool(id_number or appointment_code)
            if checking_in and not category:
                raise HallRefused("appointment.offline") from None
            ticket = self._take_offline(category, priority)
            if checking_in:
                return ticket.model_copy(update={"note": "appointment.offline"})
            return ticket
        self.online = True
        return ticket

    def _take_offline(self, category: str, priority: str) -> Ticket:
        if priority == "appointment":
            priority = ""  # check-in needs the server: the citizen gets a normal number
        with self._lock:
            self._roll_day()
            block = next((b for b in self._state.blocks.get(category, []) if b.left), None)
            if block is None:
                raise HallRefused("queue.no_block_left")
            n = block.next
            block.next += 1
            self._save()  # kept before it is shown: never the same number twice
        name = next(
            (c.get("name", "") for c in self._state.categories if c.get("code") == category), ""
        )
        return Ticket(
            id="",
            number=format_number(category, n),
            category=category,
            category_name=name,
            day=self._state.day,
            state="issued",
            priority=priority,  # type: ignore[arg-type]
            offline=True,
            device_code=self.device_code,
            issued_at=self._now().isoformat(timespec="milliseconds"),
        )

    def printed(self, ticket: Ticket) -> None:
        """The ticket is on paper: now it counts (offline ones wait to be reported)."""
        if not ticket.offline:
            try:
                self.client.printed(ticket.id)
            except HallUnreachable:
                # Issued online, printed, and the server went away in between: the
                # citizen holds the paper, so the confirmation is kept and sent later.
                log.warning("ticket printed, confirmation kept until the server is back")
                with self._lock:
                    self._state.confirm.append(ticket.id)
                    self._save()
            return
        record = OfflineTicket(
            number=ticket.number,
            category=ticket.category,
            day=ticket.day,
            issued_at=ticket.issued_at,
            priority=ticket.priority,
        )
        with self._lock:
            self._state.pending.append(record.model_dump())
            self._save()

    def void(self, ticket: Ticket) -> None:
        """The print failed: the number is never called (an offline one is just skipped)."""
        if ticket.offline:
            return
        try:
            self.client.void(ticket.id)
        except OneWindowError:
            log.info("void not confirmed; the server voids unprinted tickets itself")

    @property
    def pending(self) -> int:
        """Tickets printed and not yet reported or confirmed to the server."""
        with self._lock:
            return len(self._state.pending) + len(self._state.confirm)

    def numbers_left(self, category: str) -> int:
        with self._lock:
            if self._state.day != self._today():
                return 0
            return sum(b.left for b in self._state.blocks.get(category, []))

    # ---- when the server is there -------------------------------------------------
    def keep_up(self) -> bool:
        """Report offline tickets and top up the blocks; False when the server is away."""
        try:
            self._report()
            self._top_up()
        except HallUnreachable:
            self.online = False
            return False
        self.online = True
        return True

    def _report(self) -> None:
        with self._lock:
            confirm = list(self._state.confirm)
        for ticket_id in confirm:
            try:
                self.client.printed(ticket_id)
            except HallRefused as exc:
                log.warning("a kept confirmation was refused: %s", exc.code)
            with self._lock:
                self._state.confirm.remove(ticket_id)
                self._save()
        with self._lock:
            pending = [OfflineTicket.model_validate(p) for p in self._state.pending]
        if not pending:
            return
        answer = self.client.report_offline(pending)
        done = set(answer.accepted) | set(answer.already)
        with self._lock:
            self._state.pending = [p for p in self._state.pending if p["number"] not in done]
            self._save()
        log.info("reported %d offline tickets", len(done))

    def _top_up(self) -> None:
        if self.block_size <= 0:
            return
        with self._lock:
            self._roll_day()
            day = self._state.day
            codes = [c["code"] for c in self._state.categories]
        if not codes:
            codes = [c.code for c in self.categories()[0]]
        for code in codes:
            if self.numbers_left(code) > self.block_size // 2:
                continue
            try:
                block = self.client.reserve_block(code, day, self.block_size)
            except HallRefused as exc:
                log.warning("no block for %s: %s", code, exc.code)
                continue
            with self._lock:
                if self._state.day != day:
                    return
                self._state.blocks.setdefault(code, []).append(
                    _Block(block.first, block.last, block.first)
                )
                self._save()


class WindowDesk:
    """One counter window's calling (叫号) on the hall server. Any thread."""

    def __init__(self, client: HallClient, window: str) -> None:
        self.client = client
        self.window = window

    def call(self, number: str = "") -> CallAnswer:
        return self.client.call(self.window, number)

    def recall(self) -> CallAnswer:
        return self.client.recall(self.window)

    def no_show(self) -> WindowState:
        return self.client.no_show(self.window)

    def start(self) -> WindowState:
        return self.client.start(self.window)

    def end(self, case_id: str = "") -> WindowState:
        return self.client.end(self.window, case_id)

    def transfer(self, *, category: str = "", to_window: str = "") -> WindowState:
        return self.client.transfer(self.window, category=category, to_window=to_window)

    def walk_in(self) -> WindowState:
        return self.client.walk_in(self.window)

    def pause(self, paused: bool) -> WindowState:
        return self.client.pause(self.window) if paused else self.client.resume(self.window)

    def state(self) -> WindowState:
        return self.client.window_state(self.window)

    def hall(self) -> QueueStatus:
        return self.client.status()


def _when(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


@dataclass
class Serving:
    """The service a window is giving: the ticket it called (None for 直接办理) and
    since when; the cases taken in meanwhile. The counter's session owns it (GUI thread)."""

    window: str
    ticket: Ticket | None
    started_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().astimezone())
    case_ids: list[str] = field(default_factory=list)

    @property
    def number(self) -> str:
        return self.ticket.number if self.ticket is not None else ""

    def visit(self, now: dt.datetime | None = None) -> QueueVisit:
        """What a case taken in now records: its ticket, the wait (arrival to call, as
        the hall server timed them) and the service so far."""
        now = now or dt.datetime.now().astimezone()
        t = self.ticket
        called = _when(t.called_at) if t is not None else None
        arrived = _when(t.arrived_at or t.issued_at) if t is not None else None
        wait = int((called - arrived).total_seconds()) if called and arrived else None
        return QueueVisit(
            number=t.number if t is not None else "",
            category=t.category if t is not None else "",
            window=self.window,
            walk_in=t is None,
            called_at=called,
            started_at=self.started_at,
            wait_s=max(0, wait) if wait is not None else None,
            service_s=max(0, int((now - self.started_at).total_seconds())),
            recalls=t.recalls if t is not None else 0,
        )
