"""The hall server's link to the central back office: queue events out, appointments in.

Every ``interval_s`` seconds a daemon thread runs one round (``run_once``):

(a) the hall store's events the back office has not taken yet (``HallStore.
    unsent_events``), oldest first, in batches, to ``POST /api/v1/queue-events``;
    an event is marked sent only when the back office's answer names it, as
    accepted or as already taken (``HallStore.mark_sent``). The back office
    stores each once by (hall, id), so sending again what may have arrived
    is safe: when the network or the back office is down, nothing is marked
    and the next round sends the same events again. None is ever lost.
    A batch the back office refuses for good (a 4xx other than 401, 403, 408, 409
    and 429: the request itself is wrong, sending it again cannot help) is split
    in halves until the refused events are found; those are set aside with the
    status (``HallStore.set_aside``, counted in the hall's ``/health``) and the
    others go on, so one bad event never blocks the ones after it. 5xx answers,
    the other refusals and a network down keep every event for the next round.
(b) today's appointments of the hall, ``GET /api/v1/halls/{hall}/appointments``,
    into the hall's ``AppointmentList.replace`` with the key their holders are
    named under (the back office's key for this hall, wire.appointments
    HallAppointments.holder_key). When the fetch fails the list held stays.

The link authenticates as an enrolled device of its hall (its own device token
from ``onewindow sync enroll``). It logs counts and HTTP statuses only, never an
appointment's holder or code. The queue keeps working without it: the hall
server owns the numbers, the link only reports.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass, field
from typing import Protocol

import requests

from core.appointments import Appointment
from hall.store import HallStore
from wire.appointments import EventsTaken, HallAppointments
from wire.queue import QueueEvent, QueueEvents

log = logging.getLogger("hall.backoffice_link")

API = "/api/v1"
BATCH = 500  # events per request (wire.queue.QueueEvents allows 1000)
MAX_BATCHES = 20  # per round: a long backlog goes over several rounds
# 4xx answers that may pass on their own (a token being enrolled, a timeout, a
# conflict, rate limiting): the events are kept. Any other 4xx refuses them for good.
PASSING_4XX = frozenset({401, 403, 408, 409, 429})


def refused_for_good(status: int) -> bool:
    """Whether a back office answer ``status`` means the events will never be taken."""
    return 400 <= status < 500 and status not in PASSING_4XX


class AppointmentSink(Protocol):
    """What the link fills: hall.checkin.AppointmentList (``replace`` with the key)."""

    def replace(self, appointments: list[Appointment], key: bytes | None = None) -> None: ...


@dataclass
class LinkRound:
    """What one round did: events sent (taken now), already there, set aside (refused
    for good), appointments held (None: not fetched this round), and what failed
    (``events``, ``appointments``)."""

    sent: int = 0
    already: int = 0
    set_aside: int = 0
    appointments: int | None = None
    failed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


class BackOfficeLink:
    """Reports the hall's queue events to the back office and brings in its appointments.

    ``start()`` and ``stop()`` from the thread that owns the hall server; the rounds
    run on the link's own daemon thread. ``run_once()`` (tests, or a one-off) from
    any thread: rounds never overlap (a lock), so the store's events are sent by
    one round at a time.
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        hall_code: str,
        store: HallStore,
        checker: AppointmentSink | None = None,
        *,
        interval_s: float = 30.0,
        timeout_s: float = 10.0,
        batch: int = BATCH,
        verify: bool | str = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.hall_code = hall_code
        self.store = store
        self.checker = checker
        self.interval_s = interval_s
        self.timeout_s = timeout_s
        self.batch = max(1, min(batch, 1000))
        self._http = requests.Session()
        self._http.headers["Authorization"] = f"Bearer {token}"
        self._http.verify = verify  # True: the system's roots; a path: the back office's CA
        self._http.trust_env = False  # no proxies or .netrc unless configured (docs/security.md)
        self._round = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last: LinkRound | None = None  # the last round's outcome (health pages, tests)

    # ---- the thread -------------------------------------------------------------------
    def start(self) -> BackOfficeLink:
        if self._thread is not None:
            return self
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, name=f"backoffice-link:{self.hall_code}", daemon=True
        )
        self._thread.start()
        return self

    def stop(self, timeout_s: float = 15.0) -> None:
        """End the thread after its current round (a request is cut at ``timeout_s``)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None
        self._http.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # a bug must not end the link: log it, try next round
                log.exception("back-office link round failed")
            self._stop.wait(self.interval_s)

    # ---- one round --------------------------------------------------------------------
    def run_once(self) -> LinkRound:
        """Send what is unsent, then fetch today's appointments. Never raises for the
        network or the back office being away: the round says what failed."""
        with self._round:
            result = LinkRound()
            self._send_events(result)
            if self.checker is not None:
                self._fetch_appointments(result)
            self.last = result
            return result

    def _send_events(self, result: LinkRound) -> None:
        for _ in range(MAX_BATCHES):
            events = self.store.unsent_events(self.batch)
            if not events:
                return
            if not self._deliver(events, result):
                return
            if len(events) < self.batch:
                return

    def _deliver(self, events: list[QueueEvent], result: LinkRound) -> bool:
        """Send ``events``; True when each is settled (taken, already there or set aside),
        False when the rest must wait for the next round."""
        body = QueueEvents(events=events).model_dump(mode="json")
        try:
            r = self._http.post(
                f"{self.base_url}{API}/queue-events", json=body, timeout=self.timeout_s
            )
        except requests.RequestException as exc:
            log.warning("queue events not sent (%d waiting): %s", len(events), type(exc).__name__)
            result.failed.append("events")
            return False
        if refused_for_good(r.status_code):
            if len(events) == 1:  # found: set aside, with the status only in the log
                self.store.set_aside([events[0].id], r.status_code)
                result.set_aside += 1
                log.warning("a queue event refused for good: HTTP %d (set aside)", r.status_code)
                return True
            half = len(events) // 2
            return self._deliver(events[:half], result) and self._deliver(events[half:], result)
        if r.status_code != 200:
            log.warning("queue events refused: HTTP %d (%d kept)", r.status_code, len(events))
            result.failed.append("events")
            return False
        try:
            taken = EventsTaken.model_validate(r.json())
        except ValueError:
            log.warning("queue events: the back office's answer did not parse (kept)")
            result.failed.append("events")
            return False
        sent_ids = {e.id for e in events}
        done = [i for i in (*taken.accepted, *taken.already) if i in sent_ids]
        self.store.mark_sent(done)
        result.sent += len([i for i in taken.accepted if i in sent_ids])
        result.already += len([i for i in taken.already if i in sent_ids])
        if len(done) < len(events):  # some not named in the answer: next round
            log.warning("queue events: %d not acknowledged (kept)", len(events) - len(done))
            return False
        return True

    def _fetch_appointments(self, result: LinkRound) -> None:
        assert self.checker is not None
        day = self.store.clock().date().isoformat()
        try:
            r = self._http.get(
                f"{self.base_url}{API}/halls/{self.hall_code}/appointments",
                params={"day": day},
                timeout=self.timeout_s,
            )
        except requests.RequestException as exc:
            log.warning("appointments not fetched: %s", type(exc).__name__)
            result.failed.append("appointments")
            return
        if r.status_code != 200:
            log.warning("appointments not fetched: HTTP %d", r.status_code)
            result.failed.append("appointments")
            return
        try:
            answer = HallAppointments.model_validate(r.json())
            key = bytes.fromhex(answer.holder_key)
            items = [
                Appointment(
                    a.code,
                    a.category,
                    dt.datetime.fromisoformat(a.start),
                    dt.datetime.fromisoformat(a.end),
                    a.holder,
                )
                for a in answer.appointments
            ]
        except ValueError:
            log.warning("appointments: the back office's answer did not parse (list kept)")
            result.failed.append("appointments")
            return
        self.checker.replace(items, key=key)
        result.appointments = len(items)
        log.info("appointments of %s: %d", day, len(items))
