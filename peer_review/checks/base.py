"""The plain data every check reads and returns, and the shared helpers.

No ORM, no request: ``services.case_check_data`` builds ``CaseData`` from a case file.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from peer_review.catalogue import (
    IssueCategory,
    Procedure,
    Severity,
)
from peer_review.workdays import CalendarUnavailable, add_working_days

PENALTY_LAW = "《行政处罚法》"


@dataclass(frozen=True)
class Officer:
    name: str
    certificate_number: str = ""


@dataclass(frozen=True)
class Provision:
    """The penalty provision a file cites (处罚依据), with its fine ranges on the unit."""

    key: str
    label: str
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    fine_min_uncorrected: Decimal | None = None
    fine_max_uncorrected: Decimal | None = None


@dataclass(frozen=True)
class Tier:
    """The discretion tier (裁量阶次) chosen, with its sub-range."""

    name: str
    fine_min: Decimal
    fine_max: Decimal


@dataclass(frozen=True)
class VideoSegment:
    step: str
    started_at: datetime | None = None
    ended_at: datetime | None = None


@dataclass(frozen=True)
class CaseData:
    """What the checks read from a case file; dates are ``None`` when not recorded."""

    number: str
    procedure: str = Procedure.GENERAL
    group: str = ""
    officers: tuple[Officer, ...] = ()
    violated_article: str = ""  # key of the article violated (违反条款)
    provision: Provision | None = None
    tier: Tier | None = None
    fine: Decimal | None = None
    other_penalties: str = ""
    major_case: bool = False  # 重大、复杂案件: legal review and collective discussion
    evidence_preserved: bool = False
    sampled: bool = False
    payment_deferred: bool = False
    harm_to_life_or_health: bool = False
    occurred_on: date | None = None
    filed_on: date | None = None
    investigation_ended_on: date | None = None
    notified_on: date | None = None
    statement_on: date | None = None
    hearing_right_notified_on: date | None = None
    hearing_requested_on: date | None = None
    hearing_notice_on: date | None = None
    hearing_on: date | None = None
    legal_review_on: date | None = None
    collective_discussion_on: date | None = None
    decided_on: date | None = None
    served_on: date | None = None
    service_method: str = ""
    paid_on: date | None = None
    executed_on: date | None = None
    closed_on: date | None = None
    documents: frozenset[str] = frozenset()
    videos: tuple[VideoSegment, ...] = ()


@dataclass(frozen=True)
class CheckConfig:
    hearing_fine_threshold: Decimal = Decimal("50000")
    legal_review_fine_threshold: Decimal = Decimal("50000")
    decision_days: int = 90
    service_working_days: int = 7
    hearing_notice_working_days: int = 7
    hearing_request_working_days: int = 5
    payment_days: int = 15
    outlier_threshold: float = 3.5
    outlier_min_peers: int = 5

    @classmethod
    def from_settings(cls) -> CheckConfig:
        from django.conf import settings

        return cls(
            hearing_fine_threshold=Decimal(
                str(settings.PEER_REVIEW_HEARING_FINE_THRESHOLD)
            ),
            legal_review_fine_threshold=Decimal(
                str(settings.PEER_REVIEW_LEGAL_REVIEW_FINE_THRESHOLD)
            ),
            outlier_threshold=float(settings.PEER_REVIEW_OUTLIER_THRESHOLD),
            outlier_min_peers=int(settings.PEER_REVIEW_OUTLIER_MIN_PEERS),
        )


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    legal_basis: str
    message: str
    category: str = IssueCategory.NONSTANDARD_FILE

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "legal_basis": self.legal_basis,
            "message": self.message,
            "category": self.category,
        }


@dataclass(frozen=True)
class FineStats:
    median: float
    scale: float  # robust spread: 1.4826 × MAD, or 1.2533 × mean absolute deviation
    count: int


@dataclass
class CheckContext:
    """Bureau-wide facts the comparative checks need, computed once per run."""

    # violated article → Counter of provision keys over the bureau's files
    provisions_by_violation: dict[str, Counter] = field(default_factory=dict)
    # (provision key, tier name) → robust statistics of the fines
    fine_stats: dict[tuple[str, str], FineStats] = field(default_factory=dict)

    @classmethod
    def build(cls, cases: Iterable[CaseData]) -> CheckContext:
        provisions: dict[str, Counter] = defaultdict(Counter)
        fines: dict[tuple[str, str], list[float]] = defaultdict(list)
        for case in cases:
            if case.provision is None:
                continue
            if case.violated_article:
                provisions[case.violated_article][case.provision.key] += 1
            if case.tier is not None and case.fine is not None:
                fines[(case.provision.key, case.tier.name)].append(float(case.fine))
        return cls(
            provisions_by_violation=dict(provisions),
            fine_stats={key: robust_stats(values) for key, values in fines.items()},
        )


def robust_stats(values: Sequence[float]) -> FineStats:
    """Median and a robust spread of ``values`` (MAD, falling back to mean |x−median|
    when more than half the values coincide, as the modified z-score does)."""
    median = statistics.median(values)
    deviations = [abs(v - median) for v in values]
    mad = statistics.median(deviations)
    scale = 1.4826 * mad if mad else 1.2533 * statistics.fmean(deviations)
    return FineStats(median=median, scale=scale, count=len(values))


def penalty_article(number_cn: str) -> str:
    return f"{PENALTY_LAW}{number_cn}"


Check = Callable[[CaseData, CheckConfig, CheckContext], list[Finding]]


def _deadline(start: date, working_days: int) -> date | None:
    try:
        return add_working_days(start, working_days)
    except CalendarUnavailable:
        return None


def _calendar_unavailable(code: str, article: str, start: date) -> Finding:
    return Finding(
        code,
        Severity.WARNING,
        penalty_article(article),
        _(
            "Cannot count working days after %(date)s: the official calendar for "
            "that year is not available."
        )
        % {"date": start.isoformat()},
    )
