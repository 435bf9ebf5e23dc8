"""Procedural rules as versioned data: applied by the case's dates, each with its
source; a finding resting on a 待核实 value says so."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from django.test import TestCase

from peer_review import services
from peer_review.catalogue import DocumentType, PartyType
from peer_review.checks import CheckConfig, RuleValue, run_checks
from peer_review.factories import sound_case
from peer_review.models import ProceduralRule

OLD = RuleValue(
    "statement_working_days",
    Decimal(3),
    "旧办法",
    date(2008, 1, 1),
    date(2026, 1, 31),
    confirmed=False,
)
NEW = RuleValue("statement_working_days", Decimal(5), "新办法", date(2026, 2, 1))
CONFIG = CheckConfig(rules=(OLD, NEW))


def told_and_decided(notified, decided):
    return sound_case(
        occurred_on=date(2025, 12, 1),
        filed_on=date(2025, 12, 3),
        investigation_ended_on=notified,
        notified_on=notified,
        statement_on=None,
        statement_waived=False,
        decided_on=decided,
        served_on=decided,
        paid_on=date(2026, 3, 2),
        executed_on=date(2026, 3, 2),
        closed_on=date(2026, 3, 3),
    )


def statement(case, config=CONFIG):
    return [f for f in run_checks(case, config) if f.code == "STATEMENT_PERIOD"]


def test_the_rule_in_force_on_the_case_date_applies():
    assert CONFIG.rule("statement_working_days", date(2026, 1, 31)) is OLD
    assert CONFIG.rule("statement_working_days", date(2026, 2, 1)) is NEW
    # No record for the key: the figure of the configuration.
    assert CONFIG.rule("decision_days", date(2026, 2, 1)).value == 90


def test_periods_follow_the_version_in_force_when_the_party_was_told():
    # Told Monday 2026-01-05: 3 working days end on 01-08; decided 01-09 is lawful.
    assert statement(told_and_decided(date(2026, 1, 5), date(2026, 1, 9))) == []
    # Told Monday 2026-02-02 under the new text: 5 working days run to 02-09.
    [finding] = statement(told_and_decided(date(2026, 2, 2), date(2026, 2, 9)))
    assert finding.is_violation and "2026-02-09" in finding.message
    assert statement(told_and_decided(date(2026, 2, 2), date(2026, 2, 10))) == []


def test_a_finding_resting_on_an_unconfirmed_value_says_so():
    [finding] = statement(told_and_decided(date(2026, 1, 5), date(2026, 1, 8)))
    assert "待核实" in finding.message and "旧办法" in finding.message
    [confirmed] = statement(
        told_and_decided(date(2026, 1, 5), date(2026, 1, 8)),
        CheckConfig(rules=(replace(OLD, confirmed=True),)),
    )
    assert "待核实" not in confirmed.message


class SeededRulesTests(TestCase):
    def test_the_law_and_the_rules_layer_are_seeded_with_their_sources(self):
        law = ProceduralRule.objects.get(key="hearing_request_working_days")
        self.assertEqual(law.value, 5)
        self.assertTrue(law.confirmed)
        self.assertIn("第六十四条", law.source)
        pending = ProceduralRule.objects.filter(key="hearing_fine_threshold_person")
        self.assertEqual(
            sorted((r.effective_from.isoformat(), r.confirmed) for r in pending),
            [("2008-01-01", False), ("2026-02-01", False)],
        )
        self.assertIn("第18号", pending.get(effective_from=date(2026, 2, 1)).source)

    def test_check_config_reads_the_records_and_an_edit_applies(self):
        case = sound_case(party_type=PartyType.PERSON, fine=Decimal("20000"), tier=None)
        case = replace(
            case, documents=case.documents - {DocumentType.HEARING_RIGHT_NOTICE}
        )
        config = services.check_config()
        [finding] = [f for f in run_checks(case, config) if f.code == "HEARING_RIGHT"]
        # Told in 2024: the 办法 (第15号令) figure, not yet confirmed.
        self.assertIn("20000", finding.message)
        self.assertIn("待核实", finding.message)
        ProceduralRule.objects.filter(
            key="hearing_fine_threshold_person", effective_from=date(2008, 1, 1)
        ).update(value=30000, confirmed=True)
        config = services.check_config()
        self.assertEqual(
            [f for f in run_checks(case, config) if f.code == "HEARING_RIGHT"], []
        )
