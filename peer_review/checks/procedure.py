"""Procedure under 行政处罚法 (2021): notice, statement and hearing (arts. 44, 45,
62–65, the hearing's chair in art. 64(4)), officers (art. 42), legal review and collective discussion (arts. 57, 58),
the summary procedure (art. 51) and the order of the steps.

Each check reports a violation only from facts in the file; where the register lacks
the deciding fact it reports 无法判断 naming the columns (``undetermined``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from peer_review.catalogue import (
    DocumentType,
    IssueCategory,
    LicenceAction,
    PartyType,
    Procedure,
    Severity,
)
from peer_review.checks.base import (
    DATE_LABELS,
    CaseData,
    CheckConfig,
    Finding,
    RuleValue,
    _calendar_unavailable,
    _deadline,
    documents_listed,
    penalty_article,
    undetermined,
)
from peer_review.workdays import CalendarUnavailable, add_working_days, latest_start

# Other penalties that give the party a hearing right whatever the fine (第六十三条).
HEARING_PENALTY_WORDS = (
    "停产停业",
    "责令关闭",
    "降低资质",
    "吊销",
    "暂扣",
    "撤销",
    "限制从业",
)


@dataclass(frozen=True)
class HearingTrigger:
    """Why 第六十三条 gives the party a hearing right (``None`` fields: not decided)."""

    applies: bool | None  # None: the register cannot tell
    reason: str = ""
    missing: tuple[str, ...] = ()
    caveat: str = ""


def _thresholds(case: CaseData, config: CheckConfig) -> tuple[RuleValue, RuleValue]:
    """较大数额 (person, unit) in force when the party was told (or decided)."""
    on = case.notified_on or case.decided_on or case.filed_on
    return (
        config.rule("hearing_fine_threshold_person", on),
        config.rule("hearing_fine_threshold", on),
    )


def _large(amount: Decimal, party_type: str, case, config) -> bool | None:
    """较大数额 for the party type; None when the party type decides and is unknown."""
    person, unit = (r.value for r in _thresholds(case, config))
    if party_type == PartyType.PERSON:
        return amount >= person
    if party_type == PartyType.UNIT:
        return amount >= unit
    if amount >= max(person, unit):
        return True
    if amount < min(person, unit):
        return False
    return None


def hearing_trigger(case: CaseData, config: CheckConfig) -> HearingTrigger:
    """第六十三条: a large fine or confiscation (per party type), a licence measure,
    stopping production, closure and the other heavier penalties."""
    if case.licence_action:
        return HearingTrigger(True, LicenceAction(case.licence_action).label)
    for word in HEARING_PENALTY_WORDS:
        if word in case.other_penalties:
            return HearingTrigger(True, case.other_penalties)
    person_rule, unit_rule = _thresholds(case, config)
    rule = person_rule if case.party_type == PartyType.PERSON else unit_rule
    threshold = rule.value
    undecided = False
    for amount, what in (
        (case.fine, _("a fine of %(amount)s yuan")),
        (case.confiscated_amount, _("confiscation of %(amount)s yuan")),
    ):
        if not amount:
            continue
        large = _large(amount, case.party_type, case, config)
        if large:
            return HearingTrigger(
                True,
                _("%(what)s (较大数额 from %(threshold)s yuan)")
                % {
                    "what": what % {"amount": amount},
                    "threshold": f"{threshold.normalize():f}",
                },
                caveat=rule.caveat,
            )
        if large is None:
            undecided = True
    if undecided:
        return HearingTrigger(None, missing=("party_type",))
    return HearingTrigger(False)


def hearing_right_applies(case: CaseData, config: CheckConfig) -> bool:
    """Whether the file certainly gives a hearing right (for the document list)."""
    return bool(hearing_trigger(case, config).applies)


def legal_review_required(case: CaseData, config: CheckConfig) -> bool | None:
    """第五十八条: major or complex cases, cases heard, and (locally) large fines;
    ``None`` when only 重大案件 would decide and the register does not say."""
    if (
        case.major_case
        or case.hearing_on is not None
        or (case.fine is not None and case.fine >= config.legal_review_fine_threshold)
    ):
        return True
    return None if case.major_case is None else False


# (earlier field, later field, article): each pair must be in this order.
DATE_ORDER = [
    ("occurred_on", "filed_on", "第五十四条"),
    ("filed_on", "investigation_ended_on", "第五十四条"),
    ("preserved_on", "preservation_decided_on", "第五十六条"),
    ("investigation_ended_on", "notified_on", "第四十四条"),
    ("filed_on", "notified_on", "第四十四条"),
    ("notified_on", "statement_on", "第四十五条"),
    ("notified_on", "hearing_right_notified_on", "第六十三条"),
    ("hearing_right_notified_on", "hearing_requested_on", "第六十四条"),
    ("hearing_requested_on", "hearing_notice_on", "第六十四条"),
    ("hearing_right_notified_on", "hearing_notice_on", "第六十四条"),
    ("hearing_notice_on", "hearing_on", "第六十四条"),
    ("notified_on", "decided_on", "第六十二条"),
    ("statement_on", "decided_on", "第六十二条"),
    ("hearing_on", "decided_on", "第六十五条"),
    ("hearing_on", "legal_review_on", "第五十八条"),
    ("legal_review_on", "collective_discussion_on", "第五十八条"),
    ("legal_review_on", "decided_on", "第五十八条"),
    ("collective_discussion_on", "decided_on", "第五十七条"),
    ("decided_on", "served_on", "第六十一条"),
    ("served_on", "paid_on", "第六十七条"),
    ("decided_on", "executed_on", "第六十六条"),
    ("decided_on", "closed_on", "第六十六条"),
    ("executed_on", "closed_on", "第六十六条"),
    ("paid_on", "closed_on", "第六十六条"),
]


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
    if (
        case.procedure == Procedure.GENERAL
        and case.decided_on is not None
        and case.notified_on is None
    ):
        if documents_listed(case) and DocumentType.PENALTY_NOTICE not in case.documents:
            findings.append(
                Finding(
                    "NO_NOTICE",
                    Severity.ERROR,
                    penalty_article("第六十二条"),
                    _(
                        "A decision was made without first telling the party the "
                        "facts, reasons, legal basis and rights: the file holds no "
                        "penalty notice and no notice date."
                    ),
                    IssueCategory.UNLAWFUL_PROCEDURE,
                )
            )
        else:
            findings.append(
                undetermined(
                    "NO_NOTICE", penalty_article("第六十二条"), ["notified_on"]
                )
            )
    return findings


def _waiting_period(
    *,
    code: str,
    article: str,
    told_on: date | None,
    rule_key: str,
    config: CheckConfig,
    heard: bool,
    waived: bool | None,
    waived_field: str,
    heard_field: str,
    case: CaseData,
    what,
) -> list[Finding]:
    """A decision inside a period the party has to respond is a violation unless the
    party has already responded or waived in writing."""
    if case.procedure != Procedure.GENERAL or told_on is None or not case.decided_on:
        return []
    if heard or waived:
        return []
    rule = config.rule(rule_key, told_on)
    working_days = int(rule.value)
    last = _deadline(told_on, working_days)
    if last is None:
        return [_calendar_unavailable(code, article, told_on)]
    if case.decided_on > last:
        return []
    if waived is None:
        return [
            undetermined(code, penalty_article(article), [heard_field, waived_field])
        ]
    return [
        Finding(
            code,
            Severity.ERROR,
            penalty_article(article),
            _(
                "The decision of %(decided)s was made inside the %(n)s-working-day "
                "period for %(what)s that began on %(told)s; the period ran to "
                "%(last)s, so the decision could be made on %(first)s at the earliest."
            )
            % {
                "decided": case.decided_on.isoformat(),
                "n": working_days,
                "what": what,
                "told": told_on.isoformat(),
                "last": last.isoformat(),
                "first": _deadline(last, 1).isoformat(),
            }
            + rule.caveat,
            IssueCategory.UNLAWFUL_PROCEDURE,
        )
    ]


def check_statement_period(case, config, context):
    """第四十四、四十五、六十二条 with the 办法's period for 陈述申辩 (a setting)."""
    return _waiting_period(
        code="STATEMENT_PERIOD",
        article="第六十二条",
        told_on=case.notified_on,
        rule_key="statement_working_days",
        config=config,
        heard=case.statement_on is not None,
        waived=case.statement_waived,
        waived_field="statement_waived",
        heard_field="statement_on",
        case=case,
        what=_("the party's statement and defence"),
    )


def check_hearing_request_period(case, config, context):
    """第六十四条: the party may ask for a hearing within 5 working days of being told."""
    return _waiting_period(
        code="HEARING_REQUEST_PERIOD",
        article="第六十四条第（一）项",
        told_on=case.hearing_right_notified_on,
        rule_key="hearing_request_working_days",
        config=config,
        heard=case.hearing_requested_on is not None or case.hearing_on is not None,
        waived=case.hearing_waived,
        waived_field="hearing_waived",
        heard_field="hearing_requested_on",
        case=case,
        what=_("a hearing request"),
    )


def check_hearing_right(case, config, context):
    if case.procedure != Procedure.GENERAL:
        return []
    trigger = hearing_trigger(case, config)
    if trigger.applies is False:
        return []
    if case.hearing_right_notified_on is not None or case.hearing_on is not None:
        return []
    article = penalty_article("第六十三条")
    if trigger.applies is None:
        return [undetermined("HEARING_RIGHT", article, trigger.missing)]
    if (
        not documents_listed(case)
        or DocumentType.HEARING_RIGHT_NOTICE in case.documents
    ):
        return [undetermined("HEARING_RIGHT", article, ["hearing_right_notified_on"])]
    return [
        Finding(
            "HEARING_RIGHT",
            Severity.ERROR,
            article,
            _(
                "The penalty (%(trigger)s) gives the party a hearing right, but the "
                "file holds no hearing-right notice and no date of it."
            )
            % {"trigger": trigger.reason}
            + trigger.caveat,
            IssueCategory.UNLAWFUL_PROCEDURE,
        )
    ]


def check_hearing_notice(case, config, context):
    """第六十四条第（二）项: notice of the hearing's time and place at least 7 days
    before it (working days, 第八十五条)."""
    if case.hearing_on is None:
        return []
    article = penalty_article("第六十四条第（二）项")
    if case.hearing_notice_on is None:
        if documents_listed(case) and DocumentType.HEARING_NOTICE not in case.documents:
            return [
                Finding(
                    "HEARING_NOTICE",
                    Severity.ERROR,
                    article,
                    _("A hearing was held without a recorded notice of it."),
                    IssueCategory.UNLAWFUL_PROCEDURE,
                )
            ]
        return [undetermined("HEARING_NOTICE", article, ["hearing_notice_on"])]
    rule = config.rule("hearing_notice_working_days", case.hearing_notice_on)
    n = int(rule.value)
    try:
        earliest = add_working_days(case.hearing_notice_on, n)
        last = latest_start(case.hearing_on, n)
    except CalendarUnavailable:
        return [
            _calendar_unavailable(
                "HEARING_NOTICE", "第六十四条第（二）项", case.hearing_notice_on
            )
        ]
    if case.hearing_on >= earliest:
        return []
    return [
        Finding(
            "HEARING_NOTICE",
            Severity.ERROR,
            article,
            _(
                "The hearing on %(hearing)s was notified on %(notice)s, less than "
                "%(n)s working days before it: notice should have been given by "
                "%(last)s at the latest (with this notice the hearing could be held "
                "on %(earliest)s at the earliest)."
            )
            % {
                "hearing": case.hearing_on.isoformat(),
                "notice": case.hearing_notice_on.isoformat(),
                "n": n,
                "last": last.isoformat(),
                "earliest": earliest.isoformat(),
            }
            + rule.caveat,
            IssueCategory.UNLAWFUL_PROCEDURE,
        )
    ]


def _bare(name: str) -> str:
    """A Chinese name as compared: registers write 张三 and 张 三 alike."""
    return "".join(name.split())


def check_hearing_chair(case, config, context):
    """第六十四条第（四）项: the hearing is chaired by someone the organ designates
    who did not investigate the case; the file's handling officers (承办人) are its
    investigators. The chair is the same person by name or by certificate number."""
    if case.hearing_on is None:
        return []
    article = penalty_article("第六十四条第（四）项")
    chair = case.hearing_chair
    if chair is None or not chair.name.strip():
        return [undetermined("HEARING_CHAIR", article, ["hearing_chair"])]
    name, number = _bare(chair.name), chair.certificate_number.strip()
    investigator = next(
        (
            o
            for o in case.officers
            if _bare(o.name) == name
            or (number and o.certificate_number.strip() == number)
        ),
        None,
    )
    if investigator is None:
        return []
    return [
        Finding(
            "HEARING_CHAIR",
            Severity.ERROR,
            article,
            _(
                "The hearing of %(hearing)s was chaired by %(chair)s, who is a "
                "handling officer of the case (%(officer)s); the chair must be "
                "someone designated by the organ who did not investigate it."
            )
            % {
                "hearing": case.hearing_on.isoformat(),
                "chair": name,
                "officer": investigator.name
                + (
                    f"（{investigator.certificate_number}）"
                    if investigator.certificate_number
                    else ""
                ),
            },
            IssueCategory.UNLAWFUL_PROCEDURE,
        )
    ]


def check_hearing_request(case, config, context):
    """第六十四条: the party asks within 5 working days of being told of the right."""
    if case.hearing_requested_on is None:
        return []
    article = "第六十四条第（一）项"
    if case.hearing_right_notified_on is None:
        return [
            undetermined(
                "HEARING_REQUEST_LATE",
                penalty_article(article),
                ["hearing_right_notified_on"],
            )
        ]
    rule = config.rule("hearing_request_working_days", case.hearing_right_notified_on)
    last = _deadline(case.hearing_right_notified_on, int(rule.value))
    if last is None:
        return [
            _calendar_unavailable(
                "HEARING_REQUEST_LATE", article, case.hearing_right_notified_on
            )
        ]
    if case.hearing_requested_on <= last:
        return []
    return [
        Finding(
            "HEARING_REQUEST_LATE",
            Severity.WARNING,
            penalty_article(article),
            _(
                "The hearing was requested on %(requested)s; the request should have "
                "come by %(last)s at the latest (%(n)s working days from "
                "notification); record why it was still granted."
            )
            % {
                "requested": case.hearing_requested_on.isoformat(),
                "n": int(rule.value),
                "last": last.isoformat(),
            }
            + rule.caveat,
            IssueCategory.UNLAWFUL_PROCEDURE,
        )
    ]


def check_officers(case, config, context):
    """第四十二条: at least two officers with enforcement qualification.

    Fewer than two officers is a fact. Certificates are judged only where the register
    records them: when no officer has a number, the register does not carry them."""
    article = penalty_article("第四十二条")
    findings = []
    numbered = [o for o in case.officers if o.certificate_number.strip()]
    if not case.officers:  # the register names no officer at all
        findings.append(undetermined("OFFICERS", article, ["officers"]))
    elif len(case.officers) < 2:
        findings.append(
            Finding(
                "OFFICERS",
                Severity.ERROR,
                article,
                _("Only %(n)s handling officer(s); at least two are required.")
                % {"n": len(case.officers)},
                IssueCategory.UNLAWFUL_PROCEDURE,
            )
        )
    elif not numbered:
        findings.append(undetermined("OFFICERS", article, ["officers"]))
    elif len(numbered) < 2:
        findings.append(
            Finding(
                "OFFICERS",
                Severity.ERROR,
                article,
                _(
                    "Only %(n)s handling officer(s) with an enforcement certificate "
                    "(%(without)s recorded without one); at least two are required."
                )
                % {
                    "n": len(numbered),
                    "without": "、".join(
                        o.name for o in case.officers if o not in numbered
                    ),
                },
                IssueCategory.UNLAWFUL_PROCEDURE,
            )
        )
    counts = Counter(o.certificate_number.strip() for o in numbered)
    for number in sorted(counts):
        names = {
            o.name.strip() for o in numbered if o.certificate_number.strip() == number
        }
        names |= context.certificate_names.get(number, set())
        if counts[number] < 2 and len(names) < 2:
            continue
        findings.append(
            Finding(
                "OFFICERS_CERT_DUPLICATE",
                Severity.ERROR,
                article,
                _(
                    "Enforcement certificate %(number)s is recorded for more than one "
                    "officer (%(names)s)."
                )
                % {"number": number, "names": "、".join(sorted(names))},
                IssueCategory.UNLAWFUL_PROCEDURE,
            )
        )
    return findings


def check_legal_review(case, config, context):
    if case.procedure != Procedure.GENERAL or not case.decided_on:
        return []
    findings = []
    listed = documents_listed(case)
    required = legal_review_required(case, config)
    if required is None and case.legal_review_on is None:
        findings.append(
            undetermined("LEGAL_REVIEW", penalty_article("第五十八条"), ["major_case"])
        )
    elif required and case.legal_review_on is None:
        if listed and DocumentType.LEGAL_REVIEW not in case.documents:
            findings.append(
                Finding(
                    "LEGAL_REVIEW",
                    Severity.ERROR,
                    penalty_article("第五十八条"),
                    _(
                        "The case required legal review (法制审核) before the "
                        "decision, and none is recorded."
                    ),
                    IssueCategory.UNLAWFUL_PROCEDURE,
                )
            )
        else:
            findings.append(
                undetermined(
                    "LEGAL_REVIEW", penalty_article("第五十八条"), ["legal_review_on"]
                )
            )
    if case.major_case is None and case.collective_discussion_on is None:
        findings.append(
            undetermined(
                "COLLECTIVE_DISCUSSION", penalty_article("第五十七条"), ["major_case"]
            )
        )
    elif case.major_case and case.collective_discussion_on is None:
        if listed and DocumentType.COLLECTIVE_DISCUSSION not in case.documents:
            findings.append(
                Finding(
                    "COLLECTIVE_DISCUSSION",
                    Severity.ERROR,
                    penalty_article("第五十七条"),
                    _(
                        "A major or complex case was decided without collective "
                        "discussion."
                    ),
                    IssueCategory.UNLAWFUL_PROCEDURE,
                )
            )
        else:
            findings.append(
                undetermined(
                    "COLLECTIVE_DISCUSSION",
                    penalty_article("第五十七条"),
                    ["collective_discussion_on"],
                )
            )
    return findings


def check_summary_procedure(case, config, context):
    """第五十一条: on the spot only a warning or a fine up to 200 yuan on a citizen,
    3,000 yuan on an organisation."""
    if case.procedure != Procedure.SUMMARY:
        return []
    heavier = [
        word
        for word in (*HEARING_PENALTY_WORDS, "没收")
        if word in case.other_penalties
    ]
    imposed = []
    if case.confiscated_amount:
        imposed.append(
            _("confiscation of %(amount)s yuan") % {"amount": case.confiscated_amount}
        )
    if case.licence_action:
        imposed.append(LicenceAction(case.licence_action).label)
    if heavier:
        imposed.append(case.other_penalties.strip())
    if imposed:
        # Whatever the fine, even none: a warning or a small fine only.
        return [
            Finding(
                "SUMMARY_MISUSED",
                Severity.ERROR,
                penalty_article("第五十一条"),
                _(
                    "The summary procedure allows only a warning or a small fine; "
                    "this file also imposes %(penalties)s."
                )
                % {"penalties": "、".join(imposed)},
                IssueCategory.UNLAWFUL_PROCEDURE,
            )
        ]
    if not case.fine:
        return []
    on = case.decided_on or case.filed_on
    rules = {
        PartyType.PERSON: config.rule("summary_limit_person", on),
        PartyType.UNIT: config.rule("summary_limit_unit", on),
    }
    limits = {party: r.value for party, r in rules.items()}
    limit = limits.get(case.party_type)
    if limit is None:
        if case.fine <= min(limits.values()):
            return []
        if case.fine <= max(limits.values()):
            return [
                undetermined(
                    "SUMMARY_MISUSED", penalty_article("第五十一条"), ["party_type"]
                )
            ]
        limit = max(limits.values())
    if case.fine <= limit:
        return []
    return [
        Finding(
            "SUMMARY_MISUSED",
            Severity.ERROR,
            penalty_article("第五十一条"),
            _(
                "The summary procedure allows a fine of at most %(limit)s yuan on "
                "%(party)s; %(fine)s yuan was imposed."
            )
            % {
                "limit": f"{limit.normalize():f}",
                "party": _("a citizen")
                if case.party_type == PartyType.PERSON
                else _("an organisation"),
                "fine": case.fine,
            }
            + rules.get(case.party_type, rules[PartyType.UNIT]).caveat,
            IssueCategory.UNLAWFUL_PROCEDURE,
        )
    ]
