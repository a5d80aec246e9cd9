"""The working-day calendar: each year's days off and swapped working days (调休).

An administrator imports a year (``POST /api/v1/calendar`` or ``onewindow
backoffice calendar import FILE``); the year replaces what was there and the
import is in the audit log in the same transaction. At start the reference
back office fills the years nobody entered yet from chinesecalendar and from
the files shipped in assets/calendar/ (``seed_calendar``), so a device gets one
calendar for all years. Devices read the whole calendar as one JSON document
with a strong ETag (``calendar_document``). No personal data.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

import assets
from backoffice.store.audit import AuditStore
from backoffice.store.database import now_iso
from backoffice.store.errors import InvalidError
from core.deadlines import CalendarYear, parse_calendar_year, statutory_year
from core.messages import Words

_KEYS = ("year", "days_off", "workdays", "source", "note", "entered_by", "entered_at")


def calendar_problems(problems: dict[str, Words]) -> list[dict[str, str]]:
    """Field-level problems as the 422 answer lists them: field, code and words."""
    return [{"field": f, "code": w.code, "error": str(w)} for f, w in problems.items()]


STATUTORY_SEED_YEARS = (2025, 2026)
"""The years the reference back office takes from chinesecalendar at first start."""


def shipped_years() -> list[CalendarYear]:
    """What a first start loads: 2025-2026 from chinesecalendar, then assets/calendar/*.json.

    A shipped file that does not parse is a packaging bug: it raises ValueError.
    """
    years = [y for y in map(statutory_year, STATUTORY_SEED_YEARS) if y is not None]
    for path in sorted(assets.path("calendar").glob("*.json")):
        year, problems = parse_calendar_year(json.loads(path.read_text(encoding="utf-8")))
        if year is None:
            raise ValueError(f"{path.name}: {calendar_problems(problems)}")
        years.append(year)
    return years


class CalendarStore(AuditStore):
    """The ``calendar_years`` table; part of BackofficeStore. Any thread."""

    def import_calendar_year(self, data: Any, actor: str) -> dict[str, Any]:
        """Check and store one year (replacing it); its row. InvalidError with the fields."""
        year, problems = parse_calendar_year(data)
        if year is None:
            raise InvalidError(str(Words("calendar.invalid")), calendar_problems(problems))
        with self._lock, self._db.atomic():
            replaced = self._year_row(year.year) is not None
            self._put_year(year, actor)
            self.audit(
                actor,
                "calendar.import",
                str(year.year),
                "ok",
                {
                    "source": year.source,
                    "days_off": len(year.days_off),
                    "workdays": len(year.workdays),
                    "replaced": replaced,
                },
            )
            row = self._year_row(year.year)
        assert row is not None
        return row

    def seed_calendar(self, years: Iterable[CalendarYear], actor: str = "seed") -> list[int]:
        """Store the ``years`` nobody has entered yet (first start); the years added.

        Not in the audit log: no one acted (the rows say ``entered_by`` ``seed``).
        """
        added = []
        with self._lock, self._db.atomic():
            for year in years:
                if self._year_row(year.year) is None:
                    self._put_year(year, actor)
                    added.append(year.year)
        return added

    def calendar_years(self) -> list[dict[str, Any]]:
        """Every year entered, oldest first, with its dates, source and who entered it."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {', '.join(_KEYS)} FROM calendar_years ORDER BY year"
            ).fetchall()
        return [self._row(r) for r in rows]

    def calendar_document(self) -> tuple[bytes, str]:
        """The calendar devices pull, ``{"years": [...]}`` as bytes, and its strong ETag."""
        data = json.dumps(
            {"years": self.calendar_years()}, ensure_ascii=False, sort_keys=True
        ).encode()
        return data, f'"{hashlib.sha256(data).hexdigest()}"'

    def _put_year(self, year: CalendarYear, actor: str) -> None:
        doc = year.to_json()
        self._db.execute(
            "INSERT INTO calendar_years (year, days_off, workdays, source, note, entered_by,"
            " entered_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (year) DO UPDATE SET"
            " days_off = excluded.days_off, workdays = excluded.workdays,"
            " source = excluded.source, note = excluded.note,"
            " entered_by = excluded.entered_by, entered_at = excluded.entered_at",
            (
                year.year,
                json.dumps(doc["days_off"]),
                json.dumps(doc["workdays"]),
                year.source,
                year.note,
                actor,
                now_iso(),
            ),
        )

    def _year_row(self, year: int) -> dict[str, Any] | None:
        row = self._db.execute(
            f"SELECT {', '.join(_KEYS)} FROM calendar_years WHERE year = ?", (year,)
        ).fetchone()
        return self._row(row) if row is not None else None

    @staticmethod
    def _row(row: tuple[Any, ...]) -> dict[str, Any]:
        out = dict(zip(_KEYS, row, strict=True))
        out["days_off"] = json.loads(out["days_off"])
        out["workdays"] = json.loads(out["workdays"])
        out["note"] = out["note"] or ""
        return out
