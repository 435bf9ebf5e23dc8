"""Quiz pages: the index and the exam / practice page with its rules."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from courses.models.search_mixin import SegmentedSearchMixin
from quizzes import scoring
from quizzes.models.bank import Question, QuestionType
from quizzes.models.status import AttemptStatus


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
    """When the key and the explanations are shown (Moodle's review options): the
    score is always shown after submitting."""

    AFTER_SUBMIT = "after_submit", _("Immediately after submitting")
    AFTER_CLOSE = "after_close", _("After the quiz closes")
    SCORE_ONLY = "score", _("Never (score only)")


class QuizPage(SegmentedSearchMixin, Page):
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
        _("answers and explanations shown"),
        max_length=16,
        choices=ReviewPolicy.choices,
        default=ReviewPolicy.AFTER_CLOSE,
        help_text=_(
            "While a quiz is open its questions never appear in practice, and its "
            'key is shown only as chosen here. "After the quiz closes" needs a '
            "closing time; without one the key is never shown."
        ),
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

    search_fields = [*Page.search_fields, index.SearchField("search_text")]

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

    def get_search_source(self) -> str:
        from django.utils.html import strip_tags

        return f"{self.title}\n{strip_tags(self.intro)}"

    def shown_in_search(self) -> bool:
        """Only quizzes open now are offered by the site search."""
        return self.is_open()

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)

    def serve_preview(self, request, mode_name):
        """The approver (法制审核) previews the paper itself, whoever the audience
        is: fixed questions with their answers, or each blueprint rule with how
        many active questions in the bank match it."""
        return TemplateResponse(
            request, "quizzes/quiz_preview.html", self.paper_preview_context()
        )

    def paper_preview_context(self) -> dict:
        # As the paper is drawn (services.attempts._paper_for): a question added
        # twice is asked once, and the total counts it once.
        fixed, listed = [], set()
        for item in self.fixed_questions.all():
            if item.question_id is not None and item.question_id not in listed:
                listed.add(item.question_id)
                fixed.append(item)
        repeated = sum(
            1 for item in self.fixed_questions.all() if item.question_id is not None
        ) - len(fixed)
        rules = [
            {"rule": rule, "matching": rule.candidates().count()}
            for rule in self.draw_rules.all()
        ]
        return {
            "page": self,
            "fixed": fixed,
            "repeated": repeated,
            "rules": rules,
            "short_rules": [r for r in rules if r["matching"] < r["rule"].count],
            "total_points": sum(i.points for i in fixed)
            + sum(r["rule"].count * r["rule"].points for r in rules),
        }

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
        return self.drills.assigned_to(user).exists()

    def review_shows_answers(self, now=None) -> bool:
        """Whether a submitted attempt at this quiz may show its key now."""
        if self.review_policy == ReviewPolicy.AFTER_SUBMIT:
            return True
        if self.review_policy == ReviewPolicy.AFTER_CLOSE:
            return bool(self.closes_at) and (now or timezone.now()) >= self.closes_at
        return False

    @property
    def keeps_key_secret(self) -> bool:
        """An exam, or a quiz that does not show its key at once: while it is open,
        its questions must not be answered anywhere that shows the key."""
        return (
            self.mode == QuizMode.EXAM
            or self.review_policy != ReviewPolicy.AFTER_SUBMIT
        )

    def get_context(self, request, *args, **kwargs):
        """The quiz, the visitor's attempts and whether they may start one; the
        start button posts to ``quizzes:quiz_start`` (the page itself only reads)."""
        context = super().get_context(request, *args, **kwargs)
        context.update(quiz_landing_context(self, request))
        return context


def quiz_landing_context(quiz: QuizPage, request) -> dict:
    # Through the reverse relation: the attempt models import this module.
    attempts = quiz.attempts.for_quiz_and_visitor(quiz, request)
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
