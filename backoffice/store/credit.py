"""告知承诺's credit list (信用记录): who may not replace a proof by a 承诺书.

A holder on the list is kept as the HMAC-SHA256 of the ID number (stripped, upper
case) under a key of its own derived from the back office's holders' key, never the
number. ``commitment_eligibility`` answers allowed or refused with the row's reason
code (core.commitment.REASONS). Staff add and remove rows (backoffice.api.routes.
commitment); the shipped sample rows (样例数据: one of the emulators' sample cards,
``SAMPLE_HOLDERS``) are seeded at start, marked ``sample``. No personal data in a row.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from backoffice.store.database import StoreDatabase, now_iso
from backoffice.store.errors import NotFoundError
from core.messages import Words

_KEY_LABEL = b"onewindow-commitment-credit-v1"
_KEYS = ("reason", "note", "sample", "added_by", "added_at")
SAMPLE_NOTE = "样例数据"

# 样例数据 (NOT a real person's record): the emulators' sample card 欧阳明华
# (emulators/virtual_reader.py), so the demo shows a refused applicant.
SAMPLE_HOLDERS = {"330106200102284283": "dishonest"}


class CreditStore(StoreDatabase):
    """The credit list's table; part of BackofficeStore. Any thread."""

    def credit_holder(self, id_number: str) -> str:
        """The list's key of an ID number (HMAC; the number is never stored)."""
        key = hmac.new(self._holder_key, _KEY_LABEL, hashlib.sha256).digest()
        return hmac.new(key, id_number.strip().upper().encode(), hashlib.sha256).hexdigest()

    def credit_entry(self, id_number: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {', '.join(_KEYS)} FROM commitment_credit WHERE holder = ?",
                (self.credit_holder(id_number),),
            ).fetchone()
        return dict(zip(_KEYS, row, strict=True)) if row is not None else None

    def commitment_eligibility(self, id_number: str) -> tuple[bool, str]:
        """(allowed, reason): refused with the row's reason when the holder is listed."""
        entry = self.credit_entry(id_number)
        return (True, "") if entry is None else (False, entry["reason"])

    def put_credit_entry(
        self, id_number: str, reason: str, note: str, by: str, *, sample: bool = False
    ) -> bool:
        """List a holder (again: reason and note replaced); True when newly listed."""
        holder = self.credit_holder(id_number)
        with self._lock, self._db.atomic():
            had = self._db.execute(
                "SELECT 1 FROM commitment_credit WHERE holder = ?", (holder,)
            ).fetchone()
            self._db.execute(
                "INSERT INTO commitment_credit (holder, reason, note, sample, added_by, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (holder) DO UPDATE SET"
                " reason = excluded.reason, note = excluded.note, sample = excluded.sample,"
                " added_by = excluded.added_by, added_at = excluded.added_at",
                (holder, reason, note, 1 if sample else 0, by, now_iso()),
            )
        return had is None

    def remove_credit_entry(self, id_number: str) -> None:
        """Take a holder off the list; NotFoundError when not listed."""
        with self._lock, self._db.atomic():
            gone = self._db.execute(
                "DELETE FROM commitment_credit WHERE holder = ? RETURNING holder",
                (self.credit_holder(id_number),),
            ).fetchone()
        if gone is None:
            raise NotFoundError(Words("bo.no_credit_entry"), {})

    def credit_entries(self, limit: int = 500) -> list[dict[str, Any]]:
        """The list's rows (no holder: it names nobody), newest first."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {', '.join(_KEYS)} FROM commitment_credit ORDER BY added_at DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [dict(zip(_KEYS, r, strict=True)) for r in rows]

    def seed_credit_samples(self) -> None:
        """The shipped sample rows (样例数据), once: a row staff changed stays as it is."""
        for number, reason in SAMPLE_HOLDERS.items():
            if self.credit_entry(number) is None:
                self.put_credit_entry(number, reason, SAMPLE_NOTE, "sample", sample=True)
