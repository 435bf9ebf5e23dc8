"""Live classes: the classes of a scope, their viewers and viewing sessions."""

from __future__ import annotations

import pandas as pd
from django.db.models import Case, CharField, Q, Value, When
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from analytics.frames.base import (
    COLUMNS,
    UTC,
    UTC_MICROSECONDS,
    EpochMicroseconds,
    Scope,
    empty,
    load_frame,
)
from livestreams.models import LiveClassPage, Viewer, ViewingSession


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
    viewers = load_frame(
        Viewer.objects.filter(live_class_id__in=ids).annotate(_person=person),
        ["pk", "live_class_id", "_person", "enterprise_id", "post_category",
         "enterprise_name"],
        COLUMNS["viewers"],
        {"viewer_id": "Int64", "class_id": "Int64", "enterprise_id": "Int64",
         "post_category": "category"},
        raw=True,
    )  # fmt: skip
    # Over half a million rows a year at 10× the bureau: instants as integers.
    sessions = load_frame(
        ViewingSession.objects.filter(live_class_id__in=ids).annotate(
            _start=EpochMicroseconds("started_at"), _end=EpochMicroseconds("ended_at")
        ),
        ["live_class_id", "viewer_id", "_start", "_end"],
        COLUMNS["sessions"],
        {"class_id": "Int64", "viewer_id": "Int64", "started_at": UTC_MICROSECONDS,
         "ended_at": UTC_MICROSECONDS},
        raw=True,
    )  # fmt: skip
    return classes, viewers, sessions


def class_choices(year: int) -> list[tuple[int, str]]:
    """(id, "第N期") of the year's live classes, for the dashboard filter."""
    start, end = Scope(year=year).instants
    rows = LiveClassPage.objects.filter(
        scheduled_start__gte=start, scheduled_start__lt=end
    ).order_by("scheduled_start")
    return [(pk, f"第{period}期") for pk, period in rows.values_list("pk", "period")]


def _live_classes(qs) -> pd.DataFrame:
    frame = load_frame(
        qs,
        ["pk", "period", "scheduled_start", "scheduled_end", "started_at", "ended_at",
         "attendance_threshold_percent", "peak", "status"],
        ["class_id", "period", "scheduled_start", "scheduled_end", "started_at",
         "ended_at", "percent", "peak_live", "status"],
        {"class_id": "Int64", "percent": float, "peak_live": "Int64",
         "scheduled_start": UTC, "scheduled_end": UTC, "started_at": UTC,
         "ended_at": UTC},
    )  # fmt: skip
    if frame.empty:
        return empty("classes")
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
