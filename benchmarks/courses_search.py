"""Time Chinese search over N generated explainers (run against a scratch database).

DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python benchmarks/courses_search.py 300
"""

import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.core.management import call_command  # noqa: E402
from wagtail.rich_text import RichText  # noqa: E402

from benchmarks import _load as load  # noqa: E402
from courses.models import ExplainerPage, RegulationIndexPage  # noqa: E402
from courses.search import segment_query  # noqa: E402
from courses.views import search_pages  # noqa: E402

QUERIES = ["重大事故隐患", "有限空间", "主要负责人", "安全生产教育和培训", "涉氨制冷"]


def main(n: int) -> None:
    started = load.load_average()
    sys.stdout.write(load.load_line("start", started) + "\n")
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    index = RegulationIndexPage.objects.get()
    texts = list(ExplainerPage.objects.values_list("summary", flat=True))
    existing = ExplainerPage.objects.count()
    start = time.perf_counter()
    for i in range(existing, n):
        page = ExplainerPage(
            title=f"练习解读 {i}",
            slug=f"bench-{i}",
            body=[
                (
                    "key_points",
                    {
                        "heading": "要点",
                        "body": RichText(
                            "<p>"
                            + "".join(texts[(i + k) % len(texts)] for k in range(4))
                            + "</p>"
                        ),
                    },
                )
            ],
        )
        index.add_child(instance=page)
    build = time.perf_counter() - start
    segment_query("预热")
    for query in QUERIES:
        runs = []
        for _ in range(7):
            t = time.perf_counter()
            hits = len(list(search_pages(query)[:50]))
            runs.append((time.perf_counter() - t) * 1000)
        sys.stdout.write(
            f"{query}: {hits} hits, median {statistics.median(runs):.1f} ms\n"
        )
    sys.stdout.write(
        f"{ExplainerPage.objects.count()} explainers; built in {build:.1f} s\n"
    )
    sys.stdout.write(load.end_line(started, load.load_average(), own=1.0) + "\n")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
