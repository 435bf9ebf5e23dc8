"""The audit trail: who changed which score, arbitration or verification."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "round_create": _("Round created"),
    "review_submit": _("Review submitted"),
    "arbitrate": _("Arbitrated"),
    "rectify": _("Rectification submitted"),
    "verify": _("Rectification verified"),
}
FIELD_LABELS = {
    "files": _("case files"),
    "reviewers_per_file": _("reviewers per file"),
    "total": _("total score"),
    "grade": _("grade"),
    "final_score": _("final score"),
    "reason": _("reason"),
    "status": _("status"),
    "response": _("rectification response"),
    "note": _("verification note"),
}
STATUS_LABELS = {
    "open": _("To rectify"),
    "responded": _("Awaiting verification"),
    "verified": _("Closed"),
}


def _describe(values) -> str:
    """A logged dict as people read it: 状态：待复查；整改说明：……"""
    if not values:
        return "—"
    if not isinstance(values, dict):
        return str(values)
    parts = []
    for key, value in values.items():
        if key == "status":
            value = STATUS_LABELS.get(value, value)
        if value in (None, ""):
            value = "—"
        parts.append(f"{FIELD_LABELS.get(key, key)}：{value}")
    return "；".join(parts)


class AuditEntryQuerySet(models.QuerySet):
    def for_object(self, obj):
        """The trail of one object (a review, arbitration or issue), newest first."""
        return self.filter(
            object_type=obj._meta.model_name, object_id=obj.pk
        ).select_related("actor")


class AuditEntry(models.Model):
    """Who changed what, when, from which value to which: scores, arbitration,
    verification."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=32)
    object_type = models.CharField(max_length=32)
    object_id = models.PositiveBigIntegerField()
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action_label}"

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))

    @property
    def old_display(self) -> str:
        return _describe(self.old)

    @property
    def new_display(self) -> str:
        return _describe(self.new)
