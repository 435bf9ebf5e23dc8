"""行政处罚法 第六十七条第三款 and 第七十二条: a fine is paid within 15 days of service;
paid later without an approved deferral, the message names the last lawful day and
the surcharge of 3% a day, never more than the fine."""

from datetime import date
from decimal import Decimal

import pytest

from peer_review.checks import run_checks
from peer_review.checks.deadlines import late_payment_surcharge
from peer_review.factories import sound_case


def payment(paid, **changes):
    # Served on the spot on 2024-04-10: the 15th day is 2024-04-25.
    case = sound_case(paid_on=paid, executed_on=paid, closed_on=None, **changes)
    return [f for f in run_checks(case) if f.code == "PAYMENT_LATE"]


@pytest.mark.parametrize(
    ("fine", "days", "surcharge"),
    [
        ("30000", 0, "0"),
        ("30000", 1, "900"),
        ("30000", 33, "29700"),
        ("30000", 34, "30000"),  # 30,600 capped at the fine
        ("30000", 400, "30000"),
    ],
)
def test_surcharge_is_three_percent_a_day_never_more_than_the_fine(
    fine, days, surcharge
):
    assert late_payment_surcharge(Decimal(fine), days) == Decimal(surcharge)


def test_paid_on_the_fifteenth_day_is_lawful_the_day_after_is_late():
    assert payment(date(2024, 4, 25)) == []
    [finding] = payment(date(2024, 4, 26))
    assert finding.is_violation
    assert "最迟应于 2024-04-25 缴纳" in finding.message
    assert "逾期 1 日" in finding.message and "900 元" in finding.message


def test_a_long_delay_names_the_capped_surcharge():
    [finding] = payment(date(2024, 6, 30))
    assert "30000 元" in finding.message and "逾期 66 日" in finding.message


def test_deferral_or_missing_dates():
    assert payment(date(2024, 6, 30), payment_deferred=True) == []
    [finding] = payment(None)
    assert not finding.is_violation and finding.missing == ("缴款日期",)
