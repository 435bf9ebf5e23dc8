"""Question bank, quiz pages, attempts, drills and the wrong-answer book."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from quizzes import scoring
from quizzes.search import search_terms


class QuestionType(models.TextChoices):
    SINGLE = scoring.SINGLE, _("Single choice")
    MULTIPLE = scoring.MULTIPLE, _("Multiple choice")
    JUDGE = scoring.JUDGE, _("True or false")
    BLANK = scoring.BLANK, _("Fill in the blanks")
    CASE = scoring.CASE, _("Case analysis")


class QuestionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class KnowledgePoint(models.Model):
    """知识点: a topic a question tests, shared across questions."""

    name = models.CharField(_("name"), max_length=64, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("knowledge point")
        verbose_name_plural = _("knowledge points")

    def __str__(self):
        return self.name


class QuestionQuerySet(models.QuerySet):
    def active(self):
        """Questions that may be put on a new paper."""
        return self.filter(status=QuestionStatus.ACTIVE)

    def search_chinese(self, query: str):
        """Every word of ``query`` (segmented with jieba) appears in the stem, the
        explanation or a knowledge point — Chinese has no spaces to split on."""
        qs = self
        for term in search_terms(query):
            qs = qs.filter(
                Q(stem__icontains=term)
                | Q(explanation__icontains=term)
                | Q(knowledge_points__name__icontains=term)
                | Q(citations__icontains=term)
            )
        return qs.distinct()

    def for_rule(self, *, qtype="", regulation_id=None, chapter="", difficulty=None):
        """Active questions a blueprint rule may draw from."""
        qs = self.active()
        if qtype:
            qs = qs.filter(qtype=qtype)
        if regulation_id:
            qs = qs.filter(articles__regulation_id=regulation_id)
        if chapter:
            qs = qs.filter(articles__chapter_title=chapter)
        if difficulty:
            qs = qs.filter(difficulty=difficulty)
        return qs.distinct()


class Question(models.Model):
    """A question in the bank. Its text and key are versioned: every change that
    matters to grading creates a new :class:`QuestionVersion` (services.question_save)."""

    qtype = models.CharField(_("type"), max_length=16, choices=QuestionType.choices)
    stem = models.TextField(_("stem"))
    options = models.JSONField(_("options"), default=list, blank=True)
    answer = models.JSONField(_("answer key"), null=True, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    knowledge_points = models.ManyToManyField(
        KnowledgePoint,
        verbose_name=_("knowledge points"),
        blank=True,
        related_name="questions",
    )
    articles = models.ManyToManyField(
        "courses.Article",
        verbose_name=_("regulation articles"),
        blank=True,
        related_name="questions",
    )
    citations = models.CharField(_("citations as written"), max_length=500, blank=True)
    case_article = models.ForeignKey(
        "courses.Article",
        verbose_name=_("violated article (case analysis)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_questions",
    )
    case_provision = models.ForeignKey(
        "courses.PenaltyProvision",
        verbose_name=_("penalty provision (case analysis)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_questions",
    )
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=QuestionStatus.choices,
        default=QuestionStatus.ACTIVE,
    )
    stem_key = models.CharField(max_length=500, db_index=True, editable=False)
    current_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(difficulty__gte=1, difficulty__lte=5),
                name="quizzes_question_difficulty_1_5",
            )
        ]

    def __str__(self):
        return self.stem[:60]

    def clean(self):
        from quizzes.importing import stem_key

        self.stem = (self.stem or "").strip()
        self.stem_key = stem_key(self.stem)[:500]
        problems = scoring.key_problems(self.qtype, self.answer, len(self.options))
        if problems:
            raise ValidationError({"answer": problems})

    @property
    def option_pairs(self) -> list[tuple[str, str]]:
        return list(zip(scoring.OPTION_LETTERS, self.options, strict=False))

    def content(self) -> dict:
        """What a version freezes."""
        return {
            "qtype": self.qtype,
            "stem": self.stem,
            "options": list(self.options or []),
            "answer": self.answer,
            "explanation": self.explanation,
        }


class QuestionVersion(models.Model):
    """An immutable snapshot of a question's text and key. Graded answers point here,
    so a later correction never silently changes what an attempt was graded against."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    qtype = models.CharField(max_length=16, choices=QuestionType.choices)
    stem = models.TextField()
    options = models.JSONField(default=list, blank=True)
    answer = models.JSONField(null=True, blank=True)
    explanation = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question", "number"]
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "number"], name="quizzes_version_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.question_id} v{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("Question versions cannot be changed."))
        super().save(*args, **kwargs)

    @property
    def content(self) -> dict:
        return {
            "qtype": self.qtype,
            "stem": self.stem,
            "options": list(self.options or []),
            "answer": self.answer,
            "explanation": self.explanation,
        }


# --- pages -----------------------------------------------------------------------


class QuizIndexPage(Page):
    """在线考试与练习: lists the quizzes the visitor may take."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["quizzes.QuizPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Quiz index page")

    def get_context(self, request, *args, **kwargs):
        """The live quizzes this visitor may take, exams first."""
        context = super().get_context(request, *args, **kwargs)
        quizzes = QuizPage.objects.child_of(self).live().specific().order_by("-pk")
        context["quizzes"] = [q for q in quizzes if q.audience_allows(request.user)]
        return context


class QuizMode(models.TextChoices):
    EXAM = "exam", _("Exam")
    PRACTICE = "practice", _("Practice")


class Selection(models.TextChoices):
    FIXED = "fixed", _("Fixed questions")
    BLUEPRINT = "blueprint", _("Random draw from a blueprint")


class AttemptPolicy(models.TextChoices):
    HIGHEST = scoring.HIGHEST, _("Highest score counts")
    LAST = scoring.LAST, _("Last attempt counts")


class PartialCredit(models.TextChoices):
    NONE = scoring.PARTIAL_NONE, _("All or nothing")
    PROPORTIONAL = scoring.PARTIAL_PROPORTIONAL, _("Share of correct options picked")
    HALF = scoring.PARTIAL_HALF, _("Half the points if some are missing")


class ReviewPolicy(models.TextChoices):
    SCORE_ONLY = "score", _("Score only")
    AFTER_SUBMIT = "after_submit", _("Answers and explanations after submitting")
    AFTER_CLOSE = "after_close", _("Answers and explanations after the quiz closes")


class QuizPage(Page):
    """An exam (考试) or a practice quiz (练习): fixed questions or a blueprint draw."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "link"])
    mode = models.CharField(
        _("mode"), max_length=16, choices=QuizMode.choices, default=QuizMode.EXAM
    )
    selection = models.CharField(
        _("questions"),
        max_length=16,
        choices=Selection.choices,
        default=Selection.FIXED,
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_options = models.BooleanField(_("shuffle options"), default=True)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit (minutes)"), null=True, blank=True
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=1, help_text=_("0 means unlimited.")
    )
    attempt_policy = models.CharField(
        _("which attempt counts"),
        max_length=16,
        choices=AttemptPolicy.choices,
        default=AttemptPolicy.HIGHEST,
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=60,
        validators=[MaxValueValidator(100)],
    )
    partial_credit = models.CharField(
        _("partial credit for multiple choice"),
        max_length=16,
        choices=PartialCredit.choices,
        default=PartialCredit.NONE,
    )
    audience_everyone = models.BooleanField(
        _("everyone who is logged in"), default=False
    )
    audience_roles = ParentalManyToManyField(
        "auth.Group", verbose_name=_("roles"), blank=True, related_name="+"
    )
    audience_groups = ParentalManyToManyField(
        "accounts.EnforcementGroup",
        verbose_name=_("enforcement groups"),
        blank=True,
        related_name="+",
    )
    allow_anonymous = models.BooleanField(
        _("anonymous practice"),
        default=False,
        help_text=_(
            "Visitors who are not logged in may practise (practice mode only)."
        ),
    )
    review_policy = models.CharField(
        _("review"),
        max_length=16,
        choices=ReviewPolicy.choices,
        default=ReviewPolicy.AFTER_SUBMIT,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("mode"), FieldPanel("selection")]),
        InlinePanel("fixed_questions", label=_("Fixed questions")),
        InlinePanel("draw_rules", label=_("Blueprint rules")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel(
                    [FieldPanel("time_limit_minutes"), FieldPanel("pass_mark")]
                ),
                FieldRowPanel(
                    [FieldPanel("attempts_allowed"), FieldPanel("attempt_policy")]
                ),
                FieldRowPanel(
                    [FieldPanel("shuffle_questions"), FieldPanel("shuffle_options")]
                ),
                FieldPanel("partial_credit"),
                FieldPanel("review_policy"),
            ],
            heading=_("Rules"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("audience_everyone"),
                FieldPanel("audience_roles", widget=forms.CheckboxSelectMultiple),
                FieldPanel("audience_groups", widget=forms.CheckboxSelectMultiple),
                FieldPanel("allow_anonymous"),
            ],
            heading=_("Who may take it"),
        ),
    ]

    parent_page_types = ["quizzes.QuizIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("Quiz page")

    def clean(self):
        super().clean()
        if self.allow_anonymous and self.mode != QuizMode.PRACTICE:
            raise ValidationError(
                {"allow_anonymous": _("Only practice quizzes can be anonymous.")}
            )
        if self.opens_at and self.closes_at and self.opens_at >= self.closes_at:
            raise ValidationError(
                {"closes_at": _("The quiz must close after it opens.")}
            )

    @property
    def time_limit(self) -> timedelta | None:
        if not self.time_limit_minutes:
            return None
        return timedelta(minutes=self.time_limit_minutes)

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)

    def audience_allows(self, user) -> bool:
        """Whether ``user`` (perhaps anonymous) may take this quiz."""
        if not user.is_authenticated:
            return self.allow_anonymous and self.mode == QuizMode.PRACTICE
        if user.is_superuser or self.audience_everyone or self.allow_anonymous:
            return True
        # Compare ids: the relations may still be in memory (modelcluster) when a
        # page is checked before it is saved.
        if user.enforcement_group_id in {g.pk for g in self.audience_groups.all()}:
            return True
        if {g.name for g in self.audience_roles.all()} & user.role_names:
            return True
        return Drill.objects.filter(quiz=self).assigned_to(user).exists()

    def review_shows_answers(self, now=None) -> bool:
        if self.review_policy == ReviewPolicy.AFTER_SUBMIT:
            return True
        if self.review_policy == ReviewPolicy.AFTER_CLOSE:
            return bool(self.closes_at) and (now or timezone.now()) >= self.closes_at
        return False

    def serve(self, request, *args, **kwargs):
        """GET shows the quiz and the visitor's attempts; POST starts (or resumes)
        an attempt — see :func:`quizzes.views.quiz_start`."""
        if request.method == "POST":
            from quizzes.views import quiz_start

            return quiz_start(request, self)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(quiz_landing_context(self, request))
        return context


def quiz_landing_context(quiz: QuizPage, request) -> dict:
    attempts = Attempt.objects.for_quiz_and_visitor(quiz, request)
    submitted = [a for a in attempts if a.status == AttemptStatus.SUBMITTED]
    open_attempt = next((a for a in attempts if a.status == AttemptStatus.OPEN), None)
    used = len(attempts)
    can_start = (
        quiz.is_open()
        and quiz.audience_allows(request.user)
        and (
            open_attempt is not None
            or not quiz.attempts_allowed
            or used < quiz.attempts_allowed
        )
    )
    counted = scoring.combine(
        [scoring.percent(a.score, a.max_score) for a in submitted],
        quiz.attempt_policy,
    )
    return {
        "attempts": submitted,
        "open_attempt": open_attempt,
        "can_start": can_start,
        "may_take": quiz.audience_allows(request.user),
        "attempts_left": (
            None if not quiz.attempts_allowed else max(quiz.attempts_allowed - used, 0)
        ),
        "counted_percent": counted,
        "counted_passed": counted is not None and counted >= quiz.pass_mark,
    }


class QuizQuestion(Orderable):
    page = ParentalKey(
        QuizPage, on_delete=models.CASCADE, related_name="fixed_questions"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="+"
    )
    points = models.PositiveSmallIntegerField(_("points"), default=2)

    panels = [FieldPanel("question"), FieldPanel("points")]

    class Meta(Orderable.Meta):
        verbose_name = _("fixed question")


class QuizDrawRule(Orderable):
    """Draw ``count`` active questions matching type / regulation / chapter /
    difficulty for each attempt."""

    page = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="draw_rules")
    qtype = models.CharField(
        _("type"), max_length=16, choices=QuestionType.choices, blank=True
    )
    regulation = models.ForeignKey(
        "courses.Regulation",
        verbose_name=_("regulation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    chapter = models.CharField(
        _("chapter"), max_length=128, blank=True, help_text=_("e.g. 第六章 法律责任")
    )
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    count = models.PositiveSmallIntegerField(_("number of questions"), default=5)
    points = models.PositiveSmallIntegerField(_("points each"), default=2)

    panels = [
        FieldRowPanel([FieldPanel("qtype"), FieldPanel("difficulty")]),
        FieldRowPanel([FieldPanel("regulation"), FieldPanel("chapter")]),
        FieldRowPanel([FieldPanel("count"), FieldPanel("points")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("blueprint rule")

    def candidates(self):
        return Question.objects.for_rule(
            qtype=self.qtype,
            regulation_id=self.regulation_id,
            chapter=self.chapter,
            difficulty=self.difficulty,
        )


# --- attempts --------------------------------------------------------------------


class AttemptStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


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
