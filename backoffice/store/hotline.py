"""12345 tickets (工单): the reviewers' list, one ticket, its answer, the citizen's look-ups.

A consultation that comes with a ticket number (wire.records.Consultation)
gets its row in ``hotline_tickets`` in the same commit as the record
(backoffice.store.records calls ``_insert_ticket``); an evaluation (好差评)
naming the ticket in ``receipt_no`` sets its ``rating``. The card holder's
ID number is kept only as a keyed hash (``holder_key``) for the look-up by
card. Portable SQL (SQLite and PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from backoffice.store.database import StoreDatabase, now_iso
from backoffice.store.errors import InvalidError, NotFoundError
from core.deadlines import add_working_days
from core.identity import mask_name, mask_phone

# Working days to answer, by type (咨询 3, 求助 3, 投诉 5, 建议 10): the answer's due date.
ANSWER_DAYS = {"consult": 3, "help": 3, "complaint": 5, "suggestion": 10}
HOLDER_PURPOSE = "hotline-holder"
MAX_ANSWER = 2000
_KEYS = (
    "record_id",
    "ticket_no",
    "hall_code",
    "device_code",
    "category",
    "department",
    "item_code",
    "at",
    "received_at",
    "answer_due",
    "answer",
    "answered_by",
    "answered_at",
    "rating",
)
_COLUMNS = ", ".join(_KEYS)


class HotlineStore(StoreDatabase):
    """The 12345 tickets' table; part of BackofficeStore. Any thread."""

    def holder_key(self, id_number: str) -> str:
        """The keyed hash an ID number is indexed by (never the number itself)."""
        return self._sealer.keyed_digest(HOLDER_PURPOSE, id_number.strip().upper())

    def _insert_ticket(self, record: Any, now: str) -> None:
        """The ticket's row (the caller's unit of work, beside the record's)."""
        received = dt.date.fromisoformat(now[:10])
        due = add_working_days(received, ANSWER_DAYS.get(record.category.value, 5)).due
        holder = self.holder_key(record.holder_id_number) if record.holder_id_number else None
        self._db.execute(
            f"INSERT INTO hotline_tickets ({_COLUMNS}, holder_key) VALUES"
            " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, ?)",
            (
                record.id,
                record.ticket_no,
                record.hall_code,
                record.device_code,
                record.category.value,
                record.department,
                record.item_code,
                record.at.isoformat(),
                now,
                due.isoformat(),
                holder,
            ),
        )

    def _rate_ticket(self, record: Any) -> None:
        """An evaluation naming a ticket: its rating (the latest counts)."""
        if not record.receipt_no:
            return
        self._db.execute(
            "UPDATE hotline_tickets SET rating = ? WHERE ticket_no = ?",
            (int(record.level), record.receipt_no),
        )

    def hotline_tickets(
        self,
        hall: str = "",
        departments: list[str] | None = None,
        *,
        open_only: bool = False,
        limit: int = 100,
    ) -> list[dict[str, Any]]:
        """Tickets newest first: a hall's (every hall's with ``hall`` empty), of
        ``departments`` and those not routed yet (every one with None); no text."""
        sql = f"SELECT {_COLUMNS} FROM hotline_tickets WHERE 1 = 1"
        params: list[Any] = []
        if hall:
            sql += " AND hall_code = ?"
            params.append(hall)
        if departments is not None:
            marks = ", ".join("?" for _ in departments) or "''"
            sql += f" AND (department = '' OR department IN ({marks}))"
            params.extend(departments)
        if open_only:
            sql += " AND answered_at IS NULL"
        sql += " ORDER BY received_at DESC, ticket_no DESC LIMIT ?"
        params.append(limit)
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
        return [dict(zip(_KEYS, r, strict=True)) for r in rows]

    def hotline_ticket(self, ticket_no: str) -> dict[str, Any] | None:
        """One ticket with what the citizen wrote (``text``, ``topic``, ``item_name``) and
        the callback phone masked (``phone``), or None."""
        with self._lock:
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM hotline_tickets WHERE ticket_no = ?", (ticket_no,)
            ).fetchone()
            if row is None:
                return None
            out = dict(zip(_KEYS, row, strict=True))
            body_row = self._db.execute(
                "SELECT body FROM records WHERE id = ?", (out["record_id"],)
            ).fetchone()
        body = json.loads(self._sealer.open("record", body_row[0], out["record_id"]))
        out.update(
            text=body.get("text", ""),
            topic=body.get("topic", ""),
            item_name=body.get("item_name", ""),
            channel=body.get("channel", "kiosk"),
            contact=mask_name(body.get("contact_name", "")),
            phone=mask_phone(body.get("contact_phone", "")) if body.get("contact_phone") else "",
            wants_reply=bool(body.get("phone_consent") or body.get("wants_reply")),
        )
        return out

    def tickets_of_holder(self, id_number: str, limit: int = 20) -> list[dict[str, Any]]:
        """The card holder's tickets, newest first (found by the keyed hash)."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM hotline_tickets WHERE holder_key = ?"
                " ORDER BY received_at DESC LIMIT ?",
                (self.holder_key(id_number), limit),
            ).fetchall()
        return [dict(zip(_KEYS, r, strict=True)) for r in rows]

    def answer_ticket(self, ticket_no: str, answer: str, by: str) -> dict[str, Any]:
        """Keep the answer (答复) of a ticket; answering again replaces it (the time and
        who with it). NotFoundError when unknown, InvalidError for an empty answer."""
        text = answer.strip()
        if not text or len(text) > MAX_ANSWER:
            raise InvalidError("答复内容为空或过长", {"max": MAX_ANSWER})
        with self._lock, self._db.atomic():
            found = self._db.execute(
                "SELECT 1 FROM hotline_tickets WHERE ticket_no = ?", (ticket_no,)
            ).fetchone()
            if found is None:
                raise NotFoundError("没有这个工单", {"ticket_no": ticket_no})
            self._db.execute(
                "UPDATE hotline_tickets SET answer = ?, answered_by = ?, answered_at = ?"
                " WHERE ticket_no = ?",
                (text, by, now_iso(), ticket_no),
            )
        out = self.hotline_ticket(ticket_no)
        assert out is not None
        return out
