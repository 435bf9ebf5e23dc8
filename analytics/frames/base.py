"""What every frame shares: the documented columns, the scope, and :func:`load_frame`,
which streams one ``values_list()`` query (only the columns a frame uses) straight
into a DataFrame with explicit dtypes: no model instance and no per-row Python
object is ever built.

Dtypes: ids and counts ``Int64`` (nullable), amounts and scores ``float64`` (cast
to float in SQL, so no ``Decimal`` objects), instants ``datetime64[.., UTC]``,
calendar days naive ``datetime64``, codes ``category``, booleans ``bool``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BigIntegerField, Func
from django.utils import timezone

from courses.citations import to_chinese
from courses.models import Article

# Rows fetched per round trip when streaming a query (server-side cursor on PostgreSQL).
CHUNK = 20_000
# Dtype markers besides pandas' own names: instants (aware, UTC) and calendar days.
UTC = "utc"
DAY = "day"
# Instants selected as :class:`EpochMicroseconds` (for the largest frames).
UTC_MICROSECONDS = "utc_us"

COLUMNS = {
    "enterprises": ["enterprise_id", "name", "industry", "risk_tier"],
    "staff": ["user_id", "name", "phone", "group", "role", "group_id"],
    "assignments": ["user_id", "group", "role", "due_on", "completed_on"],
    "attempts": [
        "attempt_id", "user_id", "group", "percent", "passed", "submitted_at",
        "quiz_id",
    ],
    "answers": ["attempt_id", "user_id", "question_id", "score", "points", "correct"],
    "question_points": ["question_id", "tag"],
    "question_articles": ["question_id", "tag"],
    "drills": ["drill_id", "title", "deadline"],
    "classes": [
        "class_id", "label", "start", "end", "threshold_seconds", "peak_live",
        "status",
    ],
    "viewers": [
        "viewer_id", "class_id", "person", "enterprise_id", "post_category",
        "enterprise_name",
    ],
    "sessions": ["class_id", "viewer_id", "started_at", "ended_at"],
    "reviews": ["review_id", "round_id", "case_id", "group", "quarter", "total"],
    "issues": [
        "issue_id", "case_id", "category", "category_label", "article", "status",
        "deadline", "group", "quarter",
    ],
    "cases": ["case_id", "group", "provision", "tier", "fine", "tier_min", "tier_max"],
    "activities": [
        "activity_id", "kind", "activity_type", "enterprise_id", "date",
        "participants",
    ],
    "letters": ["letter_id", "enterprise_id", "issued_on"],
    "rounds": ["round_id", "name", "quarter", "files", "reviews"],
    "items": ["item_id", "number", "planned", "done", "status"],
    "training": ["session_id", "title", "date", "hours", "user_id"],
    "study_hours": ["user_id", "group", "total", "required", "below"],
}  # fmt: skip


class EpochMicroseconds(Func):
    """An instant as whole microseconds since 1970-01-01 UTC, computed by the
    database: a million instants then load as integers, where parsing each into a
    Python ``datetime`` (psycopg, then Django's converter) took 4.4 s of the year's
    8.2 s frames load at 10× the bureau. Exact to the microsecond on both backends.
    Load the column with the dtype :data:`UTC_MICROSECONDS`."""

    arity = 1
    output_field = BigIntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        template = "(EXTRACT(EPOCH FROM %(expressions)s) * 1000000)::bigint"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # Django stores an instant as 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC; the
        # seconds without the fraction (strftime would round .999999 up). The
        # doubled %% survive both this template and the driver's parameter style.
        template = (
            "(CAST(strftime('%%%%s', substr(%(expressions)s, 1, 19)) AS INTEGER)"
            " * 1000000"
            " + CAST(substr(%(expressions)s, 21, 6) AS INTEGER))"
        )
        return self.as_sql(compiler, connection, template=template, **extra)


def empty(name: str) -> pd.DataFrame:
    """The frame ``name`` with its documented columns and no rows."""
    return pd.DataFrame(columns=COLUMNS[name])


def load_frame(
    qs, fields, columns, dtypes: dict | None = None, *, raw: bool = False
) -> pd.DataFrame:
    """``qs.values_list(*fields)`` streamed into a frame with ``columns``, then
    typed by ``dtypes`` (column → pandas dtype, :data:`UTC` or :data:`DAY`). The
    tuples are consumed chunk by chunk; even an empty result has the columns.

    ``raw``: run the queryset's SQL on a plain cursor, skipping Django's per-value
    converters (for the largest frames). Only for numbers, text and booleans,
    which every backend returns as the same Python values (``dtypes`` still
    applies: SQLite's booleans are 0/1 until cast).
    """
    values = qs.values_list(*fields)
    if raw:
        rows = _raw_rows(values)
    else:
        rows = values.iterator(chunk_size=CHUNK)
    frame = pd.DataFrame.from_records(rows, columns=columns, coerce_float=True)
    return typed(frame, dtypes or {})


def _raw_rows(values):
    """The rows of a ``values_list`` queryset from a plain cursor, chunk by chunk."""
    try:
        sql, params = values.query.sql_with_params()
    except EmptyResultSet:  # e.g. ``pk__in=[]``: Django runs no query either
        return
    with connections[values.db].cursor() as cursor:
        cursor.execute(sql, params)
        for chunk in iter(lambda: cursor.fetchmany(CHUNK), []):
            yield from chunk


def typed(frame: pd.DataFrame, dtypes: dict) -> pd.DataFrame:
    """``frame`` with each column of ``dtypes`` converted (see :func:`load_frame`)."""
    for column, dtype in dtypes.items():
        # Instants in one unit (an all-empty column would otherwise come out in
        # seconds, and filling it from another column mixes units).
        if dtype == UTC:
            frame[column] = pd.to_datetime(frame[column], utc=True).dt.as_unit("us")
        elif dtype == UTC_MICROSECONDS:
            frame[column] = pd.to_datetime(frame[column], unit="us", utc=True)
        elif dtype == DAY:
            frame[column] = pd.to_datetime(frame[column])
        elif dtype == "category":
            frame[column] = frame[column].astype(str).astype("category")
        else:
            frame[column] = frame[column].astype(dtype)
    return frame


def article_labels() -> dict[int, str]:
    """《安全生产法》第九十七条 for every article (:attr:`Article.label`), from one
    ``values_list`` query of a few hundred rows (no model instances)."""
    rows = Article.objects.values_list(
        "pk", "number", "suffix", "regulation__short_title", "regulation__title"
    )
    labels = {}
    for pk, number, suffix, short, title in rows.iterator(chunk_size=CHUNK):
        label = f"《{short or title}》第{to_chinese(number)}条"
        if suffix:
            label += f"之{to_chinese(suffix)}"
        labels[pk] = label
    return labels


def _quarter_range(year: int, quarter: int | None) -> tuple[dt.date, dt.date]:
    if not quarter:
        return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return start, end


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


@dataclass
class Scope:
    """What the dashboards filter on: a year, optionally a quarter, a group, a class."""

    year: int
    quarter: int | None = None
    group_id: int | None = None
    class_id: int | None = None

    @property
    def dates(self) -> tuple[dt.date, dt.date]:
        return _quarter_range(self.year, self.quarter)

    @property
    def instants(self) -> tuple[dt.datetime, dt.datetime]:
        start, end = self.dates
        return _aware(start), _aware(end)
