"""The pure audience metrics, checked against brute force per second."""

import random

import pytest

from livestreams import metrics
from livestreams.metrics import ViewerInfo


def test_union_counts_overlapping_tabs_once():
    assert metrics.union_length([(0, 10), (5, 15), (20, 30)], 0, 100) == 25


def test_union_is_clipped_to_the_class():
    assert metrics.union_length([(-50, 10), (90, 200)], 0, 100) == 20


def test_merge_joins_touching_intervals_and_drops_empty_ones():
    assert metrics.merge([(5, 5), (0, 2), (2, 4), (10, 12)]) == [(0, 4), (10, 12)]


def test_peak_counts_viewers_not_connections():
    per_viewer = {1: [(0, 10), (2, 8)], 2: [(5, 20)]}
    assert metrics.peak(per_viewer, 0, 100) == (2, 5)


def test_leaving_and_arriving_at_the_same_instant_do_not_overlap():
    per_viewer = {1: [(0, 10)], 2: [(10, 20)]}
    assert metrics.peak(per_viewer, 0, 100) == (1, 0)


def _brute(per_viewer, lo, hi):
    """Independent recomputation: who is present during each whole second."""
    seconds = range(int(lo), int(hi))
    present = [
        sum(
            1
            for intervals in per_viewer.values()
            if any(s <= t and t + 1 <= e for s, e in intervals)
        )
        for t in seconds
    ]
    watch = {
        v: sum(1 for t in seconds if any(s <= t and t + 1 <= e for s, e in iv))
        for v, iv in per_viewer.items()
    }
    curve = [
        max(present[m * 60 : (m + 1) * 60], default=0)
        for m in range((len(present) + 59) // 60)
    ]
    return max(present, default=0), watch, curve


@pytest.mark.parametrize("seed", range(12))
def test_report_equals_a_brute_force_recomputation(seed):
    rng = random.Random(seed)
    lo, hi = 1000, 1000 + 30 * 60
    sessions, infos = [], {}
    for viewer in range(40):
        infos[viewer] = ViewerInfo(
            enterprise=f"e{viewer % 7}", front_line=viewer % 3 > 0
        )
        for _ in range(rng.randint(1, 4)):
            start = rng.randint(lo - 300, hi)
            sessions.append((viewer, start, start + rng.randint(1, 900)))
    threshold = (hi - lo) * 0.5
    result = metrics.report(
        sessions, infos, start=lo, end=hi, threshold_seconds=threshold
    )

    per_viewer = {}
    for v, s, e in sessions:
        per_viewer.setdefault(v, []).append((s, e))
    top, watch, curve = _brute(per_viewer, lo, hi)
    assert result.peak == top
    assert result.watch_seconds == watch
    assert [n for _t, n in result.curve] == curve
    assert result.unique == len(per_viewer)
    assert result.visits == len(sessions)
    assert result.attended == sum(1 for t in watch.values() if t >= threshold)
    assert result.average_watch_seconds == pytest.approx(sum(watch.values()) / 40)
    assert result.front_line_share == pytest.approx(
        sum(1 for v in per_viewer if infos[v].front_line) / len(per_viewer)
    )
    assert result.enterprises_reached == 7


def test_empty_class_reports_zeroes():
    result = metrics.report([], {}, start=0, end=600, threshold_seconds=300)
    assert (result.peak, result.unique, result.attended) == (0, 0, 0)
    assert [n for _t, n in result.curve] == [0] * 10
