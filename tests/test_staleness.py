"""Age banners for a station offline for days (issue 16 item 10): catalog, calendar, sync.

The ages are real: files' modification times in a data folder (set with
os.utime, as days offline would leave them) and the last sync time a real
store reports; the banner is the status bar's own label under pytest-qt.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from core.config import load_config
from core.errors import ConfigError
from services.staleness import (
    Staleness,
    banner_text,
    fetched_at,
    mark_confirmed,
    staleness,
)
from sync.worker import SyncStatus

DAY = 86400.0


def _aged(path: Path, days: float, body: bytes = b"{}") -> Path:
    path.write_bytes(body)
    then = time.time() - days * DAY
    os.utime(path, (then, then))
    return path


def _status(last_sync_days: float | None, queued: int = 0) -> SyncStatus:
    last = (
        None
        if last_sync_days is None
        else dt.datetime.now().astimezone() - dt.timedelta(days=last_sync_days)
    )
    return SyncStatus(online=False, queued=queued, quarantined=0, last_error="", last_sync_at=last)


def test_fresh_files_and_a_recent_sync_say_nothing(tmp_path: Path) -> None:
    _aged(tmp_path / "catalog.json", 0.1)
    _aged(tmp_path / "calendar.json", 0.5)
    st = _status(0.2, queued=4)
    ages = staleness(tmp_path, stale_after_h=24, last_sync_at=st.last_sync_at, queued=4)
    assert ages == Staleness(queued=4) and not ages.stale
    assert banner_text(ages) == ""


def test_old_catalog_calendar_and_sync_in_one_line(tmp_path: Path) -> None:
    _aged(tmp_path / "catalog.json", 3.2)
    _aged(tmp_path / "catalog.etag", 3.4)
    _aged(tmp_path / "calendar.json", 5.5)
    st = _status(3.1, queued=12)
    ages = staleness(tmp_path, stale_after_h=24, last_sync_at=st.last_sync_at, queued=12)
    assert (ages.catalog_days, ages.calendar_days, ages.sync_days) == (3, 5, 3)
    assert banner_text(ages) == (
        "事项目录已 3 天未更新 · 工作日历已 5 天未更新 · 已 3 天未与后台同步（待上报 12 件）"
    )


def test_threshold_unknown_parts_and_a_configured_catalog(tmp_path: Path) -> None:
    _aged(tmp_path / "catalog.json", 1.5)
    # No calendar pulled, never synced: nothing to say about either.
    ages = staleness(tmp_path, stale_after_h=24, last_sync_at=None, queued=3)
    assert (ages.catalog_days, ages.calendar_days, ages.sync_days) == (1, None, None)
    assert staleness(tmp_path, stale_after_h=48, last_sync_at=None).catalog_days is None
    assert staleness(tmp_path, stale_after_h=0, last_sync_at=None).catalog_days is None
    off = staleness(tmp_path, stale_after_h=24, last_sync_at=None, pulled_catalog=False)
    assert off.catalog_days is None
    # Hours under a day, over the threshold, still count as a day.
    _aged(tmp_path / "catalog.json", 0.5)
    assert staleness(tmp_path, stale_after_h=6, last_sync_at=None).catalog_days == 1


def test_a_304_confirmation_starts_the_age_again(tmp_path: Path) -> None:
    etag = _aged(tmp_path / "calendar.etag", 4, b'"v1"')
    _aged(tmp_path / "calendar.json", 4)
    assert staleness(tmp_path, stale_after_h=24, last_sync_at=None).calendar_days == 4
    mark_confirmed(etag)
    assert time.time() - (fetched_at(tmp_path, ("calendar.etag",)) or 0) < 60
    assert staleness(tmp_path, stale_after_h=24, last_sync_at=None).calendar_days is None


def test_stale_after_h_is_validated() -> None:
    assert load_config(None, {}).sync.stale_after_h == 24
    assert load_config(None, {"sync.stale_after_h": 0}).sync.stale_after_h == 0
    for bad in (-1, 9000, "x"):
        with pytest.raises(ConfigError) as err:
            load_config(None, {"sync.stale_after_h": bad})
        assert err.value.code == "config.bad_value.sync.stale_after_h"


def test_the_status_bar_shows_the_ages_and_reads_in_english(qtbot, tmp_path: Path) -> None:
    from widgets.i18n import install_translator
    from widgets.status_bar import DeviceStatusBar

    _aged(tmp_path / "catalog.json", 3.3)
    _aged(tmp_path / "calendar.json", 5.2)
    bar = DeviceStatusBar()
    qtbot.addWidget(bar)
    bar.show()
    bar.watch_ages(tmp_path, 24)
    qtbot.waitUntil(bar.age_banner.isVisible)
    assert bar.age_banner.text() == "事项目录已 3 天未更新 · 工作日历已 5 天未更新"
    bar.update_sync(_status(3.0, queued=12))
    assert bar.age_banner.text().endswith("已 3 天未与后台同步（待上报 12 件）")
    assert install_translator("en")
    try:
        bar.refresh_ages()
        text = bar.age_banner.text()
        assert "3 days" in text and "5 days" in text and "12" in text
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in text)
    finally:
        install_translator("zh_CN")
    # Fresh again (pulled now, synced now): the banner goes.
    for name in ("catalog.json", "calendar.json"):
        mark_confirmed(tmp_path / name)
    bar.update_sync(_status(0.0))
    qtbot.waitUntil(lambda: not bar.age_banner.isVisible())
    assert bar.labels["camera"].text()  # the device row is still there


@pytest.mark.parametrize("role", ["kiosk", "counter"])
def test_both_apps_show_the_age_line_from_the_data_folder(qtbot, tmp_path: Path, role) -> None:
    """Real apps offline, their data folder left by days without the back office."""
    import shutil

    import assets
    from onewindow.gui import make_window
    from tests.gui_helpers import app_config

    data = tmp_path / role
    data.mkdir()
    shutil.copy(assets.sample_catalog(), data / "catalog.json")
    shutil.copy(Path(assets.__file__).parent / "calendar" / "2027.json", data / "calendar.json")
    for name, days in (("catalog.json", 4.2), ("calendar.json", 6.1)):
        then = time.time() - days * DAY
        os.utime(data / name, (then, then))
    win, bridge = make_window(app_config(tmp_path, role, "http://127.0.0.1:9"))
    qtbot.addWidget(win)
    win.show()
    try:
        line = win.status.age_banner
        qtbot.waitUntil(line.isVisible)
        assert line.text() == "事项目录已 4 天未更新 · 工作日历已 6 天未更新"
    finally:
        bridge.close()
