"""The analytics module's one table: annual-report runs, which also carries the
module's permissions (viewing dashboards, generating the report)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportRunQuerySet(models.QuerySet):
    def recent(self, limit: int = 10):
        """The latest runs first, with who asked for them."""
        return self.select_related("requested_by").order_by("-requested_at")[:limit]


class ReportRun(models.Model):
    """One request to generate the annual report, run through django-tasks."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Generation failed")

    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    step = models.CharField(_("current step"), max_length=32, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    docx_path = models.CharField(max_length=255, blank=True)
    pdf_path = models.CharField(max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("annual report run")
        verbose_name_plural = _("annual report runs")
        default_permissions = ()
        permissions = [
            ("view_dashboard", _("Can view analytics dashboards")),
            ("run_annual_report", _("Can generate the annual report")),
        ]

    def __str__(self):
        return f"{self.year} · {self.get_status_display()}"
