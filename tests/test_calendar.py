"""The working-day calendar from the back office (issue 13 item 5), over real HTTP.

An administrator imports a 2027 with 春节 at the reference back office; a
device pulls it (ETag, 304 the second time) and a case submitted on
2027-01-29 with a 10-working-day limit gets the promised date that calendar
gives, and its receipt says which calendar fixed it. Bad imports are 422 with
the fields named; a device's token and a clerk's are 403.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import requests

from backoffice.server import BackgroundBackoffice
from backoffice.store import BackofficeStore
from core.config import load_config
from core.deadlines import (
    BASIS_NOTE,
    DeadlineBasis,
    WorkCalendar,
    add_working_days,
    parse_calendar_year,
)
from core.intake import start_case
from services.runtime import Runtime
from services.submission import receipt_for, submit
from tests._backoffice_fixture import DEVICE_CATALOG, sample_identity, write_catalog
from tests._staff_fixture import bearer, device_token, staff_token

CASE_DAY = dt.date(2027, 1, 29)  # a Friday, a week before 春节 2027 (Feb 6)


def _days(first: str, last: str) -> list[str]:
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return [(a + dt.timedelta(days=i)).isoformat() for i in range((b - a).days + 1)]


# Not the shipped file: a longer holiday, so the answer proves this import decided.
YEAR_2027 = {
    "year": 2027,
    "days_off": [*_days("2027-02-05", "2027-02-12"), "2027-02-15", "2027-02-16"],
    "workdays": [],
    "source": "manual",
    "note": "测试用，手工录入",
}


@pytest.fixture
def bo(tmp_path: Path):
    with BackgroundBackoffice(
        tmp_path / "bo", catalog_path=write_catalog(tmp_path / "c.json")
    ) as b:
        yield b


@pytest.fixture
def runtime(tmp_path: Path, bo: BackgroundBackoffice):
    catalog = json.loads(json.dumps(DEVICE_CATALOG))
    catalog["items"][0]["promised_days"] = 10
    path = write_catalog(tmp_path / "device-catalog.json", catalog)
    rt = Runtime(
        load_config(
            None,
            {
                "data_dir": str(tmp_path / "device"),
                "device_code": "K01",
                "backoffice.url": bo.url,
                "catalog_file": str(path),
            },
        )
    )
    yield rt
    rt.close()


def _submit(rt: Runtime):
    item = rt.catalog.item("T001")
    draft = start_case(
        item, sample_identity(), hall_code=rt.config.hall_code, device_code="K01",
        channel="kiosk", actor="citizen",
    )  # fmt: skip
    draft.add_file("M01", rt.store.save_file(b"\xff\xd8page\xff\xd9", "M01.jpg", "image/jpeg"))
    # Complete materials: the promise counts from submission (not from a 补正 deadline).
    draft.add_file("M02", rt.store.save_file(b"\xff\xd8photo\xff\xd9", "M02.jpg", "image/jpeg"))
    return submit(rt, draft, item, "citizen", today=CASE_DAY)


def test_a_2027_holiday_entered_at_the_back_office_moves_a_devices_promised_date(bo, runtime):
    # No calendar pulled yet: 2027 is past chinesecalendar's data, so weekdays only.
    before = _submit(runtime)
    assert before.promised_date == dt.date(2027, 2, 12)
    assert before.deadline_note == BASIS_NOTE[DeadlineBasis.WEEKDAYS]

    admin = staff_token(bo, "admin1", "admin")
    r = requests.post(f"{bo.url}/api/v1/calendar", json=YEAR_2027, headers=bearer(admin), timeout=5)
    assert r.status_code == 200, r.text
    assert r.json()["entered_by"] == "staff:admin1" and r.json()["source"] == "manual"
    entries = bo.store.audit_entries(action="calendar.import")
    assert [(e["actor"], e["target"], e["outcome"]) for e in entries] == [
        ("staff:admin1", "2027", "ok")
    ]
    assert entries[0]["detail"] == {
        "source": "manual", "days_off": 10, "workdays": 0, "replaced": True
    }  # fmt: skip

    assert runtime.refresh_calendar() is True
    assert runtime.refresh_calendar() is False  # 304: unchanged since the ETag
    after = _submit(runtime)
    # Feb 1-4, then 17-19 and 22-24: Feb 5-12 and 15-16 are off.
    assert after.promised_date == dt.date(2027, 2, 24)
    # Entered by hand (source "manual"): the receipt says so.
    assert after.deadline_note == BASIS_NOTE[DeadlineBasis.BACKOFFICE_MANUAL]
    assert "手工录入" in receipt_for(runtime, after).plain_text()

    # Made official: the same dates, the receipt says the back office's calendar.
    official = {**YEAR_2027, "source": "official", "note": ""}
    r = requests.post(f"{bo.url}/api/v1/calendar", json=official, headers=bearer(admin), timeout=5)
    assert r.status_code == 200, r.text
    assert runtime.refresh_calendar() is True
    last = _submit(runtime)
    assert last.promised_date == dt.date(2027, 2, 24)
    assert BASIS_NOTE[DeadlineBasis.BACKOFFICE] in receipt_for(runtime, last).plain_text()

    # The pulled calendar is kept: a restarted device still has it.
    runtime.close()
    again = Runtime(runtime.config)
    try:
        assert again.calendar is not None and 2027 in again.calendar.years
    finally:
        again.close()


def test_the_calendar_is_served_with_an_etag_and_holds_2025_to_2027(bo):
    r = requests.get(f"{bo.url}/api/v1/calendar", timeout=5)
    assert r.status_code == 200
    years = {y["year"]: y for y in r.json()["years"]}
    assert {2025, 2026, 2027} <= set(years)
    assert years[2026]["source"] == "official" and years[2026]["entered_by"] == "seed"
    assert years[2027]["source"] == "manual" and "非官方" in years[2027]["note"]
    again = requests.get(
        f"{bo.url}/api/v1/calendar", headers={"If-None-Match": r.headers["ETag"]}, timeout=5
    )
    assert again.status_code == 304 and again.headers["ETag"] == r.headers["ETag"]
    # The seeded years say what chinesecalendar says: 2026-02-14 (Sat) is worked.
    cal = WorkCalendar.from_document(r.json())
    assert cal.is_workday(dt.date(2026, 2, 14)) is True
    assert cal.is_workday(dt.date(2026, 2, 16)) is False


def test_a_bad_import_names_each_field(bo):
    admin = staff_token(bo, "admin1", "admin")
    body = {
        "year": 2027,
        "days_off": ["2027-02-30", "2028-01-01"],
        "workdays": ["2027-02-01"],
        "source": "rumour",
        "colour": "red",
    }
    r = requests.post(f"{bo.url}/api/v1/calendar", json=body, headers=bearer(admin), timeout=5)
    assert r.status_code == 422
    problems = {p["field"]: p for p in r.json()["detail"]}
    assert set(problems) == {"days_off[0]", "days_off[1]", "workdays[0]", "source", "colour"}
    assert problems["days_off[0]"]["error"] == "days_off[0]: 日期须写成 YYYY-MM-DD"
    assert problems["workdays[0]"]["code"] == "calendar.workday_not_weekend"
    assert r.json()["error"] == "工作日历有误，未导入"
    bad_json = requests.post(
        f"{bo.url}/api/v1/calendar", data=b"[1,", headers=bearer(admin), timeout=5
    )
    assert bad_json.status_code == 422
    assert bad_json.json()["detail"][0]["code"] == "calendar.not_an_object"
    outcomes = [e["outcome"] for e in bo.store.audit_entries(action="calendar.import")]
    assert outcomes == ["refused", "refused"]
    assert bo.store.calendar_years()[-1]["entered_by"] == "seed"  # nothing changed


def test_only_an_administrator_imports(bo):
    url = f"{bo.url}/api/v1/calendar"
    device = device_token(bo, "FS01", "K01")
    clerk = staff_token(bo, "clerk1", "clerk")
    for token in (device, clerk):
        # Refused before the body is read: a malformed one is 403 too.
        for body in (json.dumps(YEAR_2027).encode(), b"{"):
            r = requests.post(url, data=body, headers=bearer(token), timeout=5)
            assert r.status_code == 403, r.text
    assert requests.post(url, json=YEAR_2027, timeout=5).status_code == 401
    assert bo.store.audit_entries(action="calendar.import") == []


def test_the_cli_imports_and_lists(tmp_path, capsys):
    from onewindow.cli import main

    data = tmp_path / "bo"
    year = tmp_path / "2027.json"
    year.write_text(json.dumps(YEAR_2027, ensure_ascii=False), encoding="utf-8")
    assert main(["backoffice", "calendar", "import", str(year), "--data", str(data)]) == 0
    assert main(["backoffice", "calendar", "list", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "2027" in out and "manual" in out
    store = BackofficeStore(data)
    try:
        assert store.calendar_years()[-1]["days_off"] == YEAR_2027["days_off"]
        assert store.audit_entries(action="calendar.import")[0]["actor"].startswith("cli")
    finally:
        store.close()
    year.write_text('{"year": 1999}', encoding="utf-8")
    assert main(["backoffice", "calendar", "import", str(year), "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert "year" in err and "days_off" in err


def test_the_shipped_2027_is_marked_as_entered_by_hand():
    import assets

    raw = json.loads(assets.path("calendar/2027.json").read_text(encoding="utf-8"))
    year, problems = parse_calendar_year(raw)
    assert problems == {} and year is not None
    assert year.source == "manual" and "非官方" in year.note
    # 春节 2027 (Feb 6) is off, the back office's years come before chinesecalendar's.
    cal = WorkCalendar.from_years([year])
    due = add_working_days(CASE_DAY, 10, cal)
    assert due.due == dt.date(2027, 2, 20) and due.basis is DeadlineBasis.BACKOFFICE_MANUAL
    # The back office's year comes before chinesecalendar's: an official 2026 that
    # (for the test) makes Tuesday 2026-03-03 a day off moves a date chinesecalendar knows.
    y2026 = {"year": 2026, "days_off": ["2026-03-03"], "workdays": [], "source": "official"}
    cal2026 = WorkCalendar.from_years([parse_calendar_year(y2026)[0]])
    assert add_working_days(dt.date(2026, 3, 2), 1).due == dt.date(2026, 3, 3)
    pinned = add_working_days(dt.date(2026, 3, 2), 1, cal2026)
    assert pinned.due == dt.date(2026, 3, 4) and pinned.basis is DeadlineBasis.BACKOFFICE
