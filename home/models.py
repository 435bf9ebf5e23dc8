from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import SectionBlock
from home.sheets import RowError


class HomePage(Page):
    """The site's front page: a short introduction and one card per module."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "link"])
    sections = StreamField(
        [("section", SectionBlock())], verbose_name=_("section"), blank=True
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("sections")]

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("Home page")

    def get_context(self, request, *args, **kwargs):
        """Hide staff-only sections from visitors and enterprise workers."""
        context = super().get_context(request, *args, **kwargs)
        user = request.user
        is_staff_member = user.is_authenticated and (
            user.is_superuser or user.has_perm("wagtailadmin.access_admin")
        )
        context["visible_sections"] = [
            block
            for block in self.sections
            if is_staff_member or not block.value.get("staff_only")
        ]
        return context


class ImportJob(models.Model):
    """A spreadsheet import run as a background task (django-tasks).

    Holds the uploaded file until the task has read it, then the progress the
    job page polls and the outcome: every bad row, or how many were imported.
    Any importer can use it; ``kind`` names which one."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Checking")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Stopped with an error")

    kind = models.CharField(_("importer"), max_length=40)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    data = models.BinaryField(editable=False, blank=True)
    dry_run = models.BooleanField(_("check only"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("rows"), default=0)
    processed = models.PositiveIntegerField(_("rows checked"), default=0)
    valid = models.PositiveIntegerField(_("valid rows"), default=0)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    errors = models.JSONField(_("row errors"), default=list, blank=True)
    file_error = models.TextField(_("file error"), blank=True)

    class Meta:
        verbose_name = _("import job")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} {self.filename}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return int(100 * self.processed / self.total) if self.total else 0

    def fail(self, message: str) -> None:
        """End the job with one message about the file as a whole."""
        from django.utils import timezone

        self.status = self.Status.FAILED
        self.file_error = message
        self.data = b""
        self.finished_at = timezone.now()
        self.save()

    def row_errors(self) -> list[RowError]:
        return [RowError(e["row"], e["column"], e["reason"]) for e in self.errors]

    def report_progress(self, processed: int, total: int | None = None) -> None:
        """Record progress at once (outside any transaction the task holds
        open, so the polling page sees it)."""
        values = {"processed": processed}
        if total is not None:
            values["total"] = total
        type(self).objects.filter(pk=self.pk).update(**values)
        for name, value in values.items():
            setattr(self, name, value)
