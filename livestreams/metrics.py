"""Audience metrics of a live class: pure functions over plain intervals.

Times are POSIX seconds (floats). A viewer's watch time is the length of the union of
their present intervals clipped to the class; concurrency counts viewers, not
connections, so one viewer with three tabs is one.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

Interval = tuple[float, float]


@dataclass(frozen=True)
class ViewerInfo:
    enterprise: str  # a stable key: the registered enterprise's id or the typed name
    front_line: bool


@dataclass(frozen=True)
class Report:
    peak: int
    peak_at: float | None
    unique: int
    visits: int
    average_watch_seconds: float
    median_watch_seconds: float
    attended: int
    enterprises_reached: int
    front_line_share: float
    curve: list[tuple[float, int]] = field(default_factory=list)
    watch_seconds: dict = field(default_factory=dict)


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, disjoint intervals covering the same time; empty ones dropped."""
    merged: list[list[float]] = []
    for start, end in sorted((s, e) for s, e in intervals if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def clip(intervals: Iterable[Interval], lo: float, hi: float) -> list[Interval]:
    return [(max(s, lo), min(e, hi)) for s, e in intervals if min(e, hi) > max(s, lo)]


def union_length(intervals: Iterable[Interval], lo: float, hi: float) -> float:
    """Seconds covered by the intervals between lo and hi, overlaps counted once."""
    return sum(e - s for s, e in merge(clip(intervals, lo, hi)))


def _events(per_viewer: Mapping[object, Sequence[Interval]], lo, hi):
    """+1/-1 steps of the number of present viewers; ends sort before starts so that
    a viewer leaving and another arriving at the same instant never overlap."""
    events = []
    for intervals in per_viewer.values():
        for s, e in merge(clip(intervals, lo, hi)):
            events.append((s, 1))
            events.append((e, -1))
    events.sort(key=lambda item: (item[0], item[1]))
    return events


def peak(
    per_viewer: Mapping[object, Sequence[Interval]], lo: float, hi: float
) -> tuple[int, float | None]:
    """The highest number of viewers present at once within [lo, hi), and when."""
    best, best_at, current = 0, None, 0
    for t, step in _events(per_viewer, lo, hi):
        current += step
        if current > best:
            best, best_at = current, t
    return best, best_at


def minute_curve(
    per_viewer: Mapping[object, Sequence[Interval]], lo: float, hi: float
) -> list[tuple[float, int]]:
    """For each minute from lo: the most viewers present at any instant of it."""
    minutes = max(1, math.ceil((hi - lo) / 60)) if hi > lo else 0
    curve = [0] * minutes
    # The level after all steps at each instant (intervals are half-open).
    levels: list[tuple[float, int]] = []
    current = 0
    for t, step in _events(per_viewer, lo, hi):
        current += step
        if levels and levels[-1][0] == t:
            levels[-1] = (t, current)
        else:
            levels.append((t, current))
    before, index = 0, 0
    for t, level in levels:
        minute = min(int((t - lo) // 60), minutes - 1)
        # Minutes begun since the last change started at the previous level, except
        # one that begins exactly now.
        for k in range(index + 1, minute + 1):
            if not (k == minute and t == lo + 60 * k):
                curve[k] = max(curve[k], before)
        curve[minute] = max(curve[minute], level)
        before, index = level, max(index, minute)
    for k in range(index + 1, minutes):
        curve[k] = max(curve[k], before)
    return [(lo + 60 * i, n) for i, n in enumerate(curve)]


def report(
    sessions: Iterable[tuple[object, float, float]],
    viewers: Mapping[object, ViewerInfo],
    *,
    start: float,
    end: float,
    threshold_seconds: float,
    visits: int | None = None,
) -> Report:
    """Everything the post-class report shows, from (viewer, start, end) sessions
    (``visits``: when sessions continue one another, how many visits they make;
    by default each session is one)."""
    per_viewer: dict[object, list[Interval]] = {}
    counted = 0
    for viewer, s, e in sessions:
        counted += 1
        per_viewer.setdefault(viewer, []).append((s, e))
    watch = {v: union_length(iv, start, end) for v, iv in per_viewer.items()}
    top, top_at = peak(per_viewer, start, end)
    present = list(per_viewer)
    times = [watch[v] for v in present]
    front = sum(1 for v in present if viewers[v].front_line)
    return Report(
        peak=top,
        peak_at=top_at,
        unique=len(present),
        visits=counted if visits is None else visits,
        average_watch_seconds=statistics.fmean(times) if times else 0.0,
        median_watch_seconds=statistics.median(times) if times else 0.0,
        attended=sum(1 for t in times if t >= threshold_seconds),
        enterprises_reached=len({viewers[v].enterprise for v in present}),
        front_line_share=front / len(present) if present else 0.0,
        curve=minute_curve(per_viewer, start, end),
        watch_seconds=watch,
    )
