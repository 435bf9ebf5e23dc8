"""Fines by branch and 并处 (安全生产法 arts. 97, 99): the 逾期未改正 range applies
where the file records that the order to correct was not complied with on a 复查
before the decision; where the branch imposes another penalty together with the fine
(art. 97: 逾期未改正的，责令停产停业整顿，并处十万元以上二十万元以下的罚款) the file
records it. Violation, pass, both boundaries and 无法判断 for each check."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from peer_review.catalogue import PartyType
from peer_review.checks import run_checks
from peer_review.factories import ART_97, ART_99, sound_case

BEFORE = date(2024, 2, 28)  # 复查 before the decision of 2024-04-10
AFTER = date(2024, 4, 20)


def results(case, code):
    return [f for f in run_checks(case) if f.code == code]


def verdict(case, code) -> str:
    found = results(case, code)
    if any(f.is_violation for f in found):
        return "violation"
    return "undetermined" if found else "pass"


def fined(fine, provision=ART_99, **changes):
    return sound_case(provision=provision, tier=None, fine=Decimal(fine), **changes)


# --- FINE_RANGE by branch (art. 99: 50,000 at once; 50,000–200,000 if uncorrected) ---


@pytest.mark.parametrize(
    ("fine", "uncorrected", "rechecked", "expected"),
    [
        # Not corrected on a 复查 before the decision: the 逾期未改正 range.
        ("50000", True, BEFORE, "pass"),  # lower boundary
        ("200000", True, BEFORE, "pass"),  # upper boundary
        ("49999", True, BEFORE, "violation"),
        ("200001", True, BEFORE, "violation"),
        ("30000", True, BEFORE, "violation"),
        # 逾期未改正 recorded, 复查 date not: a fine only the immediate branch allows
        # cannot be judged; one in the 逾期未改正 range stands on the record.
        ("30000", True, None, "undetermined"),
        ("80000", True, None, "pass"),
        # The 复查 came after the decision: the decision was the immediate one.
        ("80000", True, AFTER, "violation"),
        ("30000", True, AFTER, "pass"),
        # Corrected in time: the immediate range.
        ("50000", False, None, "pass"),
        ("50001", False, None, "violation"),
        # Not recorded: above the immediate range cannot be judged.
        ("80000", None, None, "undetermined"),
        ("30000", None, None, "pass"),
    ],
)
def test_fine_range_follows_the_branch(fine, uncorrected, rechecked, expected):
    case = fined(fine, uncorrected=uncorrected, rechecked_on=rechecked)
    assert verdict(case, "FINE_RANGE") == expected


def test_uncorrected_branch_message_names_its_range_and_the_recheck():
    [finding] = results(
        fined("30000", uncorrected=True, rechecked_on=BEFORE), "FINE_RANGE"
    )
    assert "50000" in finding.message and "200000" in finding.message
    assert "逾期未改正" in finding.message and "2024-02-28" in finding.message


def test_unknown_recheck_date_is_named():
    [finding] = results(fined("30000", uncorrected=True), "FINE_RANGE")
    assert finding.missing == ("复查日期",)


# --- CONCURRENT_PENALTY (art. 97: 逾期未改正 → 责令停产停业整顿 并处 100,000–200,000) --


def uncorrected_97(fine="150000", other="责令停产停业整顿", **changes):
    facts = {
        "provision": ART_97,
        "uncorrected": True,
        "rechecked_on": BEFORE,
        "other_penalties": other,
    }
    return fined(fine, **{**facts, **changes})


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (uncorrected_97(), "pass"),
        (uncorrected_97(other="责令停产停业整顿三个月"), "pass"),
        (uncorrected_97(other="警告"), "violation"),
        (uncorrected_97(other=""), "undetermined"),
        # Boundaries of the branch: 100,000 is in both ranges; with the 复查 before the
        # decision it is the 逾期未改正 branch and needs the 并处.
        (uncorrected_97("100000", other="警告"), "violation"),
        (uncorrected_97("100000", other="警告", uncorrected=False), "pass"),
        (uncorrected_97("200000"), "pass"),
        # The immediate branch imposes nothing together with the fine.
        (fined("60000", provision=ART_97, uncorrected=False), "pass"),
        # A fine on a person: the 并处 concerns the unit.
        (uncorrected_97("30000", other="", party_type=PartyType.PERSON), "pass"),
    ],
)
def test_concurrent_penalty(case, expected):
    assert verdict(case, "CONCURRENT_PENALTY") == expected


def test_concurrent_penalty_message_names_the_missing_penalty_and_the_branch():
    [finding] = results(uncorrected_97(other="警告"), "CONCURRENT_PENALTY")
    assert finding.is_violation
    assert "并处责令停产停业整顿" in finding.message
    assert "逾期未改正" in finding.message and "警告" in finding.message
    assert finding.legal_basis == ART_97.label
    [unknown] = results(uncorrected_97(other=""), "CONCURRENT_PENALTY")
    assert unknown.missing == ("其他处罚",)


def test_alternatives_in_the_provision_are_each_enough():
    provision = replace(
        ART_97, concurrent_penalty_uncorrected="责令停止建设或者停产停业整顿"
    )
    for other, expected in (
        ("责令停止建设", "pass"),
        ("责令停产停业整顿", "pass"),
        ("没收违法所得", "violation"),
    ):
        case = uncorrected_97(other=other, provision=provision)
        assert verdict(case, "CONCURRENT_PENALTY") == expected, other
