"""Working-day deadlines (承诺时限) with China's statutory holidays.

A calendar the back office publishes (``WorkCalendar``: per year, the days
off and the swapped working days (调休), pulled by devices with an ETag) comes
first for the years it covers. Otherwise ``chinesecalendar`` decides: it knows
holidays up to the last year of its data and raises NotImplementedError beyond
it. Past both, plain weekdays. The basis used is returned so the receipt can
say which calendar fixed the date.

``parse_calendar_year`` checks one year as an administrator imports it (the
back office's import route and CLI); ``WorkCalendar.from_document`` reads the
calendar as the back office serves it (GET /api/v1/calendar).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import chinese_calendar

from core.errors import OneWindowError
from core.messages import Words


class DeadlineBasis(StrEnum):
    """Which calendar decided a deadline."""

    STATUTORY = "statutory"  # chinesecalendar's data
    BACKOFFICE = "backoffice"  # a calendar the back office supplied
    BACKOFFICE_MANUAL = "backoffice_manual"  # ... for a year entered by hand, not official
    WEEKDAYS = "weekdays"  # neither knew the year: Monday-Friday only


BASIS_NOTE = {
    DeadlineBasis.STATUTORY: "",
    DeadlineBasis.BACKOFFICE: "按政务中心发布的工作日历计算",
    DeadlineBasis.BACKOFFICE_MANUAL: "按政务中心手工录入的工作日历计算，以官方放假通知为准",
    DeadlineBasis.WEEKDAYS: "法定节假日数据未更新，按周一至周五计算，以实际通知为准",
}


@dataclass(frozen=True)
class WorkCalendar:
    """Holidays and swapped working days published by the back office.

    ``years`` lists the years it covers; outside them it does not answer.
    ``manual_years`` are those entered by hand (not yet official): a date they
    fix says so on the receipt. Plain data; any thread may use it.
    """

    years: frozenset[int] = frozenset()
    days_off: frozenset[dt.date] = field(default_factory=frozenset)
    working_weekends: frozenset[dt.date] = field(default_factory=frozenset)
    manual_years: frozenset[int] = frozenset()

    def is_workday(self, day: dt.date) -> bool | None:
        if day.year not in self.years:
            return None
        if day in self.days_off:
            return False
        if day in self.working_weekends:
            return True
        return day.weekday() < 5

    @classmethod
    def from_years(cls, years: Iterable[CalendarYear]) -> WorkCalendar:
        """One calendar of the years given (each year's dates as entered)."""
        got = list(years)
        return cls(
            years=frozenset(y.year for y in got),
            days_off=frozenset(d for y in got for d in y.days_off),
            working_weekends=frozenset(d for y in got for d in y.workdays),
            manual_years=frozenset(y.year for y in got if y.source == "manual"),
        )

    @classmethod
    def from_document(cls, data: Any) -> WorkCalendar:
        """The calendar as GET /api/v1/calendar serves it: ``{"years": [year, ...]}``.

        Each year is checked as at import (extra keys the back office adds, such
        as who entered it, are allowed); OneWindowError ``calendar.bad_document``
        if anything is wrong, so a device keeps the calendar it had.
        """
        if not isinstance(data, dict) or not isinstance(data.get("years"), list):
            raise OneWindowError("calendar.bad_document", field="years")
        years = []
        for entry in data["years"]:
            year, problems = parse_calendar_year(entry, extra_ok=True)
            if year is None:
                raise OneWindowError("calendar.bad_document", field=next(iter(problems)))
            years.append(year)
        return cls.from_years(years)


CALENDAR_SOURCES = ("official", "manual")
"""``official``: as the State Council published it; ``manual``: entered by hand."""
CALENDAR_KEYS = ("year", "days_off", "workdays", "source", "note")
NOTE_MAX = 200


@dataclass(frozen=True)
class CalendarYear:
    """One year's days off and swapped working days (调休), as an administrator enters it.

    ``days_off`` are days not worked (weekdays of a holiday; weekend days may be
    listed too), ``workdays`` weekend days that are worked. Plain data; any thread.
    """

    year: int
    days_off: frozenset[dt.date]
    workdays: frozenset[dt.date]
    source: str
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "days_off": sorted(d.isoformat() for d in self.days_off),
            "workdays": sorted(d.isoformat() for d in self.workdays),
            "source": self.source,
            "note": self.note,
        }


def _dates(
    value: Any, key: str, year: int | None, problems: dict[str, Words]
) -> frozenset[dt.date]:
    if not isinstance(value, list):
        problems[key] = Words("calendar.not_a_list", field=key)
        return frozenset()
    out: set[dt.date] = set()
    for i, text in enumerate(value):
        where = f"{key}[{i}]"
        try:
            if not isinstance(text, str) or len(text) != 10:
                raise ValueError
            day = dt.date.fromisoformat(text)
        except ValueError:
            problems[where] = Words("calendar.bad_date", field=where)
            continue
        if year is not None and day.year != year:
            problems[where] = Words("calendar.wrong_year", field=where, year=year)
        elif day in out:
            problems[where] = Words("calendar.duplicate", field=where, date=text)
        elif key == "workdays" and day.weekday() < 5:
            problems[where] = Words("calendar.workday_not_weekend", field=where, date=text)
        out.add(day)
    return frozenset(out)


def parse_calendar_year(
    data: Any, *, extra_ok: bool = False
) -> tuple[CalendarYear | None, dict[str, Words]]:
    """(the year, {}) for a valid import body, else (None, {field: words, ...}).

    Strict: an object with exactly ``year`` (2000-2100), ``days_off`` and
    ``workdays`` (lists of distinct ISO dates of that year; a swapped working
    day must be a Saturday or Sunday, and not also a day off), ``source``
    ("official" or "manual") and an optional ``note`` (text, at most 200
    characters). ``extra_ok`` allows other keys (the served document).
    """
    problems: dict[str, Words] = {}
    if not isinstance(data, dict):
        return None, {"": Words("calendar.not_an_object")}
    if not extra_ok:
        for key in data:
            if key not in CALENDAR_KEYS:
                problems[str(key)] = Words("calendar.unknown_field", field=str(key))
    for key in ("year", "days_off", "workdays", "source"):
        if key not in data:
            problems[key] = Words("calendar.missing", field=key)
    year = data.get("year")
    if "year" in data and (
        isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100
    ):
        problems["year"] = Words("calendar.bad_year", field="year")
        year = None
    days_off = _dates(data["days_off"], "days_off", year, problems) if "days_off" in data else None
    workdays = _dates(data["workdays"], "workdays", year, problems) if "workdays" in data else None
    if days_off and workdays:
        for day in sorted(days_off & workdays):
            problems.setdefault(
                "workdays", Words("calendar.both", field="workdays", date=day.isoformat())
            )
    source = data.get("source")
    if "source" in data and source not in CALENDAR_SOURCES:
        problems["source"] = Words("calendar.bad_source", field="source")
    note = data.get("note", "")
    if not isinstance(note, str) or len(note) > NOTE_MAX:
        problems["note"] = Words("calendar.bad_note", field="note", most=NOTE_MAX)
    if problems:
        return None, problems
    assert isinstance(year, int) and days_off is not None and workdays is not None
    return CalendarYear(year, days_off, workdays, str(source), note), {}


def statutory_year(year: int) -> CalendarYear | None:
    """``year`` as chinesecalendar knows it (source ``official``), or None past its data."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 30))
    except NotImplementedError:
        return None
    return CalendarYear(
        year,
        frozenset(d for d in chinese_calendar.holidays if d.year == year),
        frozenset(d for d in chinese_calendar.workdays if d.year == year),
        "official",
        "chinesecalendar",
    )


def is_workday(day: dt.date, calendar: WorkCalendar | None = None) -> tuple[bool, DeadlineBasis]:
    """Whether ``day`` is worked, and which calendar said so (the back office's first)."""
    if calendar is not None:
        answer = calendar.is_workday(day)
        if answer is not None:
            if day.year in calendar.manual_years:
                return answer, DeadlineBasis.BACKOFFICE_MANUAL
            return answer, DeadlineBasis.BACKOFFICE
    try:
        return bool(chinese_calendar.is_workday(day)), DeadlineBasis.STATUTORY
    except NotImplementedError:
        pass
    return day.weekday() < 5, DeadlineBasis.WEEKDAYS


@dataclass(frozen=True)
class Deadline:
    """A due date and the weakest calendar basis used to reach it."""

    due: dt.date
    basis: DeadlineBasis

    @property
    def note(self) -> str:
        return BASIS_NOTE[self.basis]


_ORDER = [
    DeadlineBasis.STATUTORY,
    DeadlineBasis.BACKOFFICE,
    DeadlineBasis.BACKOFFICE_MANUAL,
    DeadlineBasis.WEEKDAYS,
]


def add_working_days(start: dt.date, days: int, calendar: WorkCalendar | None = None) -> Deadline:
    """The date ``days`` working days after ``start`` (start itself not counted).

    ``days == 0`` means the same day (即办件).
    """
    if days < 0:
        raise ValueError("days must be >= 0")
    day = start
    basis = DeadlineBasis.STATUTORY
    left = days
    while left > 0:
        day += dt.timedelta(days=1)
        work, b = is_workday(day, calendar)
        if _ORDER.index(b) > _ORDER.index(basis):
            basis = b
        if work:
            left -= 1
    return Deadline(day, basis)
