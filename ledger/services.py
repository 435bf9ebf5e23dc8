"""Writes of the law-education ledger, and the reads that gather each person's
study records from the modules that hold them (lessons, exams, offline sessions)."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Enterprise, PostCategory
from courses.models import Article, LessonCompletion
from ledger import study_hours as sh
from ledger.models import (
    Activity,
    ActivityType,
    ResponsibilityItem,
    TrainingSession,
    WarningLetter,
    ledger_years,
)
from livestreams.models import Viewer
from quizzes.models import Attempt, QuizMode

MSG_ITEM_OTHER_YEAR = _(
    "Item %(item)s belongs to the %(year)s list; the activity is in another year."
)


@transaction.atomic
def activity_record(
    *,
    title: str,
    activity_type: str,
    date: dt.date,
    organiser: str,
    place: str = "",
    officers=(),
    enterprises=(),
    participant_count: int = 0,
    attendees=(),
    articles=(),
    materials: str = "",
    items=(),
    notes: str = "",
) -> Activity:
    """Record one activity with everything it reached, covered and fulfilled."""
    activity = Activity(
        title=title,
        activity_type=activity_type,
        date=date,
        organiser=organiser,
        place=place,
        participant_count=participant_count,
        materials=materials,
        notes=notes,
    )
    activity.full_clean()
    activity.save()
    activity_link(
        activity=activity,
        officers=officers,
        enterprises=enterprises,
        attendees=attendees,
        articles=articles,
        items=items,
    )
    return activity


def activity_link(
    *, activity: Activity, officers, enterprises, attendees, articles, items
):
    """Set an activity's relations (the part an import and a seeder share)."""
    for item in items:
        if item.responsibility_list.year != activity.date.year:
            raise ValidationError(
                MSG_ITEM_OTHER_YEAR
                % {"item": item.number, "year": item.responsibility_list.year}
            )
    activity.officers.set(officers)
    activity.enterprises.set(enterprises)
    activity.attendees.set(attendees)
    activity.articles.set(articles)
    activity.items.set(items)


@transaction.atomic
def warning_letter_issue(
    *,
    enterprise: Enterprise,
    issued_on: dt.date,
    subject: str,
    articles=(),
    reference: str = "",
    activity: Activity | None = None,
    issued_by=None,
) -> WarningLetter:
    """Record a 提示警示函 sent to ``enterprise``."""
    letter = WarningLetter(
        enterprise=enterprise,
        issued_on=issued_on,
        subject=subject,
        reference=reference,
        activity=activity,
        issued_by=issued_by,
    )
    letter.full_clean()
    letter.save()
    letter.articles.set(articles)
    return letter


# --- study hours ---------------------------------------------------------------


def hours_policy() -> sh.HoursPolicy:
    """The yearly requirement and what a lesson and an exam count for (settings)."""
    return sh.HoursPolicy.of(
        settings.COURSES_STUDY_HOURS_REQUIRED,
        settings.COURSES_STUDY_HOURS_PER_LESSON,
        settings.COURSES_STUDY_HOURS_PER_EXAM,
    )


def lessons_completed(year: int, people: list[int]) -> dict[int, int]:
    """Online lessons each person completed in ``year``."""
    rows = (
        LessonCompletion.objects.filter(user_id__in=people, completed_at__year=year)
        .values("user_id")
        .annotate(n=Count("lesson_id", distinct=True))
    )
    return {r["user_id"]: r["n"] for r in rows}


def exams_passed(year: int, people: list[int]) -> dict[int, int]:
    """Distinct exams each person passed in ``year``; practice runs do not count,
    and passing the same exam twice counts once."""
    attempts = Attempt.objects.filter(
        user_id__in=people,
        passed=True,
        submitted_at__year=year,
        mode=QuizMode.EXAM,
    )
    rows = attempts.values("user_id").annotate(n=Count("quiz_id", distinct=True))
    return {r["user_id"]: r["n"] for r in rows}


def offline_hours(year: int, people: list[int]) -> dict[int, Decimal]:
    """Hours of the offline sessions each person attended in ``year``."""
    rows = (
        TrainingSession.attendees.through.objects.filter(
            user_id__in=people, trainingsession__date__year=year
        )
        .values("user_id")
        .annotate(h=Sum("trainingsession__hours"))
    )
    return {r["user_id"]: r["h"] or Decimal(0) for r in rows}


def owes_study_hours(user) -> bool:
    """Whether ``user`` is held to the yearly study hours: bureau staff counted by
    :func:`staff_queryset` (enterprise workers are not)."""
    return bool(user.is_authenticated and user.is_active and user.enforcement_group_id)


def study_years(user) -> list[int]:
    """Years worth offering in ``user``'s year switcher, newest first: this year,
    the ledger's years and the years they completed a lesson or passed an exam."""
    years = {timezone.localdate().year, *ledger_years()}
    years |= {d.year for d in user.lesson_completions.dates("completed_at", "year")}
    years |= {
        d.year
        for d in Attempt.objects.filter(user=user, submitted_at__isnull=False).dates(
            "submitted_at", "year"
        )
    }
    return sorted(years, reverse=True)


def staff_queryset():
    """Bureau staff whose study hours are counted: active members of a group."""
    return (
        get_user_model()
        .objects.filter(is_active=True, enforcement_group__isnull=False)
        .select_related("enforcement_group")
        .order_by("enforcement_group__sort_order", "enforcement_group__name", "name")
    )


def study_hours_for(year: int, users) -> dict[int, sh.StudyHours]:
    """Each user's study hours in ``year``, keyed by user id."""
    ids = [u.pk for u in users]
    return sh.study_hours(
        people=ids,
        lessons=lessons_completed(year, ids),
        exams=exams_passed(year, ids),
        offline=offline_hours(year, ids),
        policy=hours_policy(),
    )


@dataclass
class GroupHours:
    group: object
    rows: list = field(default_factory=list)  # (user, StudyHours)

    @property
    def below(self) -> list:
        return [(u, h) for u, h in self.rows if h.below]


def study_hours_by_group(year: int) -> list[GroupHours]:
    """Staff study hours in ``year`` grouped by enforcement group, the people below
    the requirement flagged (furthest behind first within each group)."""
    users = list(staff_queryset())
    hours = study_hours_for(year, users)
    groups: dict[int, GroupHours] = {}
    for user in users:
        entry = groups.setdefault(
            user.enforcement_group_id, GroupHours(user.enforcement_group)
        )
        entry.rows.append((user, hours[user.pk]))
    for entry in groups.values():
        entry.rows.sort(key=lambda row: (not row[1].below, row[1].total, row[0].name))
    return list(groups.values())


# --- enterprises ---------------------------------------------------------------


def enterprise_contacts(year: int):
    """Enterprises annotated with their ledger contacts in ``year``: activities,
    visits, warning letters and workers (front-line share), high-risk first."""
    in_year = Q(law_activities__date__year=year)
    visit = in_year & Q(
        law_activities__activity_type__in=[
            ActivityType.LAW_TO_ENTERPRISES,
            ActivityType.VISIT,
            ActivityType.EXPERT_SHADOWING,
        ]
    )
    return Enterprise.objects.high_risk_first().annotate(
        activity_count=Count("law_activities", filter=in_year, distinct=True),
        visit_count=Count("law_activities", filter=visit, distinct=True),
        letter_count=Count(
            "warning_letters",
            filter=Q(warning_letters__issued_on__year=year),
            distinct=True,
        ),
        worker_count=Count("workers", distinct=True),
        front_line_count=Count(
            "workers",
            filter=Q(workers__post_category=PostCategory.FRONT_LINE),
            distinct=True,
        ),
    )


def live_classes_attended(enterprise: Enterprise, year: int):
    """Live classes the enterprise's workers joined in ``year`` (with how many of
    them)."""
    return list(
        Viewer.objects.filter(
            Q(enterprise=enterprise) | Q(user__enterprise=enterprise),
            live_class__scheduled_start__year=year,
        )
        .values("live_class_id", "live_class__title", "live_class__scheduled_start")
        .annotate(viewers=Count("pk", distinct=True))
        .order_by("live_class__scheduled_start")
    )


def articles_for(keys) -> list[Article]:
    """Articles by stable key, in the order given (for seeders and tests)."""
    keys = list(keys)
    found = {a.key: a for a in Article.objects.filter(key__in=keys)}
    return [found[k] for k in keys if k in found]


def items_of_year(year: int):
    """The items of ``year``'s list, with progress."""
    return (
        ResponsibilityItem.objects.filter(responsibility_list__year=year)
        .with_progress()
        .select_related("responsibility_list")
    )
