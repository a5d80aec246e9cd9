"""A window's day (日报): what one clerk, or the whole window, did on one day.

Made from the cases this device keeps, the 好差评 records it sent and, where
the hall queue exists, the window's figures from the hall server: cases taken
in by item, 容缺 (cases accepted with materials to follow) and 补正 still owed,
hand-overs (出件), ratings by level (counted only: which citizen gave which
stays with them) and the queue (served, no-shows, average service). The same
report prints on the receipt printer (``report_document``) and on A4
(services.day_report_pdf). Plain data, no personal data; any thread.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from core.case import Case, CaseState
from core.document import Cut, Document, KeyValue, Rule, Text, Title
from core.supplements import outstanding

LEVEL_NAMES = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}


@dataclass
class QueueFigures:
    """The window's day at the hall server (wire.queue.WindowState's figures)."""

    served: int = 0
    no_shows: int = 0
    avg_service_s: int = 0


@dataclass
class DayReport:
    """One day of one clerk (``clerk`` = their staff number) or of the whole window
    (``clerk`` = ""), at this device."""

    day: dt.date
    hall_name: str
    device_code: str
    window: str = ""
    clerk: str = ""  # the staff number; "" for the whole window
    clerk_label: str = ""  # staff number and name, as on paper
    by_item: dict[str, int] = field(default_factory=dict)
    cases: int = 0
    deficiencies: int = 0  # 容缺: taken in with materials to follow
    supplements_owed: int = 0  # of those, still owing 补正 now
    hand_overs: int = 0  # 出件 at this window
    ratings: dict[int, int] = field(default_factory=dict)  # level → count
    queue: QueueFigures | None = None

    @property
    def rated(self) -> int:
        return sum(self.ratings.values())


def _local_day(at: dt.datetime) -> dt.date:
    return (at.astimezone() if at.tzinfo else at).date()


def _taken_in(case: Case) -> tuple[dt.date, str] | None:
    """(day, staff number) of the case's submission, from its trail."""
    for ev in case.events:
        if ev.kind == "submitted":
            return _local_day(ev.at), ev.actor
    return None


def _handed_over(case: Case) -> tuple[dt.date, str] | None:
    for ev in case.events:
        if ev.kind == "state" and ev.detail.get("to") == CaseState.DELIVERED.value:
            return _local_day(ev.at), ev.actor
    return None


def build_report(
    cases: Iterable[Case],
    evaluations: Iterable[dict[str, Any]],
    *,
    day: dt.date,
    hall_name: str,
    device_code: str,
    clerk: str = "",
    clerk_label: str = "",
    window: str = "",
    queue: QueueFigures | None = None,
) -> DayReport:
    """The day's figures; ``clerk`` limits them to that staff number's own work."""
    report = DayReport(
        day=day,
        hall_name=hall_name,
        device_code=device_code,
        window=window,
        clerk=clerk,
        clerk_label=clerk_label,
        queue=queue,
    )
    items: Counter[str] = Counter()
    for c in cases:
        taken = _taken_in(c)
        if taken is not None and taken[0] == day and (not clerk or taken[1] == clerk):
            report.cases += 1
            items[c.item_name] += 1
            if c.deficiencies:
                report.deficiencies += 1
                if outstanding(c):
                    report.supplements_owed += 1
        handed = _handed_over(c)
        if handed is not None and handed[0] == day and (not clerk or handed[1] == clerk):
            report.hand_overs += 1
    report.by_item = dict(items.most_common())
    levels: Counter[int] = Counter()
    for e in evaluations:
        try:
            at = dt.datetime.fromisoformat(str(e.get("at", "")))
            level = int(e.get("level", 0))
        except (TypeError, ValueError):
            continue
        if _local_day(at) != day or level not in LEVEL_NAMES:
            continue
        if clerk and e.get("staff") != clerk:
            continue
        levels[level] += 1
    report.ratings = dict(sorted(levels.items(), reverse=True))
    return report


def report_lines(r: DayReport) -> list[tuple[str, str]]:
    """The report as (key, value) rows, in order: the one content of paper and A4."""
    rows: list[tuple[str, str]] = [
        ("日期", r.day.isoformat()),
        ("大厅", r.hall_name),
        ("窗口", f"{r.window}号窗口（{r.device_code}）" if r.window else r.device_code),
        ("经办人", r.clerk_label or "本窗口全部人员"),
        ("受理", f"{r.cases} 件"),
    ]
    rows += [(f"　{name}", f"{n} 件") for name, n in r.by_item.items()]
    rows += [
        ("容缺受理", f"{r.deficiencies} 件（仍待补正 {r.supplements_owed} 件）"),
        ("出件", f"{r.hand_overs} 件"),
        ("好差评", f"{r.rated} 条"),
    ]
    rows += [(f"　{LEVEL_NAMES[level]}", f"{n} 条") for level, n in r.ratings.items()]
    if r.queue is not None:
        avg = round(r.queue.avg_service_s / 60) if r.queue.avg_service_s else 0
        rows += [
            ("叫号办理", f"{r.queue.served} 人"),
            ("过号", f"{r.queue.no_shows} 人"),
            ("平均办理时长", f"{avg} 分钟"),
        ]
    return rows


def report_document(r: DayReport, printed_at: dt.datetime | None = None) -> Document:
    """The report for the receipt printer (kind "report")."""
    at = printed_at or dt.datetime.now().astimezone()
    d = Document("report", ref=f"{r.device_code}-{r.day:%Y%m%d}")
    d.add(Title("窗口日报"), Text(r.hall_name, align="center"), Rule())
    for key, value in report_lines(r):
        d.add(KeyValue(key, value))
    d.add(Rule(), Text(f"打印时间：{at:%Y-%m-%d %H:%M}", align="center"), Cut())
    return d
