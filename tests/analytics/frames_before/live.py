"""Live classes: the classes of a scope, their viewers and viewing sessions."""

from __future__ import annotations

import pandas as pd
from django.db.models import Case, CharField, Q, Value, When
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from livestreams.models import LiveClassPage, Viewer, ViewingSession
from tests.analytics.frames_before.base import COLUMNS, Scope, empty


def live(scope: Scope) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(classes, viewers, sessions) of the live classes scheduled in the scope.

    ``person`` identifies one human across classes: the platform user, else the
    phone number, else name + enterprise as written at sign-up.
    """
    start, end = scope.instants
    qs = LiveClassPage.objects.filter(
        scheduled_start__gte=start, scheduled_start__lt=end
    )
    if scope.class_id:
        qs = qs.filter(pk=scope.class_id)
    classes = _live_classes(qs)
    ids = classes["class_id"].tolist()
    # The person key is built in SQL: one string a row instead of four fields.
    person = Case(
        When(
            user_id__isnull=False,
            then=Concat(Value("u:"), Cast("user_id", CharField())),
        ),
        When(~Q(phone=""), then=Concat(Value("p:"), "phone")),
        default=Concat(Value("n:"), "name", Value("|"), "enterprise_name"),
        output_field=CharField(),
    )
    viewers = pd.DataFrame.from_records(
        list(
            Viewer.objects.filter(live_class_id__in=ids)
            .annotate(_person=person)
            .values_list(
                "pk",
                "live_class_id",
                "_person",
                "enterprise_id",
                "post_category",
                "enterprise_name",
            )
            .iterator(chunk_size=20_000)
        ),
        columns=COLUMNS["viewers"],
    )
    sessions = pd.DataFrame.from_records(
        list(
            ViewingSession.objects.filter(live_class_id__in=ids).values_list(
                "live_class_id", "viewer_id", "started_at", "ended_at"
            )
        ),
        columns=COLUMNS["sessions"],
    )
    for column in ("started_at", "ended_at"):
        sessions[column] = pd.to_datetime(sessions[column], utc=True)
    return classes, viewers, sessions


def class_choices(year: int) -> list[tuple[int, str]]:
    """(id, "第N期") of the year's live classes, for the dashboard filter."""
    start, end = Scope(year=year).instants
    rows = LiveClassPage.objects.filter(
        scheduled_start__gte=start, scheduled_start__lt=end
    ).order_by("scheduled_start")
    return [(pk, f"第{period}期") for pk, period in rows.values_list("pk", "period")]


def _live_classes(qs) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(
        list(
            qs.values_list(
                "pk", "period", "title", "scheduled_start", "scheduled_end",
                "started_at", "ended_at", "attendance_threshold_percent", "peak",
                "status",
            )
        ),
        columns=[
            "class_id", "period", "title", "scheduled_start", "scheduled_end",
            "started_at", "ended_at", "percent", "peak_live", "status",
        ],
    )  # fmt: skip
    if frame.empty:
        return empty("classes")
    for column in ("scheduled_start", "scheduled_end", "started_at", "ended_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    frame["start"] = frame["started_at"].fillna(frame["scheduled_start"])
    frame["end"] = frame["ended_at"].fillna(frame["scheduled_end"])
    length = (frame["end"] - frame["start"]).dt.total_seconds().clip(lower=0)
    frame["threshold_seconds"] = length * frame["percent"] / 100
    frame["label"] = "第" + frame["period"].astype(str) + "期"
    # Two series may both have a 第1期 in a year: tell them apart by date.
    twins = frame["label"].duplicated(keep=False)
    local = frame["start"].dt.tz_convert(timezone.get_current_timezone())
    frame.loc[twins, "label"] += "（" + local[twins].dt.strftime("%m-%d") + "）"
    return frame.sort_values("start")[COLUMNS["classes"]].reset_index(drop=True)
