import datetime as dt

import pytest

from core.deadlines import DeadlineBasis, WorkCalendar, add_working_days


def test_national_day_holiday_is_skipped():
    # 2025-09-30 (Tue) + 1 working day: Oct 1-8 are holidays, so Oct 9.
    d = add_working_days(dt.date(2025, 9, 30), 1)
    assert d.due == dt.date(2025, 10, 9)
    assert d.basis is DeadlineBasis.STATUTORY
    assert d.note == ""


def test_swapped_working_weekend_counts():
    # 2025-09-28 is a Sunday made a working day (调休) before National Day.
    d = add_working_days(dt.date(2025, 9, 26), 1)
    assert d.due == dt.date(2025, 9, 28)


def test_zero_days_is_the_same_day():
    assert add_working_days(dt.date(2025, 5, 6), 0).due == dt.date(2025, 5, 6)


def test_past_the_data_falls_back_to_weekdays_and_says_so():
    d = add_working_days(dt.date(2099, 1, 1), 5)  # Thursday
    assert d.basis is DeadlineBasis.WEEKDAYS
    assert d.due == dt.date(2099, 1, 8)
    assert "周一至周五" in d.note


def test_backoffice_calendar_is_used_when_the_package_has_no_data():
    cal = WorkCalendar(
        years=frozenset({2099}),
        days_off=frozenset({dt.date(2099, 1, 2)}),
        working_weekends=frozenset({dt.date(2099, 1, 3)}),
    )
    d = add_working_days(dt.date(2099, 1, 1), 2, cal)
    # Jan 2 (Fri) off, Jan 3 (Sat) worked, Jan 5 (Mon) worked.
    assert d.due == dt.date(2099, 1, 5)
    assert d.basis is DeadlineBasis.BACKOFFICE


def test_negative_days_rejected():
    with pytest.raises(ValueError):
        add_working_days(dt.date(2025, 1, 1), -1)
