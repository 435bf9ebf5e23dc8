"""The law-article spine: regulations, their articles, penalty provisions and the
bureau's discretion tiers. Questions, explainers, live classes and case files point at
these records by foreign key, so this is the single source of the law's text."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

from courses.citations import Citation, to_chinese


class RegulationLevel(models.TextChoices):
    LAW = "law", _("Law")
    ADMIN_REGULATION = "admin_regulation", _("Administrative regulation")
    LOCAL_REGULATION = "local_regulation", _("Local regulation")
    DEPARTMENTAL_RULE = "departmental_rule", _("Departmental rule")
    NORMATIVE_DOCUMENT = "normative_document", _("Normative document")


class RegulationStatus(models.TextChoices):
    CURRENT = "current", _("In force")
    AMENDED = "amended", _("Amended")
    REPEALED = "repealed", _("Repealed")


class RegulationQuerySet(models.QuerySet):
    def current(self):
        """Regulations in force."""
        return self.filter(status=RegulationStatus.CURRENT)

    def by_title(self, title: str):
        """Versions whose full or short title is ``title``, the one in force first."""
        title = title.strip().strip("《》")
        return self.filter(Q(title=title) | Q(short_title=title)).order_by(
            models.Case(
                models.When(status=RegulationStatus.CURRENT, then=0), default=1
            ),
            "-effective_on",
        )


class Regulation(models.Model):
    """One version of a law, regulation or rule (法规)."""

    title = models.CharField(_("title"), max_length=200)
    short_title = models.CharField(
        _("short title"), max_length=100, blank=True, help_text=_("e.g. 安全生产法")
    )
    key = models.SlugField(
        _("key"),
        max_length=64,
        unique=True,
        help_text=_("Stable identifier, e.g. aqsc-fa-2021"),
    )
    level = models.CharField(_("level"), max_length=32, choices=RegulationLevel.choices)
    issuing_body = models.CharField(_("issuing body"), max_length=200, blank=True)
    promulgated_on = models.DateField(_("promulgated on"), null=True, blank=True)
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    status = models.CharField(
        pgettext_lazy("regulation", "status"),
        max_length=16,
        choices=RegulationStatus.choices,
        default=RegulationStatus.CURRENT,
    )
    version_label = models.CharField(
        _("version"), max_length=64, blank=True, help_text=_("e.g. 2021年修正")
    )
    history = models.TextField(_("promulgation and amendment history"), blank=True)
    previous_version = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_versions",
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )

    objects = RegulationQuerySet.as_manager()

    class Meta:
        ordering = ["level", "title", "-effective_on"]
        verbose_name = _("regulation")
        verbose_name_plural = _("regulations")

    def __str__(self):
        if self.version_label:
            return f"{self.title}（{self.version_label}）"
        return self.title

    @property
    def display_title(self) -> str:
        return f"《{self.short_title or self.title}》"

    def get_absolute_url(self):
        return reverse("courses:regulation_detail", kwargs={"key": self.key})


EXCERPT_MARK = "……"


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles with their text: one whose text was never entered (a number a
        question or case cites, loaded without the law's text) is kept off the
        public library."""
        return self.exclude(text__regex=r"^\s*$")

    def resolve_citation(self, citation: Citation, on=None):
        """The article a parsed citation points at, or None: in the version in force
        on the date ``on`` when given (the latest effective by then; a version whose
        text states no 施行 date counts from its 公布 date, as published texts of
        amended laws often carry only the amending decision's date), else in the
        version in force now."""
        versions = Regulation.objects.by_title(citation.title)
        regulation = None
        if on is not None:
            regulation = (
                versions.annotate(
                    in_force_from=Coalesce("effective_on", "promulgated_on")
                )
                .filter(in_force_from__lte=on)
                .order_by("-in_force_from")
                .first()
            )
        regulation = regulation or versions.first()
        if regulation is None:
            return None
        return self.filter(
            regulation=regulation, number=citation.number, suffix=citation.suffix
        ).first()

    def in_order(self):
        """Articles in the regulation's own order."""
        return self.order_by("regulation_id", "number", "suffix")


class Article(models.Model):
    """One article (条) of a regulation, with its chapter and full text."""

    regulation = models.ForeignKey(
        Regulation,
        verbose_name=_("regulation"),
        on_delete=models.CASCADE,
        related_name="articles",
    )
    chapter_number = models.PositiveSmallIntegerField(_("chapter number"), default=0)
    chapter_title = models.CharField(_("chapter"), max_length=100, blank=True)
    section_title = models.CharField(
        pgettext_lazy("regulation", "section"), max_length=100, blank=True
    )
    number = models.PositiveSmallIntegerField(_("article number"))
    suffix = models.PositiveSmallIntegerField(
        _("suffix"), default=0, help_text=_("1 for 之一, 2 for 之二, 0 otherwise")
    )
    text = models.TextField(_("text"))
    key = models.SlugField(_("key"), max_length=80, unique=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["regulation", "number", "suffix"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(
                fields=["regulation", "number", "suffix"], name="unique_article_number"
            )
        ]

    def __str__(self):
        return self.label

    @property
    def number_cn(self) -> str:
        """第九十七条 (or 第一百三十四条之一)."""
        label = f"第{to_chinese(self.number)}条"
        if self.suffix:
            label += f"之{to_chinese(self.suffix)}"
        return label

    @property
    def label(self) -> str:
        """《安全生产法》第九十七条."""
        return f"{self.regulation.display_title}{self.number_cn}"

    @property
    def is_excerpt(self) -> bool:
        """The text leaves parts out (……): shown labelled 摘录, never as the whole
        article."""
        return EXCERPT_MARK in self.text

    @property
    def is_legal_liability(self) -> bool:
        return "法律责任" in self.chapter_title

    def get_absolute_url(self):
        return reverse("courses:article_detail", kwargs={"key": self.key})

    @staticmethod
    def make_key(regulation_key: str, number: int, suffix: int = 0) -> str:
        return f"{regulation_key}-{number}" + (f"-{suffix}" if suffix else "")


def _yuan_field(label) -> models.DecimalField:
    """An optional amount in yuan (None where the law sets no bound)."""
    return models.DecimalField(
        label, max_digits=12, decimal_places=2, null=True, blank=True
    )


class PenaltyProvision(ClusterableModel):
    """The fines a legal-liability article sets (for the unit and the responsible
    person), which case files cite as their 处罚依据."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="penalty_provisions",
    )
    item = models.CharField(
        pgettext_lazy("penalty provision", "item"),
        max_length=20,
        blank=True,
        help_text=_("e.g. 第三项; empty for the whole article"),
    )
    summary = models.CharField(_("violation in short"), max_length=200)
    violated_articles = models.ManyToManyField(
        Article,
        verbose_name=_("articles whose violation it punishes"),
        blank=True,
        related_name="punished_by",
    )
    unit_fine_min = _yuan_field(_("fine on the unit: minimum (yuan)"))
    unit_fine_max = _yuan_field(_("fine on the unit: maximum (yuan)"))
    unit_fine_min_uncorrected = _yuan_field(
        _("if not corrected in time: minimum (yuan)")
    )
    unit_fine_max_uncorrected = _yuan_field(
        _("if not corrected in time: maximum (yuan)")
    )
    person_fine_min = _yuan_field(_("fine on the responsible person: minimum (yuan)"))
    person_fine_max = _yuan_field(_("fine on the responsible person: maximum (yuan)"))
    other_penalties = models.CharField(_("other penalties"), max_length=200, blank=True)
    # 并处: the penalty the provision imposes together with the fine in each branch
    # (e.g. 安全生产法 art. 97: 逾期未改正的，责令停产停业整顿，并处…罚款).
    concurrent_penalty = models.CharField(
        _("imposed together with the fine (并处)"),
        max_length=100,
        blank=True,
        help_text=_("e.g. 责令停产停业整顿; alternatives separated by 或者"),
    )
    concurrent_penalty_uncorrected = models.CharField(
        _("if not corrected in time: imposed together with the fine (并处)"),
        max_length=100,
        blank=True,
        help_text=_("e.g. 责令停产停业整顿; alternatives separated by 或者"),
    )

    panels = [
        FieldPanel("article"),
        FieldPanel("item"),
        FieldPanel("summary"),
        FieldPanel("violated_articles"),
        FieldPanel("unit_fine_min"),
        FieldPanel("unit_fine_max"),
        FieldPanel("unit_fine_min_uncorrected"),
        FieldPanel("unit_fine_max_uncorrected"),
        FieldPanel("person_fine_min"),
        FieldPanel("person_fine_max"),
        FieldPanel("other_penalties"),
        FieldPanel("concurrent_penalty"),
        FieldPanel("concurrent_penalty_uncorrected"),
        InlinePanel("tiers", heading=_("Discretion tiers"), label=_("tier")),
    ]

    class Meta:
        ordering = ["article", "item"]
        verbose_name = _("penalty provision")
        verbose_name_plural = _("penalty provisions")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "item"], name="unique_provision_item"
            )
        ]

    def __str__(self):
        return f"{self.article.label}{self.item}"

    def clean(self):
        for low, high in (
            ("unit_fine_min", "unit_fine_max"),
            ("unit_fine_min_uncorrected", "unit_fine_max_uncorrected"),
            ("person_fine_min", "person_fine_max"),
        ):
            lo, hi = getattr(self, low), getattr(self, high)
            if lo is not None and hi is not None and lo > hi:
                raise ValidationError({low: _("The minimum is above the maximum.")})

    def unit_range(self, *, corrected_in_time: bool = True) -> tuple:
        """(min, max) fine on the unit; None where the law sets no bound."""
        if corrected_in_time:
            return (self.unit_fine_min, self.unit_fine_max)
        return (self.unit_fine_min_uncorrected, self.unit_fine_max_uncorrected)


class DiscretionTier(models.Model):
    """A tier of the bureau's published discretion benchmark (裁量阶次) for a
    provision: its circumstances and the fine sub-range on the unit."""

    provision = ParentalKey(
        PenaltyProvision,
        verbose_name=_("penalty provision"),
        on_delete=models.CASCADE,
        related_name="tiers",
    )
    name = models.CharField(
        _("tier"), max_length=20, help_text=_("e.g. 轻微/一般/较重/严重")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    fine_min = models.DecimalField(
        _("minimum fine (yuan)"), max_digits=12, decimal_places=2
    )
    fine_max = models.DecimalField(
        _("maximum fine (yuan)"), max_digits=12, decimal_places=2
    )
    circumstances = models.TextField(_("circumstances"), blank=True)

    class Meta:
        ordering = ["provision", "order"]
        verbose_name = _("discretion tier")
        verbose_name_plural = _("discretion tiers")
        constraints = [
            models.UniqueConstraint(
                fields=["provision", "name"], name="unique_tier_name"
            )
        ]

    def __str__(self):
        return f"{self.provision} · {self.name}"

    def clean(self):
        if self.fine_min is not None and self.fine_max is not None:
            if self.fine_min > self.fine_max:
                raise ValidationError(
                    {"fine_min": _("The minimum is above the maximum.")}
                )

    def contains(self, amount) -> bool:
        return self.fine_min <= amount <= self.fine_max
