"""Attempts and answers, drills (大练兵) and the wrong-answer book (错题本)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from quizzes import scoring
from quizzes.models.bank import Question, QuestionVersion
from quizzes.models.pages import PartialCredit, QuizMode, QuizPage
from quizzes.models.status import AttemptStatus


class FinalisedBy(models.TextChoices):
    PERSON = "person", _("Submitted by the person")
    SWEEPER = "sweeper", _("Closed at the deadline")


class AttemptQuerySet(models.QuerySet):
    def owned_by(self, request):
        """Attempts the requesting visitor owns: theirs when logged in, the
        session's anonymous ones otherwise."""
        if request.user.is_authenticated:
            return self.filter(user=request.user)
        key = request.session.session_key
        if not key:
            return self.none()
        return self.filter(user=None, session_key=key)

    def for_quiz_and_visitor(self, quiz, request):
        """The visitor's attempts at ``quiz``, oldest first."""
        return list(self.owned_by(request).filter(quiz=quiz).order_by("number"))

    def overdue(self, now, grace: timedelta):
        """Open attempts whose deadline (plus grace) has passed."""
        return self.filter(
            status=AttemptStatus.OPEN, deadline__isnull=False, deadline__lt=now - grace
        )


class Attempt(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    quiz = models.ForeignKey(
        QuizPage,
        verbose_name=_("quiz"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attempts",
    )
    title = models.CharField(_("title"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    session_key = models.CharField(max_length=64, blank=True, db_index=True)
    number = models.PositiveSmallIntegerField(_("attempt number"), default=1)
    mode = models.CharField(max_length=16, choices=QuizMode.choices)
    partial_credit = models.CharField(
        max_length=16, choices=PartialCredit.choices, default=PartialCredit.NONE
    )
    pass_mark = models.PositiveSmallIntegerField(default=60)
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AttemptStatus.choices,
        default=AttemptStatus.OPEN,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    finalised_by = models.CharField(
        max_length=16, choices=FinalisedBy.choices, blank=True
    )
    score = models.DecimalField(
        _("score"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    max_score = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    # How many times this attempt was graded at submission: an audit that the
    # benchmark and the tests check is exactly 1.
    grading_count = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "user", "number"],
                condition=Q(user__isnull=False, quiz__isnull=False),
                name="quizzes_attempt_unique_number",
            ),
            # One open attempt per person and quiz: a double-clicked "start" resumes.
            models.UniqueConstraint(
                fields=["quiz", "user"],
                condition=Q(status="open", user__isnull=False, quiz__isnull=False),
                name="quizzes_attempt_one_open",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self):
        return f"{self.title} · {self.user or _('guest')} #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status == AttemptStatus.OPEN

    @property
    def percent(self):
        if self.score is None:
            return None
        return scoring.percent(self.score, self.max_score)

    def shows_answers(self, now=None) -> bool:
        if self.is_open:
            return False
        if self.quiz is None:
            return True
        return self.quiz.review_shows_answers(now)


class AttemptAnswer(models.Model):
    """One question on one attempt's paper, the answer given and how it was graded.

    ``version`` is the exact text and key shown and graded against."""

    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="answers"
    )
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(
        QuestionVersion, on_delete=models.PROTECT, related_name="answers"
    )
    points = models.DecimalField(max_digits=6, decimal_places=2)
    option_order = models.JSONField(default=list)
    response = models.JSONField(null=True, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    correct = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="quizzes_answer_unique_position"
            ),
            models.UniqueConstraint(
                fields=["attempt", "question"], name="quizzes_answer_unique_question"
            ),
        ]

    def __str__(self):
        return f"{self.attempt_id}#{self.position}"

    @cached_property
    def shown_options(self) -> list[tuple[str, str, str]]:
        """(display letter, original letter, text) in the order shown."""
        options = self.version.options or []
        order = self.option_order or list(scoring.OPTION_LETTERS[: len(options)])
        return [
            (
                scoring.OPTION_LETTERS[i],
                letter,
                options[scoring.OPTION_LETTERS.index(letter)],
            )
            for i, letter in enumerate(order)
            if scoring.OPTION_LETTERS.index(letter) < len(options)
        ]


# --- drills and the wrong-answer book -----------------------------------------------


class DrillQuerySet(models.QuerySet):
    def assigned_to(self, user):
        """Drills whose groups or roles include ``user``."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(groups=user.enforcement_group_id) | Q(roles__user=user)
        ).distinct()

    def results_for(self, user, *, now=None) -> list[dict]:
        """``user``'s drills, each with its best submitted attempt: the open ones
        first (nearest deadline first), then the closed ones, latest first."""
        drills = list(self.assigned_to(user).select_related("quiz"))
        best = {}
        for attempt in user.quiz_attempts.filter(
            quiz__in=[d.quiz_id for d in drills], status=AttemptStatus.SUBMITTED
        ):
            current = best.get(attempt.quiz_id)
            if current is None or attempt.score > current.score:
                best[attempt.quiz_id] = attempt
        now = now or timezone.now()
        # 提醒: the latest reminder of each drill the person has not passed yet.
        reminders = {}
        for reminder in (
            DrillReminder.objects.filter(user=user, drill__in=drills)
            .select_related("sent_by")
            .order_by("sent_at")
        ):
            reminders[reminder.drill_id] = reminder
        rows = []
        for d in drills:
            row = {"drill": d, "best": best.get(d.quiz_id), "open": d.deadline >= now}
            passed = row["best"] is not None and row["best"].passed
            row["reminder"] = (
                reminders.get(d.pk) if row["open"] and not passed else None
            )
            rows.append(row)
        opened = sorted(
            (r for r in rows if r["open"]), key=lambda r: r["drill"].deadline
        )
        closed = sorted(
            (r for r in rows if not r["open"]),
            key=lambda r: r["drill"].deadline,
            reverse=True,
        )
        return opened + closed

    def open_now(self, now=None):
        """Drills whose deadline has not passed."""
        return self.filter(deadline__gte=now or timezone.now())


class Drill(models.Model):
    """岗位大练兵: a quiz assigned to enforcement groups or roles with a deadline."""

    title = models.CharField(_("title"), max_length=255)
    quiz = models.ForeignKey(
        QuizPage,
        verbose_name=_("quiz"),
        on_delete=models.PROTECT,
        related_name="drills",
    )
    groups = models.ManyToManyField(
        "accounts.EnforcementGroup",
        verbose_name=_("enforcement groups"),
        blank=True,
        related_name="drills",
    )
    roles = models.ManyToManyField(
        "auth.Group", verbose_name=_("roles"), blank=True, related_name="drills"
    )
    deadline = models.DateTimeField(_("deadline"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DrillQuerySet.as_manager()

    class Meta:
        ordering = ["-deadline"]
        verbose_name = _("drill")
        verbose_name_plural = _("drills")

    def __str__(self):
        return self.title

    def assignees(self):
        from django.contrib.auth import get_user_model

        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(
                Q(enforcement_group__in=self.groups.all())
                | Q(groups__in=self.roles.all())
            )
            .distinct()
        )


class DrillReminder(models.Model):
    """提醒: someone who assigns drills reminded a person who has not yet passed
    one; shown on the person's 我的练兵 page and admin dashboard."""

    drill = models.ForeignKey(
        Drill,
        verbose_name=_("drill"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="drill_reminders",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reminded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("reminded at"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("drill reminder")
        verbose_name_plural = _("drill reminders")

    def __str__(self):
        return f"{self.drill} · {self.user}"


class WrongAnswerQuerySet(models.QuerySet):
    def in_book(self, user):
        """The entries still in ``user``'s 错题本."""
        return self.filter(
            user=user, right_streak__lt=settings.QUIZZES_WRONG_BOOK_STREAK
        )


class WrongAnswer(models.Model):
    """错题本 entry: a question the person got wrong; it leaves the book after
    ``QUIZZES_WRONG_BOOK_STREAK`` right answers in a row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wrong_answers"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    times_wrong = models.PositiveIntegerField(default=0)
    right_streak = models.PositiveSmallIntegerField(default=0)
    last_wrong_at = models.DateTimeField(null=True)
    last_answer = models.ForeignKey(
        AttemptAnswer, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = WrongAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["-last_wrong_at"]
        verbose_name = _("wrong answer")
        verbose_name_plural = _("wrong answers")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "question"], name="quizzes_wrong_unique"
            )
        ]

    def __str__(self):
        return f"{self.user_id}: {self.question_id}"
