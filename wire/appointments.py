"""Appointments (预约) as the back office and the hall server speak them.

The back office keeps slots per hall, category and day (09:00–09:30, capacity
N); staff (administrator or supervisor) make them, a device or a staff
account books one for a citizen, and the booking gets an unguessable
``code`` (its QR). The citizen's ID number is never kept: the appointment
names its holder only as ``holder``, the HMAC-SHA256 of the ID number under
the hall's own key (``holder_key``, derived by the back office for that hall
alone), which is what hall.checkin.holder_digest computes at the kiosk.

Routes (the back office's; docs/appointments.md):

    POST /api/v1/halls/{hall}/slots            NewSlot → Slot (staff: admin, supervisor)
    GET  /api/v1/halls/{hall}/slots?day=…      → SlotList (devices of the hall, staff)
    POST /api/v1/halls/{hall}/appointments     Booking → Booked (a device of the hall, staff)
    GET  /api/v1/halls/{hall}/appointments?day=…  → HallAppointments (a device of the hall)
    POST /api/v1/queue-events                  wire.queue.QueueEvents → EventsTaken
    GET  /api/v1/halls/{hall}/queue-stats?day=…   → wire.queue.DayStats (staff)

Plain pydantic data; any thread.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from wire.queue import CATEGORY_PATTERN, DAY_PATTERN

HALL_PATTERN = r"^[A-Z0-9]{2,12}$"
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"  # HH:MM, the hall's local time
OFFSET_PATTERN = r"^[+-](0[0-9]|1[0-4]):[0-5][0-9]$"
CODE_MAX = 40  # wire.queue.TakeTicket.appointment_code


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NewSlot(_Strict):
    """A slot to offer: category, day, times (the hall's local time, ``utc_offset``
    from UTC; China Standard Time unless told) and how many may book it."""

    category: str = Field(pattern=CATEGORY_PATTERN)
    day: str = Field(pattern=DAY_PATTERN)
    start: str = Field(pattern=TIME_PATTERN)
    end: str = Field(pattern=TIME_PATTERN)
    capacity: int = Field(ge=1, le=500)
    utc_offset: str = Field(default="+08:00", pattern=OFFSET_PATTERN)


class Slot(BaseModel):
    """One slot with what is left of it. ``start``/``end``: ISO 8601 with offset."""

    id: str
    hall_code: str
    category: str
    day: str
    start: str
    end: str
    capacity: int
    booked: int


class SlotList(BaseModel):
    slots: list[Slot]


class Booking(_Strict):
    """A citizen's booking of a slot: their ID number goes in, only its HMAC is kept."""

    slot_id: str = Field(min_length=1, max_length=64)
    id_number: str = Field(pattern=r"^[0-9]{17}[0-9X]$")


class Booked(BaseModel):
    """The appointment made (or the one this holder already had on this slot)."""

    code: str  # unguessable; printed as the appointment's QR
    slot: Slot


class AppointmentEntry(BaseModel):
    """One appointment as the hall gets it (core.appointments.Appointment)."""

    code: str
    category: str
    start: str  # ISO 8601 with offset
    end: str
    holder: str  # HMAC-SHA256 (hex) of the ID number under ``holder_key``


class HallAppointments(BaseModel):
    """A hall's appointments of one day, and the key their holders are named under
    (hex; the same every day for the hall: hall.checkin.AppointmentList uses it)."""

    hall_code: str
    day: str
    holder_key: str
    appointments: list[AppointmentEntry]


class EventsTaken(BaseModel):
    """What the back office took in: each event once; a repeat is ``already``, not an
    error (the hall may send again what it is unsure was received)."""

    accepted: list[str]
    already: list[str]
