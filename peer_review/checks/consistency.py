"""Comparisons across the bureau's files: same reason, same law; similar facts,
similar fines (行政处罚法 art. 5)."""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _

from peer_review.catalogue import (
    IssueCategory,
    Severity,
)
from peer_review.checks.base import Finding, penalty_article


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
