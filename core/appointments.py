"""Appointments (预约) at check-in: on time gives a priority ticket, else why not.

An appointment is for one category and a time slot on one day. Check-in is on
time from ``early`` minutes before the slot starts to ``late`` minutes after it
ends (30 and 15 by default); then the ticket is a priority one
("appointment") and is called before walk-ins of its category. Too early or
too late gives a normal ticket, with the catalogue code saying why and what to
do. Plain data and pure functions: any thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

EARLY_MIN = 30
LATE_MIN = 15


@dataclass(frozen=True)
class Appointment:
    """One booked slot: its code (the QR), category, day and times; the holder only as
    an HMAC of the ID number (never the number)."""

    code: str
    category: str
    start: dt.datetime
    end: dt.datetime
    holder: str = ""


@dataclass(frozen=True)
class CheckIn:
    """What check-in gave: priority "appointment" or "", the appointment, and a note."""

    priority: str = ""
    appointment_code: str = ""
    note: str = ""  # a core.messages code ("appointment.too_early", …) or ""


def check_in(
    appt: Appointment,
    category: str,
    now: dt.datetime,
    *,
    early_min: int = EARLY_MIN,
    late_min: int = LATE_MIN,
) -> CheckIn:
    """Is ``now`` within the appointment's window, for ``category``?"""
    if appt.category != category:
        return CheckIn(note="appointment.other_category")
    if now < appt.start - dt.timedelta(minutes=early_min):
        return CheckIn(note="appointment.too_early")
    if now > appt.end + dt.timedelta(minutes=late_min):
        return CheckIn(note="appointment.too_late")
    return CheckIn("appointment", appt.code, "")
