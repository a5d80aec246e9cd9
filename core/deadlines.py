"""Working-day deadlines (承诺时限) with China's statutory holidays.

``chinesecalendar`` knows holidays and swapped working days (调休) up to the
last year of its data and raises NotImplementedError beyond it. Past that we
use a calendar the back office supplied (a set of dates that are days off and
a set that are working weekends), else plain weekdays, and say which basis was
used so the receipt can print it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

import chinese_calendar


class DeadlineBasis(StrEnum):
    """Which calendar decided a deadline."""

    STATUTORY = "statutory"  # chinesecalendar's data
    BACKOFFICE = "backoffice"  # a calendar the back office supplied
    WEEKDAYS = "weekdays"  # neither knew the year: Monday-Friday only


BASIS_NOTE = {
    DeadlineBasis.STATUTORY: "",
    DeadlineBasis.BACKOFFICE: "按政务中心发布的工作日历计算",
    DeadlineBasis.WEEKDAYS: "法定节假日数据未更新，按周一至周五计算，以实际通知为准",
}


@dataclass(frozen=True)
class WorkCalendar:
    """Holidays and swapped working days published by the back office.

    ``years`` lists the years it covers; outside them it does not answer.
    Plain data; any thread may use it.
    """

    years: frozenset[int] = frozenset()
    days_off: frozenset[dt.date] = field(default_factory=frozenset)
    working_weekends: frozenset[dt.date] = field(default_factory=frozenset)

    def is_workday(self, day: dt.date) -> bool | None:
        if day.year not in self.years:
            return None
        if day in self.days_off:
            return False
        if day in self.working_weekends:
            return True
        return day.weekday() < 5


def is_workday(day: dt.date, calendar: WorkCalendar | None = None) -> tuple[bool, DeadlineBasis]:
    try:
        return bool(chinese_calendar.is_workday(day)), DeadlineBasis.STATUTORY
    except NotImplementedError:
        pass
    if calendar is not None:
        answer = calendar.is_workday(day)
        if answer is not None:
            return answer, DeadlineBasis.BACKOFFICE
    return day.weekday() < 5, DeadlineBasis.WEEKDAYS


@dataclass(frozen=True)
class Deadline:
    """A due date and the weakest calendar basis used to reach it."""

    due: dt.date
    basis: DeadlineBasis

    @property
    def note(self) -> str:
        return BASIS_NOTE[self.basis]


_ORDER = [DeadlineBasis.STATUTORY, DeadlineBasis.BACKOFFICE, DeadlineBasis.WEEKDAYS]


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
