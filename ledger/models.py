"""The law-education ledger: the yearly 普法责任清单 and what was done against it —
activities (送法进企, visits, lectures, campaigns), warning letters to enterprises and
offline training sessions for staff, whose hours count towards each person's 学时."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
)
from wagtail.models import Orderable

from courses.models import Article
from home.files import (
    HEAD_BYTES,
    OFFICE_EXTENSIONS,
    PDF_ACTIVE_CONTENT,
    file_kind,
    name_matches,
    pdf_has_active_content,
)
from ledger.forms import ActivityForm


class ActivityType(models.TextChoices):
    LAW_TO_ENTERPRISES = "law_to_enterprises", _("Law to enterprises")
    VISIT = "visit", _("Enterprise visit and assistance")
    LECTURE = "lecture", _("Enforcement lecture")
    SKILLS_DRILL = "skills_drill", _("On-the-job skills drill")
    EXPERT_SHADOWING = "expert_shadowing", _("Shadowing industry experts")
    SAFETY_MONTH = "safety_month", _("Work Safety Month")
    DISASTER_DAY = "disaster_day", _("Disaster Prevention Day")
    OTHER = "other", _("Other")


# Activities in which officers go into the enterprise itself.
VISIT_TYPES = (
    ActivityType.LAW_TO_ENTERPRISES,
    ActivityType.VISIT,
    ActivityType.EXPERT_SHADOWING,
)


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


def item_status(done: int, planned: int) -> str:
    """An item's status from the activities recorded against it: none → not
    started, fewer than planned → in progress, the planned number → done."""
    if done <= 0:
        return ItemStatus.NOT_STARTED
    if done < max(planned, 1):
        return ItemStatus.IN_PROGRESS
    return ItemStatus.DONE


# The kinds of file an activity may carry (filetype's extensions): photos and
# documents.
ALLOWED_KINDS = frozenset({"jpg", "png", "pdf"}) | OFFICE_EXTENSIONS
MSG_FILE_TOO_LARGE = _("The file is larger than %(limit)s MB.")
MSG_FILE_TYPE = _("Only photos (JPEG, PNG), PDF and Office documents can be attached.")


def sniff_kind(head: bytes, extension: str) -> str | None:
    """The file's kind judged by its content, or None when its content is not one
    we accept or does not match its extension."""
    kind = file_kind(head)
    if kind is None or kind.extension not in ALLOWED_KINDS:
        return None
    if not name_matches(kind, f"file.{extension.lower().lstrip('.')}"):
        return None
    return kind.extension


def validate_attachment(upload) -> None:
    """Check an uploaded attachment by its size and its content, not its name."""
    limit = settings.COURSES_LEDGER_ATTACHMENT_MAX_MB
    if upload.size > limit * 1024 * 1024:
        raise ValidationError(MSG_FILE_TOO_LARGE % {"limit": limit})
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(position)
    kind = sniff_kind(head, upload.name.rsplit(".", 1)[-1])
    if kind is None:
        raise ValidationError(MSG_FILE_TYPE)
    if kind == "pdf" and pdf_has_active_content(upload):
        raise ValidationError(PDF_ACTIVE_CONTENT)


class ResponsibilityListQuerySet(models.QuerySet):
    def published(self):
        """Lists published to the public."""
        return self.filter(is_published=True)


class ResponsibilityList(ClusterableModel):
    """The yearly 普法责任清单 the bureau publishes to society."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)

    objects = ResponsibilityListQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("is_published")]),
        FieldPanel("title"),
        FieldPanel("introduction"),
        InlinePanel("items", heading=_("Items"), label=_("item"), min_num=1),
    ]

    class Meta:
        ordering = ["-year"]
        verbose_name = _("law-education responsibility list")
        verbose_name_plural = _("law-education responsibility lists")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ledger:pufa_list", kwargs={"year": self.year})


class ResponsibilityItemQuerySet(models.QuerySet):
    def with_progress(self):
        """Items annotated with ``done_count``: the activities recorded against them."""
        return self.annotate(done_count=Count("activities", distinct=True))


class ResponsibilityItem(models.Model):
    """One line of the list: who publicises which laws, to whom, how and when."""

    responsibility_list = ParentalKey(
        ResponsibilityList,
        verbose_name=_("list"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    responsible_unit = models.CharField(_("responsible unit"), max_length=100)
    laws = models.TextField(
        _("laws to publicise"), help_text=_("e.g. 《安全生产法》《天津市安全生产条例》")
    )
    audience = models.CharField(_("audience"), max_length=200)
    method = models.TextField(_("method"))
    timing = models.CharField(_("timing"), max_length=100, help_text=_("e.g. 6月"))
    planned_count = models.PositiveSmallIntegerField(
        _("planned activities"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("The item is done when this many activities are recorded."),
    )

    objects = ResponsibilityItemQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("planned_count")]),
        FieldPanel("responsible_unit"),
        FieldPanel("laws"),
        FieldPanel("audience"),
        FieldPanel("method"),
        FieldPanel("timing"),
    ]

    class Meta:
        ordering = ["responsibility_list", "number"]
        verbose_name = _("responsibility item")
        verbose_name_plural = _("responsibility items")
        constraints = [
            models.UniqueConstraint(
                fields=["responsibility_list", "number"], name="unique_pufa_item_number"
            )
        ]

    def __str__(self):
        year = self.responsibility_list.year if self.responsibility_list_id else ""
        return f"{year}年第{self.number}项 {self.responsible_unit}：{self.method[:24]}"

    @property
    def done(self) -> int:
        count = getattr(self, "done_count", None)
        return self.activities.count() if count is None else count

    @property
    def status(self) -> str:
        return item_status(self.done, self.planned_count)

    def get_status_display(self) -> str:
        return ItemStatus(self.status).label


class ActivityQuerySet(models.QuerySet):
    def in_year(self, year: int):
        """Activities held in calendar year ``year``."""
        return self.filter(date__year=year)

    def visits(self):
        """Activities in which officers went into the enterprises."""
        return self.filter(activity_type__in=VISIT_TYPES)


class Activity(ClusterableModel):
    """One law-education activity (普法活动): an event, a visit, a lecture, a campaign."""

    title = models.CharField(_("title"), max_length=200)
    activity_type = models.CharField(
        _("type"), max_length=32, choices=ActivityType.choices
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    organiser = models.CharField(_("organising unit"), max_length=100)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officers"),
        blank=True,
        limit_choices_to={"enforcement_group__isnull": False},
        related_name="organised_activities",
    )
    enterprises = models.ManyToManyField(
        "accounts.Enterprise",
        verbose_name=_("enterprises reached"),
        blank=True,
        through="ActivityEnterprise",
        related_name="law_activities",
    )
    participant_count = models.PositiveIntegerField(_("participants"), default=0)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendees (where known)"),
        blank=True,
        related_name="attended_activities",
    )
    articles = models.ManyToManyField(
        Article,
        verbose_name=_("articles covered"),
        blank=True,
        related_name="law_activities",
    )
    materials = models.TextField(
        _("materials handed out"), blank=True, help_text=_("e.g. 宣传册 300 份")
    )
    items = models.ManyToManyField(
        ResponsibilityItem,
        verbose_name=_("responsibility-list items fulfilled"),
        blank=True,
        related_name="activities",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    base_form_class = ActivityForm
    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("activity_type"), FieldPanel("date")]),
        FieldRowPanel([FieldPanel("place"), FieldPanel("organiser")]),
        FieldPanel("officers", widget=forms.CheckboxSelectMultiple),
        MultipleChooserPanel(
            "enterprise_links",
            chooser_field_name="enterprise",
            heading=_("Enterprises reached"),
            label=_("enterprise"),
        ),
        MultiFieldPanel(
            [FieldPanel("participant_count"), FieldPanel("attendees")],
            heading=_("Participants"),
        ),
        FieldPanel("articles"),
        FieldPanel("materials"),
        FieldPanel("items", widget=forms.CheckboxSelectMultiple),
        FieldPanel("notes"),
        InlinePanel("attachments", heading=_("Photos and documents"), label=_("file")),
    ]

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("law-education activity")
        verbose_name_plural = _("law-education activities")
        indexes = [models.Index(fields=["activity_type", "date"])]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def enterprise_names(self) -> str:
        return "、".join(e.name for e in self.enterprises.all())

    enterprise_names.short_description = _("enterprises reached")

    def article_labels(self) -> str:
        return "；".join(a.label for a in self.articles.all())

    article_labels.short_description = _("articles covered")

    def officer_names(self) -> str:
        return "、".join(str(u) for u in self.officers.all())

    officer_names.short_description = _("officers")

    def item_labels(self) -> str:
        return "；".join(str(i) for i in self.items.all())

    item_labels.short_description = _("responsibility-list items fulfilled")


class ActivityEnterprise(Orderable):
    """An enterprise an activity reached (chosen several at a time in the admin)."""

    activity = ParentalKey(
        Activity, on_delete=models.CASCADE, related_name="enterprise_links"
    )
    enterprise = models.ForeignKey(
        "accounts.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="activity_links",
    )

    panels = [FieldPanel("enterprise")]

    class Meta(Orderable.Meta):
        verbose_name = _("enterprise reached")
        verbose_name_plural = _("enterprises reached")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "enterprise"], name="unique_activity_enterprise"
            )
        ]

    def __str__(self):
        return str(self.enterprise)


class ActivityAttachment(models.Model):
    activity = ParentalKey(
        Activity, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        _("file"), upload_to="ledger/%Y/%m/", validators=[validate_attachment]
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    panels = [FieldPanel("file"), FieldPanel("caption")]

    class Meta:
        verbose_name = _("photo or document")
        verbose_name_plural = _("photos and documents")

    def __str__(self):
        return self.caption or self.file.name

    @property
    def is_image(self) -> bool:
        return self.file.name.lower().rsplit(".", 1)[-1] in {"jpg", "jpeg", "png"}


class WarningLetterQuerySet(models.QuerySet):
    def in_year(self, year: int):
        """Letters issued in calendar year ``year``."""
        return self.filter(issued_on__year=year)


class WarningLetter(models.Model):
    """提示警示函: a written reminder to an enterprise, citing the articles at stake."""

    enterprise = models.ForeignKey(
        "accounts.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="warning_letters",
    )
    issued_on = models.DateField(_("issued on"))
    reference = models.CharField(_("reference number"), max_length=64, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    articles = models.ManyToManyField(
        Article,
        verbose_name=_("articles cited"),
        blank=True,
        related_name="warning_letters",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("issued during"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="warning_letters",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = WarningLetterQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("warning letter")
        verbose_name_plural = _("warning letters")

    def __str__(self):
        return f"{self.issued_on:%Y-%m-%d} {self.enterprise} · {self.subject}"

    def article_labels(self) -> str:
        return "；".join(a.label for a in self.articles.all())

    article_labels.short_description = _("articles cited")


class TrainingSessionQuerySet(models.QuerySet):
    def in_year(self, year: int):
        """Sessions held in calendar year ``year``."""
        return self.filter(date__year=year)


class TrainingSession(models.Model):
    """An offline training session for staff; each attendee earns its hours."""

    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("study hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    speaker = models.CharField(_("speaker"), max_length=100, blank=True)
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("part of activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_sessions",
    )
    articles = models.ManyToManyField(
        Article, verbose_name=_("articles covered"), blank=True, related_name="+"
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendees"),
        blank=True,
        related_name="training_sessions",
    )

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("offline training session")
        verbose_name_plural = _("offline training sessions")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def attendee_count(self) -> int:
        return self.attendees.count()

    attendee_count.short_description = _("attendees")


def ledger_years() -> list[int]:
    """Years that have a list, an activity or a session, newest first."""
    years = set(ResponsibilityList.objects.values_list("year", flat=True))
    years |= {d.year for d in Activity.objects.dates("date", "year")}
    years |= {d.year for d in TrainingSession.objects.dates("date", "year")}
    return sorted(years, reverse=True)


def default_year() -> int:
    """The latest year with ledger records, else this year."""
    years = ledger_years()
    return years[0] if years else dt.date.today().year


__all__ = [
    "Activity",
    "ActivityAttachment",
    "ActivityEnterprise",
    "ActivityType",
    "ItemStatus",
    "ResponsibilityItem",
    "ResponsibilityList",
    "TrainingSession",
    "WarningLetter",
]
