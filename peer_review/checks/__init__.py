"""Automatic quality checks of penalty case files (执法案卷), one module a statute area.

Each check is a pure function ``(case, config, context) -> list[Finding]`` over plain
dataclasses: no ORM, no request. ``run_checks`` runs them all; ``CheckContext.build``
computes once, over the bureau's whole set of files, what the comparative checks
(同一理由，同一法律；类似事项，类似决定) need.

A check has three outcomes: no finding (合规), a violation (违法), or 无法判断 — the
register lacks the fact, and the finding names the columns (``missing``) that would
decide it. 无法判断 is never counted as an issue. Every finding names its rule code
(with its Chinese label, ``CHECK_LABELS``), severity, the article it rests on and a
message that reads well in Chinese. Locally set figures live in ``CheckConfig``.

- ``procedure``: notice, hearing, officers, legal review, summary procedure (行政处罚法);
- ``deadlines``: limitation, decision, service and payment periods (行政处罚法);
- ``penalties``: fine ranges of the penalty provision and tier (安全生产法 and the like);
- ``documents``: the file's documents and video record (行政处罚法 art. 47);
- ``consistency``: comparisons across the bureau's files (行政处罚法 art. 5).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from peer_review.catalogue import CHECK_LABELS, Outcome, Severity, check_label
from peer_review.checks.base import (
    COLUMNS,
    DATE_LABELS,
    PENALTY_LAW,
    CaseData,
    Check,
    CheckConfig,
    CheckContext,
    Finding,
    FineStats,
    Officer,
    Provision,
    RuleValue,
    Tier,
    VideoSegment,
    penalty_article,
    robust_stats,
    undetermined,
)
from peer_review.checks.consistency import (
    check_consistent_provision,
    check_fine_outlier,
)
from peer_review.checks.deadlines import (
    check_decision_deadline,
    check_limitation,
    check_payment,
    check_preservation,
    check_service_deadline,
)
from peer_review.checks.documents import (
    check_documents,
    check_video,
    required_documents,
    required_video_steps,
)
from peer_review.checks.penalties import (
    check_concurrent_penalty,
    check_fine_range,
    check_heavier_after_statement,
)
from peer_review.checks.procedure import (
    DATE_ORDER,
    HEARING_PENALTY_WORDS,
    check_date_order,
    check_hearing_chair,
    check_hearing_notice,
    check_hearing_request,
    check_hearing_request_period,
    check_hearing_right,
    check_legal_review,
    check_officers,
    check_statement_period,
    check_summary_procedure,
    hearing_right_applies,
    hearing_trigger,
    legal_review_required,
)

# Every check, in the order their findings are listed (errors first, then warnings).
CHECKS: list[Check] = [
    check_documents,
    check_date_order,
    check_statement_period,
    check_hearing_request_period,
    check_decision_deadline,
    check_service_deadline,
    check_hearing_right,
    check_hearing_notice,
    check_hearing_chair,
    check_hearing_request,
    check_officers,
    check_legal_review,
    check_fine_range,
    check_concurrent_penalty,
    check_heavier_after_statement,
    check_payment,
    check_preservation,
    check_consistent_provision,
    check_fine_outlier,
    check_video,
    check_summary_procedure,
    check_limitation,
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
    return sorted(
        findings,
        key=lambda f: (f.outcome != Outcome.VIOLATION, f.severity != Severity.ERROR),
    )


def is_violation(result: dict) -> bool:
    """Whether a stored result (``Finding.as_dict``) is a violation; results stored
    before outcomes existed were all violations."""
    return result.get("outcome", Outcome.VIOLATION) == Outcome.VIOLATION


def _labelled(result: dict) -> dict:
    return {**result, "label": check_label(result.get("code", ""))}


def violations(results: Sequence[dict]) -> list[dict]:
    """The violations among stored results, each with its Chinese label."""
    return [_labelled(r) for r in results if is_violation(r)]


def undetermined_results(results: Sequence[dict]) -> list[dict]:
    """The 无法判断 results among stored results, each with its Chinese label."""
    return [_labelled(r) for r in results if not is_violation(r)]


def undetermined_summary(results_by_case: dict[str, Sequence[dict]]) -> list[str]:
    """One line per check that some files could not decide, e.g.
    "3 件因缺少缴款日期无法判断逾期缴纳罚款" (most files first)."""
    files: dict[tuple[str, str], set] = defaultdict(set)
    for number, results in results_by_case.items():
        for r in undetermined_results(results):
            what = "、".join(r.get("missing") or []) or "所需信息"
            files[(r["code"], what)].add(number)
    counts = Counter({key: len(numbers) for key, numbers in files.items()})
    return [
        f"{n} 件因缺少{what}无法判断{check_label(code)}"
        for (code, what), n in counts.most_common()
    ]


def run_all(
    cases: Sequence[CaseData], config: CheckConfig | None = None
) -> dict[str, list[Finding]]:
    """Findings per case number over a whole set of files (comparisons included)."""
    context = CheckContext.build(cases)
    return {case.number: run_checks(case, config, context) for case in cases}


__all__ = [
    "CHECKS",
    "CHECK_LABELS",
    "COLUMNS",
    "Outcome",
    "check_label",
    "hearing_trigger",
    "is_violation",
    "undetermined",
    "undetermined_results",
    "undetermined_summary",
    "violations",
    "DATE_LABELS",
    "DATE_ORDER",
    "HEARING_PENALTY_WORDS",
    "PENALTY_LAW",
    "CaseData",
    "Check",
    "CheckConfig",
    "CheckContext",
    "Finding",
    "FineStats",
    "Officer",
    "Provision",
    "RuleValue",
    "Tier",
    "VideoSegment",
    "hearing_right_applies",
    "legal_review_required",
    "penalty_article",
    "required_documents",
    "required_video_steps",
    "robust_stats",
    "run_all",
    "run_checks",
]
