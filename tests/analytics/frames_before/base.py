"""What every frame shares: the documented columns, the scope, and the builders that
turn one ``values()`` query into a DataFrame."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from django.utils import timezone

from courses.models import Article

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


def empty(name: str) -> pd.DataFrame:
    """The frame ``name`` with its documented columns and no rows."""
    return pd.DataFrame(columns=COLUMNS[name])


def from_values(name: str, rows, rename: dict | None = None) -> pd.DataFrame:
    """The frame ``name`` from ``values()`` rows, in its documented columns."""
    frame = pd.DataFrame.from_records(list(rows))
    if frame.empty:
        return empty(name)
    return frame.rename(columns=rename or {})[COLUMNS[name]]


def from_values_list(qs, fields: list[str], columns: list[str]) -> pd.DataFrame:
    """``qs.values_list(*fields)`` as a frame with ``columns`` (even when empty)."""
    return pd.DataFrame.from_records(list(qs.values_list(*fields)), columns=columns)


def article_labels() -> dict[int, str]:
    """《安全生产法》第九十七条 for every article: one query, a few hundred rows."""
    return {a.pk: a.label for a in Article.objects.select_related("regulation")}


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
