"""Fines against the penalty provision's ranges (安全生产法 arts. 97–102 and the like)
and the chosen discretion tier (行政处罚法 art. 34)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from peer_review.catalogue import (
    IssueCategory,
    Severity,
)
from peer_review.checks.base import Finding, penalty_article


def _in(value: Decimal, low: Decimal | None, high: Decimal | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


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
