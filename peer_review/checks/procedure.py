"""Procedure under 行政处罚法 (2021): notice and hearing (arts. 44, 45, 62–65),
officers (art. 42), legal review and collective discussion (arts. 57, 58), the
summary procedure (art. 51) and the order of the steps."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from peer_review.catalogue import (
    IssueCategory,
    Procedure,
    Severity,
)
from peer_review.checks.base import (
    CaseData,
    CheckConfig,
    Finding,
    _calendar_unavailable,
    _deadline,
    penalty_article,
)

# Other penalties that give the party a hearing right whatever the fine (第六十三条).
HEARING_PENALTY_WORDS = ("停产停业", "吊销", "责令关闭", "降低资质", "限制从业", "没收")


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
