"""Case files (执法案卷): the file, its officers, documents and video records."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel

from peer_review.catalogue import (
    DocumentType,
    LicenceAction,
    PartyType,
    Procedure,
    ServiceMethod,
    VideoStep,
)
from peer_review.models.storage import private_storage


def validate_officer_text(value: str) -> None:
    """A name, optionally with the certificate number in brackets (what the
    checks read as one officer)."""
    from peer_review.checks import Officer

    if value.strip() and Officer.parse(value) is None:
        raise ValidationError(
            _(
                "Write a name with the certificate number in brackets, e.g. %(example)s."
            ),
            params={"example": "王审理（120110000009）"},
        )


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
        """Files the user may open: all for those who may view every case file (the
        coordinator), the files assigned to a reviewer, the handling group's own files
        for its members; none otherwise."""
        if not user.is_authenticated or user.is_enterprise_worker:
            return self.none()
        if user.has_perm("peer_review.view_casefile"):
            return self
        q = Q(assignments__reviewer=user)
        if user.enforcement_group_id:
            q |= Q(group_id=user.enforcement_group_id)
        return self.filter(q).distinct()

    def documents_editable_by(self, user):
        """Files the user may add documents to: every file for those who may change
        case files, the handling group's own files for its members."""
        if user.has_perm("peer_review.change_casefile"):
            return self
        if not user.enforcement_group_id:
            return self.none()
        return self.filter(group_id=user.enforcement_group_id)

    def with_related(self):
        """Everything the checks read, fetched in a fixed number of queries."""
        return self.select_related(
            "group",
            "provision__article__regulation",
            "tier",
            "violated_article__regulation",
        ).prefetch_related(
            "officers",
            "documents",
            "videos",
            "provision__violated_articles__regulation",
            "provision__tiers",
        )


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
    party_type = models.CharField(
        _("party type"),
        max_length=8,
        choices=PartyType.choices,
        blank=True,
        help_text=_(
            "Empty when the register does not say: checks that depend on it "
            "report that they cannot decide."
        ),
    )
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
    proposed_fine = models.DecimalField(
        _("fine proposed in the penalty notice (yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    other_penalties = models.CharField(_("other penalties"), max_length=255, blank=True)
    confiscated_amount = models.DecimalField(
        _("confiscated (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    licence_action = models.CharField(
        _("licence measure"), max_length=8, choices=LicenceAction.choices, blank=True
    )
    major_case = models.BooleanField(
        _("major or complex case"), null=True, blank=True, default=None
    )
    evidence_preserved = models.BooleanField(_("evidence preserved"), default=False)
    sampled = models.BooleanField(_("samples taken"), default=False)
    payment_deferred = models.BooleanField(
        _("payment deferral approved"), null=True, blank=True, default=None
    )
    harm_to_life_or_health = models.BooleanField(
        _("harm to life or health followed"), null=True, blank=True
    )
    continuing = models.BooleanField(_("continuing violation"), null=True, blank=True)
    violation_ended_on = models.DateField(
        _("continuing violation ended"), null=True, blank=True
    )
    statement_waived = models.BooleanField(
        _("statement and defence waived in writing"), null=True, blank=True
    )
    hearing_waived = models.BooleanField(
        _("hearing waived in writing"), null=True, blank=True
    )
    electronic_consent = models.BooleanField(
        _("party consented to electronic service"), null=True, blank=True
    )
    uncorrected = models.BooleanField(
        _("not corrected within the time set"), null=True, blank=True
    )
    preserved_on = models.DateField(
        _("evidence preserved in advance"), null=True, blank=True
    )
    preservation_decided_on = models.DateField(
        _("preserved evidence dealt with"), null=True, blank=True
    )
    correction_ordered_on = models.DateField(
        _("order to correct"), null=True, blank=True
    )
    correction_due_on = models.DateField(_("correction due"), null=True, blank=True)
    rechecked_on = models.DateField(_("recheck"), null=True, blank=True)
    decision_extended_to = models.DateField(
        _("decision period extended to"), null=True, blank=True
    )
    extension_approved_by = models.CharField(
        _("extension approved by"), max_length=64, blank=True
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
    hearing_chair = models.CharField(
        _("hearing chaired by"),
        max_length=80,
        blank=True,
        validators=[validate_officer_text],
        help_text=_("Name, with the enforcement certificate number in brackets."),
    )
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
                FieldPanel("party_type"),
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
                FieldPanel("proposed_fine"),
                FieldPanel("other_penalties"),
                FieldPanel("confiscated_amount"),
                FieldPanel("licence_action"),
                FieldPanel("major_case"),
                FieldPanel("evidence_preserved"),
                FieldPanel("sampled"),
                FieldPanel("payment_deferred"),
                FieldPanel("harm_to_life_or_health"),
                FieldPanel("continuing"),
                FieldPanel("violation_ended_on"),
                FieldPanel("uncorrected"),
                FieldPanel("statement_waived"),
                FieldPanel("hearing_waived"),
                FieldPanel("electronic_consent"),
                FieldPanel("extension_approved_by"),
                FieldPanel("hearing_chair"),
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
                    "preserved_on",
                    "preservation_decided_on",
                    "correction_ordered_on",
                    "correction_due_on",
                    "rechecked_on",
                    "notified_on",
                    "statement_on",
                    "hearing_right_notified_on",
                    "hearing_requested_on",
                    "hearing_notice_on",
                    "hearing_on",
                    "legal_review_on",
                    "collective_discussion_on",
                    "decided_on",
                    "decision_extended_to",
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
        """Violations only: 无法判断 is never counted as an issue."""
        from peer_review.checks import violations

        return len(violations(self.findings))

    @property
    def violations(self) -> list[dict]:
        from peer_review.checks import violations

        return violations(self.findings)

    @property
    def undetermined(self) -> list[dict]:
        from peer_review.checks import undetermined_results

        return undetermined_results(self.findings)

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
