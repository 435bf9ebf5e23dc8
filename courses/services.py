"""Writes and lookups of the courses module used by other modules."""

from collections.abc import Iterable
from datetime import date, datetime
from typing import NamedTuple

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.citations import Citation, CitationError, parse_citations
from courses.models import (
    Article,
    CourseAssignment,
    CoursePage,
    Enrollment,
    LessonCompletion,
    LessonPage,
    Regulation,
    RegulationStatus,
)
from courses.regulation_parser import ParsedRegulation

MSG_NOT_FOUND = _("No such article of the law: %(citation)s")


def resolve_citations(
    text: str, on: date | None = None
) -> tuple[list[tuple[Citation, Article]], list[str]]:
    """Parse ``text`` and find each cited article (in the version in force on the
    date ``on`` when given).

    Returns the resolved (citation, article) pairs and one message per citation that
    cannot be read or found, so an importer can name every problem in a cell.
    """
    try:
        citations = parse_citations(text)
    except CitationError as error:
        return [], [str(error)]
    resolved, errors = [], []
    for citation in citations:
        article = Article.objects.resolve_citation(citation, on=on)
        if article is None:
            errors.append(MSG_NOT_FOUND % {"citation": citation})
        else:
            resolved.append((citation, article))
    return resolved, errors


# --- study: enrollment, completion, required study ---------------------------------

MSG_LESSON_NOT_LIVE = _("This lesson is not published.")
MSG_ASSIGNMENT_NOBODY = _(
    "Choose whom the course is assigned to: a role, an enforcement group or people."
)


@transaction.atomic
def course_enroll(*, user, course: CoursePage) -> Enrollment:
    """Enroll ``user`` in ``course`` (idempotent)."""
    enrollment, _created = Enrollment.objects.get_or_create(user=user, course=course)
    return enrollment


@transaction.atomic
def lesson_complete(
    *, user, lesson: LessonPage, completed_at: datetime | None = None
) -> LessonCompletion:
    """Record that ``user`` finished ``lesson`` (enrolling them in its course).

    Completing a lesson twice keeps the first completion time.
    """
    if not lesson.live:
        raise ValidationError(MSG_LESSON_NOT_LIVE)
    course_enroll(user=user, course=lesson.course)
    completion = LessonCompletion.objects.filter(user=user, lesson=lesson).first()
    if completion is None:
        completion = LessonCompletion(
            user=user, lesson=lesson, completed_at=completed_at or timezone.now()
        )
        completion.full_clean()
        completion.save()
    return completion


@transaction.atomic
def course_assign(
    *,
    course: CoursePage,
    due_on: date,
    assigned_by=None,
    role: Group | None = None,
    enforcement_group=None,
    users: Iterable = (),
    note: str = "",
) -> CourseAssignment:
    """Assign ``course`` as required study to a role, a group and/or named people."""
    users = list(users)
    if not (role or enforcement_group or users):
        raise ValidationError(MSG_ASSIGNMENT_NOBODY)
    assignment = CourseAssignment(
        course=course,
        due_on=due_on,
        assigned_by=assigned_by,
        role=role,
        enforcement_group=enforcement_group,
        note=note,
    )
    assignment.full_clean()
    assignment.save()
    assignment.users.set(users)
    return assignment


def study_tasks_for(user, *, today: date | None = None) -> list[dict]:
    """我的学习任务: the user's assigned courses (earliest due first) with progress and
    overdue flags, then courses they enrolled in on their own."""
    today = today or timezone.localdate()
    tasks, seen = [], set()
    assignments = CourseAssignment.objects.for_user(user).order_by("due_on")
    for assignment in assignments:
        if assignment.course_id in seen:
            continue
        seen.add(assignment.course_id)
        progress = assignment.course.progress_for(user, due_on=assignment.due_on)
        tasks.append(
            {
                "course": assignment.course,
                "due_on": assignment.due_on,
                "progress": progress,
                "overdue": progress.is_overdue(today),
                "assignment": assignment,
            }
        )
    enrolled = CoursePage.objects.live().filter(enrollments__user=user)
    for course in enrolled.exclude(pk__in=seen):
        progress = course.progress_for(user)
        tasks.append(
            {
                "course": course,
                "due_on": None,
                "progress": progress,
                "overdue": False,
                "assignment": None,
            }
        )
    return tasks


# --- regulations: import a published text as a new version -------------------------

MSG_KEY_TAKEN = _("The key “%(key)s” is already used by %(regulation)s.")


def _normalized(text: str) -> str:
    return "".join(text.split())


def _version_date(regulation: Regulation) -> tuple[date, date, int]:
    """Versions are ordered by 公布 date, then 施行 date (import order last)."""
    return (
        regulation.promulgated_on or regulation.effective_on or date.min,
        regulation.effective_on or regulation.promulgated_on or date.min,
        regulation.pk,
    )


def _order_versions(title: str) -> None:
    """Give the versions of ``title`` their order by date: the latest is in force,
    each earlier one 已修订 and replaced by the next (repealed ones aside)."""
    versions = sorted(
        Regulation.objects.filter(title=title).exclude(
            status=RegulationStatus.REPEALED
        ),
        key=_version_date,
    )
    for index, version in enumerate(versions):
        last = index == len(versions) - 1
        version.status = RegulationStatus.CURRENT if last else RegulationStatus.AMENDED
        version.replaced_by = None if last else versions[index + 1]
        version.previous_version = versions[index - 1] if index else None
        version.save(update_fields=["status", "replaced_by", "previous_version"])


def _same_version(regulation: Regulation, parsed: ParsedRegulation) -> bool:
    """One version: the same 公布 date (the amending decision's), and the same 施行
    date where both texts state one."""
    if regulation.promulgated_on is None or parsed.promulgated_on is None:
        return False
    effective = {regulation.effective_on, parsed.effective_on} - {None}
    return regulation.promulgated_on == parsed.promulgated_on and len(effective) <= 1


class RegulationImport(NamedTuple):
    """What ``regulation_import`` did: the version the text is, the version it
    replaced in force (or None), and how many articles it wrote (all of a new
    version's; of one already imported, those changed or added: 0 when equal)."""

    regulation: Regulation
    replaced: Regulation | None
    articles_written: int


def _update_same_version(regulation: Regulation, parsed: ParsedRegulation) -> int:
    """Bring an already imported version's articles to ``parsed``'s text (the same
    records, so case files, quizzes and penalty provisions keep pointing at them).
    Returns how many articles changed or were added."""
    existing = {(a.number, a.suffix): a for a in regulation.articles.all()}
    changed = 0
    for item in parsed.articles:
        article = existing.get((item.number, item.suffix))
        if article is None:
            article = Article(
                regulation=regulation,
                number=item.number,
                suffix=item.suffix,
                key=Article.make_key(regulation.key, item.number, item.suffix),
            )
        elif _normalized(article.text) == _normalized(item.text):
            continue
        article.chapter_number = item.chapter_number
        article.chapter_title = item.chapter_title
        article.section_title = item.section_title
        article.text = item.text
        article.full_clean(validate_unique=False)
        article.save()
        changed += 1
    return changed


@transaction.atomic
def regulation_import(
    *,
    parsed: ParsedRegulation,
    key: str,
    level: str,
    issuing_body: str = "",
    short_title: str = "",
    version_label: str = "",
) -> RegulationImport:
    """Import the regulation ``parsed`` describes under ``key``.

    Versions of one title are ordered by their 公布 and 施行 dates, never by import:
    the latest is in force, each earlier one 已修订 (keeping its articles: quizzes and
    case files point at them). A text of a version already imported (same dates)
    changes nothing when equal, and otherwise updates that version's articles in
    place under its own key. Returns the version, the version it replaced in force
    (or None) and, for a version already imported, how many articles changed.
    """
    existing = Regulation.objects.filter(key=key).first()
    if existing is not None:
        raise ValidationError(MSG_KEY_TAKEN % {"key": key, "regulation": existing})
    for version in Regulation.objects.filter(title=parsed.title):
        if _same_version(version, parsed):
            changed = _update_same_version(version, parsed)
            return RegulationImport(version, None, changed)
    before = Regulation.objects.current().filter(title=parsed.title).first()
    regulation = Regulation(
        key=key,
        title=parsed.title,
        short_title=short_title or (before.short_title if before else ""),
        level=level,
        issuing_body=issuing_body or (before.issuing_body if before else ""),
        promulgated_on=parsed.promulgated_on,
        effective_on=parsed.effective_on,
        version_label=version_label,
        history=parsed.history,
    )
    regulation.full_clean()
    regulation.save()
    articles = [
        Article(
            regulation=regulation,
            chapter_number=item.chapter_number,
            chapter_title=item.chapter_title,
            section_title=item.section_title,
            number=item.number,
            suffix=item.suffix,
            text=item.text,
            key=Article.make_key(key, item.number, item.suffix),
        )
        for item in parsed.articles
    ]
    for article in articles:
        article.full_clean(exclude=["regulation"], validate_unique=False)
    Article.objects.bulk_create(articles)
    _order_versions(parsed.title)
    regulation.refresh_from_db()
    replaced = before if regulation.status == RegulationStatus.CURRENT else None
    return RegulationImport(regulation, replaced, len(articles))
