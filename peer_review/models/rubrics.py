"""Rubrics (评查标准): veto and point items, deduction options, grade bands."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel


class RubricKind(models.TextChoices):
    CASE_FILE = "case_file", _("Case files")
    VIDEO = "video", _("Enforcement videos")
    ON_SITE = "on_site", _("On-site enforcement")


class Section(models.TextChoices):
    VETO = "veto", _("Veto item")
    FORM = "form", _("File form")
    CONTENT = "content", _("Content")


class Rubric(ClusterableModel):
    """评查标准: veto items, point items and grade bands, edited by the coordinator."""

    name = models.CharField(_("name"), max_length=128, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=RubricKind.choices)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("description"),
        InlinePanel("bands", label=_("Grade bands")),
    ]

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")

    def __str__(self):
        return self.name

    @property
    def max_score(self) -> Decimal:
        return sum((i.max_points for i in self.items.all()), Decimal(0))


class GradeBand(models.Model):
    rubric = ParentalKey(Rubric, on_delete=models.CASCADE, related_name="bands")
    name = models.CharField(_("grade"), max_length=16)
    min_score = models.DecimalField(_("minimum score"), max_digits=5, decimal_places=1)
    passing = models.BooleanField(_("passing"), default=True)

    panels = [FieldPanel("name"), FieldPanel("min_score"), FieldPanel("passing")]

    class Meta:
        ordering = ["-min_score"]
        verbose_name = _("grade band")
        verbose_name_plural = _("grade bands")

    def __str__(self):
        return self.name


class RubricItem(ClusterableModel):
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("rubric"), on_delete=models.CASCADE, related_name="items"
    )
    section = models.CharField(
        pgettext_lazy("rubric", "section"), max_length=8, choices=Section.choices
    )
    title = models.CharField(_("title"), max_length=255)
    max_points = models.DecimalField(
        _("points"), max_digits=5, decimal_places=1, default=0
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("rubric"),
        FieldPanel("section"),
        FieldPanel("title"),
        FieldPanel("max_points"),
        FieldPanel("sort_order"),
        InlinePanel("options", label=_("Deduction options")),
    ]

    class Meta:
        ordering = ["rubric", "sort_order", "pk"]
        verbose_name = _("rubric item")
        verbose_name_plural = _("rubric items")

    def __str__(self):
        return f"{self.rubric} · {self.title}"


class DeductionOption(models.Model):
    item = ParentalKey(RubricItem, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(_("deduction"), max_length=255)
    points = models.DecimalField(_("points deducted"), max_digits=5, decimal_places=1)

    panels = [FieldPanel("text"), FieldPanel("points")]

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("deduction option")
        verbose_name_plural = _("deduction options")

    def __str__(self):
        return f"{self.text}（-{self.points}）"
