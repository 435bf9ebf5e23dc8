"""Two rules of 行政处罚法 the register can carry since it has the columns:
the hearing's chair is not one of the case's investigators (第六十四条第（四）项) and
the penalty is not made heavier after the party's statement (第四十五条第二款).

Files are built here; each rule has a violation, a pass, the boundary on both sides
and the case the register cannot decide."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.test import TestCase

from accounts.models import EnforcementGroup
from demo.courses import seed_law_spine
from peer_review import importer, services
from peer_review.catalogue import CHECK_LABELS, Procedure
from peer_review.checks import Officer, run_checks
from peer_review.factories import sound_case
from peer_review.models import CaseFile
from tests.peer_review.factories import office_row, validate_register


def found(case, code):
    return [f for f in run_checks(case) if f.code == code]


def verdict(case, code) -> str:
    results = found(case, code)
    if any(f.is_violation for f in results):
        return "violation"
    return "undetermined" if results else "pass"


# --- 听证主持人 (第六十四条第（四）项) ---------------------------------------------------


def heard(chair: Officer | None, **changes):
    """A sound file heard on 2024-04-08 (officers 张三 12011000001, 李四 12011000002)."""
    return sound_case(
        hearing_right_notified_on=date(2024, 3, 22),
        hearing_requested_on=date(2024, 3, 25),
        hearing_notice_on=date(2024, 3, 26),
        hearing_on=date(2024, 4, 8),
        legal_review_on=date(2024, 4, 9),
        hearing_chair=chair,
        **changes,
    )


@pytest.mark.parametrize(
    ("chair", "expected"),
    [
        (Officer("王审理", "12011000009"), "pass"),
        (Officer("张三", "12011000001"), "violation"),
        # the same person written without the certificate number
        (Officer("张三"), "violation"),
        # a name written differently, caught by the certificate number
        (Officer("张 三", "12011000001"), "violation"),
        # another person who happens to share nothing with the officers
        (Officer("张三丰", ""), "pass"),
        (None, "undetermined"),
        (Officer(""), "undetermined"),
    ],
)
def test_hearing_chair(chair, expected):
    assert verdict(heard(chair), "HEARING_CHAIR") == expected


def test_no_hearing_no_chair_needed():
    assert found(sound_case(), "HEARING_CHAIR") == []


def test_chair_message_names_the_officer_and_the_rule():
    [finding] = found(heard(Officer("李四")), "HEARING_CHAIR")
    assert finding.legal_basis == "《行政处罚法》第六十四条第（四）项"
    assert "李四（12011000002）" in finding.message
    assert "非本案调查人员主持" in finding.message
    assert finding.label == CHECK_LABELS["HEARING_CHAIR"] == "本案调查人员主持听证"


def test_missing_chair_names_the_column():
    [finding] = found(heard(None), "HEARING_CHAIR")
    assert not finding.is_violation and finding.missing == ("听证主持人",)


# --- 陈述申辩后加重处罚 (第四十五条第二款) -----------------------------------------------


@pytest.mark.parametrize(
    ("fine", "proposed", "statement_on", "waived", "expected"),
    [
        ("30000", "30000", date(2024, 3, 25), None, "pass"),  # the boundary: equal
        ("30001", "30000", date(2024, 3, 25), None, "violation"),  # one yuan above
        ("20000", "30000", date(2024, 3, 25), None, "pass"),  # lighter after defence
        # waived in writing and no statement: the article is not in play
        ("30001", "30000", None, True, "pass"),
        # the register does not say whether the party stated its case
        ("30001", "30000", None, None, "undetermined"),
        ("30001", "30000", None, False, "undetermined"),
        # the notice's proposed fine is not recorded
        ("30000", None, date(2024, 3, 25), None, "undetermined"),
    ],
)
def test_heavier_after_statement(fine, proposed, statement_on, waived, expected):
    case = sound_case(
        fine=Decimal(fine),
        proposed_fine=Decimal(proposed) if proposed else None,
        statement_on=statement_on,
        statement_waived=waived,
    )
    assert verdict(case, "PENALTY_HEAVIER") == expected


def test_heavier_message_states_both_amounts_and_the_statement():
    case = sound_case(fine=Decimal("45000"), proposed_fine=Decimal("30000"))
    [finding] = found(case, "PENALTY_HEAVIER")
    assert finding.legal_basis == "《行政处罚法》第四十五条第二款"
    assert "45000" in finding.message and "30000" in finding.message
    assert "2024-03-25" in finding.message
    assert "不得因当事人陈述、申辩而给予更重的处罚" in finding.message


def test_undetermined_names_the_missing_columns():
    [finding] = found(sound_case(proposed_fine=None), "PENALTY_HEAVIER")
    assert finding.missing == ("告知拟罚款金额",)
    unknown = sound_case(
        fine=Decimal("40000"), proposed_fine=Decimal("30000"), statement_on=None
    )
    [finding] = found(unknown, "PENALTY_HEAVIER")
    assert finding.missing == ("陈述申辩日期", "放弃陈述申辩")


def test_summary_procedure_and_files_without_a_fine_are_not_judged():
    summary = replace(
        sound_case(fine=Decimal("200"), proposed_fine=None),
        procedure=Procedure.SUMMARY,
    )
    assert found(summary, "PENALTY_HEAVIER") == []
    assert found(sound_case(fine=None, proposed_fine=None), "PENALTY_HEAVIER") == []


# --- the register's columns ------------------------------------------------------------


class RegisterColumnsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        EnforcementGroup.objects.create(name="执法一组")

    def test_columns_are_read_and_reach_the_checks(self):
        rows, errors = validate_register(
            office_row(
                1,
                承办人="王执法（12011001）、赵安全（12011002）",
                告知拟罚款金额="20,000元",
                罚款金额="25000",
                陈述申辩日期="2025-07-22",
                听证日期="",
                听证主持人="赵安全（12011002）",
            )
        )
        self.assertEqual([str(e) for e in errors], [])
        self.assertEqual(rows[0].fields["proposed_fine"], Decimal("20000"))
        [case] = services.casefiles_import(rows=rows)
        data = services.case_check_data(CaseFile.objects.with_related().get(pk=case.pk))
        self.assertEqual(data.proposed_fine, Decimal("20000"))
        self.assertEqual(data.hearing_chair, Officer("赵安全", "12011002"))
        # 第九十九条 has the bureau's tiers: a file without 裁量阶次 is 无法判断
        self.assertTrue(data.provision.has_tiers)
        self.assertIn(
            ("FINE_TIER", ("裁量阶次",)),
            [(f.code, f.missing) for f in run_checks(data) if not f.is_violation],
        )
        codes = {f.code for f in run_checks(data) if f.is_violation}
        self.assertIn("PENALTY_HEAVIER", codes)
        heard = replace(data, hearing_on=date(2025, 8, 20))
        self.assertEqual(verdict(heard, "HEARING_CHAIR"), "violation")

    def test_bad_cells_are_named_in_chinese_and_nothing_is_saved(self):
        _rows, errors = validate_register(
            office_row(1, 告知拟罚款金额="两万", 听证主持人="王审理（1201"),
        )
        messages = {e.column: str(e) for e in errors}
        self.assertIn("告知拟罚款金额", messages)
        self.assertIn("听证主持人", messages)
        self.assertIn("王审理（1201", messages["听证主持人"])
        self.assertEqual(CaseFile.objects.count(), 0)

    def test_template_explains_the_new_columns(self):
        sheet = importer.read_workbook(importer.template_xlsx())
        self.assertIn("告知拟罚款金额", sheet.columns)
        self.assertIn("听证主持人", sheet.columns)


def test_the_admin_form_refuses_a_chair_it_could_not_read():
    from django.core.exceptions import ValidationError

    from peer_review.models.casefiles import validate_officer_text

    validate_officer_text("王审理（120110000009）")
    validate_officer_text("王审理")
    validate_officer_text("")
    with pytest.raises(ValidationError) as raised:
        validate_officer_text("王审理（1201")
    assert "执法证号写在括号内" in raised.value.messages[0]
