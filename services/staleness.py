"""How old what the device holds is (村级站点 offline for days): catalog, calendar, last sync.

A station can go days without the back office. The status bar then says so,
in one line, for whatever is older than ``sync.stale_after_h`` hours: the
service catalog, the working-day calendar (deadlines are counted with it),
and the last time the back office confirmed anything this device sent, with
how many entries wait. The ages come from real timestamps: the catalog's and
the calendar's files in the data folder (``catalog.json``/``catalog.etag``,
``calendar.json``/``calendar.etag``: written when pulled, touched when the
back office says the copy is still current), and SyncStatus.last_sync_at.
A configured catalog file (``catalog_file``) or the shipped sample is not
pulled, so it has no age here. Qt-free; plain functions, any thread.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from dataclasses import dataclass
from pathlib import Path

from core.i18n import N_

CATALOG_FILES = ("catalog.json", "catalog.etag")
CALENDAR_FILES = ("calendar.json", "calendar.etag")
DAY_S = 86400.0

CATALOG_WORDS = N_("事项目录已 %n 天未更新")
CALENDAR_WORDS = N_("工作日历已 %n 天未更新")
SYNC_WORDS = N_("已 %n 天未与后台同步")
QUEUED_WORDS = N_("（待上报 %n 件）")


@dataclass(frozen=True)
class Staleness:
    """Whole days (at least 1) each part is past its age, None when fresh or unknown."""

    catalog_days: int | None = None
    calendar_days: int | None = None
    sync_days: int | None = None
    queued: int = 0

    @property
    def stale(self) -> bool:
        return any(d is not None for d in (self.catalog_days, self.calendar_days, self.sync_days))


def fetched_at(data_dir: Path, names: tuple[str, ...]) -> float | None:
    """The newest modification time (epoch s) of ``names`` in ``data_dir``; None if none."""
    times = []
    for name in names:
        with contextlib.suppress(OSError):
            times.append((Path(data_dir) / name).stat().st_mtime)
    return max(times) if times else None


def mark_confirmed(path: Path) -> None:
    """The back office said the copy at ``path`` is current (304): its age starts again."""
    with contextlib.suppress(OSError):
        os.utime(path)


def _days(since: float | None, now: float, stale_after_h: float) -> int | None:
    if since is None or stale_after_h <= 0:
        return None
    age = now - since
    if age < stale_after_h * 3600:
        return None
    return max(1, int(age // DAY_S))


def staleness(
    data_dir: Path,
    *,
    stale_after_h: float,
    last_sync_at: dt.datetime | None,
    queued: int = 0,
    pulled_catalog: bool = True,
    now: float | None = None,
) -> Staleness:
    """What is older than ``stale_after_h`` hours (0: never say so). ``pulled_catalog``
    False: the catalog is a configured file, with no age. A device that never synced
    says nothing about sync (its first sync has not happened; its queue shows)."""
    now = time.time() if now is None else now
    catalog = fetched_at(data_dir, CATALOG_FILES) if pulled_catalog else None
    return Staleness(
        catalog_days=_days(catalog, now, stale_after_h),
        calendar_days=_days(fetched_at(data_dir, CALENDAR_FILES), now, stale_after_h),
        sync_days=_days(last_sync_at.timestamp() if last_sync_at else None, now, stale_after_h),
        queued=queued,
    )


def banner_parts(st: Staleness) -> list[tuple[str, int]]:
    """(words with %n, number) of each part to say, in order; the queued count follows
    the sync part. The caller translates the words and joins them with " · "."""
    parts: list[tuple[str, int]] = []
    if st.catalog_days is not None:
        parts.append((CATALOG_WORDS, st.catalog_days))
    if st.calendar_days is not None:
        parts.append((CALENDAR_WORDS, st.calendar_days))
    if st.sync_days is not None:
        parts.append((SYNC_WORDS, st.sync_days))
        if st.queued:
            parts.append((QUEUED_WORDS, st.queued))
    return parts


def banner_text(st: Staleness, tr: object = None) -> str:
    """The one line (Chinese, or through ``tr``), "" when nothing is stale."""
    translate = tr if callable(tr) else (lambda s: s)
    out = ""
    for words, n in banner_parts(st):
        piece = translate(words).replace("%n", str(n))
        if words is QUEUED_WORDS:
            out += piece
        else:
            out += (" · " if out else "") + piece
    return out
