"""The decision period by the case's dates (行政处罚法 art. 60: 法律、法规、规章另有
规定的，从其规定): files filed under 《安全生产违法行为行政处罚办法》 follow its own
period — 第15号令 until 2026-01-31, 应急管理部令第18号 from 2026-02-01 — both 待核实.
Violation, pass, both boundaries and 无法判断 for each version."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import TestCase

from peer_review import services
from peer_review.checks import CheckConfig, RuleValue, run_checks
from peer_review.default_rules import DEFAULT_RULES
from peer_review.factories import sound_case
from peer_review.models import ProceduralRule

SEEDED = CheckConfig(
    rules=tuple(
        RuleValue(key, Decimal(value), source, start, end, confirmed, special)
        for key, value, source, start, end, confirmed, _note, special in DEFAULT_RULES
    )
)


def filed_and_decided(filed: date, decided: date | None, **changes):
    """A sound file filed on ``filed`` and decided (and served) on ``decided``."""
    return sound_case(
        occurred_on=filed - timedelta(days=3),
        filed_on=filed,
        investigation_ended_on=filed + timedelta(days=5),
        notified_on=filed + timedelta(days=6),
        statement_on=filed + timedelta(days=7),
        decided_on=decided,
        served_on=decided,
        paid_on=None,
        executed_on=None,
        closed_on=None,
        **changes,
    )


def decision(case, config=SEEDED):
    return [f for f in run_checks(case, config) if f.code == "DECISION_LATE"]


def verdict(case, config=SEEDED) -> str:
    found = decision(case, config)
    if any(f.is_violation for f in found):
        return "violation"
    return "undetermined" if found else "pass"


# --- 第15号令 (filed up to 2026-01-31): 30 days, extendable to 180 -------------------


def test_the_rules_layer_prevails_over_the_laws_ninety_days():
    rule = SEEDED.rule("decision_days", date(2024, 3, 1))
    assert rule.special and rule.value == 30 and "第15号" in rule.source
    assert not rule.confirmed
    # Without the 办法's records the law's 90 days apply.
    assert CheckConfig().rule("decision_days", date(2024, 3, 1)).value == 90


@pytest.mark.parametrize(
    ("decided", "expected"),
    [
        (date(2024, 3, 31), "pass"),  # the 30th day after 2024-03-01: lawful
        (date(2024, 4, 1), "undetermined"),  # an extension may have been approved
        (date(2024, 8, 28), "undetermined"),  # the 180th day: still extendable
        (date(2024, 8, 29), "violation"),  # past any extension
        (None, "undetermined"),
    ],
)
def test_decision_period_under_order_15(decided, expected):
    assert verdict(filed_and_decided(date(2024, 3, 1), decided)) == expected


def test_undetermined_names_the_extension_columns_and_the_last_lawful_days():
    [finding] = decision(filed_and_decided(date(2024, 3, 1), date(2024, 4, 1)))
    assert finding.missing == ("延期决定期限", "延期批准人")
    assert "最迟应于 2024-03-31 作出决定" in finding.message
    assert "最迟也应于 2024-08-28 作出决定" in finding.message
    assert "待核实" in finding.message
    [finding] = decision(filed_and_decided(date(2024, 3, 1), None))
    assert finding.missing == ("决定日期",)


def test_violation_names_the_last_lawful_day_the_source_and_the_caveat():
    [finding] = decision(filed_and_decided(date(2024, 3, 1), date(2024, 8, 29)))
    assert finding.is_violation
    assert "最迟也应于 2024-08-28 作出决定" in finding.message
    assert "待核实" in finding.message
    assert "第六十条" in finding.legal_basis and "第15号" in finding.legal_basis


def test_an_approved_extension_counts_up_to_its_day():
    extended = filed_and_decided(
        date(2024, 3, 1),
        date(2024, 5, 30),
        decision_extended_to=date(2024, 5, 30),
        extension_approved_by="局长",
    )
    assert verdict(extended) == "pass"
    late = replace(extended, decided_on=date(2024, 5, 31), served_on=None)
    [finding] = decision(late)
    assert finding.is_violation and "最迟应于 2024-05-30 作出决定" in finding.message
    unapproved = replace(late, extension_approved_by="")
    assert verdict(unapproved) == "undetermined"


def test_an_extension_beyond_the_longest_period_does_not_count():
    case = filed_and_decided(
        date(2024, 3, 1),
        date(2024, 9, 2),
        decision_extended_to=date(2024, 12, 31),
        extension_approved_by="局长",
    )
    [finding] = decision(case)
    assert finding.is_violation and "2024-08-28" in finding.message


# --- 应急管理部令第18号 (filed from 2026-02-01) -----------------------------------------


def test_the_version_follows_the_filing_date_on_the_boundary_day():
    before = SEEDED.rule("decision_days", date(2026, 1, 31))
    after = SEEDED.rule("decision_days", date(2026, 2, 1))
    assert "第15号" in before.source and "第18号" in after.source
    assert before.special and after.special and not after.confirmed


@pytest.mark.parametrize(
    ("filed", "decided", "expected"),
    [
        # Filed on the last day of 第15号令: its 30 days run to 2026-03-02.
        (date(2026, 1, 31), date(2026, 3, 2), "pass"),
        (date(2026, 1, 31), date(2026, 3, 3), "undetermined"),
        # Filed on the first day of 第18号令: 30 days (待核实) run to 2026-03-03.
        (date(2026, 2, 1), date(2026, 3, 3), "pass"),
        (date(2026, 2, 1), date(2026, 3, 4), "undetermined"),
        (date(2026, 2, 1), date(2026, 7, 31), "undetermined"),  # day 180
        (date(2026, 2, 1), date(2026, 8, 1), "violation"),
        (date(2026, 2, 1), None, "undetermined"),
    ],
)
def test_decision_period_under_order_18(filed, decided, expected):
    assert verdict(filed_and_decided(filed, decided)) == expected


def test_an_order_18_finding_names_order_18_and_says_it_is_unconfirmed():
    [finding] = decision(filed_and_decided(date(2026, 2, 1), date(2026, 8, 1)))
    assert "第18号" in finding.legal_basis
    assert "待核实" in finding.message and "2026-07-31" in finding.message


def test_a_confirmed_figure_changes_the_period_and_drops_the_caveat():
    rules = tuple(
        replace(r, value=Decimal(60), confirmed=True)
        if r.key == "decision_days" and "第18号" in r.source
        else r
        for r in SEEDED.rules
    )
    config = CheckConfig(rules=rules)
    case = filed_and_decided(date(2026, 2, 1), date(2026, 4, 2))  # day 60
    assert verdict(case, config) == "pass"
    assert verdict(case) == "undetermined"


# --- the law alone (no 办法 record) --------------------------------------------------


@pytest.mark.parametrize(
    ("decided", "expected"),
    [
        (date(2024, 5, 30), "pass"),  # the 90th day
        (date(2024, 5, 31), "violation"),
        (None, "undetermined"),
    ],
)
def test_without_the_rules_layer_the_laws_ninety_days_apply(decided, expected):
    config = CheckConfig()
    assert verdict(filed_and_decided(date(2024, 3, 1), decided), config) == expected


class SeededDecisionRulesTests(TestCase):
    def test_the_rules_layer_decision_period_is_seeded_special_and_unconfirmed(self):
        rows = ProceduralRule.objects.filter(key="decision_days", special=True)
        self.assertEqual(
            sorted((r.effective_from.isoformat(), r.value, r.confirmed) for r in rows),
            [("2008-01-01", 30, False), ("2026-02-01", 30, False)],
        )
        law = ProceduralRule.objects.get(key="decision_days", special=False)
        self.assertEqual(law.value, 90)
        self.assertIn("第六十条", law.source)
        self.assertTrue(
            ProceduralRule.objects.filter(key="decision_max_days", value=180).exists()
        )

    def test_check_config_applies_the_special_rule_by_the_filing_date(self):
        config = services.check_config()
        case = filed_and_decided(date(2024, 3, 1), date(2024, 8, 29))
        [finding] = decision(case, config)
        self.assertTrue(finding.is_violation)
        self.assertIn("第15号", finding.legal_basis)
        ProceduralRule.objects.filter(key="decision_days", special=True).update(
            special=False
        )
        # Without the flag the law's 90 days (the later start) apply again.
        [finding] = decision(case, services.check_config())
        self.assertIn("2024-05-30", finding.message)
