"""Case files (执法案卷), rubrics (评查标准), review rounds, reviews, issues and the
audit trail of the cross-review module."""

import os
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel

from peer_review.catalogue import (
    DocumentType,
    IssueCategory,
    Procedure,
    ServiceMethod,
    VideoStep,
)


class PrivateStorage(FileSystemStorage):
    """Case documents live outside MEDIA_ROOT: no URL serves them except the
    permission-checked download view. The location is read at use, so settings
    overrides (tests) apply."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PEER_REVIEW_PRIVATE_ROOT or f"{settings.MEDIA_ROOT}-private"

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("case documents have no public URL")

    def deconstruct(self):
        return ("peer_review.models.PrivateStorage", (), {})


def private_storage():
    return PrivateStorage()


class CaseFileForm(WagtailAdminModelForm):
    """The checklist as ticks, not JSON."""

    checklist = forms.MultipleChoiceField(
        label=_("documents in the file"),
        choices=DocumentType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class CaseFileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Files the user may open: all for the coordinator, the files assigned to a
        reviewer, the handling group's own files for its members; none otherwise."""
        from accounts import roles

        if not user.is_authenticated or user.is_enterprise_worker:
            return self.none()
        if user.has_role(roles.REVIEW_COORDINATOR):
            return self
        q = Q(assignments__reviewer=user)
        if user.enforcement_group_id:
            q |= Q(group_id=user.enforcement_group_id)
        return self.filter(q).distinct()

    def with_related(self):
        """Everything the checks read, fetched in a fixed number of queries."""
        return self.select_related(
            "group", "provision__article__regulation", "tier", "violated_article"
        ).prefetch_related("officers", "documents", "videos")


class CaseFile(ClusterableModel):
    """执法案卷: one penalty case as filed, with its key dates and checklist."""

    number = models.CharField(_("case number"), max_length=64, unique=True)
    procedure = models.CharField(
        _("procedure"),
        max_length=16,
        choices=Procedure.choices,
        default=Procedure.GENERAL,
    )
    group = models.ForeignKey(
        "accounts.EnforcementGroup",
        verbose_name=_("enforcement group"),
        on_delete=models.PROTECT,
        related_name="case_files",
    )
    party = models.ForeignKey(
        "accounts.Enterprise",
        verbose_name=_("party"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_files",
    )
    party_name = models.CharField(_("party name"), max_length=128)
    party_credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True
    )
    violation = models.TextField(_("violation"))
    violated_citation = models.CharField(
        _("violated article (as written)"), max_length=255, blank=True
    )
    violated_article = models.ForeignKey(
        "courses.Article",
        verbose_name=_("violated article"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="violating_case_files",
    )
    penalty_citation = models.CharField(
        _("penalty basis (as written)"), max_length=255, blank=True
    )
    provision = models.ForeignKey(
        "courses.PenaltyProvision",
        verbose_name=_("penalty provision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_files",
    )
    tier = models.ForeignKey(
        "courses.DiscretionTier",
        verbose_name=_("discretion tier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_files",
    )
    fine = models.DecimalField(
        _("fine (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    other_penalties = models.CharField(_("other penalties"), max_length=255, blank=True)
    major_case = models.BooleanField(_("major or complex case"), default=False)
    evidence_preserved = models.BooleanField(_("evidence preserved"), default=False)
    sampled = models.BooleanField(_("samples taken"), default=False)
    payment_deferred = models.BooleanField(
        _("payment deferral approved"), default=False
    )
    harm_to_life_or_health = models.BooleanField(
        _("harm to life or health followed"), default=False
    )

    occurred_on = models.DateField(_("violation occurred"), null=True, blank=True)
    filed_on = models.DateField(_("filed"), null=True, blank=True)
    investigation_ended_on = models.DateField(
        _("investigation ended"), null=True, blank=True
    )
    notified_on = models.DateField(_("penalty notice"), null=True, blank=True)
    statement_on = models.DateField(_("statement and defence"), null=True, blank=True)
    hearing_right_notified_on = models.DateField(
        _("hearing right notified"), null=True, blank=True
    )
    hearing_requested_on = models.DateField(
        _("hearing requested"), null=True, blank=True
    )
    hearing_notice_on = models.DateField(_("hearing notice"), null=True, blank=True)
    hearing_on = models.DateField(_("hearing"), null=True, blank=True)
    legal_review_on = models.DateField(_("legal review"), null=True, blank=True)
    collective_discussion_on = models.DateField(
        _("collective discussion"), null=True, blank=True
    )
    decided_on = models.DateField(_("decision"), null=True, blank=True)
    served_on = models.DateField(_("service"), null=True, blank=True)
    service_method = models.CharField(
        _("service method"), max_length=16, choices=ServiceMethod.choices, blank=True
    )
    paid_on = models.DateField(_("payment"), null=True, blank=True)
    executed_on = models.DateField(_("enforcement"), null=True, blank=True)
    closed_on = models.DateField(_("closed"), null=True, blank=True)

    checklist = models.JSONField(
        _("documents in the file"),
        default=list,
        blank=True,
        help_text=_("Document types present in the paper file."),
    )
    is_reference = models.BooleanField(
        _("reference file for calibration"), default=False
    )
    findings = models.JSONField(_("automatic findings"), default=list, blank=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    objects = CaseFileQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("number"),
                FieldPanel("procedure"),
                FieldPanel("group"),
                FieldPanel("party"),
                FieldPanel("party_name"),
                FieldPanel("party_credit_code"),
            ],
            heading=_("Case"),
        ),
        InlinePanel("officers", label=_("Handling officers")),
        MultiFieldPanel(
            [
                FieldPanel("violation"),
                FieldPanel("violated_citation"),
                FieldPanel("violated_article"),
                FieldPanel("penalty_citation"),
                FieldPanel("provision"),
                FieldPanel("tier"),
                FieldPanel("fine"),
                FieldPanel("other_penalties"),
                FieldPanel("major_case"),
                FieldPanel("evidence_preserved"),
                FieldPanel("sampled"),
                FieldPanel("payment_deferred"),
                FieldPanel("harm_to_life_or_health"),
            ],
            heading=_("Violation and penalty"),
        ),
        MultiFieldPanel(
            [
                FieldPanel(name)
                for name in (
                    "occurred_on",
                    "filed_on",
                    "investigation_ended_on",
                    "notified_on",
                    "statement_on",
                    "hearing_right_notified_on",
                    "hearing_requested_on",
                    "hearing_notice_on",
                    "hearing_on",
                    "legal_review_on",
                    "collective_discussion_on",
                    "decided_on",
                    "served_on",
                    "service_method",
                    "paid_on",
                    "executed_on",
                    "closed_on",
                )
            ],
            heading=_("Key dates"),
        ),
        FieldPanel("checklist"),
        InlinePanel("videos", label=_("video records")),
        FieldPanel("is_reference"),
    ]
    base_form_class = CaseFileForm

    class Meta:
        ordering = ["-filed_on", "number"]
        verbose_name = _("case file")
        verbose_name_plural = _("case files")

    def __str__(self):
        return self.number

    @admin.display(description=_("findings"))
    def findings_count(self) -> int:
        return len(self.findings)

    @property
    def documents_present(self) -> frozenset[str]:
        """Checklist ticks plus the types of the uploaded documents."""
        uploaded = {d.doc_type for d in self.documents.all()}
        return frozenset(self.checklist) | uploaded


class CaseOfficer(models.Model):
    """A handling officer (承办人) of a case, with the certificate number on file."""

    case = ParentalKey(CaseFile, on_delete=models.CASCADE, related_name="officers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_case_files",
    )
    name = models.CharField(_("full name"), max_length=64)
    certificate_number = models.CharField(
        _("enforcement certificate number"), max_length=32, blank=True
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [FieldPanel("name"), FieldPanel("certificate_number"), FieldPanel("user")]

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("handling officer")
        verbose_name_plural = _("handling officers")

    def __str__(self):
        return self.name


class CaseDocument(models.Model):
    """An uploaded document of a case file (PDF or image, checked by content)."""

    case = models.ForeignKey(
        CaseFile, on_delete=models.CASCADE, related_name="documents"
    )
    doc_type = models.CharField(
        _("document type"), max_length=32, choices=DocumentType.choices
    )
    file = models.FileField(
        _("file"), upload_to="case-documents/%Y/", storage=private_storage
    )
    content_type = models.CharField(_("content type"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "doc_type", "pk"]
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")

    def __str__(self):
        return f"{self.case} · {self.get_doc_type_display()}"


class VideoRecord(models.Model):
    """An audio-video record of one enforcement step (执法全过程记录)."""

    case = ParentalKey(CaseFile, on_delete=models.CASCADE, related_name="videos")
    step = models.CharField(_("step"), max_length=16, choices=VideoStep.choices)
    started_at = models.DateTimeField(_("start"), null=True, blank=True)
    ended_at = models.DateTimeField(_("end"), null=True, blank=True)
    reference = models.CharField(
        _("recorder / archive reference"), max_length=128, blank=True
    )

    panels = [
        FieldPanel("step"),
        FieldPanel("started_at"),
        FieldPanel("ended_at"),
        FieldPanel("reference"),
    ]

    class Meta:
        ordering = ["case", "started_at"]
        verbose_name = _("video record")
        verbose_name_plural = _("video records")

    def __str__(self):
        return f"{self.case} · {self.get_step_display()}"


# --- rubrics -----------------------------------------------------------------------


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


# --- rounds and reviews ---------------------------------------------------------------


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
            .order_by("round__deadline", "case__number")
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


# --- issues and rectification ---------------------------------------------------------


class IssueQuerySet(models.QuerySet):
    def overdue(self, today=None):
        """Issues not yet verified (销号) whose rectification deadline has passed."""
        today = today or timezone.localdate()
        return self.exclude(status=Issue.Status.VERIFIED).filter(deadline__lt=today)

    def for_group(self, group):
        """Issues a group must rectify."""
        return self.filter(responsible_group=group)


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
        verbose_name = _("issue")
        verbose_name_plural = _("issues")

    def __str__(self):
        return f"{self.case} · {self.get_category_display()}"

    @cached_property
    def is_overdue(self) -> bool:
        return (
            self.status != self.Status.VERIFIED and self.deadline < timezone.localdate()
        )


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
