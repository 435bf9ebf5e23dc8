"""Last year's demo data for the analytics module, made by :mod:`demo.year` at a
small size, for last year and only for the modules whose own seeders left that year
empty: the other modules' demo data (and their tests' counts of it) stay theirs."""

from django.utils import timezone

from demo import year as generator
from home.services import home_section_ensure
from ledger.models import Activity
from livestreams.models import LiveClassPage
from peer_review.models import CaseFile
from quizzes.models import Attempt

SIZES = {"small": 0.1, "bureau": 0.1, "full": 1.0}


def seed(*, log, size: str = "small", **options):
    scale = SIZES.get(size, 0.1)
    year = timezone.localdate().year - 1
    modules = _empty_modules(year)
    if modules:
        result = generator.generate(
            year=year,
            scale=scale,
            case_files=44,
            seed=2025,
            existing_enterprises=True,
            modules=modules,
        )
        log(f"统计分析：{year}年为{'、'.join(sorted(modules))}生成数据 {result.counts}")
    home_section_ensure(
        title="统计分析与年度报告",
        summary="直播受众、考试掌握、案卷评查等统计图表，一键生成年度报告。",
        url="/admin/analytics/",
        staff_only=True,
    )


def _empty_modules(year: int) -> set[str]:
    """Modules with no data of ``year`` other than what this generator made."""
    own_data = {
        "livestreams": LiveClassPage.objects.filter(scheduled_start__year=year).exclude(
            slug__startswith="gen-"
        ),
        "quizzes": Attempt.objects.filter(submitted_at__year=year).exclude(
            quiz__slug__startswith="gen-"
        ),
        "peer_review": CaseFile.objects.filter(decided_on__year=year).exclude(
            number__contains="-GEN-"
        ),
        "ledger": Activity.objects.filter(date__year=year).exclude(
            title__startswith="【生成】"
        ),
    }
    return {name for name, rows in own_data.items() if not rows.exists()}
