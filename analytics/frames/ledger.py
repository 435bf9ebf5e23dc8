"""The 普法 ledger: law-education activities and warning letters."""

from __future__ import annotations

import pandas as pd

from analytics.frames.base import COLUMNS, DAY, Scope, load_frame
from ledger.models import Activity, ActivityType, WarningLetter

# The kind metrics counts as 送法进企 (other activity types keep their own value).
OUTREACH = "outreach"


def ledger(scope: Scope) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(activities, letters) of the scope: one activity row per enterprise reached."""
    start, end = scope.dates
    qs = Activity.objects.filter(date__gte=start, date__lt=end)
    heads = load_frame(
        qs,
        ["pk", "activity_type", "date"],
        ["activity_id", "activity_type", "date"],
        {"activity_id": "Int64", "date": DAY},
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
