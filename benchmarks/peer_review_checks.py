"""Speed of the automatic case-file checks over a large register (pure, no database).

    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python benchmarks/peer_review_checks.py [N] [RUNS]

Generates N files (default 5,000; about a third with a defect), runs every check over
all of them RUNS times (default 5) and reports the median wall time.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from peer_review import casegen, checks  # noqa: E402


def main(n: int = 5000, runs: int = 5) -> None:
    cases = casegen.generate_benchmark(n, seed=1)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        results = checks.run_all(cases)
        timings.append(time.perf_counter() - start)
    flagged = sum(1 for findings in results.values() if findings)
    median = statistics.median(timings)
    sys.stdout.write(
        f"{n} files, {runs} runs: median {median:.3f} s "
        f"({median / n * 1e6:.0f} µs a file); {flagged} files with findings\n"
    )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
