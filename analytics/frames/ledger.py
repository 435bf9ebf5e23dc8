"""The 普法 ledger: the responsibility list, law-education activities, warning
letters, offline training and each staff member's study hours (学时)."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
from django.db.models import Count, FloatField
from django.db.models.functions import Cast

from analytics.frames.base import COLUMNS, DAY, Scope, load_frame
from ledger import services as ledger_services
from ledger.models import (
    Activity,
    ActivityType,
    ResponsibilityItem,
    TrainingSession,
    WarningLetter,
    item_status,
)

# The kind metrics counts as 送法进企 (other activity types keep their own value).
OUTREACH = "outreach"


def ledger(scope: Scope) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(activities, letters) of the scope: one activity row per enterprise reached
    (one row with no enterprise for an activity that reached none)."""
    start, end = scope.dates
    qs = Activity.objects.filter(date__gte=start, date__lt=end)
    heads = load_frame(
        qs,
        ["pk", "activity_type", "date", "participant_count"],
        ["activity_id", "activity_type", "date", "participants"],
        {"activity_id": "Int64", "date": DAY, "participants": "Int64"},
    )
    links = load_frame(
        Activity.enterprises.through.objects.filter(activity__in=qs),
        ["activity_id", "enterprise_id"],
        ["activity_id", "enterprise_id"],
        {"activity_id": "Int64", "enterprise_id": "Int64"},
    )
    activities = heads.merge(links, on="activity_id", how="left")
    kind = activities["activity_type"].map(
        {ActivityType.LAW_TO_ENTERPRISES.value: OUTREACH}
    )
    activities["kind"] = kind.fillna(activities["activity_type"]).astype("category")
    letters = load_frame(
        WarningLetter.objects.filter(issued_on__gte=start, issued_on__lt=end),
        ["pk", "enterprise_id", "issued_on"],
        COLUMNS["letters"],
        {"letter_id": "Int64", "enterprise_id": "Int64", "issued_on": DAY},
    )
    return activities[COLUMNS["activities"]], letters


def items(scope: Scope) -> pd.DataFrame:
    """The items of the scope year's 普法责任清单 with the activities recorded against
    each (``done``) and the status that gives (not_started/in_progress/done)."""
    frame = load_frame(
        ResponsibilityItem.objects.filter(responsibility_list__year=scope.year)
        .annotate(_done=Count("activities", distinct=True))
        .order_by("number"),
        ["pk", "number", "planned_count", "_done"],
        COLUMNS["items"][:-1],
        {"item_id": "Int64", "number": "Int64", "planned": "Int64", "done": "Int64"},
    )
    # A few dozen items: the status is the ledger's own rule, applied per item.
    frame["status"] = pd.Series(
        [
            str(item_status(d, p))
            for d, p in zip(frame["done"], frame["planned"], strict=True)
        ],
        index=frame.index,
        dtype=object,
    )
    return frame


def training(scope: Scope) -> pd.DataFrame:
    """Offline training sessions of the scope: one row per (session, attendee); a
    session nobody was recorded at has one row with no user."""
    start, end = scope.dates
    qs = TrainingSession.objects.filter(date__gte=start, date__lt=end)
    heads = load_frame(
        qs.annotate(_hours=Cast("hours", FloatField())),
        ["pk", "title", "date", "_hours"],
        ["session_id", "title", "date", "hours"],
        {"session_id": "Int64", "date": DAY, "hours": float},
    )
    links = load_frame(
        TrainingSession.attendees.through.objects.filter(trainingsession__in=qs),
        ["trainingsession_id", "user_id"],
        ["session_id", "user_id"],
        {"session_id": "Int64", "user_id": "Int64"},
    )
    return heads.merge(links, on="session_id", how="left")[COLUMNS["training"]]


def study_hours(scope: Scope) -> pd.DataFrame:
    """Each staff member's study hours (学时) in the scope year against the yearly
    requirement, by the ledger's own rule (:mod:`ledger.study_hours`)."""
    frame = load_frame(
        ledger_services.staff_queryset(),
        ["pk", "enforcement_group__name"],
        ["user_id", "group"],
        {"user_id": "Int64"},
    )
    # The rule only reads each person's id: no user instance is built for it.
    people = [SimpleNamespace(pk=int(pk)) for pk in frame["user_id"]]
    hours = ledger_services.study_hours_for(scope.year, people) if people else {}
    for column, value in (("total", float), ("required", float), ("below", bool)):
        frame[column] = pd.Series(
            [value(getattr(hours[p.pk], column)) for p in people],
            index=frame.index,
            dtype=value,
        )
    return frame[COLUMNS["study_hours"]]
