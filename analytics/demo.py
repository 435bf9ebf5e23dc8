"""Demo data of the analytics module, made by :mod:`analytics.generator` at a small
size, for last year and only for the modules whose own seeders left that year
empty: the other modules' demo data (and their tests' counts of it) stay theirs."""

from django.utils import timezone

from analytics import generator
from analytics.frames import model

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
    from home.services import home_section_ensure

    home_section_ensure(
        title="统计分析与年度报告",
        summary="直播受众、考试掌握、案卷评查等统计图表，一键生成年度报告。",
        url="/admin/analytics/",
        staff_only=True,
    )


def _empty_modules(year: int) -> set[str]:
    """Modules with no data of ``year`` other than what this generator made."""
    checks = {
        "livestreams": (
            "livestreams",
            "LiveClassPage",
            {"scheduled_start__year": year},
        ),
        "quizzes": ("quizzes", "Attempt", {"submitted_at__year": year}),
        "peer_review": ("peer_review", "CaseFile", {"decided_on__year": year}),
        "ledger": ("ledger", "Activity", {"date__year": year}),
    }
    generated = {
        "livestreams": {"slug__startswith": "gen-"},
        "quizzes": {"quiz__slug__startswith": "gen-"},
        "peer_review": {"number__contains": "-GEN-"},
        "ledger": {"title__startswith": "【生成】"},
    }
    empty = set()
    for name, (app, model_name, where) in checks.items():
        found = model(app, model_name)
        if found is None:
            continue
        if not found.objects.filter(**where).exclude(**generated[name]).exists():
            empty.add(name)
    return empty
