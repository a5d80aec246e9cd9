"""Appointments (预约) and the halls' queue events (issue 15; docs/appointments.md).

    POST /api/v1/halls/{hall}/slots                NewSlot → Slot (staff: admin, supervisor)
    GET  /api/v1/halls/{hall}/slots?day=…          → SlotList (the hall's devices, staff)
    POST /api/v1/halls/{hall}/appointments         Booking → Booked (the hall's devices, staff)
    GET  /api/v1/halls/{hall}/appointments?day=…   → HallAppointments (the hall's devices)
    POST /api/v1/queue-events                      QueueEvents → EventsTaken (devices)
    GET  /api/v1/halls/{hall}/queue-stats?day=…    → DayStats (staff: supervisor, admin)

Who may call is checked before anything is looked up or read (AuthFirstRoute,
then ``_own_hall`` on the path's hall): an enrolled device acts only for its
own hall, a hall-bound staff account only for its hall. A hall server is an
enrolled device of its hall. No personal data is logged or answered: a
booking's ID number becomes its HMAC under the hall's key at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Body, Query, Response
from fastapi import Path as PathParam

from backoffice.api.deps import (
    AuthFirstRoute,
    Caller,
    DeviceCaller,
    ReadCaller,
    StaffCaller,
    StoreDep,
)
from backoffice.api.errors import API, ApiError, store_error
from backoffice.api.models import error_responses
from backoffice.roles import BOOKS_APPOINTMENTS, MAKES_SLOTS, READS_QUEUE
from backoffice.store import BackofficeStoreError
from core.messages import Words
from wire.appointments import (
    HALL_PATTERN,
    Booked,
    Booking,
    EventsTaken,
    HallAppointments,
    NewSlot,
    Slot,
    SlotList,
)
from wire.queue import DAY_PATTERN, DayStats, QueueEvents

router = APIRouter(prefix=API, tags=["queue"], route_class=AuthFirstRoute)

Hall = Annotated[str, PathParam(pattern=HALL_PATTERN)]
Day = Annotated[str, Query(pattern=DAY_PATTERN)]


def _own_hall(caller: Caller, hall: str) -> None:
    """403 unless the caller may act for ``hall`` (a device or staff of another hall)."""
    if caller.kind == "device" and caller.hall_code != hall:
        raise ApiError(403, Words("bo.other_hall", hall=hall), {"own": caller.hall_code})
    if caller.is_staff and caller.hall_code and caller.hall_code != hall:
        raise ApiError(403, Words("bo.other_hall", hall=hall), {"own": caller.hall_code})


def _day(day: str) -> str:
    try:
        return dt.date.fromisoformat(day).isoformat()
    except ValueError:
        raise ApiError(422, Words("bo.bad_day"), {"day": day}) from None


@router.post(
    "/halls/{hall}/slots",
    response_model=Slot,
    status_code=201,
    responses={
        200: {"model": Slot, "description": "The same slot was there already"},
        **error_responses(401, 403, 409, 422),
    },
)
def create_slot(
    hall: Hall,
    slot: Annotated[NewSlot, Body()],
    caller: StaffCaller,
    store: StoreDep,
    response: Response,
) -> Slot:
    """Offer a slot (administrators and supervisors; a hall-bound account its hall)."""
    if caller.role not in MAKES_SLOTS:
        raise ApiError(403, Words("bo.role_cannot_make_slots"), {"role": str(caller.role)})
    _own_hall(caller, hall)
    _day(slot.day)
    try:
        created, made = store.create_slot(hall, slot, caller.who)
    except BackofficeStoreError as exc:
        raise store_error(exc) from None
    response.status_code = 201 if created else 200
    return made


@router.get(
    "/halls/{hall}/slots", response_model=SlotList, responses=error_responses(401, 403, 422)
)
def list_slots(hall: Hall, day: Day, caller: ReadCaller, store: StoreDep) -> SlotList:
    """The hall's slots of a day with how many are booked (its devices and staff)."""
    _own_hall(caller, hall)
    return SlotList(slots=store.slots(hall, _day(day)))


@router.post(
    "/halls/{hall}/appointments",
    response_model=Booked,
    status_code=201,
    responses={
        200: {"model": Booked, "description": "This holder had booked this slot already"},
        **error_responses(401, 403, 404, 409, 422),
    },
)
def book(
    hall: Hall,
    booking: Annotated[Booking, Body()],
    caller: ReadCaller,
    store: StoreDep,
    response: Response,
) -> Booked:
    """Book a place of one of the hall's slots for a citizen: the answer's ``code`` is the
    appointment's QR. The ID number is kept only as its HMAC under the hall's key."""
    if caller.is_staff and caller.role not in BOOKS_APPOINTMENTS:
        raise ApiError(403, Words("bo.role_cannot_book"), {"role": str(caller.role)})
    _own_hall(caller, hall)
    try:
        created, code, slot = store.book(hall, booking.slot_id, booking.id_number, caller.who)
    except BackofficeStoreError as exc:
        raise store_error(exc) from None
    response.status_code = 201 if created else 200
    return Booked(code=code, slot=slot)


@router.get(
    "/halls/{hall}/appointments",
    response_model=HallAppointments,
    responses=error_responses(401, 403, 422),
)
def hall_appointments(
    hall: Hall, day: Day, caller: DeviceCaller, store: StoreDep
) -> HallAppointments:
    """The hall's appointments of a day, for its hall server (an enrolled device of the
    hall), with the key their holders are named under (hall.checkin.holder_digest)."""
    _own_hall(caller, hall)
    day = _day(day)
    return HallAppointments(
        hall_code=hall,
        day=day,
        holder_key=store.hall_holder_key(hall).hex(),
        appointments=store.hall_appointments(hall, day),
    )


@router.post("/queue-events", response_model=EventsTaken, responses=error_responses(401, 403, 422))
def take_queue_events(
    events: Annotated[QueueEvents, Body()], caller: DeviceCaller, store: StoreDep
) -> EventsTaken:
    """A hall server's queue events: each stored once by (hall, id); a repeat is answered
    in ``already``. An enrolled device sends only its own hall's."""
    if caller.kind == "device":
        other = sorted({e.hall_code for e in events.events} - {caller.hall_code})
        if other:
            raise ApiError(
                403, Words("bo.events_other_hall"), {"own": caller.hall_code, "claimed": other}
            )
    try:
        accepted, already = store.take_queue_events(events.events)
    except BackofficeStoreError as exc:
        raise store_error(exc) from None
    return EventsTaken(accepted=accepted, already=already)


@router.get(
    "/halls/{hall}/queue-stats", response_model=DayStats, responses=error_responses(401, 403, 422)
)
def queue_stats(hall: Hall, day: Day, caller: StaffCaller, store: StoreDep) -> DayStats:
    """A hall's day in figures, by category and by window (supervisors, administrators)."""
    if caller.role not in READS_QUEUE:
        raise ApiError(403, Words("bo.role_cannot_read_queue"), {"role": str(caller.role)})
    _own_hall(caller, hall)
    return store.queue_stats(hall, _day(day))
