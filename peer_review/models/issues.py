"""Issues found in reviews and their rectification (整改 → 复查 → 销号)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from peer_review.catalogue import (
    IssueCategory,
)
from peer_review.models.casefiles import CaseFile
from peer_review.models.rounds import Review, ReviewRound
from peer_review.models.storage import private_storage


class IssueQuerySet(models.QuerySet):
    def overdue(self, today=None):
        """Issues not yet verified (销号) whose rectification deadline has passed."""
        today = today or timezone.localdate()
        return self.exclude(status=Issue.Status.VERIFIED).filter(deadline__lt=today)

    def for_group(self, group):
        """Issues a group must rectify."""
        return self.filter(responsible_group=group)

    def visible_to(self, user):
        """Every issue for those who verify rectifications; otherwise the issues the
        user's own group must rectify."""
        if user.has_perm("peer_review.verify_issue"):
            return self
        if not user.enforcement_group_id:
            return self.none()
        return self.for_group(user.enforcement_group_id)


class Issue(models.Model):
    """问题: found in a review; rectified by the group (整改), verified (复查 → 销号)."""

    class Status(models.TextChoices):
        OPEN = "open", _("To rectify")
        RESPONDED = "responded", _("Awaiting verification")
        VERIFIED = "verified", _("Closed")

    round = models.ForeignKey(
        ReviewRound,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="issues",
    )
    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="issues")
    review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.SET_NULL, related_name="issues"
    )
    category = models.CharField(
        _("category"), max_length=32, choices=IssueCategory.choices
    )
    article = models.ForeignKey(
        "courses.Article",
        verbose_name=_("article concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_issues",
    )
    description = models.TextField(_("description"))
    responsible_group = models.ForeignKey(
        "accounts.EnforcementGroup",
        verbose_name=_("responsible group"),
        on_delete=models.PROTECT,
        related_name="review_issues",
    )
    deadline = models.DateField(_("rectification deadline"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    response = models.TextField(_("rectification response"), blank=True)
    evidence = models.FileField(
        _("evidence"),
        upload_to="rectification/%Y/",
        storage=private_storage,
        blank=True,
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    verification_note = models.TextField(_("verification note"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "pk"]
        permissions = [
            ("respond_issue", _("Can rectify the issues of their own group")),
            ("verify_issue", _("Can verify rectifications and close issues")),
            ("assign_drill", _("Can assign drills on the articles of review issues")),
        ]
        verbose_name = _("issue")
        verbose_name_plural = _("issues")

    def __str__(self):
        return f"{self.case} · {self.get_category_display()}"

    @cached_property
    def is_overdue(self) -> bool:
        return (
            self.status != self.Status.VERIFIED and self.deadline < timezone.localdate()
        )
