"""Review rounds, assignments, reviews, marks and arbitration."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.sorting import natural_order
from peer_review.models.casefiles import CaseFile
from peer_review.models.rubrics import Rubric, RubricItem


class ReviewRound(models.Model):
    """评查批次: a quarter's cross-review of chosen files."""

    name = models.CharField(_("name"), max_length=128, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), choices=[(q, q) for q in range(1, 5)]
    )
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("rubric"), on_delete=models.PROTECT
    )
    blind = models.BooleanField(
        _("blind review"),
        default=True,
        help_text=_("Hide the handling group and officers from reviewers."),
    )
    reviewers_per_file = models.PositiveSmallIntegerField(
        _("reviewers per file"), default=2
    )
    deadline = models.DateTimeField(_("deadline"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "-quarter", "name"]
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")

    def __str__(self):
        return self.name

    def is_open(self, now=None) -> bool:
        return (now or timezone.now()) <= self.deadline


class AssignmentQuerySet(models.QuerySet):
    def pending_for(self, user):
        """The user's assignments without a submitted review, oldest deadline first."""
        return (
            self.filter(reviewer=user, review__isnull=True)
            .select_related("round", "case")
            .order_by("round__deadline", natural_order("case__number"))
        )


class Assignment(models.Model):
    class Kind(models.TextChoices):
        PEER = "peer", _("Peer review")
        REFERENCE = "reference", _("Reference review")

    round = models.ForeignKey(
        ReviewRound, on_delete=models.CASCADE, related_name="assignments"
    )
    case = models.ForeignKey(
        CaseFile, on_delete=models.PROTECT, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_assignments",
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PEER)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "case", "reviewer"], name="unique_assignment"
            )
        ]
        ordering = ["round", "case", "reviewer"]
        permissions = [
            ("score_assigned", _("Can score the case files assigned to them")),
        ]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self):
        return f"{self.round} · {self.case} · {self.reviewer}"


class Review(models.Model):
    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="review"
    )
    total = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    grade = models.CharField(_("grade"), max_length=16)
    vetoed = models.BooleanField(_("vetoed"), default=False)
    summary = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assignment"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self):
        return f"{self.assignment}: {self.total}"


class ReviewMark(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="marks")
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+")
    option_ids = models.JSONField(default=list, blank=True)
    vetoed = models.BooleanField(default=False)
    comment = models.TextField(blank=True)
    points = models.DecimalField(max_digits=5, decimal_places=1, null=True)

    class Meta:
        ordering = ["review", "item__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="unique_mark")
        ]


class Arbitration(models.Model):
    """A file whose reviews differ by more than the gap: the coordinator decides."""

    round = models.ForeignKey(
        ReviewRound, on_delete=models.CASCADE, related_name="arbitrations"
    )
    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="+")
    gap = models.DecimalField(max_digits=5, decimal_places=1)
    final_score = models.DecimalField(
        _("final score"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "case"], name="unique_arbitration")
        ]
        verbose_name = _("arbitration")
        verbose_name_plural = _("arbitrations")

    def __str__(self):
        return f"{self.round} · {self.case}"
