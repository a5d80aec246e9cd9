"""Appointment check-in at the hall: who may have a priority ticket for an appointment.

``AppointmentChecker`` is what the take-ticket route asks (hall.app): the
card's ID number or the appointment's QR code, for a category (or "": the
appointment's own), now. The hall
knows the day's appointments (``AppointmentList``: given by the back office's
appointments, see docs/queue.md); ``NoAppointments`` is a hall without any.
The rules are core.appointments'. Any thread.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import threading
from typing import Protocol

from core.appointments import Appointment, CheckIn, check_in


class AppointmentChecker(Protocol):
    def check_in(
        self, *, category: str, id_number: str, appointment_code: str, now: dt.datetime
    ) -> CheckIn: ...


class NoAppointments:
    """A hall that takes no appointments: a card or QR gives a normal ticket."""

    def check_in(
        self, *, category: str, id_number: str, appointment_code: str, now: dt.datetime
    ) -> CheckIn:
        return CheckIn(note="appointment.none_found")


def holder_digest(key: bytes, id_number: str) -> str:
    """How an appointment names its holder: HMAC-SHA256 of the ID number."""
    return hmac.new(key, id_number.strip().upper().encode(), hashlib.sha256).hexdigest()


class AppointmentList:
    """The day's appointments held in memory (replaced whole by ``replace``). Any thread."""

    def __init__(self, key: bytes, appointments: list[Appointment] | None = None) -> None:
        self._key = key
        self._lock = threading.Lock()
        self._items = list(appointments or [])

    def replace(self, appointments: list[Appointment], key: bytes | None = None) -> None:
        """The day's appointments, whole; ``key``: the holders' key they came with (the
        back office's key for this hall, hall.backoffice_link), if it changed."""
        with self._lock:
            self._items = list(appointments)
            if key is not None:
                self._key = key

    def check_in(
        self, *, category: str, id_number: str, appointment_code: str, now: dt.datetime
    ) -> CheckIn:
        with self._lock:
            items, key = list(self._items), self._key
        if appointment_code:
            mine = [a for a in items if hmac.compare_digest(a.code, appointment_code)]
        else:
            who = holder_digest(key, id_number)
            mine = [a for a in items if a.holder and hmac.compare_digest(a.holder, who)]
        if not mine:
            return CheckIn(note="appointment.none_found")
        # The holder's appointment for this category, the nearest in time first;
        # no category named (the kiosk's 预约签到): the nearest one, for its own category.
        mine.sort(key=lambda a: (a.category != category, abs((a.start - now).total_seconds())))
        return check_in(mine[0], category or mine[0].category, now)
