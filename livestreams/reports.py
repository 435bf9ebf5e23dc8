"""The post-class report: stored sessions (live and imported) → metrics.report."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import PostCategory
from livestreams import metrics
from livestreams.models import LiveClassPage, Viewer, ViewingSession


def class_sessions(live_class: LiveClassPage) -> list[tuple[int, float, float]]:
    """(viewer id, start, end) of every stored session; a session still open (or
    left open by a killed worker) runs until now, clipped later to the class."""
    now = timezone.now().timestamp()
    rows = ViewingSession.objects.filter(live_class=live_class).values_list(
        "viewer_id", "started_at", "ended_at"
    )
    return [
        (viewer, start.timestamp(), end.timestamp() if end else now)
        for viewer, start, end in rows
    ]


def viewer_infos(live_class: LiveClassPage) -> dict[int, metrics.ViewerInfo]:
    return {
        viewer.pk: metrics.ViewerInfo(
            enterprise=f"id:{viewer.enterprise_id}"
            if viewer.enterprise_id
            else f"name:{viewer.enterprise_name.strip()}",
            front_line=viewer.post_category == PostCategory.FRONT_LINE,
        )
        for viewer in Viewer.objects.for_class(live_class)
    }


def class_report(live_class: LiveClassPage) -> metrics.Report:
    """Peak, unique, visits, watch times, attendance and the curve of one class."""
    start, end = live_class.window
    return metrics.report(
        class_sessions(live_class),
        viewer_infos(live_class),
        start=start.timestamp(),
        end=end.timestamp(),
        threshold_seconds=live_class.threshold_seconds,
    )


def as_datetime(seconds: float | None) -> dt.datetime | None:
    if seconds is None:
        return None
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
