"""The hall's queue kept in one database: tickets, number blocks, windows, events.

One ``HallStore`` per server process; several processes (``--workers``) may
open the same database: each change is one unit of work of the back office's
engines (``backoffice.store.database``: SQLite ``BEGIN IMMEDIATE``, or a
PostgreSQL transaction with an advisory lock), and a ticket's number is unique
per day and category by key, so two takers never share one.

Every change writes an event (arrive, call, recall, no_show, transfer, start,
end, walk_in, void) with its wait or service time; the display follows them
by sequence number, the statistics are computed from them, and they are what
the hall reports to the back office. No personal data is kept: a card read
for a ticket leaves nothing but its ticket. The tables are named ``hall_*``, so a
hall may keep them in a database it shares with other programs.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from backoffice.store.database import DuplicateKeyError, Executor, UnitOfWork, open_engine
from core.queue import (
    Profile,
    Waiting,
    call_text,
    expected_wait_s,
    format_number,
    next_free,
    parse_number,
    pick_next,
)
from hall.config import HallSettings, WindowConfig
from wire.queue import (
    CallEvent,
    CategoryCount,
    DayStats,
    NumberBlock,
    OfflineTicket,
    QueueEvent,
    QueueStatus,
    Ticket,
    WindowState,
    day_stats,
)

log = logging.getLogger("hall.store")

SQLITE_FILE = "hall.db"
_ACTIVE = ("called", "serving")

_TABLES = (
    """CREATE TABLE IF NOT EXISTS hall_tickets (
        id TEXT PRIMARY KEY, day TEXT NOT NULL, category TEXT NOT NULL, n INTEGER NOT NULL,
        state TEXT NOT NULL, priority TEXT NOT NULL DEFAULT '',
        appointment_code TEXT NOT NULL DEFAULT '', offline INTEGER NOT NULL DEFAULT 0,
        device_code TEXT NOT NULL DEFAULT '', issued_at TEXT NOT NULL,
        arrived_at TEXT NOT NULL DEFAULT '', waiting_before INTEGER NOT NULL DEFAULT 0,
        expected_wait_s INTEGER NOT NULL DEFAULT 0, win TEXT NOT NULL DEFAULT '',
        for_window TEXT NOT NULL DEFAULT '', recalls INTEGER NOT NULL DEFAULT 0,
        called_at TEXT NOT NULL DEFAULT '', started_at TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '', queue TEXT NOT NULL DEFAULT '',
        UNIQUE (day, category, n))""",
    """CREATE TABLE IF NOT EXISTS hall_counters (
        day TEXT NOT NULL, category TEXT NOT NULL, next INTEGER NOT NULL,
        PRIMARY KEY (day, category))""",
    """CREATE TABLE IF NOT EXISTS hall_blocks (
        day TEXT NOT NULL, category TEXT NOT NULL, first INTEGER NOT NULL,
        last INTEGER NOT NULL, device_code TEXT NOT NULL, PRIMARY KEY (day, category, first))""",
    """CREATE TABLE IF NOT EXISTS hall_windows (
        code TEXT PRIMARY KEY, paused INTEGER NOT NULL DEFAULT 0,
        current TEXT NOT NULL DEFAULT '', walk_in_at TEXT NOT NULL DEFAULT '')""",
    # Events the back office refused for good (its HTTP status; 0: the hall could not
    # read its own row): set aside (hall_events.reported = -1) so they block no other.
    """CREATE TABLE IF NOT EXISTS hall_set_aside (
        id TEXT PRIMARY KEY, status INTEGER NOT NULL, at TEXT NOT NULL)""",
)
_EVENTS = {
    "sqlite": "seq INTEGER PRIMARY KEY AUTOINCREMENT",
    "postgresql": "seq BIGSERIAL PRIMARY KEY",
}
_EVENTS_TABLE = """CREATE TABLE IF NOT EXISTS hall_events (
    {seq}, id TEXT NOT NULL UNIQUE, day TEXT NOT NULL, kind TEXT NOT NULL, at TEXT NOT NULL,
    ticket_id TEXT NOT NULL DEFAULT '', number TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT '', win TEXT NOT NULL DEFAULT '',
    priority TEXT NOT NULL DEFAULT '', wait_s INTEGER, service_s INTEGER,
    recall INTEGER NOT NULL DEFAULT 0, case_id TEXT NOT NULL DEFAULT '',
    reported INTEGER NOT NULL DEFAULT 0)"""
# The queries of 取号 and 叫号 by what they filter on, created at every start like the
# tables (IF NOT EXISTS, the same text for SQLite and PostgreSQL), so a database made
# before them gets them too: the waiting tickets of the day (take, call, status); a
# window's day figures (window_state after each call); a kind's events of the day
# (the average service time behind every expected wait, the recent calls, stats);
# the events not yet reported (the back-office link).
_INDEXES = (
    "CREATE INDEX IF NOT EXISTS hall_tickets_day_state ON hall_tickets (day, state)",
    "CREATE INDEX IF NOT EXISTS hall_events_day_win_kind ON hall_events (day, win, kind)",
    "CREATE INDEX IF NOT EXISTS hall_events_day_kind ON hall_events (day, kind, category)",
    "CREATE INDEX IF NOT EXISTS hall_events_reported ON hall_events (reported, seq)",
)
_TICKET_COLS = (
    "id, day, category, n, state, priority, appointment_code, offline, device_code,"
    " issued_at, arrived_at, waiting_before, expected_wait_s, win, for_window, recalls,"
    " called_at, started_at, note, queue"
)


class QueueRefused(Exception):
    """What the queue cannot do, as a catalogue code (core.messages ``queue.*``)."""

    def __init__(self, code: str, status: int = 409, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.status = status
        self.params = params


@dataclass
class _Row:
    id: str
    day: str
    category: str
    n: int
    state: str
    priority: str
    appointment_code: str
    offline: int
    device_code: str
    issued_at: str
    arrived_at: str
    waiting_before: int
    expected_wait_s: int
    window: str
    for_window: str
    recalls: int
    called_at: str
    started_at: str
    note: str
    queue: str  # the category it waits in after a transfer ("" = its own)

    @property
    def waits_in(self) -> str:
        return self.queue or self.category

    @property
    def number(self) -> str:
        return format_number(self.category, self.n)


def _seconds(since: str, now: dt.datetime) -> int:
    if not since:
        return 0
    return max(0, int((now - dt.datetime.fromisoformat(since)).total_seconds()))


class HallStore:
    """The queue's state and events. Any thread (each call is one unit of work)."""

    def __init__(
        self,
        settings: HallSettings,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock or (lambda: dt.datetime.now().astimezone())
        url = settings.database_url
        if not url:
            data = settings.data_path
            data.mkdir(parents=True, exist_ok=True)
            url = f"sqlite:///{Path(data) / SQLITE_FILE}"
        self._engine = open_engine(url)
        self._unit = UnitOfWork(self._engine)
        self._db = Executor(self._engine, self._unit)
        with self._unit:
            events = _EVENTS_TABLE.format(seq=_EVENTS[self._engine.dialect])
            for sql in (*_TABLES, events, *_INDEXES):
                self._db.execute(sql)
            for w in settings.windows:
                if self._db.execute(
                    "SELECT 1 FROM hall_windows WHERE code = ?", (w.code,)
                ).fetchone():
                    continue
                self._db.execute("INSERT INTO hall_windows (code) VALUES (?)", (w.code,))

    def close(self) -> None:
        self._engine.close()

    # ---- helpers ---------------------------------------------------------------------
    def _now(self) -> dt.datetime:
        return self.clock()

    def _today(self) -> str:
        return self._now().date().isoformat()

    def _row(self, ticket_id: str) -> _Row | None:
        r = self._db.execute(f"SELECT {_TICKET_COLS} FROM hall_tickets WHERE id = ?", (ticket_id,))
        found = r.fetchone()
        return _Row(*found) if found else None

    def _ticket(self, row: _Row) -> Ticket:
        cat = self.settings.category(row.category)
        return Ticket(
            id=row.id,
            number=row.number,
            category=row.category,
            category_name=cat.name if cat else "",
            day=row.day,
            state=row.state,  # type: ignore[arg-type]
            priority=row.priority,  # type: ignore[arg-type]
            appointment_code=row.appointment_code,
            offline=bool(row.offline),
            device_code=row.device_code,
            issued_at=row.issued_at,
            arrived_at=row.arrived_at,
            called_at=row.called_at,
            started_at=row.started_at,
            waiting_before=row.waiting_before,
            expected_wait_s=row.expected_wait_s,
            window=row.window,
            recalls=row.recalls,
            note=row.note,
        )

    def _event(self, kind: str, row: _Row | None, window: str = "", **extra: Any) -> None:
        now = self._now()
        self._db.execute(
            "INSERT INTO hall_events (id, day, kind, at, ticket_id, number, category, win,"
            " priority, wait_s, service_s, recall, case_id) VALUES"
            " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                uuid.uuid4().hex,
                now.date().isoformat(),
                kind,
                now.isoformat(timespec="milliseconds"),
                row.id if row else "",
                row.number if row else "",
                row.category if row else "",
                window,
                row.priority if row else "",
                extra.get("wait_s"),
                extra.get("service_s"),
                extra.get("recall", 0),
                extra.get("case_id", ""),
            ),
        )

    def _waiting(self, day: str) -> list[_Row]:
        rows = self._db.execute(
            f"SELECT {_TICKET_COLS} FROM hall_tickets WHERE day = ? AND state = 'waiting'", (day,)
        ).fetchall()
        return [_Row(*r) for r in rows]

    def _avg_service(self, day: str, category: str) -> float | None:
        r = self._db.execute(
            "SELECT AVG(service_s) FROM hall_events WHERE day = ? AND kind = 'end'"
            " AND category = ? AND service_s IS NOT NULL",
            (day, category),
        ).fetchone()
        return float(r[0]) if r and r[0] is not None else None

    def _serving_windows(self, category: str) -> int:
        return sum(1 for w in self.settings.windows if category in w.categories)

    def _expected(self, day: str, category: str, ahead: int) -> int:
        return expected_wait_s(
            ahead, self._avg_service(day, category), self._serving_windows(category)
        )

    def _window_cfg(self, code: str) -> WindowConfig:
        w = self.settings.window(code)
        if w is None:
            raise QueueRefused("queue.unknown_window", 404, window=code)
        return w

    def _window_row(self, code: str) -> tuple[int, str, str]:
        r = self._db.execute(
            "SELECT paused, current, walk_in_at FROM hall_windows WHERE code = ?", (code,)
        ).fetchone()
        assert r is not None
        return int(r[0]), str(r[1]), str(r[2])

    def _set_current(self, code: str, ticket_id: str) -> None:
        self._db.execute("UPDATE hall_windows SET current = ? WHERE code = ?", (ticket_id, code))

    def _current(self, code: str) -> _Row | None:
        _p, current, _w = self._window_row(code)
        row = self._row(current) if current else None
        return row if row is not None and row.state in _ACTIVE else None

    # ---- 取号 ----------------------------------------------------------------------------
    def take(
        self,
        category: str,
        device_code: str,
        *,
        priority: str = "",
        appointment_code: str = "",
        note: str = "",
    ) -> Ticket:
        """A new ticket, "issued" until its kiosk says it printed (``printed``)."""
        if self.settings.category(category) is None:
            raise QueueRefused("queue.unknown_category", 404, category=category)
        if priority and priority not in self.settings.priorities:
            raise QueueRefused("queue.priority_not_honoured", 422, priority=priority)
        with self._unit:
            day = self._today()
            n = self._allocate(day, category, 1)
            ahead = sum(1 for r in self._waiting(day) if r.waits_in == category)
            now = self._now().isoformat(timespec="milliseconds")
            tid = uuid.uuid4().hex
            self._db.execute(
                f"INSERT INTO hall_tickets ({_TICKET_COLS}) VALUES"
                " (?, ?, ?, ?, 'issued', ?, ?, 0, ?, ?, '', ?, ?, '', '', 0, '', '', ?, '')",
                (
                    tid,
                    day,
                    category,
                    n,
                    priority,
                    appointment_code,
                    device_code,
                    now,
                    ahead,
                    self._expected(day, category, ahead),
                    note,
                ),
            )
            row = self._row(tid)
            assert row is not None
            return self._ticket(row)

    def _allocate(self, day: str, category: str, size: int) -> int:
        """The next ``size`` free numbers of the day's category (inside the unit)."""
        r = self._db.execute(
            "SELECT next FROM hall_counters WHERE day = ? AND category = ?", (day, category)
        ).fetchone()
        start = int(r[0]) if r else 1
        blocks = self._db.execute(
            "SELECT first, last FROM hall_blocks WHERE day = ? AND category = ?", (day, category)
        ).fetchall()
        first = next_free(start, [(int(a), int(b)) for a, b in blocks])
        if first is None or first + size - 1 > 999:
            raise QueueRefused("queue.numbers_used_up", 409, category=category)
        if r:
            self._db.execute(
                "UPDATE hall_counters SET next = ? WHERE day = ? AND category = ?",
                (first + size, day, category),
            )
        else:
            self._db.execute(
                "INSERT INTO hall_counters (day, category, next) VALUES (?, ?, ?)",
                (day, category, first + size),
            )
        return first

    def printed(self, ticket_id: str, device_code: str) -> Ticket:
        """The kiosk printed it: it waits (and counts) from now. Again: no change."""
        with self._unit:
            row = self._own(ticket_id, device_code)
            if row.state == "issued":
                now = self._now().isoformat(timespec="milliseconds")
                self._db.execute(
                    "UPDATE hall_tickets SET state = 'waiting', arrived_at = ? WHERE id = ?",
                    (now, row.id),
                )
                row.state, row.arrived_at = "waiting", now
                self._event("arrive", row)
            return self._ticket(row)

    def void(self, ticket_id: str, device_code: str) -> Ticket:
        """The print failed: the ticket is never called (its number is not reused)."""
        with self._unit:
            row = self._own(ticket_id, device_code)
            if row.state != "issued":
                raise QueueRefused("queue.not_issued", 409, number=row.number)
            self._db.execute("UPDATE hall_tickets SET state = 'void' WHERE id = ?", (row.id,))
            row.state = "void"
            self._event("void", row)
            return self._ticket(row)

    def _own(self, ticket_id: str, device_code: str) -> _Row:
        row = self._row(ticket_id)
        if row is None or row.device_code != device_code:  # another kiosk's: not found
            raise QueueRefused("queue.no_ticket", 404)
        return row

    # ---- blocks for offline kiosks -------------------------------------------------------
    def reserve_block(self, device_code: str, category: str, day: str, size: int) -> NumberBlock:
        """Numbers kept for ``device_code`` on ``day``: the server never issues them."""
        if self.settings.category(category) is None:
            raise QueueRefused("queue.unknown_category", 404, category=category)
        with self._unit:
            first = self._allocate(day, category, size)
            self._db.execute(
                "INSERT INTO hall_blocks (day, category, first, last, device_code)"
                " VALUES (?, ?, ?, ?, ?)",
                (day, category, first, first + size - 1, device_code),
            )
            return NumberBlock(
                category=category,
                day=day,
                first=first,
                last=first + size - 1,
                device_code=device_code,
            )

    def take_offline(
        self, device_code: str, tickets: list[OfflineTicket]
    ) -> tuple[list[str], list[str]]:
        """Tickets a kiosk issued from its blocks while away: each taken in once."""
        accepted: list[str] = []
        already: list[str] = []
        for t in tickets:
            parsed = parse_number(t.number)
            if parsed is None or parsed[0] != t.category:
                raise QueueRefused("queue.bad_number", 422, number=t.number)
            n = parsed[1]
            try:  # arrival times compare as text: the server's own offset, milliseconds
                issued = dt.datetime.fromisoformat(t.issued_at)
            except ValueError:
                raise QueueRefused("queue.bad_request", 422, fields=["issued_at"]) from None
            if issued.tzinfo is None:
                raise QueueRefused("queue.bad_request", 422, fields=["issued_at"])
            at = issued.astimezone(self._now().tzinfo).isoformat(timespec="milliseconds")
            with self._unit:
                mine = self._db.execute(
                    "SELECT 1 FROM hall_blocks WHERE day = ? AND category = ? AND device_code = ?"
                    " AND first <= ? AND last >= ?",
                    (t.day, t.category, device_code, n, n),
                ).fetchone()
                if mine is None:
                    raise QueueRefused("queue.not_your_block", 409, number=t.number)
                found = self._db.execute(
                    "SELECT id FROM hall_tickets WHERE day = ? AND category = ? AND n = ?",
                    (t.day, t.category, n),
                ).fetchone()
                if found is not None:
                    already.append(t.number)
                    continue
                tid = uuid.uuid4().hex
                try:
                    with self._db.atomic():
                        self._db.execute(
                            f"INSERT INTO hall_tickets ({_TICKET_COLS}) VALUES (?, ?, ?, ?,"
                            " 'waiting', ?, '', 1, ?, ?, ?, 0, 0, '', '', 0, '', '', '', '')",
                            (
                                tid,
                                t.day,
                                t.category,
                                n,
                                t.priority,
                                device_code,
                                at,
                                at,
                            ),
                        )
                except DuplicateKeyError:
                    already.append(t.number)
                    continue
                row = self._row(tid)
                assert row is not None
                if t.day == self._today():
                    self._event("arrive", row)
                accepted.append(t.number)
        return accepted, already

    # ---- 叫号 ----------------------------------------------------------------------------
    def call(self, window: str, number: str = "") -> tuple[Ticket | None, CallEvent | None]:
        """The window calls its next ticket (or ``number``); a service it was giving ends."""
        cfg = self._window_cfg(window)
        with self._unit:
            paused, _c, walk_in = self._window_row(window)
            if paused:
                raise QueueRefused("queue.window_paused", 409, window=window)
            current = self._current(window)
            if current is not None and current.state == "called":
                raise QueueRefused("queue.still_called", 409, number=current.number)
            if current is not None or walk_in:
                self._end(window, current, "")
            day = self._today()
            waiting = self._waiting(day)
            if number:
                pick = next((r for r in waiting if r.number == number), None)
                if pick is None or pick.waits_in not in cfg.categories:
                    raise QueueRefused("queue.no_ticket", 404)
            else:
                chosen = pick_next(
                    [
                        Waiting(r.id, r.waits_in, r.priority, r.arrived_at, r.n, r.for_window)
                        for r in waiting
                    ],
                    Profile(tuple(cfg.categories), cfg.mode),
                    window,
                )
                pick = next((r for r in waiting if chosen and r.id == chosen.id), None)
            if pick is None:
                self._set_current(window, "")
                return None, None
            now = self._now()
            at = now.isoformat(timespec="milliseconds")
            self._db.execute(
                "UPDATE hall_tickets SET state = 'called', win = ?, called_at = ?, recalls = 0"
                " WHERE id = ? AND state = 'waiting'",
                (window, at, pick.id),
            )
            pick.state, pick.window, pick.called_at, pick.recalls = "called", window, at, 0
            self._set_current(window, pick.id)
            wait = _seconds(pick.arrived_at, now)
            self._event("call", pick, window, wait_s=wait)
            return self._ticket(pick), self._call_event(pick, cfg, at, 0)

    def _call_event(self, row: _Row, cfg: WindowConfig, at: str, recall: int) -> CallEvent:
        return self._stored_call(row.number, row.category, cfg.code, at, recall)

    def recall(self, window: str) -> tuple[Ticket, CallEvent]:
        cfg = self._window_cfg(window)
        with self._unit:
            row = self._current(window)
            if row is None or row.state != "called":
                raise QueueRefused("queue.nobody_called", 409, window=window)
            row.recalls += 1
            self._db.execute(
                "UPDATE hall_tickets SET recalls = ? WHERE id = ?", (row.recalls, row.id)
            )
            self._event("recall", row, window, recall=row.recalls)
            at = self._now().isoformat(timespec="milliseconds")
            return self._ticket(row), self._call_event(row, cfg, at, row.recalls)

    def no_show(self, window: str) -> WindowState:
        """过号: only after the hall's number of recalls."""
        self._window_cfg(window)
        with self._unit:
            row = self._current(window)
            if row is None or row.state != "called":
                raise QueueRefused("queue.nobody_called", 409, window=window)
            need = self.settings.no_show_after
            if row.recalls < need:
                raise QueueRefused("queue.recall_first", 409, recalls=row.recalls, need=need)
            self._db.execute("UPDATE hall_tickets SET state = 'no_show' WHERE id = ?", (row.id,))
            self._set_current(window, "")
            self._event("no_show", row, window)
            return self.window_state(window)

    def start(self, window: str) -> WindowState:
        self._window_cfg(window)
        with self._unit:
            row = self._current(window)
            if row is None:
                raise QueueRefused("queue.nobody_called", 409, window=window)
            if row.state == "called":
                at = self._now().isoformat(timespec="milliseconds")
                self._db.execute(
                    "UPDATE hall_tickets SET state = 'serving', started_at = ? WHERE id = ?",
                    (at, row.id),
                )
                row.state, row.started_at = "serving", at
                self._event("start", row, window)
            return self.window_state(window)

    def end(self, window: str, case_id: str = "") -> WindowState:
        self._window_cfg(window)
        with self._unit:
            row = self._current(window)
            _p, _c, walk_in = self._window_row(window)
            if row is None and not walk_in:
                raise QueueRefused("queue.nobody_served", 409, window=window)
            if row is not None and row.state == "called":
                raise QueueRefused("queue.not_started", 409, number=row.number)
            self._end(window, row, case_id)
            return self.window_state(window)

    def _end(self, window: str, row: _Row | None, case_id: str) -> None:
        now = self._now()
        _p, _c, walk_in = self._window_row(window)
        if row is not None:
            self._db.execute("UPDATE hall_tickets SET state = 'done' WHERE id = ?", (row.id,))
            since = row.started_at or row.called_at
            self._event("end", row, window, service_s=_seconds(since, now), case_id=case_id)
        elif walk_in:
            self._event("end", None, window, service_s=_seconds(walk_in, now), case_id=case_id)
        self._db.execute(
            "UPDATE hall_windows SET current = '', walk_in_at = '' WHERE code = ?", (window,)
        )

    def transfer(self, window: str, *, category: str = "", to_window: str = "") -> WindowState:
        """The current ticket back to waiting, in another category or for another window;
        its number and arrival time stay."""
        self._window_cfg(window)
        if bool(category) == bool(to_window):
            raise QueueRefused("queue.transfer_where", 422)
        if category and self.settings.category(category) is None:
            raise QueueRefused("queue.unknown_category", 404, category=category)
        target = self._window_cfg(to_window) if to_window else None
        with self._unit:
            row = self._current(window)
            if row is None:
                raise QueueRefused("queue.nobody_called", 409, window=window)
            new_cat = category or row.waits_in
            if target is not None and new_cat not in target.categories:
                new_cat = target.categories[0]
            self._db.execute(
                "UPDATE hall_tickets SET state = 'waiting', win = '', for_window = ?,"
                " recalls = 0, queue = ? WHERE id = ?",
                (to_window, new_cat if new_cat != row.category else "", row.id),
            )
            self._set_current(window, "")
            self._event("transfer", row, window)
            return self.window_state(window)

    def walk_in(self, window: str) -> WindowState:
        """直接办理: a service with no ticket (counted, timed)."""
        self._window_cfg(window)
        with self._unit:
            if self._current(window) is not None:
                raise QueueRefused("queue.window_busy", 409, window=window)
            at = self._now().isoformat(timespec="milliseconds")
            self._db.execute("UPDATE hall_windows SET walk_in_at = ? WHERE code = ?", (at, window))
            self._event("walk_in", None, window)
            return self.window_state(window)

    def pause(self, window: str, paused: bool) -> WindowState:
        self._window_cfg(window)
        with self._unit:
            self._db.execute(
                "UPDATE hall_windows SET paused = ? WHERE code = ?", (1 if paused else 0, window)
            )
            return self.window_state(window)

    # ---- reading ------------------------------------------------------------------------
    def window_state(self, window: str) -> WindowState:
        cfg = self._window_cfg(window)
        with self._unit:
            paused, _c, walk_in = self._window_row(window)
            row = self._current(window)
            day = self._today()
            ends = self._db.execute(
                "SELECT service_s FROM hall_events WHERE day = ? AND win = ? AND kind = 'end'",
                (day, window),
            ).fetchall()
            shows = self._db.execute(
                "SELECT COUNT(*) FROM hall_events WHERE day = ? AND win = ? AND kind = 'no_show'",
                (day, window),
            ).fetchone()
            times = [int(r[0]) for r in ends if r[0] is not None]
            return WindowState(
                window=window,
                name=cfg.spoken,
                paused=bool(paused),
                current=self._ticket(row) if row else None,
                walk_in=bool(walk_in),
                served_today=len(ends),
                no_shows_today=int(shows[0]) if shows else 0,
                avg_service_s=int(sum(times) / len(times)) if times else 0,
            )

    def ticket(self, ticket_id: str) -> Ticket | None:
        row = self._row(ticket_id)
        return self._ticket(row) if row else None

    def status(self) -> QueueStatus:
        with self._unit:
            day = self._today()
            waiting = self._waiting(day)
            counts = []
            for c in self.settings.categories:
                ahead = sum(1 for r in waiting if r.waits_in == c.code)
                counts.append(
                    CategoryCount(
                        category=c.code,
                        name=c.name,
                        waiting=ahead,
                        expected_wait_s=self._expected(day, c.code, ahead),
                    )
                )
            return QueueStatus(
                day=day,
                categories=counts,
                recent_calls=self.recent_calls(8),
                windows=[self.window_state(w.code) for w in self.settings.windows],
            )

    def _stored_call(
        self, number: str, category: str, window: str, at: str, recall: int
    ) -> CallEvent:
        """A stored call or recall as the display and the voice get it."""
        cfg = self.settings.window(window)
        spoken = cfg.spoken if cfg else window
        return CallEvent(
            number=number,
            category=category,
            window=window,
            window_name=spoken,
            text=call_text(number, spoken),
            recall=int(recall),
            at=at,
        )

    def recent_calls(self, limit: int) -> list[CallEvent]:
        rows = self._db.execute(
            "SELECT number, category, win, at, recall FROM hall_events"
            " WHERE day = ? AND kind IN ('call', 'recall') ORDER BY seq DESC LIMIT ?",
            (self._today(), limit),
        ).fetchall()
        out = []
        for number, category, window, at, recall in rows:
            out.append(self._stored_call(number, category, window, at, recall))
        return out

    def calls_after(self, seq: int) -> tuple[int, list[CallEvent]]:
        """The calls and recalls after event ``seq`` (the display's stream), and the last seq."""
        rows = self._db.execute(
            "SELECT seq, kind, number, category, win, at, recall FROM hall_events"
            " WHERE seq > ? ORDER BY seq",
            (seq,),
        ).fetchall()
        last = seq
        out = []
        for s, kind, number, category, window, at, recall in rows:
            last = max(last, int(s))
            if kind not in ("call", "recall"):
                continue
            out.append(self._stored_call(number, category, window, at, recall))
        return last, out

    # ---- reporting to the back office (hall.backoffice_link) ----------------------------
    def unsent_events(self, limit: int = 500) -> list[QueueEvent]:
        """The oldest events not yet taken by the back office, at most ``limit``. A row
        that is not a valid event is set aside (status 0) instead of being sent."""
        rows = self._db.execute(
            "SELECT id, kind, at, number, category, win, priority, wait_s, service_s, case_id"
            " FROM hall_events WHERE reported = 0 ORDER BY seq LIMIT ?",
            (limit,),
        ).fetchall()
        out: list[QueueEvent] = []
        unreadable: list[str] = []
        for i, kind, at, number, category, win, priority, wait_s, service_s, case_id in rows:
            try:
                out.append(
                    QueueEvent(
                        id=i,
                        hall_code=self.settings.hall_code,
                        kind=kind,
                        at=at,
                        number=number,
                        category=category,
                        window=win,
                        priority=priority,
                        wait_s=wait_s,
                        service_s=service_s,
                        case_id=case_id,
                    )
                )
            except ValidationError:
                unreadable.append(str(i))
        if unreadable:
            log.warning("%d stored queue events are not valid events: set aside", len(unreadable))
            self.set_aside(unreadable, 0)
        return out

    def mark_sent(self, ids: list[str]) -> None:
        """The back office took these events (or had them already): not sent again."""
        with self._unit:
            for i in ids:
                self._db.execute("UPDATE hall_events SET reported = 1 WHERE id = ?", (i,))

    def set_aside(self, ids: list[str], status: int) -> None:
        """The back office refused these events for good (HTTP ``status``): never sent
        again, kept with the status for the operator (``set_aside_count``, /health)."""
        at = self._now().isoformat(timespec="milliseconds")
        with self._unit:
            for i in ids:
                self._db.execute("UPDATE hall_events SET reported = -1 WHERE id = ?", (i,))
                self._db.execute(
                    "INSERT INTO hall_set_aside (id, status, at) VALUES (?, ?, ?)"
                    " ON CONFLICT (id) DO NOTHING",
                    (i, status, at),
                )

    def set_aside_count(self) -> int:
        """How many events the back office refused for good (they are in no report)."""
        r = self._db.execute("SELECT COUNT(*) FROM hall_events WHERE reported = -1").fetchone()
        return int(r[0]) if r else 0

    def last_seq(self) -> int:
        r = self._db.execute("SELECT MAX(seq) FROM hall_events").fetchone()
        return int(r[0]) if r and r[0] is not None else 0

    def stats(self, day: str) -> DayStats:
        """Tickets, wait and service times (average, p90) and no-shows, by category and
        window, from the day's events."""
        rows = self._db.execute(
            "SELECT kind, category, win, wait_s, service_s FROM hall_events WHERE day = ?",
            (day,),
        ).fetchall()
        return day_stats(rows, day=day, hall_code=self.settings.hall_code)
