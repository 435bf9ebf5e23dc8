"""Benchmark (not a test): the year's dashboards and annual report over 10× the
bureau's year on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ha_bench \\
        .venv/bin/python benchmarks/analytics_year.py --scale 10 --case-files 5000

Generates the data once (``--generate``; skipped when the year is already there),
then in a fresh process measures, ``--repeat`` times: loading every frame and
computing every metric (the dashboards), drawing every chart, and building and
writing the annual report. Prints the median time of each stage, the process's
peak RSS after the metrics (and after everything) and the number of SQL queries.
Target: all metrics under 10 s and 1 GB.

Every run prints the load average at its start and end and marks the figures
BUSY when the machine was not quiet (1-minute load above ``--quiet-load``, default
1.0 on this 2-core kind, at the start; above it plus 1, this run's own share, at the
end): run it alone. ``--anchor`` also loads the same frames, in
the same process and the same repeats, with the loaders as they were before issue
17 (``tests/analytics/frames_before``, kept as the equivalence test's oracle) and
prints the median ratio, so the figure does not depend on the machine's speed.

``--profile`` also prints, for the first run, each frame step's load time (wall
and CPU), SQL query count and rows, then the top entries of a cProfile of one
more frames load (``--profile-top N``, 0 to skip).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks import _load as load  # noqa: E402 (after the path is set)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


def setup() -> None:
    import django

    django.setup()


def generate(args) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command(
        "generate_year",
        str(args.year),
        scale=args.scale,
        case_files=args.case_files,
        verbosity=2,
    )
    _out(f"generated in {time.perf_counter() - started:.1f} s")


def _out(message: str) -> None:
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def measure(args) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from analytics import dashboards, frames, report

    scope = frames.Scope(year=args.year)
    load_start = load.load_average()
    _out(load.load_line("start", load_start))
    anchor_times: list[float] = []
    if args.anchor:
        # The anchor is test code on purpose: the frozen pre-issue-17 loaders.
        from tests.analytics import frames_before
    stages = {"frames": [], "metrics": [], "charts": [], "report": []}
    cpu = {stage: [] for stage in stages}
    queries = {}
    rss_metrics = 0.0
    if args.profile:
        profile_frames(scope, args.profile_top)
    for _ in range(args.repeat):
        cache.clear()
        with (
            CaptureQueriesContext(connection) as captured,
            _timed("frames", stages, cpu),
        ):
            data = frames.load(scope)
        queries["frames"] = len(captured)
        if args.anchor:
            started = time.perf_counter()
            frames_before.load(frames_before.Scope(year=args.year))
            anchor_times.append(time.perf_counter() - started)
        with _timed("metrics", stages, cpu):
            tables = dashboards.compute_from(data)
        with _timed("charts", stages, cpu):
            for name in dashboards.CHARTS:
                dashboards.chart_png(name, tables)
        del data
        rss_metrics = max(rss_metrics, _rss())
        with (
            CaptureQueriesContext(connection) as captured,
            _timed("report", stages, cpu),
        ):
            built = report.build(args.year)
            report.write(built, Path(tempfile.mkdtemp(prefix="ha-bench-")))
        queries["report"] = len(captured)
    counts = {
        "sessions": len(tables["watch_minutes"]),
        "classes": len(tables["audience"]),
        "item rows": len(tables["items"]),
    }
    _out(f"data: {counts} (watch rows = viewer-class pairs present)")
    for stage, times in stages.items():
        _out(
            f"{stage:8s} median {statistics.median(times):6.2f} s wall, "
            f"{statistics.median(cpu[stage]):6.2f} s CPU of this process "
            f"(runs: {', '.join(f'{t:.2f}' for t in times)})"
            + (f", {queries[stage]} SQL queries" if stage in queries else "")
        )
    if anchor_times:
        anchor = statistics.median(anchor_times)
        ratio = statistics.median(stages["frames"]) / anchor
        _out(
            f"anchor   median {anchor:6.2f} s wall: the pre-issue-17 loaders "
            f"(runs: {', '.join(f'{t:.2f}' for t in anchor_times)}); "
            f"frames / anchor = {ratio:.2f}"
        )
    _out(f"peak RSS after metrics and charts: {rss_metrics:.0f} MiB")
    _out(f"peak RSS after the report too:     {_rss():.0f} MiB")
    _out(load.end_line(load_start, load.load_average(), args.quiet_load, own=1.0))


def profile_frames(scope, top: int) -> None:
    """Per step of ``frames.load_report`` (every frame, the report's study hours
    too): wall and CPU time, SQL queries, rows loaded;
    then (``top`` > 0) cProfile's top entries of one more load by cumulative time."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from analytics import frames

    steps = []

    @contextmanager
    def step(name):
        started, started_cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as captured:
            yield
        steps.append(
            (
                name,
                time.perf_counter() - started,
                time.process_time() - started_cpu,
                len(captured),
            )
        )

    cache.clear()
    data = frames.load_report(scope, step=step)
    _out("frames profile (one load):")
    _out(f"  {'step':16s} {'wall s':>7s} {'CPU s':>7s} {'queries':>7s}")
    for name, wall, cpu, queries in steps:
        _out(f"  {name:16s} {wall:7.3f} {cpu:7.3f} {queries:7d}")
    total = [sum(s[i] for s in steps) for i in (1, 2, 3)]
    _out(f"  {'total':16s} {total[0]:7.3f} {total[1]:7.3f} {total[2]:7d}")
    rows = ", ".join(f"{name} {len(frame):,}" for name, frame in data.data.items())
    _out(f"  rows: {rows}")
    if top > 0:
        profiler = cProfile.Profile()
        profiler.enable()
        frames.load_report(scope)
        profiler.disable()
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats("cumulative").print_stats(top)
        _out(buffer.getvalue().rstrip())


@contextmanager
def _timed(stage: str, wall: dict, cpu: dict):
    """Wall time and this process's CPU time (the machine may be shared: CPU time
    shows what the work itself costs, wall time what a user waits)."""
    started, started_cpu = time.perf_counter(), time.process_time()
    yield
    wall[stage].append(time.perf_counter() - started)
    cpu[stage].append(time.process_time() - started_cpu)


def _rss() -> float:
    """Peak resident memory of this process so far, MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--case-files", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--generate", action="store_true", help="(re)generate first")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="print each frame's load time and query count (and a cProfile)",
    )
    parser.add_argument(
        "--profile-top",
        type=int,
        default=25,
        help="cProfile entries printed with --profile (0: no cProfile)",
    )
    parser.add_argument(
        "--anchor",
        action="store_true",
        help="also time the pre-issue-17 frame loaders in the same run (the anchor)",
    )
    parser.add_argument(
        "--quiet-load",
        type=float,
        default=load.QUIET_LOAD,
        help="1-minute load average above which the run is marked BUSY",
    )
    parser.add_argument(
        "--stage", choices=["generate", "measure"], help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    setup()
    if args.stage == "generate":
        generate(args)
        return
    if args.stage == "measure":
        measure(args)
        return
    base = [
        sys.executable,
        __file__,
        "--year",
        str(args.year),
        "--scale",
        str(args.scale),
    ]
    base += ["--case-files", str(args.case_files), "--repeat", str(args.repeat)]
    if args.profile:
        base += ["--profile", "--profile-top", str(args.profile_top)]
    if args.anchor:
        base += ["--anchor"]
    base += ["--quiet-load", str(args.quiet_load)]
    if args.generate:
        subprocess.run([*base, "--stage", "generate"], check=True)
    # A fresh process, so peak RSS is the measurement's, not the generator's.
    subprocess.run([*base, "--stage", "measure"], check=True)


if __name__ == "__main__":
    main()
