"""The plain data every check reads and returns, and the shared helpers.

No ORM, no request: ``services.case_check_data`` builds ``CaseData`` from a case file.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from peer_review.catalogue import (
    IssueCategory,
    Outcome,
    Procedure,
    RuleKey,
    Severity,
    check_label,
)
from peer_review.workdays import CalendarUnavailable, add_working_days

PENALTY_LAW = "《行政处罚法》"

# The register column (importer and template) that records each fact: an
# undetermined result names these.
DATE_LABELS = {
    "occurred_on": "违法行为发生日期",
    "violation_ended_on": "违法行为终了日期",
    "filed_on": "立案日期",
    "investigation_ended_on": "调查终结日期",
    "preserved_on": "先行登记保存日期",
    "preservation_decided_on": "保存证据处理决定日期",
    "correction_ordered_on": "责令改正日期",
    "correction_due_on": "整改期限",
    "rechecked_on": "复查日期",
    "notified_on": "告知日期",
    "statement_on": "陈述申辩日期",
    "hearing_right_notified_on": "听证告知日期",
    "hearing_requested_on": "听证申请日期",
    "hearing_notice_on": "听证通知日期",
    "hearing_on": "听证日期",
    "legal_review_on": "法制审核日期",
    "collective_discussion_on": "集体讨论日期",
    "decided_on": "决定日期",
    "decision_extended_to": "延期决定期限",
    "served_on": "送达日期",
    "paid_on": "缴款日期",
    "executed_on": "执行日期",
    "closed_on": "结案日期",
}
COLUMNS = {
    **DATE_LABELS,
    "party_type": "当事人类型",
    "officers": "承办人执法证号",
    "documents": "卷内文书",
    "videos": "音像记录",
    "tier": "裁量阶次",
    "other_penalties": "其他处罚",
    "statement_waived": "放弃陈述申辩",
    "hearing_waived": "放弃听证",
    "uncorrected": "逾期未改正",
    "harm_to_life_or_health": "危害后果",
    "electronic_consent": "电子送达确认",
    "continuing": "违法行为持续",
    "confiscated_amount": "没收金额",
    "licence_action": "许可证件处理",
    "extension_approved_by": "延期批准人",
    "service_method": "送达方式",
    "major_case": "重大案件",
    "payment_deferred": "延期缴纳批准",
    "hearing_chair": "听证主持人",
    "proposed_fine": "告知拟罚款金额",
    "violated_articles": "处罚依据对应的违反条款（法规库）",
}


def columns(*fields: str) -> list[str]:
    return [COLUMNS[f] for f in fields]


# 张三（120110000001）, 张三(120110000001) or 张三. The name is greedy and stripped
# after: a lazy name before ``\s*`` backtracks quadratically on a long cell.
_OFFICER_TEXT = re.compile(r"^(?P<name>[^（(]+)(?:[（(](?P<cert>[^）)]*)[）)])?$")


@dataclass(frozen=True)
class Officer:
    name: str
    certificate_number: str = ""

    @classmethod
    def parse(cls, text: str) -> Officer | None:
        """An officer as registers write one, the certificate number in brackets;
        ``None`` when the text is not of that form."""
        match = _OFFICER_TEXT.match(text.strip())
        if not match:
            return None
        return cls(match["name"].strip(), (match["cert"] or "").strip())


@dataclass(frozen=True)
class Provision:
    """The penalty provision a file cites (处罚依据), with its fine ranges on the unit."""

    key: str
    label: str
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    fine_min_uncorrected: Decimal | None = None
    fine_max_uncorrected: Decimal | None = None
    # the fine on a person (直接负责的主管人员和其他直接责任人员) under the provision
    person_fine_min: Decimal | None = None
    person_fine_max: Decimal | None = None
    # keys of the articles whose violation the provision punishes (the law library's)
    violated_articles: frozenset[str] = frozenset()
    # 并处: the penalty imposed together with the fine, per branch
    concurrent_penalty: str = ""
    concurrent_penalty_uncorrected: str = ""
    # the bureau's discretion benchmark (裁量基准) splits the range into tiers
    has_tiers: bool = False


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
    violated_label: str = ""  # the 违反条款 as written
    provision: Provision | None = None
    tier: Tier | None = None
    fine: Decimal | None = None
    proposed_fine: Decimal | None = None  # the fine the penalty notice proposed
    other_penalties: str = ""
    # 重大、复杂案件: legal review and collective discussion (None: not recorded)
    major_case: bool | None = None
    evidence_preserved: bool = False
    sampled: bool = False
    payment_deferred: bool | None = None  # 延期(分期)缴纳 approved
    harm_to_life_or_health: bool | None = None  # None: not recorded
    party_type: str = ""  # PartyType; "" when the register does not say
    confiscated_amount: Decimal | None = None  # 没收违法所得、非法财物 (yuan)
    licence_action: str = ""  # LicenceAction: 暂扣/吊销/撤销
    statement_waived: bool | None = None  # 书面放弃陈述申辩
    hearing_waived: bool | None = None  # 书面放弃听证
    uncorrected: bool | None = None  # 逾期未改正 (on 复查)
    electronic_consent: bool | None = None  # 电子送达: 当事人同意并签订确认书
    continuing: bool | None = None  # 违法行为有连续或者继续状态
    violation_ended_on: date | None = None
    decision_extended_to: date | None = (
        None  # approved extension of the decision period
    )
    extension_approved_by: str = ""
    preserved_on: date | None = None  # 先行登记保存
    preservation_decided_on: date | None = None  # its 处理决定
    correction_ordered_on: date | None = None
    correction_due_on: date | None = None
    rechecked_on: date | None = None
    occurred_on: date | None = None
    filed_on: date | None = None
    investigation_ended_on: date | None = None
    notified_on: date | None = None
    statement_on: date | None = None
    hearing_right_notified_on: date | None = None
    hearing_requested_on: date | None = None
    hearing_notice_on: date | None = None
    hearing_on: date | None = None
    hearing_chair: Officer | None = None  # 听证主持人 (None: not recorded)
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
class RuleValue:
    """A period or threshold with its source and the dates it is in force."""

    key: str
    value: Decimal
    source: str = ""
    effective_from: date | None = None
    effective_to: date | None = None
    confirmed: bool = True
    # A 规章's own figure where the law lets it prevail (另有规定的，从其规定).
    special: bool = False

    def covers(self, on: date | None) -> bool:
        return on is None or (
            (self.effective_from is None or self.effective_from <= on)
            and (self.effective_to is None or on <= self.effective_to)
        )

    @property
    def caveat(self) -> str:
        """What a finding resting on an unconfirmed value adds to its message."""
        if self.confirmed:
            return ""
        return _(" (The %(rule)s applied, %(value)s per %(source)s, is 待核实.)") % {
            "rule": RuleKey(self.key).label,
            "value": f"{self.value.normalize():f}",
            "source": self.source,
        }


@dataclass(frozen=True)
class CheckConfig:
    # 较大数额 (第六十三条), set locally per party type: fines and confiscations.
    hearing_fine_threshold: Decimal = Decimal("50000")
    hearing_fine_threshold_person: Decimal = Decimal("20000")
    legal_review_fine_threshold: Decimal = Decimal("50000")
    decision_days: int = 90
    # The longest an approved extension may carry the decision period (the 办法's);
    # None: the law alone sets no such cap.
    decision_max_days: int | None = None
    service_working_days: int = 7
    hearing_notice_working_days: int = 7
    hearing_request_working_days: int = 5
    statement_working_days: int = 3
    payment_days: int = 15
    # 第五十一条: the summary procedure's fine limits.
    summary_limit_person: Decimal = Decimal("200")
    summary_limit_unit: Decimal = Decimal("3000")
    outlier_threshold: float = 3.5
    outlier_min_peers: int = 5
    outlier_min_gap: Decimal = Decimal("10000")
    # Periods and thresholds as versioned records (``ProceduralRule``); where none
    # covers the case's date, the figure above applies.
    rules: tuple[RuleValue, ...] = ()

    def rule(self, key: str, on: date | None) -> RuleValue:
        """The rule ``key`` in force on ``on``: a special rule (另有规定) before the
        general one, then the latest to start by then."""
        found = self.optional_rule(key, on)
        if found is None:
            raise LookupError(f"no figure for {key}")
        return found

    def optional_rule(self, key: str, on: date | None) -> RuleValue | None:
        """Like :meth:`rule`, or None where neither a record nor the configuration
        sets the figure."""
        found = [r for r in self.rules if r.key == key and r.covers(on)]
        if found:
            return max(found, key=lambda r: (r.special, r.effective_from or date.min))
        value = getattr(self, key)
        return None if value is None else RuleValue(key, Decimal(str(value)))

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
            hearing_fine_threshold_person=Decimal(
                str(settings.PEER_REVIEW_HEARING_FINE_THRESHOLD_PERSON)
            ),
            statement_working_days=int(settings.PEER_REVIEW_STATEMENT_WORKING_DAYS),
            outlier_threshold=float(settings.PEER_REVIEW_OUTLIER_THRESHOLD),
            outlier_min_peers=int(settings.PEER_REVIEW_OUTLIER_MIN_PEERS),
            outlier_min_gap=Decimal(str(settings.PEER_REVIEW_OUTLIER_MIN_GAP)),
        )


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    legal_basis: str
    message: str
    category: str = IssueCategory.NONSTANDARD_FILE
    outcome: str = Outcome.VIOLATION
    missing: tuple[str, ...] = ()  # register columns that would decide it

    @property
    def is_violation(self) -> bool:
        return self.outcome == Outcome.VIOLATION

    @property
    def label(self) -> str:
        return check_label(self.code)

    def as_dict(self) -> dict:
        result = {
            "code": self.code,
            "label": self.label,
            "outcome": str(self.outcome),
            "severity": self.severity,
            "legal_basis": self.legal_basis,
            "message": self.message,
            "category": self.category,
        }
        if self.outcome == Outcome.UNDETERMINED:
            result["missing"] = list(self.missing)
        return result


def undetermined(
    code: str, article: str, fields: Sequence[str], detail: str = ""
) -> Finding:
    """无法判断: the register lacks the facts (``fields``, named by their register
    columns) the check needs; ``detail`` adds what the file shows (e.g. the last
    lawful day without the missing fact)."""
    missing = columns(*fields)
    names = "、".join(missing)
    return Finding(
        code,
        Severity.WARNING,
        article,
        _("%(check)s: cannot be decided, the register lacks %(columns)s.")
        % {"check": check_label(code), "columns": names}
        + detail,
        IssueCategory.NONSTANDARD_FILE,
        Outcome.UNDETERMINED,
        tuple(missing),
    )


@dataclass(frozen=True)
class FineStats:
    median: float
    scale: float  # robust spread: 1.4826 × MAD, or 1.2533 × mean absolute deviation
    count: int


def peer_key(case: CaseData) -> tuple[str, str, str] | None:
    """Files compared for 类似事项，类似决定: same provision, party type and tier."""
    if case.provision is None:
        return None
    return (case.provision.key, case.party_type, case.tier.name if case.tier else "")


@dataclass
class CheckContext:
    """Bureau-wide facts the comparative checks need, computed once per run."""

    # (provision, party type, tier) → the fines of the bureau's files
    fines: dict[tuple[str, str, str], list[float]] = field(default_factory=dict)
    # certificate number → the officers' names that carry it over the bureau's files
    certificate_names: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, cases: Iterable[CaseData]) -> CheckContext:
        fines: dict[tuple[str, str, str], list[float]] = defaultdict(list)
        names: dict[str, set[str]] = defaultdict(set)
        for case in cases:
            for officer in case.officers:
                if officer.certificate_number.strip():
                    names[officer.certificate_number.strip()].add(officer.name.strip())
            key = peer_key(case)
            if key is not None and case.fine is not None:
                fines[key].append(float(case.fine))
        return cls(fines=dict(fines), certificate_names=dict(names))

    def peer_fines(self, case: CaseData) -> list[float]:
        """The fines of the *other* files like this one."""
        key = peer_key(case)
        values = list(self.fines.get(key, ())) if key else []
        if case.fine is not None and float(case.fine) in values:
            values.remove(float(case.fine))
        return values


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
        outcome=Outcome.UNDETERMINED,
    )


def documents_listed(case: CaseData) -> bool:
    """Whether the file lists its documents: only then is a missing one a fact."""
    return bool(case.documents)
