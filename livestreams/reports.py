"""The post-class report: stored sessions (live and imported) → metrics.report."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from accounts.models import PostCategory
from livestreams import metrics
from livestreams.models import LiveClassPage, Viewer, ViewingSession


def class_sessions(live_class: LiveClassPage) -> list[tuple[int, float, float]]:
    """(viewer id, start, end) of every stored session. A session still open runs
    until now while its worker keeps writing that it hears from it; one left open
    without news (its presence lost with a worker or the store) ends when last
    seen, so watch time never exceeds what the server saw."""
    now = timezone.now().timestamp()
    fresh = now - (
        settings.LIVESTREAMS_HEARTBEAT_TIMEOUT
        + settings.LIVESTREAMS_SESSION_SEEN_INTERVAL
    )
    rows = ViewingSession.objects.filter(live_class=live_class).values_list(
        "viewer_id", "started_at", "ended_at", "last_seen_at"
    )
    sessions = []
    for viewer, start, end, seen in rows:
        if end is None:
            last = (seen or start).timestamp()
            sessions.append((viewer, start.timestamp(), now if last >= fresh else last))
        else:
            sessions.append((viewer, start.timestamp(), end.timestamp()))
    return sessions


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
    # A visit continued after a reconnect is one visit, however many sessions.
    visits = (
        ViewingSession.objects.filter(live_class=live_class)
        .annotate(of=Coalesce(NullIf("visit", Value("")), "key"))
        .values("of")
        .distinct()
        .count()
    )
    return metrics.report(
        class_sessions(live_class),
        viewer_infos(live_class),
        start=start.timestamp(),
        end=end.timestamp(),
        threshold_seconds=live_class.threshold_seconds,
        visits=visits,
    )


def as_datetime(seconds: float | None) -> dt.datetime | None:
    if seconds is None:
        return None
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
