"""The audit trail: who changed which score, arbitration or verification."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action}"
