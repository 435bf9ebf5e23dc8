"""Case files (执法案卷), rubrics (评查标准), review rounds, reviews, issues and the
audit trail of the cross-review module, one concern a module."""

from peer_review.catalogue import RuleKey
from peer_review.models.audit import AuditEntry, AuditEntryQuerySet
from peer_review.models.casefiles import (
    CaseDocument,
    CaseFile,
    CaseFileForm,
    CaseFileQuerySet,
    CaseOfficer,
    VideoRecord,
)
from peer_review.models.issues import Issue, IssueQuerySet
from peer_review.models.rounds import (
    Arbitration,
    Assignment,
    AssignmentQuerySet,
    Review,
    ReviewMark,
    ReviewRound,
)
from peer_review.models.rubrics import (
    DeductionOption,
    GradeBand,
    Rubric,
    RubricItem,
    RubricKind,
    Section,
)
from peer_review.models.rules import ProceduralRule
from peer_review.models.storage import PrivateStorage, private_storage

__all__ = [
    "Arbitration",
    "Assignment",
    "AssignmentQuerySet",
    "AuditEntry",
    "AuditEntryQuerySet",
    "CaseDocument",
    "CaseFile",
    "CaseFileForm",
    "CaseFileQuerySet",
    "CaseOfficer",
    "DeductionOption",
    "GradeBand",
    "Issue",
    "IssueQuerySet",
    "PrivateStorage",
    "ProceduralRule",
    "Review",
    "ReviewMark",
    "ReviewRound",
    "Rubric",
    "RubricItem",
    "RubricKind",
    "RuleKey",
    "Section",
    "VideoRecord",
    "private_storage",
]
