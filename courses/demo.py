"""Demo content of the courses module: the law-article spine first."""

from decimal import Decimal

from django.db import transaction

from courses import demo_ledger
from courses.demo_data import law_spine
from courses.models import Article, DiscretionTier, PenaltyProvision, Regulation


def _yuan(value):
    return None if value is None else Decimal(value)


@transaction.atomic
def seed_law_spine() -> dict[str, Regulation]:
    """Create or update the demo regulations, articles, provisions and tiers."""
    aqsc = _regulation(law_spine.AQSC)
    for chapter, number, text in law_spine.AQSC_ARTICLES:
        _article(aqsc, chapter, law_spine.AQSC_CHAPTERS[chapter], "", number, text)
    xzcf = _regulation(law_spine.XZCF)
    for chapter, section, number, text in law_spine.XZCF_ARTICLES:
        _article(xzcf, chapter, law_spine.XZCF_CHAPTERS[chapter], section, number, text)
    for row in law_spine.AQSC_PROVISIONS:
        _provision(aqsc, *row)
    return {"aqsc": aqsc, "xzcf": xzcf}


def _regulation(data: dict) -> Regulation:
    regulation, _ = Regulation.objects.update_or_create(
        key=data["key"], defaults={k: v for k, v in data.items() if k != "key"}
    )
    return regulation


def _article(regulation, chapter, chapter_title, section, number, text) -> Article:
    article, _ = Article.objects.update_or_create(
        key=Article.make_key(regulation.key, number),
        defaults={
            "regulation": regulation,
            "chapter_number": chapter,
            "chapter_title": chapter_title,
            "section_title": section,
            "number": number,
            "suffix": 0,
            "text": text,
        },
    )
    return article


def _provision(regulation, number, item, summary, violated, *fines_and_tiers):
    *fines, tiers = fines_and_tiers
    unit_min, unit_max, unc_min, unc_max, person_min, person_max = map(_yuan, fines)
    article = Article.objects.get(regulation=regulation, number=number, suffix=0)
    provision, _ = PenaltyProvision.objects.update_or_create(
        article=article,
        item=item,
        defaults={
            "summary": summary,
            "unit_fine_min": unit_min,
            "unit_fine_max": unit_max,
            "unit_fine_min_uncorrected": unc_min,
            "unit_fine_max_uncorrected": unc_max,
            "person_fine_min": person_min,
            "person_fine_max": person_max,
        },
    )
    provision.violated_articles.set(
        Article.objects.filter(regulation=regulation, number__in=violated)
    )
    for order, (name, low, high) in enumerate(tiers):
        DiscretionTier.objects.update_or_create(
            provision=provision,
            name=name,
            defaults={
                "order": order,
                "fine_min": Decimal(low),
                "fine_max": Decimal(high),
            },
        )
    return provision


def seed(*, log, **options):
    regulations = seed_law_spine()
    log(
        "法规库："
        + "、".join(r.display_title for r in regulations.values())
        + f"，{Article.objects.count()} 条，{PenaltyProvision.objects.count()} 项处罚依据"
    )
    demo_ledger.seed(log=log, **options)
