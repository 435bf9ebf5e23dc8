"""The file's documents and its whole-process audio-video record (行政处罚法 art. 47)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from peer_review.catalogue import (
    DocumentType,
    IssueCategory,
    Procedure,
    ServiceMethod,
    Severity,
    VideoStep,
)
from peer_review.checks.base import (
    CaseData,
    CheckConfig,
    Finding,
    documents_listed,
    penalty_article,
    undetermined,
)
from peer_review.checks.procedure import hearing_right_applies, legal_review_required


def required_documents(case: CaseData, config: CheckConfig) -> list[str]:
    """The documents this file must hold, given what happened in the case."""
    if case.procedure == Procedure.SUMMARY:
        return [DocumentType.DECISION]
    docs = [
        DocumentType.FILING_APPROVAL,
        DocumentType.INSPECTION_RECORD,
        DocumentType.INQUIRY_RECORD,
        DocumentType.EVIDENCE,
        DocumentType.INVESTIGATION_REPORT,
        DocumentType.PENALTY_NOTICE,
        DocumentType.DECISION,
        DocumentType.SERVICE_RECEIPT,
        DocumentType.CLOSING_APPROVAL,
    ]
    conditional = [
        (case.sampled, DocumentType.SAMPLING),
        (case.evidence_preserved, DocumentType.PRESERVATION),
        (case.evidence_preserved, DocumentType.PRESERVATION_DECISION),
        (case.statement_on is not None, DocumentType.STATEMENT_RECORD),
        (hearing_right_applies(case, config), DocumentType.HEARING_RIGHT_NOTICE),
        (case.hearing_on is not None, DocumentType.HEARING_NOTICE),
        (case.hearing_on is not None, DocumentType.HEARING_RECORD),
        (case.hearing_on is not None, DocumentType.HEARING_REPORT),
        (legal_review_required(case, config), DocumentType.LEGAL_REVIEW),
        (case.major_case, DocumentType.COLLECTIVE_DISCUSSION),
        (bool(case.fine) and case.paid_on is not None, DocumentType.PAYMENT_RECEIPT),
        (case.payment_deferred, DocumentType.DEFERRAL_APPROVAL),
    ]
    docs.extend(doc for condition, doc in conditional if condition)
    return docs


def check_documents(case, config, context):
    if not documents_listed(case):
        return [
            undetermined("DOC_MISSING", penalty_article("第四十七条"), ["documents"])
        ]
    missing = [d for d in required_documents(case, config) if d not in case.documents]
    if not missing:
        return []
    names = "、".join(DocumentType(d).label for d in missing)
    return [
        Finding(
            "DOC_MISSING",
            Severity.ERROR,
            penalty_article("第四十七条"),
            _("Required documents missing from the file: %(names)s.")
            % {"names": names},
            IssueCategory.NONSTANDARD_FILE,
        )
    ]


def required_video_steps(case: CaseData) -> list[str]:
    """Steps of this case the whole-process recording list requires on video."""
    if case.procedure == Procedure.SUMMARY:
        return []
    steps = [VideoStep.INSPECTION]
    conditional = [
        (case.sampled, VideoStep.SAMPLING),
        (case.evidence_preserved, VideoStep.PRESERVATION),
        (case.statement_on is not None, VideoStep.STATEMENT),
        (case.hearing_on is not None, VideoStep.HEARING),
        (
            case.service_method
            in (ServiceMethod.LEFT_AT_ADDRESS, ServiceMethod.PUBLIC_NOTICE),
            VideoStep.SERVICE,
        ),
    ]
    steps.extend(step for condition, step in conditional if condition)
    return steps


def check_video(case, config, context):
    required = required_video_steps(case)
    if required and not case.videos:
        return [
            undetermined("VIDEO_INCOMPLETE", penalty_article("第四十七条"), ["videos"])
        ]
    complete = {
        v.step
        for v in case.videos
        if v.started_at is not None
        and v.ended_at is not None
        and v.ended_at > v.started_at
    }
    missing = [s for s in required if s not in complete]
    if not missing:
        return []
    return [
        Finding(
            "VIDEO_INCOMPLETE",
            Severity.ERROR,
            penalty_article("第四十七条"),
            _(
                "The audio-video record lacks these steps or their start and end: "
                "%(steps)s."
            )
            % {"steps": "、".join(VideoStep(s).label for s in missing)},
            IssueCategory.VIDEO_INCOMPLETE,
        )
    ]
