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
    """What check-in gave: priority "appointment" or "", the appointment, and a note;
    the category the appointment is for ("" when none was found) and, too early, from
    when check-in gives priority."""

    priority: str = ""
    appointment_code: str = ""
    note: str = ""  # a core.messages code ("appointment.too_early", …) or ""
    category: str = ""
    opens_at: dt.datetime | None = None


def check_in(
    appt: Appointment,
    category: str,
    now: dt.datetime,
    *,
    early_min: int = EARLY_MIN,
    late_min: int = LATE_MIN,
) -> CheckIn:
    """Is ``now`` within the appointment's window, for ``category``?"""
    cat = appt.category
    if cat != category:
        return CheckIn(note="appointment.other_category", category=cat)
    opens = appt.start - dt.timedelta(minutes=early_min)
    if now < opens:
        return CheckIn(note="appointment.too_early", category=cat, opens_at=opens)
    if now > appt.end + dt.timedelta(minutes=late_min):
        return CheckIn(note="appointment.too_late", category=cat)
    return CheckIn("appointment", appt.code, "", category=cat)
