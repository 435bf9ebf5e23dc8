"""Periods of 行政处罚法 (2021): limitation (art. 36), decision (art. 60), service
(art. 61), payment (arts. 67, 72); working days per art. 85.

Every message names the last lawful day ("最迟应于 D …"): a step on that day is
lawful. A period whose start or end the register lacks is 无法判断."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from peer_review.catalogue import (
    DocumentType,
    IssueCategory,
    Procedure,
    ServiceMethod,
    Severity,
)
from peer_review.checks.base import (
    Finding,
    _calendar_unavailable,
    _deadline,
    documents_listed,
    penalty_article,
    undetermined,
)

# 第七十二条: the daily surcharge on a fine paid late (the law's figure, not local).
SURCHARGE_RATE = Decimal("0.03")


def check_decision_deadline(case, config, context):
    """第六十条: within 90 days of filing, unless a 规章 says otherwise — the 办法's
    own period (a special rule, by the 立案 date) then applies. An approved extension
    counts, up to the 办法's longest period where it sets one; where the 办法 allows
    an extension the register does not record, the outcome is 无法判断."""
    if case.procedure != Procedure.GENERAL or not case.filed_on:
        return []
    rule = config.rule("decision_days", case.filed_on)
    article = penalty_article("第六十条")
    if rule.special and rule.source:
        article = f"{article}；{rule.source}"
    if not case.decided_on:
        return [undetermined("DECISION_LATE", article, ["decided_on"])]
    last = case.filed_on + timedelta(days=int(rule.value))
    if case.decided_on <= last:
        return []
    # The longest period is the 办法's own extension regime: only with its period.
    cap_rule = (
        config.optional_rule("decision_max_days", case.filed_on)
        if rule.special
        else None
    )
    cap = None
    if cap_rule is not None:
        cap = case.filed_on + timedelta(days=int(cap_rule.value))
    caveat = rule.caveat
    extended = case.decision_extended_to is not None
    if extended:
        if not case.extension_approved_by:
            return [undetermined("DECISION_LATE", article, ["extension_approved_by"])]
        allowed = case.decision_extended_to
        if cap is not None and allowed > cap:
            allowed = cap
            caveat += cap_rule.caveat
        if case.decided_on <= allowed:
            return []
        last = max(last, allowed)
    elif cap is not None and case.decided_on <= cap:
        detail = _(
            " Without an approved extension the decision was due by %(last)s at the "
            "latest (%(n)s days); with one, by %(cap)s at the latest."
        ) % {"last": last.isoformat(), "n": int(rule.value), "cap": cap.isoformat()}
        return [
            undetermined(
                "DECISION_LATE",
                article,
                ["decision_extended_to", "extension_approved_by"],
                detail + rule.caveat,
            )
        ]
    elif cap is not None:
        last = cap
        caveat += cap_rule.caveat
    values = {
        "decided": case.decided_on.isoformat(),
        "days": (case.decided_on - case.filed_on).days,
        "filed": case.filed_on.isoformat(),
        "n": int(rule.value),
        "last": last.isoformat(),
    }
    if extended:
        message = _(
            "The decision came on %(decided)s, %(days)s days after filing on "
            "%(filed)s; with the approved extension it should have been made by "
            "%(last)s at the latest."
        )
    elif cap is not None:
        message = _(
            "The decision came on %(decided)s, %(days)s days after filing on "
            "%(filed)s; even with an approved extension it should have been made by "
            "%(last)s at the latest."
        )
    else:
        message = _(
            "The decision came on %(decided)s, %(days)s days after filing on "
            "%(filed)s; within the %(n)s-day period it should have been made by "
            "%(last)s at the latest."
        )
    return [
        Finding(
            "DECISION_LATE",
            Severity.ERROR,
            article,
            message % values + caveat,
            IssueCategory.UNLAWFUL_PROCEDURE,
        )
    ]


def check_service_deadline(case, config, context):
    """第六十一条: handed over when announced, otherwise served within 7 working
    days; electronic service only with the party's consent."""
    if not case.decided_on:
        return []
    article = penalty_article("第六十一条")
    findings = []
    if case.service_method == ServiceMethod.ELECTRONIC:
        if case.electronic_consent is None:
            findings.append(
                undetermined("ELECTRONIC_SERVICE", article, ["electronic_consent"])
            )
        elif not case.electronic_consent:
            findings.append(
                Finding(
                    "ELECTRONIC_SERVICE",
                    Severity.ERROR,
                    article,
                    _(
                        "The decision was served electronically without the party's "
                        "consent and signed confirmation."
                    ),
                    IssueCategory.UNLAWFUL_PROCEDURE,
                )
            )
    if not case.served_on:
        return [*findings, undetermined("SERVICE_LATE", article, ["served_on"])]
    if case.service_method == ServiceMethod.ON_THE_SPOT:
        if case.served_on == case.decided_on:
            return findings
        # Not handed over on the day the decision was announced: the record is
        # inconsistent, and the service is still held to the period of a party
        # not present.
        findings.append(
            Finding(
                "SERVICE_ON_SPOT_DATE",
                Severity.WARNING,
                article,
                _(
                    "Service is recorded as on the spot but on %(served)s, not "
                    "on the day of the decision %(decided)s."
                )
                % {
                    "served": case.served_on.isoformat(),
                    "decided": case.decided_on.isoformat(),
                },
                IssueCategory.DOCUMENT_DEFECT,
            )
        )
    rule = config.rule("service_working_days", case.decided_on)
    deadline = _deadline(case.decided_on, int(rule.value))
    if deadline is None:
        return [
            *findings,
            _calendar_unavailable("SERVICE_LATE", "第六十一条", case.decided_on),
        ]
    if case.served_on <= deadline:
        return findings
    findings.append(
        Finding(
            "SERVICE_LATE",
            Severity.ERROR,
            article,
            _(
                "The decision of %(decided)s was served on %(served)s; it should have "
                "been served by %(deadline)s at the latest (%(n)s working days)."
            )
            % {
                "decided": case.decided_on.isoformat(),
                "served": case.served_on.isoformat(),
                "n": int(rule.value),
                "deadline": deadline.isoformat(),
            }
            + rule.caveat,
            IssueCategory.UNLAWFUL_PROCEDURE,
        )
    )
    return findings


def check_payment(case, config, context):
    """第六十七条: paid within 15 days of receiving the decision (deferral aside)."""
    if not case.fine or case.payment_deferred:
        return []
    article = penalty_article("第六十七条")
    if case.served_on is None or case.paid_on is None:
        missing = [f for f in ("served_on", "paid_on") if getattr(case, f) is None]
        if case.decided_on is None:
            return []
        return [undetermined("PAYMENT_LATE", article, missing)]
    rule = config.rule("payment_days", case.served_on)
    deadline = case.served_on + timedelta(days=int(rule.value))
    if case.paid_on <= deadline:
        return []
    if case.payment_deferred is None and not (
        documents_listed(case) and DocumentType.DEFERRAL_APPROVAL not in case.documents
    ):
        # Paid late; whether a deferral was approved the register does not say.
        return [undetermined("PAYMENT_LATE", article, ["payment_deferred"])]
    days = (case.paid_on - deadline).days
    return [
        Finding(
            "PAYMENT_LATE",
            Severity.WARNING,
            article,
            _(
                "The fine was paid on %(paid)s; it should have been paid by "
                "%(deadline)s at the latest (%(n)s days after service), without an "
                "approved deferral: %(days)s days late, the surcharge of 3%% a day "
                "comes to %(surcharge)s yuan, never more than the fine (第七十二条)."
            )
            % {
                "paid": case.paid_on.isoformat(),
                "n": int(rule.value),
                "deadline": deadline.isoformat(),
                "days": days,
                "surcharge": _yuan(late_payment_surcharge(case.fine, days)),
            }
            + rule.caveat,
            IssueCategory.NONSTANDARD_FILE,
        )
    ]


def late_payment_surcharge(fine: Decimal, days_late: int) -> Decimal:
    """第七十二条第一款第（一）项: 3% of the fine for each day late, never more than
    the fine itself."""
    return min(fine * SURCHARGE_RATE * days_late, fine)


def _yuan(amount: Decimal) -> str:
    return f"{amount.quantize(Decimal('0.01')).normalize():f}"


def check_preservation(case, config, context):
    """第五十六条: evidence preserved in advance is dealt with within 7 working days
    (第八十五条)."""
    article = penalty_article("第五十六条")
    if case.preserved_on is None:
        if case.evidence_preserved or case.preservation_decided_on is not None:
            # Evidence was preserved, on a day the register does not give.
            return [undetermined("PRESERVATION_LATE", article, ["preserved_on"])]
        return []
    if case.preservation_decided_on is None:
        return [undetermined("PRESERVATION_LATE", article, ["preservation_decided_on"])]
    last = _deadline(case.preserved_on, 7)
    if last is None:
        return [
            _calendar_unavailable("PRESERVATION_LATE", "第五十六条", case.preserved_on)
        ]
    if case.preservation_decided_on <= last:
        return []
    return [
        Finding(
            "PRESERVATION_LATE",
            Severity.ERROR,
            article,
            _(
                "Evidence preserved on %(preserved)s was dealt with on %(decided)s; "
                "the decision on it should have been made by %(last)s at the latest "
                "(7 working days)."
            )
            % {
                "preserved": case.preserved_on.isoformat(),
                "decided": case.preservation_decided_on.isoformat(),
                "last": last.isoformat(),
            },
            IssueCategory.UNLAWFUL_PROCEDURE,
        )
    ]


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def check_limitation(case, config, context):
    """第三十六条: discovered within 2 years (5 where life, health or safety was
    involved and harm followed), counted from the end of a continuing violation."""
    article = penalty_article("第三十六条")
    if not case.filed_on:
        return []
    if case.continuing:
        if case.violation_ended_on is None:
            return []  # still continuing: the period has not begun
        start = case.violation_ended_on
    elif case.occurred_on is None:
        return [undetermined("LIMITATION", article, ["occurred_on"])]
    else:
        start = case.occurred_on
    if case.filed_on <= _years_after(start, 2):
        return []
    if case.continuing is None:
        return [
            undetermined("LIMITATION", article, ["continuing", "violation_ended_on"])
        ]
    if case.harm_to_life_or_health is None and case.filed_on <= _years_after(start, 5):
        return [undetermined("LIMITATION", article, ["harm_to_life_or_health"])]
    # Harm not recorded: past even the 5-year limit, which the message names.
    years = 2 if case.harm_to_life_or_health is False else 5
    last = _years_after(start, years)
    if case.filed_on <= last:
        return []
    return [
        Finding(
            "LIMITATION",
            Severity.ERROR,
            article,
            _(
                "The violation (from %(start)s) was filed on %(filed)s; within the "
                "%(years)s-year limit it had to be discovered by %(last)s at the latest."
            )
            % {
                "start": start.isoformat(),
                "filed": case.filed_on.isoformat(),
                "years": years,
                "last": last.isoformat(),
            },
            IssueCategory.WRONG_LAW,
        )
    ]
