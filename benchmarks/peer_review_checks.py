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

import random  # noqa: E402
from dataclasses import replace  # noqa: E402
from datetime import timedelta  # noqa: E402
from decimal import Decimal  # noqa: E402

from benchmarks import _load as load  # noqa: E402
from peer_review import checks  # noqa: E402
from peer_review.catalogue import DocumentType, ServiceMethod  # noqa: E402
from peer_review.factories import ART_97, ART_99, sound_case  # noqa: E402

DATES = [name for name in checks.CaseData.__dataclass_fields__ if name.endswith("_on")]
# Defects of the kinds the review finds, each a change to a sound file.
DEFECTS = [
    lambda c: replace(c, documents=c.documents - {DocumentType.SERVICE_RECEIPT}),
    lambda c: replace(c, notified_on=c.decided_on + timedelta(days=1)),
    lambda c: replace(c, filed_on=c.decided_on - timedelta(days=95)),
    lambda c: replace(
        c,
        served_on=c.decided_on + timedelta(days=20),
        service_method=ServiceMethod.DIRECT,
    ),
    lambda c: replace(c, officers=c.officers[:1]),
    lambda c: replace(c, fine=Decimal(60000)),
    lambda c: replace(c, paid_on=c.served_on + timedelta(days=30)),
    lambda c: replace(c, videos=c.videos[:1]),
]


def generate(n: int, seed: int) -> list[checks.CaseData]:
    """``n`` files spread over two years (so the working-day calendar is consulted
    on many dates), fines spread within the tier, about a third with a defect."""
    rng = random.Random(seed)
    cases = []
    for i in range(n):
        shift = timedelta(days=rng.randint(0, 600))
        provision = ART_99 if i % 3 else ART_97
        case = sound_case(
            number=f"BENCH-{i}",
            group=f"执法{'一二三四五六'[i % 6]}组",
            provision=provision,
            violated_article=["aqsc-fa-2021-36", "aqsc-fa-2021-28"][i % 3 == 0],
            fine=Decimal(rng.randrange(20_000, 35_000, 500)),
        )
        case = replace(
            case, **{d: getattr(case, d) + shift for d in DATES if getattr(case, d)}
        )
        if rng.random() < 0.33:
            case = rng.choice(DEFECTS)(case)
        cases.append(case)
    return cases


def main(n: int = 5000, runs: int = 5) -> None:
    started = load.load_average()
    sys.stdout.write(load.load_line("start", started) + "\n")
    cases = generate(n, seed=1)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        results = checks.run_all(cases)
        timings.append(time.perf_counter() - start)
    flagged = sum(1 for found in results.values() if any(f.is_violation for f in found))
    median = statistics.median(timings)
    sys.stdout.write(
        f"{n} files, {runs} runs: median {median:.3f} s "
        f"({median / n * 1e6:.0f} µs a file); {flagged} files with findings\n"
    )
    sys.stdout.write(load.end_line(started, load.load_average(), own=1.0) + "\n")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
