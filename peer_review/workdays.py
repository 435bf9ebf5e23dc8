"""Working days as 行政处罚法 第八十五条 counts them, on the official PRC calendar.

Weekends and statutory holidays are off; the announced make-up working days (调休上班,
often a Saturday or Sunday) are working days. The calendar itself comes from the
maintained ``chinese_calendar`` package, never from a hand-typed list. The day of the
event is not counted: counting starts the next day.
"""

from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar


class CalendarUnavailable(ValueError):
    """The official calendar for the year is not published in the installed library."""


@lru_cache(maxsize=8192)
def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day on the official calendar (调休 included).

    Cached: the library validates each date against its whole table, which made
    the checks of a 5,000-file register spend most of their time here."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError as exc:
        raise CalendarUnavailable(str(exc)) from exc


def add_working_days(start: date, count: int) -> date:
    """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days fall after ``start`` up to and including ``end``."""
    if end <= start:
        return 0
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if is_working_day(start + timedelta(days=offset))
    )


def latest_start(end: date, count: int) -> date:
    """The latest day whose ``count``-th working day after it is on or before ``end``
    (e.g. the last day a hearing notice may go out, 7 working days before it)."""
    if count < 1:
        raise ValueError("count must be positive")
    day = end
    remaining = count
    while remaining:
        if is_working_day(day):
            remaining -= 1
        day -= timedelta(days=1)
    return day
