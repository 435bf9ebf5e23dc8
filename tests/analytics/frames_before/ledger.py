"""The 普法 ledger: law-education activities and warning letters."""

from __future__ import annotations

import pandas as pd

# The ledger models move to their own app; until then they live in courses.
from ledger.models import Activity, ActivityType, WarningLetter
from tests.analytics.frames_before.base import COLUMNS, Scope

# The kind metrics counts as 送法进企 (other activity types keep their own value).
OUTREACH = "outreach"


def ledger(scope: Scope) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(activities, letters) of the scope: one activity row per enterprise reached."""
    start, end = scope.dates
    qs = Activity.objects.filter(date__gte=start, date__lt=end)
    heads = pd.DataFrame.from_records(
        list(qs.values_list("pk", "activity_type", "date")),
        columns=["activity_id", "activity_type", "date"],
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
