"""Fines against the penalty provision's ranges (安全生产法 arts. 97–102 and the like)
by party type and branch, and the chosen discretion tier (行政处罚法 art. 34).

A unit's fine is in the provision's range, or in the 逾期未改正 range where the file
records that the order to correct was not complied with; a person's fine (直接负责的
主管人员和其他直接责任人员) is in the provision's range for persons."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from peer_review.catalogue import (
    IssueCategory,
    PartyType,
    Severity,
)
from peer_review.checks.base import Finding, penalty_article, undetermined


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


def _unit_verdict(case) -> tuple[bool | None, list[str], str]:
    """(lawful?, missing fields, the range applied) for a fine on a unit."""
    p = case.provision
    normal = _set(p.fine_min, p.fine_max)
    uncorrected = _set(p.fine_min_uncorrected, p.fine_max_uncorrected)
    if normal and _in(case.fine, p.fine_min, p.fine_max):
        return True, [], ""
    if uncorrected and _in(case.fine, p.fine_min_uncorrected, p.fine_max_uncorrected):
        if case.uncorrected:
            return True, [], ""
        if case.uncorrected is None:
            return None, ["uncorrected", "rechecked_on"], ""
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
