"""Periods of 行政处罚法 (2021): limitation (art. 36), decision (art. 60), service
(art. 61), payment (arts. 67, 72); working days per art. 85."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext as _

from peer_review.catalogue import (
    IssueCategory,
    Procedure,
    ServiceMethod,
    Severity,
)
from peer_review.checks.base import (
    Finding,
    _calendar_unavailable,
    _deadline,
    penalty_article,
)


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
