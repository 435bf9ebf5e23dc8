"""The session batch a worker writes every tick (and all at once when it stops):
set-based, so its statements do not grow with the number of sessions, and exact:
an end is written once and kept, a last-seen time never moves back."""

import datetime as dt
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from livestreams import services
from livestreams.models import ViewingSession
from tests.livestreams.factories import make_class, make_viewer

pytestmark = pytest.mark.django_db


def at(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)


def open_sessions(n: int, start: float) -> list[str]:
    live_class = make_class()
    viewer = make_viewer(live_class)
    keys = [f"k{i}" for i in range(n)]
    services.sessions_flush(
        opens=dict.fromkeys(keys, (live_class.pk, viewer.pk, start)), closes={}
    )
    return keys


@pytest.mark.parametrize("n", [3, 300])
def test_closing_any_number_of_sessions_takes_the_same_statements(n):
    start = time.time() - 600
    keys = open_sessions(n, start)
    with CaptureQueriesContext(connection) as captured:
        closed = services.sessions_close(
            ended={k: start + 60 + i for i, k in enumerate(keys)}
        )
    assert closed == n
    # The open ids, one update (and the transaction's own statements, if any).
    assert len([q for q in captured if "SAVEPOINT" not in q["sql"]]) == 2
    ends = dict(ViewingSession.objects.values_list("key", "ended_at"))
    assert ends == {k: at(start + 60 + i) for i, k in enumerate(keys)}


def test_an_end_is_written_once_and_kept():
    start = time.time() - 600
    (key,) = open_sessions(1, start)
    assert services.sessions_close(ended={key: start + 60}) == 1
    assert services.sessions_close(ended={key: start + 90}) == 0  # a replay
    assert ViewingSession.objects.get(key=key).ended_at == at(start + 60)


def test_last_seen_moves_forward_only_and_not_on_closed_sessions():
    start = time.time() - 600
    a, b, c = open_sessions(3, start)
    services.sessions_seen(seen={a: start + 30, b: start + 30})
    services.sessions_close(ended={c: start + 20})
    with CaptureQueriesContext(connection) as captured:
        services.sessions_seen(seen={a: start + 10, b: start + 50, c: start + 99})
    assert len([q for q in captured if "SAVEPOINT" not in q["sql"]]) == 2
    seen = dict(ViewingSession.objects.values_list("key", "last_seen_at"))
    assert seen[a] == at(start + 30)  # never back
    assert seen[b] == at(start + 50)
    assert seen[c] == at(start)  # closed: untouched (its start)
