"""The 普法 ledger: the responsibility list, law-education activities, warning
letters, offline training and each staff member's study hours (学时)."""

from __future__ import annotations

import pandas as pd
from django.db.models import Count

from ledger import services as ledger_services
from ledger.models import (
    Activity,
    ActivityType,
    ResponsibilityItem,
    TrainingSession,
    WarningLetter,
    item_status,
)
from tests.analytics.frames_before.base import COLUMNS, Scope, empty

# The kind metrics counts as 送法进企 (other activity types keep their own value).
OUTREACH = "outreach"


def ledger(scope: Scope) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(activities, letters) of the scope: one activity row per enterprise reached
    (one row with no enterprise for an activity that reached none)."""
    start, end = scope.dates
    qs = Activity.objects.filter(date__gte=start, date__lt=end)
    heads = pd.DataFrame.from_records(
        list(qs.values_list("pk", "activity_type", "date", "participant_count")),
        columns=["activity_id", "activity_type", "date", "participants"],
    )
    links = pd.DataFrame.from_records(
        list(
            Activity.enterprises.through.objects.filter(activity__in=qs).values_list(
                "activity_id", "enterprise_id"
            )
        ),
        columns=["activity_id", "enterprise_id"],
    )
    activities = heads.merge(links, on="activity_id", how="left")
    activities["kind"] = (
        activities["activity_type"]
        .map({ActivityType.LAW_TO_ENTERPRISES.value: OUTREACH})
        .fillna(activities["activity_type"])
    )
    letters = pd.DataFrame.from_records(
        list(
            WarningLetter.objects.filter(
                issued_on__gte=start, issued_on__lt=end
            ).values_list("pk", "enterprise_id", "issued_on")
        ),
        columns=COLUMNS["letters"],
    )
    return activities[COLUMNS["activities"]], letters


def items(scope: Scope) -> pd.DataFrame:
    """The items of the scope year's 普法责任清单 with the activities recorded against
    each (``done``) and the status that gives (not_started/in_progress/done)."""
    rows = list(
        ResponsibilityItem.objects.filter(responsibility_list__year=scope.year)
        .annotate(_done=Count("activities", distinct=True))
        .order_by("number")
        .values_list("pk", "number", "planned_count", "_done")
    )
    if not rows:
        return empty("items")
    frame = pd.DataFrame.from_records(rows, columns=COLUMNS["items"][:-1])
    frame["status"] = [
        str(item_status(d, p))
        for d, p in zip(frame["done"], frame["planned"], strict=True)
    ]
    return frame


def training(scope: Scope) -> pd.DataFrame:
    """Offline training sessions of the scope: one row per (session, attendee); a
    session nobody was recorded at has one row with no user."""
    start, end = scope.dates
    qs = TrainingSession.objects.filter(date__gte=start, date__lt=end)
    heads = pd.DataFrame.from_records(
        list(qs.values_list("pk", "title", "date", "hours")),
        columns=["session_id", "title", "date", "hours"],
    )
    if heads.empty:
        return empty("training")
    heads["hours"] = heads["hours"].astype(float)
    links = pd.DataFrame.from_records(
        list(
            TrainingSession.attendees.through.objects.filter(
                trainingsession__in=qs
            ).values_list("trainingsession_id", "user_id")
        ),
        columns=["session_id", "user_id"],
    )
    return heads.merge(links, on="session_id", how="left")[COLUMNS["training"]]


def study_hours(scope: Scope) -> pd.DataFrame:
    """Each staff member's study hours (学时) in the scope year against the yearly
    requirement, by the ledger's own rule (:mod:`ledger.study_hours`)."""
    users = list(ledger_services.staff_queryset())
    if not users:
        return empty("study_hours")
    hours = ledger_services.study_hours_for(scope.year, users)
    return pd.DataFrame.from_records(
        [
            (
                u.pk,
                u.enforcement_group.name,
                float(hours[u.pk].total),
                float(hours[u.pk].required),
                hours[u.pk].below,
            )
            for u in users
        ],
        columns=COLUMNS["study_hours"],
    )
