"""The machine's load around a benchmark run: every benchmark prints the load
average at its start and end and marks its figures BUSY when the machine was not
quiet (another benchmark, a test run), so a figure from a busy machine is never
read as a measurement."""

from __future__ import annotations

import os

# The 1-minute load above which a 2-core machine is not quiet.
QUIET_LOAD = 1.0
BUSY_NOTE = "  — BUSY machine: these figures are not a measurement"


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()


def load_line(when: str, load: tuple[float, float, float]) -> str:
    """``load average at <when>: 1m 5m 15m``."""
    return f"load average at {when}: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"


def was_busy(start, end, quiet: float = QUIET_LOAD, own: float = 0.0) -> bool:
    """Whether the 1-minute load was above ``quiet`` at the start, or at the end
    above ``quiet`` plus ``own``: the run's own share of the load at its end (a
    single-process benchmark and its PostgreSQL backend make about 1; one that
    drives servers and clients on both cores, more)."""
    return start[0] > quiet or end[0] > quiet + own


def end_line(start, end, quiet: float = QUIET_LOAD, own: float = 0.0) -> str:
    """The closing load line, with the BUSY mark when the machine was not quiet."""
    line = load_line("end", end)
    return line + (BUSY_NOTE if was_busy(start, end, quiet, own) else "")
