"""Demo content of the courses module: the law-article spine, explainers, a course
with lessons, a required-study assignment and some completions."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.rich_text import RichText

from accounts import roles
from courses.models import (
    Article,
    CourseAssignment,
    CourseIndexPage,
    CoursePage,
    DiscretionTier,
    ExplainerPage,
    LessonArticle,
    LessonPage,
    PenaltyProvision,
    Regulation,
    RegulationIndexPage,
)
from courses.services import lesson_complete
from demo.content import explainers as content
from demo.content import law_spine
from home.models import HomePage
from home.services import home_section_ensure


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
    concurrent, concurrent_uncorrected = law_spine.AQSC_CONCURRENT.get(number, ("", ""))
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
            "concurrent_penalty": concurrent,
            "concurrent_penalty_uncorrected": concurrent_uncorrected,
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
                "circumstances": law_spine.TIER_CIRCUMSTANCES.get(name, ""),
            },
        )
    return provision


def seed_law(*, log, **options):
    """The law library alone (what a benchmark or a quick check needs)."""
    regulations = seed_law_spine()
    regulations["tianjin"] = _regulation(content.TIANJIN)
    log(
        "法规库："
        + "、".join(r.display_title for r in regulations.values())
        + f"，{Article.objects.count()} 条，{PenaltyProvision.objects.count()} 项处罚依据"
    )
    return regulations


def seed(*, log, **options):
    """Explainers, a course with lessons and a required-study assignment (after
    :func:`seed_law`)."""
    index = seed_explainers()
    course_index, course = seed_course()
    assignment = seed_study(course)
    home_section_ensure(
        title="法规解读",
        summary="安全生产法律法规逐条解读：要点、新旧对照、典型案例与执法提示。",
        page=index,
    )
    home_section_ensure(
        title="课程学习",
        summary="新《天津市安全生产条例》宣贯等线上课程，学完计入学习档案。",
        page=course_index,
    )
    home_section_ensure(
        title="我的学习任务",
        summary="查看分配给我的必学课程、完成进度和截止日期。",
        url="/my/learning/",
    )
    log(
        f"法规解读 {ExplainerPage.objects.count()} 篇；课程《{course.title}》"
        f"{course.lessons().count()} 课时，必学任务截止 {assignment.due_on}"
    )


def _ensure_child(parent, model, *, slug: str, **fields):
    """The child page ``slug`` of ``parent``, created and published if missing.

    An existing page is left as it is: trainers may have edited the demo content.
    """
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is not None:
        return page, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _block(spec):
    kind, *args = spec
    if kind == "article":
        return ("article", {"article": Article.objects.get(key=args[0])})
    if kind == "points":
        return ("key_points", {"heading": args[0], "body": RichText(args[1])})
    if kind == "compare":
        old, new, note = args
        # A quote that leaves parts out (……) says so in its label.
        excerpt = "（摘录）"
        return (
            "comparison",
            {
                "old_label": "2014年版" + (excerpt if "……" in old else ""),
                "old_text": old,
                "new_label": "2021年版" + (excerpt if "……" in new else ""),
                "new_text": new,
                "note": RichText(note),
            },
        )
    if kind == "case":
        title, facts, handling, lesson = args
        return (
            "case",
            {
                "title": title,
                "facts": RichText(facts),
                "handling": RichText(handling),
                "lesson": lesson,
            },
        )
    if kind in ("tip", "notice"):
        name = "enforcement_tip" if kind == "tip" else "enterprise_notice"
        return (name, RichText(args[0]))
    if kind == "penalties":
        provisions = [
            PenaltyProvision.objects.get(
                article__regulation__key=law_spine.AQSC["key"],
                article__number=number,
                item=item,
            )
            for number, item in args[0]
        ]
        return ("penalties", {"provisions": provisions})
    raise ValueError(kind)


@transaction.atomic
def seed_explainers() -> RegulationIndexPage:
    home = HomePage.objects.get()
    index, _new = _ensure_child(
        home,
        RegulationIndexPage,
        slug=content.INDEX["slug"],
        title=content.INDEX["title"],
        intro=content.INDEX["intro"],
    )
    for spec in content.EXPLAINERS:
        if ExplainerPage.objects.child_of(index).filter(slug=spec["slug"]).exists():
            continue
        page = ExplainerPage(
            slug=spec["slug"],
            title=spec["title"],
            summary=spec["summary"],
            regulation=Regulation.objects.get(key=spec["regulation"]),
            body=[_block(block) for block in spec["body"]],
        )
        page.tags.add(*spec["tags"])
        index.add_child(instance=page)
        page.save_revision().publish()
    return index


@transaction.atomic
def seed_course() -> tuple[CourseIndexPage, CoursePage]:
    home = HomePage.objects.get()
    course_index, _new = _ensure_child(
        home,
        CourseIndexPage,
        slug=content.COURSE_INDEX["slug"],
        title=content.COURSE_INDEX["title"],
        intro=content.COURSE_INDEX["intro"],
    )
    course, _new = _ensure_child(
        course_index,
        CoursePage,
        regulation=Regulation.objects.get(key=content.TIANJIN["key"]),
        **content.COURSE,
    )
    for slug, title, minutes, body, article_keys in content.LESSONS:
        if LessonPage.objects.child_of(course).filter(slug=slug).exists():
            continue
        lesson = LessonPage(slug=slug, title=title, duration_minutes=minutes, body=body)
        lesson.linked_articles = [
            LessonArticle(article=Article.objects.get(key=key), sort_order=i)
            for i, key in enumerate(article_keys)
        ]
        course.add_child(instance=lesson)
        lesson.save_revision().publish()
    return course_index, course


@transaction.atomic
def seed_study(course: CoursePage) -> CourseAssignment:
    """Assign the course to every enforcement officer; some have started on it."""
    User = get_user_model()
    trainer = User.objects.filter(username="trainer").first()
    assignment, _created = CourseAssignment.objects.get_or_create(
        course=course,
        role=Group.objects.get(name=roles.ENFORCEMENT_OFFICER),
        enforcement_group=None,
        defaults={
            "due_on": timezone.localdate() + timedelta(days=content.ASSIGNMENT_DAYS),
            "note": content.ASSIGNMENT_NOTE,
            "assigned_by": trainer,
        },
    )
    lessons = list(course.lessons())
    for username, count in content.COMPLETIONS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        for lesson in lessons[:count]:
            lesson_complete(user=user, lesson=lesson)
    return assignment
