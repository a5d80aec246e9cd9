"""What a case still owes (补正) and when its promised time limit starts counting.

A case accepted with materials missing (容缺受理, ``Case.deficiencies``) or
asked by a reviewer for more (a ``supplement_request`` event in its trail)
owes those materials until a 补正 hands them in (a ``supplement`` event) or a
reviewer waives them (``supplement_waived``). Everything is read from the
case itself, in the order of its hash-chained trail, so the device and the
back office answer alike from the same case.

The promised time limit counts from the day the materials are complete, as
the licensing law has it (《行政许可法》第三十二条: 材料补齐之日起计算):
``promised_from`` is that day (submission when nothing was missing) and
``promised_after`` the promised date counted from it. Pure functions; any
thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.case import Case, CaseEvent
from core.deadlines import WorkCalendar, add_working_days

DEFICIENCY = "deficiency"  # missing at intake (容缺受理)
REQUEST = "request"  # asked for by a reviewer (补正通知)
WAIVED_EVENT = "supplement_waived"
SUPPLIED_EVENT = "supplement"
REQUEST_EVENT = "supplement_request"


@dataclass(frozen=True)
class Owed:
    """One material the case still owes, by when, and why (DEFICIENCY or REQUEST)."""

    code: str
    name: str
    due: dt.date
    source: str

    def overdue(self, today: dt.date) -> bool:
        return self.due < today


def _event_date(ev: CaseEvent) -> dt.date:
    at = ev.at.astimezone() if ev.at.tzinfo else ev.at
    return at.date()


def _walk(case: Case) -> tuple[dict[str, Owed], dt.date | None]:
    """What is owed after the whole trail, and the day it last became complete."""
    names = {m.code: m.name for m in case.materials}
    owed: dict[str, Owed] = {
        d.code: Owed(d.code, d.name, d.due, DEFICIENCY) for d in case.deficiencies
    }
    names.update({d.code: d.name for d in case.deficiencies})
    complete_on: dict[str, dt.date | None] = {"day": None}
    for ev in case.events:
        codes = [str(c) for c in ev.detail.get("materials") or ()]
        if ev.kind == REQUEST_EVENT:
            try:
                due = dt.date.fromisoformat(str(ev.detail.get("due", "")))
            except ValueError:
                continue
            for c in codes:
                owed[c] = Owed(c, names.get(c, c), due, REQUEST)
            complete_on["day"] = None
        elif ev.kind in (SUPPLIED_EVENT, WAIVED_EVENT) and owed:
            for c in codes:
                owed.pop(c, None)
            if not owed:
                complete_on["day"] = _event_date(ev)
    return owed, complete_on["day"]


def outstanding(case: Case) -> list[Owed]:
    """The materials ``case`` still owes, soonest due first."""
    owed, _ = _walk(case)
    return sorted(owed.values(), key=lambda o: (o.due, o.code))


def waived(case: Case) -> list[str]:
    """Codes of the materials a reviewer waived (in the order waived)."""
    out: list[str] = []
    for ev in case.events:
        if ev.kind == WAIVED_EVENT:
            out.extend(str(c) for c in ev.detail.get("materials") or () if str(c) not in out)
    return out


def completed_on(case: Case) -> dt.date | None:
    """The day the materials became complete by a 补正 or a waiver (None: they were
    complete at submission, or are still outstanding)."""
    owed, day = _walk(case)
    return None if owed else day


def promised_after(
    start: dt.date, promised_days: int, calendar: WorkCalendar | None = None
) -> dt.date:
    """The promised date counted from ``start`` (the day materials are complete)."""
    return add_working_days(start, promised_days, calendar).due


def due_state(case: Case, today: dt.date, soon_days: int = 2) -> str:
    """A case's 补正: "overdue" (a material past its date), "due" (the first date within
    ``soon_days`` calendar days), "owed" (later) or "" (nothing owed)."""
    owed = outstanding(case)
    if not owed:
        return ""
    first = min(o.due for o in owed)
    if first < today:
        return "overdue"
    if (first - today).days <= soon_days:
        return "due"
    return "owed"
