"""Applicable law and comparisons across the bureau's files.

- ``check_consistent_provision``: the penalty provision must be one that punishes the
  violated article (the law library's ``violated_articles``); a file that punishes a
  violation under another provision applied the wrong law (适用法律错误, a veto item
  of the rubric). Never decided by what most files do.
- ``check_fine_outlier``: 类似事项，类似决定 (行政处罚法 art. 5): a fine far from
  enough similar files (same provision, party type and tier) by a robust score *and*
  a minimum absolute gap."""

from __future__ import annotations

from django.utils.translation import gettext as _

from peer_review.catalogue import (
    IssueCategory,
    Severity,
)
from peer_review.checks.base import (
    Finding,
    penalty_article,
    robust_stats,
    undetermined,
)


def check_consistent_provision(case, config, context):
    if case.provision is None or not case.violated_article:
        return []
    if not case.provision.violated_articles:
        return [
            undetermined(
                "PROVISION_INCONSISTENT", case.provision.label, ["violated_articles"]
            )
        ]
    if case.violated_article in case.provision.violated_articles:
        return []
    return [
        Finding(
            "PROVISION_INCONSISTENT",
            Severity.ERROR,
            case.provision.label,
            _(
                "%(provision)s does not punish a violation of the article cited as "
                "violated (%(article)s): wrong law applied."
            )
            % {
                "provision": case.provision.label,
                "article": case.violated_label or case.violated_article,
            },
            IssueCategory.WRONG_LAW,
        )
    ]


def check_fine_outlier(case, config, context):
    if case.fine is None or case.provision is None:
        return []
    peers = context.peer_fines(case)
    if len(peers) < config.outlier_min_peers:
        return []
    stats = robust_stats(peers)
    gap = float(case.fine) - stats.median
    if abs(gap) < float(config.outlier_min_gap):
        return []
    if stats.scale:
        score = gap / stats.scale
        if abs(score) <= config.outlier_threshold:
            return []
    return [
        Finding(
            "FINE_OUTLIER",
            Severity.WARNING,
            penalty_article("第五条"),
            _(
                "The fine of %(fine)s yuan is %(gap)s yuan from the median "
                "%(median)s yuan of %(count)s similar files (same provision, party "
                "type and tier)."
            )
            % {
                "fine": case.fine,
                "gap": f"{abs(gap):.0f}",
                "count": stats.count,
                "median": f"{stats.median:.0f}",
            },
            IssueCategory.IMPROPER_DISCRETION,
        )
    ]
