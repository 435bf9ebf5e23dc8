from datetime import date

import pytest

from peer_review.workdays import (
    CalendarUnavailable,
    add_working_days,
    is_working_day,
    working_days_between,
)


def test_make_up_sunday_is_a_working_day_and_national_day_is_not():
    assert is_working_day(date(2024, 9, 29))  # Sunday, 调休上班
    assert not is_working_day(date(2024, 10, 1))
    assert is_working_day(date(2024, 10, 12))  # Saturday, 调休上班
    assert not is_working_day(date(2024, 10, 13))


def test_seventh_working_day_after_friday_before_national_day_is_the_make_up_saturday():
    assert add_working_days(date(2024, 9, 27), 7) == date(2024, 10, 12)


def test_spring_festival_2024_fifth_and_seventh_working_days():
    assert add_working_days(date(2024, 2, 8), 5) == date(2024, 2, 21)
    assert add_working_days(date(2024, 2, 8), 7) == date(2024, 2, 23)


def test_the_day_of_the_event_is_not_counted():
    # Monday 2024-03-04: the 1st working day after it is Tuesday, not Monday itself.
    assert add_working_days(date(2024, 3, 4), 1) == date(2024, 3, 5)
    assert add_working_days(date(2024, 3, 4), 0) == date(2024, 3, 4)


def test_working_days_between_counts_make_up_days_and_skips_holidays():
    assert working_days_between(date(2024, 9, 27), date(2024, 10, 12)) == 7
    assert working_days_between(date(2024, 9, 27), date(2024, 10, 11)) == 6
    # Friday 02-09 and make-up Sunday 02-18 only.
    assert working_days_between(date(2024, 2, 8), date(2024, 2, 18)) == 2


def test_year_outside_the_published_calendar_raises_a_clear_error():
    with pytest.raises(CalendarUnavailable):
        is_working_day(date(2099, 1, 2))
