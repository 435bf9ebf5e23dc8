"""The only analytics module that queries: each frame is streamed from a handful of
``values_list()`` queries (only the columns it uses) straight into a typed DataFrame
(:func:`.base.load_frame`): no model instance, no per-row ORM loop, no query per row.

One module per domain, each importing the models and enums it reads:
:mod:`.people` (enterprises, staff, groups), :mod:`.study` (required study),
:mod:`.exams` (quizzes), :mod:`.live` (live classes), :mod:`.reviews` (peer review),
:mod:`.ledger` (the 普法 ledger). :func:`load` builds every frame of a scope.
"""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext
from dataclasses import dataclass, field

import pandas as pd

from analytics.frames.base import COLUMNS, Scope, article_labels, empty
from analytics.frames.exams import answers, attempts, drills, question_tags
from analytics.frames.ledger import items, ledger, study_hours, training
from analytics.frames.live import class_choices, live
from analytics.frames.people import enterprises, groups, order_groups, staff
from analytics.frames.reviews import cases, issues, reviews, rounds
from analytics.frames.study import assignments
from ledger.models import Activity
from livestreams.models import LiveClassPage

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
    "load_report",
    "order_groups",
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


def load(scope: Scope, *, step=None) -> Frames:
    """Every frame the dashboards and the report read, for one scope.

    ``step(name)``, when given, returns a context manager wrapped around the loading
    of each named step (the benchmark's ``--profile`` times and counts queries).
    """
    step = step or (lambda name: nullcontext())
    frames = Frames(scope=scope)
    data = frames.data
    with step("article_labels"):
        # One query, shared by the three frames citing articles.
        labels = article_labels()
    with step("enterprises"):
        data["enterprises"] = enterprises()
    with step("staff"):
        data["staff"] = staff()
    with step("groups"):
        data["groups"] = groups()
    with step("attempts"):
        data["attempts"] = attempts(scope)
    with step("answers"):
        data["answers"] = answers(scope)
    with step("question_tags"):
        data["question_points"], data["question_articles"] = question_tags(labels)
    with step("drills"):
        data["drills"] = drills(scope)
    with step("live"):
        data["classes"], data["viewers"], data["sessions"] = live(scope)
    with step("reviews"):
        data["reviews"] = reviews(scope)
    with step("issues"):
        data["issues"] = issues(scope, labels)
    with step("cases"):
        data["cases"] = cases(scope, labels)
    with step("ledger"):
        data["activities"], data["letters"] = ledger(scope)
    with step("assignments"):
        data["assignments"] = assignments(scope, data["staff"])
    with step("rounds"):
        data["rounds"] = rounds(scope)
    with step("items"):
        data["items"] = items(scope)
    with step("training"):
        data["training"] = training(scope)
    with step("order_groups"):
        order = data["groups"]["name"].tolist() if len(data["groups"]) else []
        for name, frame in data.items():
            if name != "groups":
                data[name] = order_groups(frame, order)
    return frames


def load_report(scope: Scope, *, step=None) -> Frames:
    """:func:`load` plus what only the annual report reads (每人学时 for the year)."""
    frames = load(scope, step=step)
    with (step or (lambda name: nullcontext()))("study_hours"):
        frames.data["study_hours"] = study_hours(scope)
    return frames
