"""The hall's queue at the back office: appointment slots, appointments, queue events.

Slots are per hall, category and day (unique by their start), made by staff;
a booking takes one place of a slot inside one unit of work (so several
workers never book past its capacity) and gets an unguessable ``code``, the
appointment's QR. The holder's ID number is never kept: ``holder`` is the
HMAC-SHA256 of it (stripped, upper case, as the holders' index of cases)
under the hall's own key, derived from the back office's holders' key and the
hall code (``hall_holder_key``); the hall server gets that key with its
appointments and computes the same digest at check-in (hall.checkin).

Queue events (wire.queue.QueueEvent) are what hall servers report: each is
stored once by its key (hall_code, id), by the database's unique key, so two
workers taking the same batch store it once; the statistics (wire.queue
Figures, by category and by window) are computed from them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import uuid
from typing import Any

from backoffice.store.audit import AuditStore
from backoffice.store.database import DuplicateKeyError, now_iso
from backoffice.store.errors import ConflictError, InvalidError, NotFoundError
from core.messages import Words
from wire.appointments import AppointmentEntry, NewSlot, Slot
from wire.queue import DayStats, QueueEvent, day_stats

_SLOT_KEYS = ("id", "hall_code", "category", "day", "start_at", "end_at", "capacity")
_HALL_KEY_LABEL = b"onewindow-appointment-holders-v1:"


def appointment_code() -> str:
    """A fresh appointment code: 20 random base-32 characters (100 bits), for its QR."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "YY" + "".join(secrets.choice(alphabet) for _ in range(20))


class QueueStore(AuditStore):
    """Slots, appointments and queue events; part of BackofficeStore. Any thread."""

    # ---- the holder's key -----------------------------------------------------------
    def hall_holder_key(self, hall_code: str) -> bytes:
        """The key a hall's appointments name their holders under (the same every day)."""
        return hmac.new(
            self._holder_key, _HALL_KEY_LABEL + hall_code.encode(), hashlib.sha256
        ).digest()

    def appointment_holder(self, hall_code: str, id_number: str) -> str:
        """hall.checkin.holder_digest under the hall's key."""
        key = self.hall_holder_key(hall_code)
        return hmac.new(key, id_number.strip().upper().encode(), hashlib.sha256).hexdigest()

    # ---- slots --------------------------------------------------------------------
    def create_slot(self, hall_code: str, new: NewSlot, actor: str) -> tuple[bool, Slot]:
        """Offer a slot; (created, slot). The same slot again: (False, it); another one at
        the same start: ConflictError; an end not after the start: InvalidError."""
        if new.end <= new.start:
            raise InvalidError(Words("bo.slot_times"), {"start": new.start, "end": new.end})
        start = f"{new.day}T{new.start}:00{new.utc_offset}"
        end = f"{new.day}T{new.end}:00{new.utc_offset}"
        with self._lock, self._db.atomic():
            row = self._db.execute(
                f"SELECT {', '.join(_SLOT_KEYS)} FROM appointment_slots WHERE hall_code = ?"
                " AND category = ? AND day = ? AND start_at = ?",
                (hall_code, new.category, new.day, start),
            ).fetchone()
            if row is not None:
                slot = self._slot(row)
                if (slot.end, slot.capacity) != (end, new.capacity):
                    raise ConflictError(
                        Words("bo.slot_exists", slot_id=slot.id), {"slot_id": slot.id}
                    )
                return False, slot
            slot_id = uuid.uuid4().hex
            self._db.execute(
                "INSERT INTO appointment_slots (id, hall_code, category, day, start_at, end_at,"
                " capacity, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (slot_id, hall_code, new.category, new.day, start, end, new.capacity, actor,
                 now_iso()),
            )  # fmt: skip
            self.audit(actor, "appointment.slot", slot_id, "ok", {"hall": hall_code})
            found = self._slot_row(slot_id)
        assert found is not None
        return True, self._slot(found)

    def slots(self, hall_code: str, day: str) -> list[Slot]:
        """A hall's slots of a day, by start and category, with how many are booked."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {', '.join(_SLOT_KEYS)} FROM appointment_slots"
                " WHERE hall_code = ? AND day = ? ORDER BY start_at, category",
                (hall_code, day),
            ).fetchall()
            return [self._slot(r) for r in rows]

    def slot(self, slot_id: str) -> Slot | None:
        with self._lock:
            row = self._slot_row(slot_id)
            return self._slot(row) if row is not None else None

    def _slot_row(self, slot_id: str) -> tuple[Any, ...] | None:
        return self._db.execute(
            f"SELECT {', '.join(_SLOT_KEYS)} FROM appointment_slots WHERE id = ?", (slot_id,)
        ).fetchone()

    def _slot(self, row: tuple[Any, ...]) -> Slot:
        r = dict(zip(_SLOT_KEYS, row, strict=True))
        n = self._db.execute(
            "SELECT COUNT(*) FROM appointments WHERE slot_id = ?", (r["id"],)
        ).fetchone()
        return Slot(
            id=r["id"],
            hall_code=r["hall_code"],
            category=r["category"],
            day=r["day"],
            start=r["start_at"],
            end=r["end_at"],
            capacity=int(r["capacity"]),
            booked=int(n[0]) if n else 0,
        )

    # ---- bookings -----------------------------------------------------------------
    def book(
        self, hall_code: str, slot_id: str, id_number: str, actor: str
    ) -> tuple[bool, str, Slot]:
        """Book one place of the hall's slot for the holder; (created, code, slot). The
        holder's booking of this slot again: (False, its code). NotFoundError for no such
        slot in this hall, ConflictError when it is full. The ID number is kept only as
        its HMAC."""
        with self._lock, self._db.atomic():
            row = self._slot_row(slot_id)
            if row is None or row[1] != hall_code:  # another hall's: as if there were none
                raise NotFoundError(Words("bo.no_slot"), {"slot_id": slot_id})
            slot = self._slot(row)
            holder = self.appointment_holder(slot.hall_code, id_number)
            mine = self._db.execute(
                "SELECT code FROM appointments WHERE slot_id = ? AND holder = ?",
                (slot_id, holder),
            ).fetchone()
            if mine is not None:
                return False, str(mine[0]), slot
            if slot.booked >= slot.capacity:
                raise ConflictError(Words("bo.slot_full", slot_id=slot_id), {"slot_id": slot_id})
            code = appointment_code()
            try:
                with self._db.atomic():
                    self._db.execute(
                        "INSERT INTO appointments (code, slot_id, hall_code, day, holder,"
                        " booked_by, booked_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (code, slot_id, slot.hall_code, slot.day, holder, actor, now_iso()),
                    )
            except DuplicateKeyError:  # (the unit took turns: only a code clash is left)
                raise ConflictError(
                    Words("bo.slot_full", slot_id=slot_id), {"slot_id": slot_id}
                ) from None
            # The audit log names the appointment and the slot, never the holder.
            self.audit(actor, "appointment.book", code, "ok", {"slot": slot_id})
            found = self._slot_row(slot_id)
            assert found is not None
            return True, code, self._slot(found)

    def hall_appointments(self, hall_code: str, day: str) -> list[AppointmentEntry]:
        """A hall's appointments of a day, by start (their holders as HMACs)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT a.code, s.category, s.start_at, s.end_at, a.holder FROM appointments a"
                " JOIN appointment_slots s ON s.id = a.slot_id"
                " WHERE a.hall_code = ? AND a.day = ? ORDER BY s.start_at, a.code",
                (hall_code, day),
            ).fetchall()
        return [
            AppointmentEntry(code=c, category=cat, start=s, end=e, holder=h)
            for c, cat, s, e, h in rows
        ]

    # ---- queue events -------------------------------------------------------------
    def take_queue_events(self, events: list[QueueEvent]) -> tuple[list[str], list[str]]:
        """Store each event once by (hall_code, id); (accepted ids, ids already taken)."""
        accepted: list[str] = []
        already: list[str] = []
        now = now_iso()
        days = [_day_of(e.at) for e in events]  # refused before anything is written
        with self._lock, self._db.atomic():
            for e, day in zip(events, days, strict=True):
                r = self._db.execute(
                    "INSERT INTO queue_events (hall_code, id, day, kind, at, number, category,"
                    " win, priority, wait_s, service_s, case_id, received_at) VALUES"
                    " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (hall_code, id) DO NOTHING",
                    (e.hall_code, e.id, day, e.kind, e.at, e.number, e.category,
                     e.window, e.priority, e.wait_s, e.service_s, e.case_id, now),
                )  # fmt: skip
                (accepted if r.rowcount == 1 else already).append(e.id)
        return accepted, already

    def queue_halls(self, day: str) -> list[str]:
        """The halls that reported events of ``day``."""
        with self._lock:
            rows = self._db.execute(
                "SELECT DISTINCT hall_code FROM queue_events WHERE day = ? ORDER BY hall_code",
                (day,),
            ).fetchall()
        return [str(r[0]) for r in rows]

    def queue_stats(self, hall_code: str, day: str) -> DayStats:
        """Tickets, wait and service times (average, p90) and no-shows of a hall's day,
        by category and by window, from the events it reported."""
        with self._lock:
            rows = self._db.execute(
                "SELECT kind, category, win, wait_s, service_s FROM queue_events"
                " WHERE hall_code = ? AND day = ?",
                (hall_code, day),
            ).fetchall()
        return day_stats(rows, day=day, hall_code=hall_code)


def _day_of(at: str) -> str:
    """The hall's local date of an event's ISO time (its first ten characters, checked)."""
    try:
        return dt.datetime.fromisoformat(at).date().isoformat()
    except ValueError:
        raise InvalidError(Words("bo.event_time"), {"at": "not ISO 8601"}) from None
