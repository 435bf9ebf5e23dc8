"""Automatic quality checks of penalty case files (执法案卷).

Each check is a pure function ``(case, config, context) -> list[Finding]`` over plain
dataclasses: no ORM, no request. ``run_checks`` runs them all; ``CheckContext.build``
computes once, over the bureau's whole set of files, what the comparative checks
(同一理由，同一法律；类似事项，类似决定) need.

Every finding names its rule code, severity, the article it rests on and a message that
reads well in Chinese. Locally set figures live in ``CheckConfig`` (from settings).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from peer_review.catalogue import (
    DocumentType,
    IssueCategory,
    Procedure,
    ServiceMethod,
    Severity,
    VideoStep,
)
from peer_review.workdays import CalendarUnavailable, add_working_days

PENALTY_LAW = "《行政处罚法》"

# Other penalties that give the party a hearing right whatever the fine (第六十三条).
HEARING_PENALTY_WORDS = ("停产停业", "吊销", "责令关闭", "降低资质", "限制从业", "没收")


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


# --- the checks ----------------------------------------------------------------

Check = Callable[[CaseData, CheckConfig, CheckContext], list[Finding]]
CHECKS: list[Check] = []


def check(func: Check) -> Check:
    CHECKS.append(func)
    return func


def hearing_right_applies(case: CaseData, config: CheckConfig) -> bool:
    """第六十三条: a large fine (threshold set locally) or a severe other penalty."""
    if case.fine is not None and case.fine >= config.hearing_fine_threshold:
        return True
    return any(word in case.other_penalties for word in HEARING_PENALTY_WORDS)


def legal_review_required(case: CaseData, config: CheckConfig) -> bool:
    """第五十八条: major or complex cases, cases heard, and (locally) large fines."""
    return (
        case.major_case
        or case.hearing_on is not None
        or (case.fine is not None and case.fine >= config.legal_review_fine_threshold)
    )


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


@check
def check_documents(case, config, context):
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


# (earlier field, later field, article): each pair must be in this order.
DATE_ORDER = [
    ("occurred_on", "filed_on", "第五十四条"),
    ("filed_on", "investigation_ended_on", "第五十四条"),
    ("investigation_ended_on", "notified_on", "第四十四条"),
    ("filed_on", "notified_on", "第四十四条"),
    ("notified_on", "statement_on", "第四十五条"),
    ("notified_on", "hearing_right_notified_on", "第六十三条"),
    ("hearing_right_notified_on", "hearing_requested_on", "第六十四条"),
    ("hearing_notice_on", "hearing_on", "第六十四条"),
    ("notified_on", "decided_on", "第六十二条"),
    ("statement_on", "decided_on", "第六十二条"),
    ("hearing_on", "decided_on", "第六十五条"),
    ("legal_review_on", "decided_on", "第五十八条"),
    ("collective_discussion_on", "decided_on", "第五十七条"),
    ("decided_on", "served_on", "第六十一条"),
    ("served_on", "paid_on", "第六十七条"),
    ("decided_on", "executed_on", "第六十六条"),
    ("decided_on", "closed_on", "第六十六条"),
    ("executed_on", "closed_on", "第六十六条"),
    ("paid_on", "closed_on", "第六十六条"),
]

DATE_LABELS = {
    "occurred_on": "违法行为发生日期",
    "filed_on": "立案日期",
    "investigation_ended_on": "调查终结日期",
    "notified_on": "告知日期",
    "statement_on": "陈述申辩日期",
    "hearing_right_notified_on": "听证告知日期",
    "hearing_requested_on": "听证申请日期",
    "hearing_notice_on": "听证通知日期",
    "hearing_on": "听证日期",
    "legal_review_on": "法制审核日期",
    "collective_discussion_on": "集体讨论日期",
    "decided_on": "决定日期",
    "served_on": "送达日期",
    "paid_on": "缴款日期",
    "executed_on": "执行日期",
    "closed_on": "结案日期",
}


@check
def check_date_order(case, config, context):
    findings = []
    for earlier, later, article in DATE_ORDER:
        first, second = getattr(case, earlier), getattr(case, later)
        if first is not None and second is not None and second < first:
            findings.append(
                Finding(
                    "DATE_ORDER",
                    Severity.ERROR,
                    penalty_article(article),
                    _("%(later)s %(second)s is before %(earlier)s %(first)s.")
                    % {
                        "later": DATE_LABELS[later],
                        "second": second.isoformat(),
                        "earlier": DATE_LABELS[earlier],
                        "first": first.isoformat(),
                    },
                    IssueCategory.UNLAWFUL_PROCEDURE,
                )
            )
    if case.decided_on is not None and case.notified_on is None:
        if case.procedure == Procedure.GENERAL:
            findings.append(
                Finding(
                    "NO_NOTICE",
                    Severity.ERROR,
                    penalty_article("第六十二条"),
                    _(
                        "A decision was made without first telling the party the facts, "
                        "reasons, legal basis and rights."
                    ),
                    IssueCategory.UNLAWFUL_PROCEDURE,
                )
            )
    return findings


@check
def check_decision_deadline(case, config, context):
    if case.procedure != Procedure.GENERAL or not (case.filed_on and case.decided_on):
        return []
    days = (case.decided_on - case.filed_on).days
    if days <= config.decision_days:
        return []
    return [
        Finding(
            "DECISION_LATE",
            Severity.ERROR,
            penalty_article("第六十条"),
            _(
                "The decision came %(days)s days after filing, beyond the "
                "%(limit)s-day limit."
            )
            % {"days": days, "limit": config.decision_days},
            IssueCategory.UNLAWFUL_PROCEDURE,
        )
    ]


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


@check
def check_service_deadline(case, config, context):
    if not case.decided_on or not case.served_on:
        return []
    if case.service_method == ServiceMethod.ON_THE_SPOT:
        if case.served_on != case.decided_on:
            return [
                Finding(
                    "SERVICE_ON_SPOT_DATE",
                    Severity.WARNING,
                    penalty_article("第六十一条"),
                    _(
                        "Service is recorded as on the spot but on %(served)s, not on "
                        "the day of the decision %(decided)s."
                    )
                    % {
                        "served": case.served_on.isoformat(),
                        "decided": case.decided_on.isoformat(),
                    },
                    IssueCategory.DOCUMENT_DEFECT,
                )
            ]
        return []
    deadline = _deadline(case.decided_on, config.service_working_days)
    if deadline is None:
        return [_calendar_unavailable("SERVICE_LATE", "第六十一条", case.decided_on)]
    if case.served_on <= deadline:
        return []
    return [
        Finding(
            "SERVICE_LATE",
            Severity.ERROR,
            penalty_article("第六十一条"),
            _(
                "The decision of %(decided)s was served on %(served)s, after the "
                "%(n)s-working-day limit (%(deadline)s)."
            )
            % {
                "decided": case.decided_on.isoformat(),
                "served": case.served_on.isoformat(),
                "n": config.service_working_days,
                "deadline": deadline.isoformat(),
            },
            IssueCategory.UNLAWFUL_PROCEDURE,
        )
    ]


@check
def check_hearing_right(case, config, context):
    if case.procedure != Procedure.GENERAL or not hearing_right_applies(case, config):
        return []
    if case.hearing_right_notified_on is not None:
        return []
    return [
        Finding(
            "HEARING_RIGHT",
            Severity.ERROR,
            penalty_article("第六十三条"),
            _(
                "The penalty (fine %(fine)s yuan; threshold %(threshold)s yuan) gives "
                "the party a hearing right, but it was not notified."
            )
            % {
                "fine": case.fine or 0,
                "threshold": config.hearing_fine_threshold,
            },
            IssueCategory.UNLAWFUL_PROCEDURE,
        )
    ]


@check
def check_hearing_notice(case, config, context):
    if case.hearing_on is None:
        return []
    if case.hearing_notice_on is None:
        return [
            Finding(
                "HEARING_NOTICE",
                Severity.ERROR,
                penalty_article("第六十四条"),
                _("A hearing was held without a recorded notice of it."),
                IssueCategory.UNLAWFUL_PROCEDURE,
            )
        ]
    earliest = _deadline(case.hearing_notice_on, config.hearing_notice_working_days)
    if earliest is None:
        return [
            _calendar_unavailable(
                "HEARING_NOTICE", "第六十四条", case.hearing_notice_on
            )
        ]
    if case.hearing_on >= earliest:
        return []
    return [
        Finding(
            "HEARING_NOTICE",
            Severity.ERROR,
            penalty_article("第六十四条"),
            _(
                "The hearing on %(hearing)s was notified on %(notice)s, less than "
                "%(n)s working days before it (earliest lawful date %(earliest)s)."
            )
            % {
                "hearing": case.hearing_on.isoformat(),
                "notice": case.hearing_notice_on.isoformat(),
                "n": config.hearing_notice_working_days,
                "earliest": earliest.isoformat(),
            },
            IssueCategory.UNLAWFUL_PROCEDURE,
        )
    ]


@check
def check_hearing_request(case, config, context):
    """第六十四条: the party asks within 5 working days of being told of the right."""
    if not (case.hearing_right_notified_on and case.hearing_requested_on):
        return []
    last = _deadline(
        case.hearing_right_notified_on, config.hearing_request_working_days
    )
    if last is None or case.hearing_requested_on <= last:
        return []
    return [
        Finding(
            "HEARING_REQUEST_LATE",
            Severity.WARNING,
            penalty_article("第六十四条"),
            _(
                "The hearing was requested on %(requested)s, after the "
                "%(n)s-working-day period from notification (%(last)s); record why "
                "it was still granted."
            )
            % {
                "requested": case.hearing_requested_on.isoformat(),
                "n": config.hearing_request_working_days,
                "last": last.isoformat(),
            },
            IssueCategory.UNLAWFUL_PROCEDURE,
        )
    ]


@check
def check_officers(case, config, context):
    qualified = [o for o in case.officers if o.certificate_number.strip()]
    if len(qualified) >= 2:
        return []
    return [
        Finding(
            "OFFICERS",
            Severity.ERROR,
            penalty_article("第四十二条"),
            _(
                "Only %(n)s handling officer(s) with an enforcement certificate; at "
                "least two are required."
            )
            % {"n": len(qualified)},
            IssueCategory.UNLAWFUL_PROCEDURE,
        )
    ]


@check
def check_legal_review(case, config, context):
    if case.procedure != Procedure.GENERAL or not legal_review_required(case, config):
        return []
    findings = []
    if case.legal_review_on is None:
        findings.append(
            Finding(
                "LEGAL_REVIEW",
                Severity.ERROR,
                penalty_article("第五十八条"),
                _(
                    "The case required legal review (法制审核) before the decision, "
                    "and none is recorded."
                ),
                IssueCategory.UNLAWFUL_PROCEDURE,
            )
        )
    if case.major_case and case.collective_discussion_on is None:
        findings.append(
            Finding(
                "COLLECTIVE_DISCUSSION",
                Severity.ERROR,
                penalty_article("第五十七条"),
                _("A major or complex case was decided without collective discussion."),
                IssueCategory.UNLAWFUL_PROCEDURE,
            )
        )
    return findings


def _in(value: Decimal, low: Decimal | None, high: Decimal | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


@check
def check_fine_range(case, config, context):
    if case.fine is None or case.provision is None:
        return []
    p = case.provision
    findings = []
    ranges = [(p.fine_min, p.fine_max)]
    if p.fine_min_uncorrected is not None or p.fine_max_uncorrected is not None:
        ranges.append((p.fine_min_uncorrected, p.fine_max_uncorrected))
    has_fine = any(low is not None or high is not None for low, high in ranges)
    if case.fine and not has_fine:
        findings.append(
            Finding(
                "FINE_RANGE",
                Severity.ERROR,
                p.label,
                _(
                    "%(label)s provides no fine on the unit, yet %(fine)s yuan was imposed."
                )
                % {"label": p.label, "fine": case.fine},
                IssueCategory.WRONG_LAW,
            )
        )
    elif has_fine and not any(_in(case.fine, lo, hi) for lo, hi in ranges):
        findings.append(
            Finding(
                "FINE_RANGE",
                Severity.ERROR,
                p.label,
                _("The fine of %(fine)s yuan is outside the range of %(label)s.")
                % {"fine": case.fine, "label": p.label},
                IssueCategory.WRONG_LAW,
            )
        )
    t = case.tier
    if t is not None and not _in(case.fine, t.fine_min, t.fine_max):
        findings.append(
            Finding(
                "FINE_TIER",
                Severity.ERROR,
                penalty_article("第三十四条"),
                _(
                    "The fine of %(fine)s yuan is outside the %(tier)s tier's range "
                    "%(low)s–%(high)s yuan."
                )
                % {
                    "fine": case.fine,
                    "tier": t.name,
                    "low": t.fine_min,
                    "high": t.fine_max,
                },
                IssueCategory.IMPROPER_DISCRETION,
            )
        )
    return findings


@check
def check_payment(case, config, context):
    if not case.fine or case.served_on is None or case.payment_deferred:
        return []
    deadline = case.served_on + timedelta(days=config.payment_days)
    if case.paid_on is not None and case.paid_on <= deadline:
        return []
    if case.paid_on is None and case.closed_on is None:
        return []  # still open: nothing to judge yet
    return [
        Finding(
            "PAYMENT_LATE",
            Severity.WARNING,
            penalty_article("第六十七条"),
            _(
                "The fine was paid %(paid)s, later than %(n)s days after service "
                "(%(deadline)s), without an approved deferral; check the surcharge "
                "(第七十二条)."
            )
            % {
                "paid": case.paid_on.isoformat() if case.paid_on else "—",
                "n": config.payment_days,
                "deadline": deadline.isoformat(),
            },
            IssueCategory.NONSTANDARD_FILE,
        )
    ]


@check
def check_consistent_provision(case, config, context):
    if case.provision is None or not case.violated_article:
        return []
    counts = Counter(context.provisions_by_violation.get(case.violated_article, {}))
    counts[case.provision.key] -= 1  # compare with the bureau's *other* files
    counts = +counts
    if not counts:
        return []
    usual, usual_count = counts.most_common(1)[0]
    if usual == case.provision.key or usual_count <= counts[case.provision.key]:
        return []
    return [
        Finding(
            "PROVISION_INCONSISTENT",
            Severity.WARNING,
            penalty_article("第五条"),
            _(
                "The same violation was punished under another provision in "
                "%(count)s other files of the bureau (same reason, same law)."
            )
            % {"count": usual_count},
            IssueCategory.WRONG_LAW,
        )
    ]


@check
def check_fine_outlier(case, config, context):
    if case.fine is None or case.provision is None or case.tier is None:
        return []
    stats = context.fine_stats.get((case.provision.key, case.tier.name))
    if stats is None or stats.count < config.outlier_min_peers or not stats.scale:
        return []
    score = (float(case.fine) - stats.median) / stats.scale
    if abs(score) <= config.outlier_threshold:
        return []
    return [
        Finding(
            "FINE_OUTLIER",
            Severity.WARNING,
            penalty_article("第五条"),
            _(
                "The fine of %(fine)s yuan is far from the %(count)s similar files "
                "(same provision and tier, median %(median)s yuan; robust score "
                "%(score).1f)."
            )
            % {
                "fine": case.fine,
                "count": stats.count,
                "median": f"{stats.median:.0f}",
                "score": score,
            },
            IssueCategory.IMPROPER_DISCRETION,
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


@check
def check_video(case, config, context):
    complete = {
        v.step
        for v in case.videos
        if v.started_at is not None
        and v.ended_at is not None
        and v.ended_at > v.started_at
    }
    missing = [s for s in required_video_steps(case) if s not in complete]
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


@check
def check_summary_procedure(case, config, context):
    if case.procedure != Procedure.SUMMARY or not case.fine:
        return []
    if case.fine <= Decimal("3000"):
        return []
    return [
        Finding(
            "SUMMARY_MISUSED",
            Severity.ERROR,
            penalty_article("第五十一条"),
            _(
                "The summary procedure allows a fine of at most 3000 yuan on an "
                "organisation; %(fine)s yuan was imposed."
            )
            % {"fine": case.fine},
            IssueCategory.UNLAWFUL_PROCEDURE,
        )
    ]


@check
def check_limitation(case, config, context):
    if not (case.occurred_on and case.filed_on):
        return []
    years = 5 if case.harm_to_life_or_health else 2
    try:
        limit = case.occurred_on.replace(year=case.occurred_on.year + years)
    except ValueError:  # 29 February
        limit = case.occurred_on.replace(year=case.occurred_on.year + years, day=28)
    if case.filed_on <= limit:
        return []
    return [
        Finding(
            "LIMITATION",
            Severity.ERROR,
            penalty_article("第三十六条"),
            _("The violation was discovered more than %(years)s years after it ended.")
            % {"years": years},
            IssueCategory.WRONG_LAW,
        )
    ]


def run_checks(
    case: CaseData,
    config: CheckConfig | None = None,
    context: CheckContext | None = None,
) -> list[Finding]:
    """Every check's findings for one file, errors first."""
    config = config or CheckConfig()
    context = context or CheckContext()
    findings = [f for func in CHECKS for f in func(case, config, context)]
    return sorted(findings, key=lambda f: f.severity != Severity.ERROR)


def run_all(
    cases: Sequence[CaseData], config: CheckConfig | None = None
) -> dict[str, list[Finding]]:
    """Findings per case number over a whole set of files (comparisons included)."""
    context = CheckContext.build(cases)
    return {case.number: run_checks(case, config, context) for case in cases}
