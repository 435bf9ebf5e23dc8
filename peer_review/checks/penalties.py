"""Fines against the penalty provision's ranges (安全生产法 arts. 97–102 and the like)
by party type and branch, and the chosen discretion tier (行政处罚法 art. 34).

A unit's fine is in the provision's range for the file's branch: the 逾期未改正 range
where the file records that the order to correct was not complied with on a 复查
before the decision, the immediate range otherwise; a person's fine (直接负责的
主管人员和其他直接责任人员) is in the provision's range for persons. Where the branch
imposes another penalty together with the fine (并处), the file records it."""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from peer_review.catalogue import (
    IssueCategory,
    PartyType,
    Procedure,
    Severity,
)
from peer_review.checks.base import Finding, penalty_article, undetermined

# Alternatives in a provision's 并处 (责令停止建设或者停产停业整顿).
_ALTERNATIVES = re.compile(r"或者|或|、|/|；")


def _in(value: Decimal, low: Decimal | None, high: Decimal | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def _set(low, high) -> bool:
    return low is not None or high is not None


def _range_text(low, high) -> str:
    if low is None:
        return _("up to %(high)s yuan") % {"high": high}
    if high is None:
        return _("from %(low)s yuan") % {"low": low}
    return f"{low}–{high}"


def _uncorrected_before_decision(case) -> bool | None:
    """Whether the file's decision punishes a failure to correct: 逾期未改正 recorded
    with a 复查 on or before the decision (None: the register cannot tell)."""
    if not case.uncorrected:
        return False if case.uncorrected is False else None
    if case.rechecked_on is None or case.decided_on is None:
        return None
    return case.rechecked_on <= case.decided_on


def _unit_verdict(case) -> tuple[bool | None, list[str], str]:
    """(lawful?, missing fields, the range applied) for a fine on a unit.

    The 逾期未改正 branch applies where the file records that the order to correct
    was not complied with on a 复查 before the decision; otherwise the immediate one."""
    p = case.provision
    normal = _set(p.fine_min, p.fine_max)
    uncorrected = _set(p.fine_min_uncorrected, p.fine_max_uncorrected)
    in_normal = normal and _in(case.fine, p.fine_min, p.fine_max)
    in_uncorrected = uncorrected and _in(
        case.fine, p.fine_min_uncorrected, p.fine_max_uncorrected
    )
    branch = _uncorrected_before_decision(case) if uncorrected else False
    if in_normal and in_uncorrected:
        return True, [], ""
    if in_normal:
        if branch is None and case.uncorrected:
            return None, ["rechecked_on"], ""
        if branch:
            return (
                False,
                [],
                _("%(range)s (not corrected in time, 复查 %(rechecked)s)")
                % {
                    "range": _range_text(
                        p.fine_min_uncorrected, p.fine_max_uncorrected
                    ),
                    "rechecked": case.rechecked_on.isoformat(),
                },
            )
        return True, [], ""
    if in_uncorrected:
        if case.uncorrected is None:
            return None, ["uncorrected", "rechecked_on"], ""
        if case.uncorrected and branch is not False:
            return True, [], ""
        if case.uncorrected:  # the 复查 came after the decision
            return (
                False,
                [],
                _("%(range)s (the 复查 of %(rechecked)s came after the decision)")
                % {
                    "range": _range_text(p.fine_min, p.fine_max),
                    "rechecked": case.rechecked_on.isoformat(),
                },
            )
        return (
            False,
            [],
            _("%(range)s (the file records the order to correct was complied with)")
            % {"range": _range_text(p.fine_min, p.fine_max)},
        )
    ranges = [
        _range_text(lo, hi)
        for lo, hi, ok in (
            (p.fine_min, p.fine_max, normal),
            (p.fine_min_uncorrected, p.fine_max_uncorrected, uncorrected),
        )
        if ok
    ]
    return False, [], "；".join(ranges)


def _concurrent_words(required: str) -> list[str]:
    return [w for w in _ALTERNATIVES.split(_normal_penalty(required)) if w]


def _normal_penalty(text: str) -> str:
    return re.sub(r"责令|整顿|\s", "", text)


def _concurrent_branch(case) -> tuple[str, str, list[str]]:
    """(the 并处 the provision requires in the file's branch, the branch's name, the
    columns that would decide the branch where the register cannot tell it)."""
    p = case.provision
    in_normal = _set(p.fine_min, p.fine_max) and _in(case.fine, p.fine_min, p.fine_max)
    in_uncorrected = _set(p.fine_min_uncorrected, p.fine_max_uncorrected) and _in(
        case.fine, p.fine_min_uncorrected, p.fine_max_uncorrected
    )
    before = _uncorrected_before_decision(case)
    if before or (case.uncorrected and not in_normal):
        return p.concurrent_penalty_uncorrected, _("if not corrected in time"), []
    if before is None and in_uncorrected and p.concurrent_penalty_uncorrected:
        # The fine fits the 逾期未改正 branch, which the register does not rule out.
        missing = (
            ["rechecked_on"] if case.uncorrected else ["uncorrected", "rechecked_on"]
        )
        return p.concurrent_penalty_uncorrected, _("if not corrected in time"), missing
    return p.concurrent_penalty, "", []


def check_concurrent_penalty(case, config, context):
    """并处: where the provision imposes another penalty together with the fine in
    the file's branch (安全生产法 arts. 97, 101: 逾期未改正的，责令停产停业整顿，并处
    …罚款), the file records it among its other penalties. Where the register cannot
    tell the branch (逾期未改正, 复查日期) and the fine fits the branch that requires
    it, the outcome is 无法判断."""
    if not case.fine or case.provision is None or case.party_type == PartyType.PERSON:
        return []
    required, branch, undecided = _concurrent_branch(case)
    if not required:
        return []
    p = case.provision
    recorded = _normal_penalty(case.other_penalties)
    if recorded and any(word in recorded for word in _concurrent_words(required)):
        return []
    blank = not case.other_penalties.strip()
    if undecided or blank:
        fields = [*undecided, *(["other_penalties"] if blank else [])]
        return [undetermined("CONCURRENT_PENALTY", p.label, fields)]
    return [
        Finding(
            "CONCURRENT_PENALTY",
            Severity.ERROR,
            p.label,
            _(
                "%(label)s imposes %(required)s together with the fine"
                "%(branch)s (并处); the file records only “%(recorded)s” besides "
                "the fine of %(fine)s yuan."
            )
            % {
                "label": p.label,
                "required": required,
                "branch": f"（{branch}）" if branch else "",
                "recorded": case.other_penalties.strip(),
                "fine": case.fine,
            },
            IssueCategory.WRONG_LAW,
        )
    ]


def _person_verdict(case) -> tuple[bool | None, list[str], str]:
    p = case.provision
    if _in(case.fine, p.person_fine_min, p.person_fine_max):
        return True, [], ""
    return False, [], _range_text(p.person_fine_min, p.person_fine_max)


def check_fine_range(case, config, context):
    if not case.fine or case.provision is None:
        return []
    p = case.provision
    findings = []
    unit_has = _set(p.fine_min, p.fine_max) or _set(
        p.fine_min_uncorrected, p.fine_max_uncorrected
    )
    person_has = _set(p.person_fine_min, p.person_fine_max)
    verdicts = {}
    if unit_has:
        verdicts[PartyType.UNIT] = _unit_verdict(case)
    if person_has:
        verdicts[PartyType.PERSON] = _person_verdict(case)
    if case.party_type:
        verdict = verdicts.get(case.party_type, (False, [], ""))
    elif len({v[0] for v in verdicts.values()}) == 1 and verdicts:
        verdict = next(iter(verdicts.values()))
    elif verdicts.get(PartyType.UNIT, (False,))[0] is None:
        verdict = (None, ["party_type", *verdicts[PartyType.UNIT][1]], "")
    elif not verdicts:
        verdict = (False, [], "")
    else:
        verdict = (None, ["party_type"], "")
    lawful, missing, applied = verdict
    if lawful is None:
        findings.append(undetermined("FINE_RANGE", p.label, missing))
    elif lawful is False:
        party = PartyType(case.party_type).label if case.party_type else ""
        if not applied:
            message = _(
                "%(label)s provides no fine on %(party)s, yet %(fine)s yuan was imposed."
            ) % {"label": p.label, "party": party or _("the party"), "fine": case.fine}
        else:
            message = _(
                "The fine of %(fine)s yuan on %(party)s is outside the range of "
                "%(label)s (%(range)s)."
            ) % {
                "fine": case.fine,
                "party": party or _("the party"),
                "label": p.label,
                "range": applied,
            }
        findings.append(
            Finding(
                "FINE_RANGE",
                Severity.ERROR,
                p.label,
                message,
                IssueCategory.WRONG_LAW,
            )
        )
    t = case.tier
    if t is None and p.has_tiers and case.party_type != PartyType.PERSON:
        # The benchmark splits the unit's range into tiers (第三十四条); which one
        # the file chose decides whether the fine is in it.
        findings.append(
            undetermined("FINE_TIER", penalty_article("第三十四条"), ["tier"])
        )
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


def check_heavier_after_statement(case, config, context):
    """第四十五条第二款: a penalty is not made heavier because the party stated its
    case. The fine decided is compared with the fine the penalty notice (告知书)
    proposed; a heavier penalty on new facts needs a new notice, which the register
    records as the later 告知日期 with its own proposed fine. Where the party waived
    its statement in writing, the article is not in play."""
    if case.procedure != Procedure.GENERAL or not case.fine:
        return []
    if case.proposed_fine is not None and case.fine <= case.proposed_fine:
        return []
    if case.statement_waived and case.statement_on is None:
        return []
    article = penalty_article("第四十五条第二款")
    if case.proposed_fine is None:
        return [undetermined("PENALTY_HEAVIER", article, ["proposed_fine"])]
    if case.statement_on is None:
        return [
            undetermined(
                "PENALTY_HEAVIER", article, ["statement_on", "statement_waived"]
            )
        ]
    return [
        Finding(
            "PENALTY_HEAVIER",
            Severity.ERROR,
            article,
            _(
                "The decision fines %(fine)s yuan, more than the %(proposed)s yuan "
                "the penalty notice proposed, after the party's statement and "
                "defence of %(statement)s, and the file records no new notice; a "
                "penalty may not be made heavier because the party stated its case "
                "(a heavier penalty on new facts needs a new notice)."
            )
            % {
                "fine": case.fine,
                "proposed": case.proposed_fine,
                "statement": case.statement_on.isoformat(),
            },
            IssueCategory.UNLAWFUL_PROCEDURE,
        )
    ]
