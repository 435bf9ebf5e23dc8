"""FROZEN COPY of analytics/frames before issue 17 (instance-free typed loaders): the
reference the new loaders are compared with in test_frames_equivalence.py. Do not edit
except to follow a new column or frame, written the plain ORM way (as issue 14's
rounds, items, training, study_hours, order_groups and columns were).

The only analytics module that queries: each frame is built from a handful of
``values()`` queries straight into a DataFrame, never a per-row ORM loop.

One module per domain, each importing the models and enums it reads:
:mod:`.people` (enterprises, staff, groups), :mod:`.study` (required study),
:mod:`.exams` (quizzes), :mod:`.live` (live classes), :mod:`.reviews` (peer review),
:mod:`.ledger` (the 普法 ledger). :func:`load` builds every frame of a scope.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from ledger.models import Activity
from livestreams.models import LiveClassPage
from tests.analytics.frames_before.base import COLUMNS, Scope, article_labels, empty
from tests.analytics.frames_before.exams import answers, attempts, drills, question_tags
from tests.analytics.frames_before.ledger import items, ledger, study_hours, training
from tests.analytics.frames_before.live import class_choices, live
from tests.analytics.frames_before.people import (
    enterprises,
    groups,
    order_groups,
    staff,
)
from tests.analytics.frames_before.reviews import cases, issues, reviews, rounds
from tests.analytics.frames_before.study import assignments

__all__ = [
    "COLUMNS",
    "Frames",
    "Scope",
    "answers",
    "article_labels",
    "assignments",
    "attempts",
    "cases",
    "class_choices",
    "default_year",
    "drills",
    "empty",
    "enterprises",
    "groups",
    "issues",
    "items",
    "ledger",
    "live",
    "load",
    "order_groups",
    "load_report",
    "question_tags",
    "reviews",
    "rounds",
    "staff",
    "study_hours",
    "training",
]


@dataclass
class Frames:
    """Every frame of one scope, by name (``frames["attempts"]``)."""

    scope: Scope
    data: dict[str, pd.DataFrame] = field(default_factory=dict)
    # Every module is installed now, so nothing is ever missing; kept empty only
    # because analytics/report.py still reads it (drop both together).
    missing: frozenset[str] = frozenset()

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.data[name]


def default_year(today: dt.date) -> int:
    """The year a dashboard opens on: this year once it has a live class or a
    law-education activity (what the annual report counts); before that, the last."""
    start, _end = Scope(year=today.year).instants
    if (
        LiveClassPage.objects.filter(scheduled_start__gte=start).exists()
        or Activity.objects.filter(date__gte=start.date()).exists()
    ):
        return today.year
    return today.year - 1


def load(scope: Scope) -> Frames:
    """Every frame the dashboards and the report read, for one scope."""
    frames = Frames(scope=scope)
    data = frames.data
    data["enterprises"] = enterprises()
    data["staff"] = staff()
    data["groups"] = groups()
    data["attempts"] = attempts(scope)
    data["answers"] = answers(scope)
    data["question_points"], data["question_articles"] = question_tags()
    data["drills"] = drills(scope)
    data["classes"], data["viewers"], data["sessions"] = live(scope)
    data["reviews"] = reviews(scope)
    data["issues"] = issues(scope)
    data["cases"] = cases(scope)
    data["activities"], data["letters"] = ledger(scope)
    data["assignments"] = assignments(scope, data["staff"])
    data["rounds"] = rounds(scope)
    data["items"] = items(scope)
    data["training"] = training(scope)
    order = data["groups"]["name"].tolist() if len(data["groups"]) else []
    for name, frame in data.items():
        if name != "groups":
            data[name] = order_groups(frame, order)
    return frames


def load_report(scope: Scope) -> Frames:
    """:func:`load` plus what only the annual report reads (每人学时 for the year)."""
    frames = load(scope)
    frames.data["study_hours"] = study_hours(scope)
    return frames
