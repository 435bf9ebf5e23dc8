"""The question bank: questions, their immutable versions, knowledge points."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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

    @property
    def answer_display(self) -> str:
        return scoring.answer_text(self.qtype, self.answer)

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
