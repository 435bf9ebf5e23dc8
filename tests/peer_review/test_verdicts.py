"""Three outcomes per check (违法, 合规, 无法判断) on files built here: for every check a
violation, a pass, both boundaries and the case the register cannot decide."""

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from peer_review import checks
from peer_review.catalogue import (
    CHECK_LABELS,
    DocumentType,
    LicenceAction,
    PartyType,
    Procedure,
    ServiceMethod,
)
from peer_review.checks import (
    CheckConfig,
    CheckContext,
    Officer,
    Provision,
    run_all,
    run_checks,
)
from peer_review.factories import ART_99, sound_case, told_and_decided


def results(case, code, context=None):
    return [f for f in run_checks(case, None, context) if f.code == code]


def verdict(case, code, context=None) -> str:
    """'violation', 'undetermined' or 'pass' for one check on one file."""
    found = results(case, code, context)
    if any(f.is_violation for f in found):
        return "violation"
    return "undetermined" if found else "pass"


def missing(case, code):
    [finding] = [f for f in results(case, code) if not f.is_violation]
    return list(finding.missing)


# --- the shape of a result ------------------------------------------------------------


def test_undetermined_result_names_the_columns_and_is_not_a_violation():
    case = sound_case(paid_on=None)
    [finding] = results(case, "PAYMENT_LATE")
    assert not finding.is_violation
    data = finding.as_dict()
    assert data["outcome"] == "undetermined"
    assert data["missing"] == ["缴款日期"]
    assert data["label"] == "逾期缴纳罚款"
    assert "无法判断" in data["message"] and "缴款日期" in data["message"]


def test_violation_result_has_outcome_and_no_missing():
    case = sound_case(paid_on=date(2024, 5, 20))
    [finding] = results(case, "PAYMENT_LATE")
    assert finding.as_dict()["outcome"] == "violation"
    assert "missing" not in finding.as_dict()


def test_violations_come_before_undetermined_results():
    case = sound_case(paid_on=None, officers=(Officer("张三", "1"),))
    outcomes = [f.is_violation for f in run_checks(case)]
    assert outcomes == sorted(outcomes, reverse=True)


def test_summary_counts_files_per_check_and_missing_column():
    stored = {
        "A": [f.as_dict() for f in run_checks(sound_case(number="A", paid_on=None))],
        "B": [f.as_dict() for f in run_checks(sound_case(number="B", paid_on=None))],
        "C": [f.as_dict() for f in run_checks(sound_case(number="C"))],
    }
    assert checks.undetermined_summary(stored) == [
        "2 件因缺少缴款日期无法判断逾期缴纳罚款"
    ]
    assert checks.violations(stored["A"]) == []


def test_every_code_the_checks_can_report_has_a_chinese_label():
    source = "".join(p.read_text() for p in Path(checks.__file__).parent.glob("*.py"))
    used = set(
        re.findall(
            r'(?:Finding\(|undetermined\(|_unavailable\(|code=)\s*"([A-Z_]+)"', source
        )
    )
    assert used, "no codes found"
    assert used <= set(CHECK_LABELS), used - set(CHECK_LABELS)
    for label in CHECK_LABELS.values():
        assert re.search(r"[\u4e00-\u9fff]", label) and not re.search(
            "[A-Z_]{3}", label
        )


# --- officers (第四十二条) -------------------------------------------------------------


def test_officers_without_any_certificate_number_cannot_be_decided():
    case = sound_case(officers=(Officer("张三"), Officer("李四")))
    assert verdict(case, "OFFICERS") == "undetermined"
    assert missing(case, "OFFICERS") == ["承办人执法证号"]


def test_one_officer_is_a_violation_two_certified_pass():
    assert verdict(sound_case(officers=(Officer("张三", "1"),)), "OFFICERS") == (
        "violation"
    )
    assert verdict(sound_case(), "OFFICERS") == "pass"
    mixed = sound_case(officers=(Officer("张三", "1"), Officer("协管员")))
    [finding] = results(mixed, "OFFICERS")
    assert finding.is_violation and "协管员" in finding.message


def test_two_officers_sharing_one_certificate_number():
    shared = sound_case(officers=(Officer("张三", "120"), Officer("李四", "120")))
    assert verdict(shared, "OFFICERS_CERT_DUPLICATE") == "violation"
    assert verdict(sound_case(), "OFFICERS_CERT_DUPLICATE") == "pass"


def test_one_certificate_number_under_two_names_across_the_bureau():
    a = sound_case(number="A", officers=(Officer("张三", "7"), Officer("王五", "8")))
    b = sound_case(number="B", officers=(Officer("李四", "7"), Officer("赵六", "9")))
    found = run_all([a, b])
    for number in "AB":
        [finding] = [f for f in found[number] if f.code == "OFFICERS_CERT_DUPLICATE"]
        assert "张三" in finding.message and "李四" in finding.message


# --- waiting periods (第四十五、六十二、六十四条) ---------------------------------------


@pytest.mark.parametrize(
    ("decided", "waived", "expected"),
    [
        # Told Thursday 2024-02-08: the 3rd working day is 02-19 (Spring Festival).
        (date(2024, 2, 19), False, "violation"),
        (date(2024, 2, 20), False, "pass"),
        (date(2024, 2, 19), True, "pass"),
        (date(2024, 2, 19), None, "undetermined"),
    ],
)
def test_decision_inside_the_statement_period(decided, waived, expected):
    case = told_and_decided(date(2024, 2, 8), decided, statement_waived=waived)
    assert verdict(case, "STATEMENT_PERIOD") == expected


def test_statement_period_message_names_the_earliest_day():
    case = told_and_decided(date(2024, 2, 8), date(2024, 2, 19), statement_waived=False)
    [finding] = results(case, "STATEMENT_PERIOD")
    assert "2024-02-19" in finding.message and "最早应于 2024-02-20" in finding.message


def test_a_statement_made_ends_the_wait():
    case = told_and_decided(
        date(2024, 2, 8), date(2024, 2, 19), statement_on=date(2024, 2, 9)
    )
    assert verdict(case, "STATEMENT_PERIOD") == "pass"


@pytest.mark.parametrize(
    ("decided", "waived", "expected"),
    [
        # 5th working day after 2024-02-08 is 02-21 (art. 64).
        (date(2024, 2, 21), False, "violation"),
        (date(2024, 2, 22), False, "pass"),
        (date(2024, 2, 21), True, "pass"),
        (date(2024, 2, 21), None, "undetermined"),
    ],
)
def test_decision_inside_the_hearing_request_period(decided, waived, expected):
    case = told_and_decided(
        date(2024, 2, 8),
        decided,
        statement_on=date(2024, 2, 9),
        hearing_right_notified_on=date(2024, 2, 8),
        hearing_waived=waived,
    )
    assert verdict(case, "HEARING_REQUEST_PERIOD") == expected


# --- order of the steps ----------------------------------------------------------------


def test_legal_review_after_collective_discussion_is_out_of_order():
    ordered = sound_case(
        major_case=True,
        legal_review_on=date(2024, 4, 5),
        collective_discussion_on=date(2024, 4, 8),
    )
    assert verdict(ordered, "DATE_ORDER") == "pass"
    same_day = replace(ordered, legal_review_on=date(2024, 4, 8))
    assert verdict(same_day, "DATE_ORDER") == "pass"
    reversed_ = replace(ordered, legal_review_on=date(2024, 4, 9))
    [finding] = results(reversed_, "DATE_ORDER")
    assert "集体讨论日期" in finding.message and "法制审核日期" in finding.message


def test_hearing_notice_before_the_request_is_out_of_order():
    case = sound_case(
        hearing_right_notified_on=date(2024, 3, 22),
        hearing_requested_on=date(2024, 3, 26),
        hearing_notice_on=date(2024, 3, 25),
    )
    assert verdict(case, "DATE_ORDER") == "violation"
    ok = replace(case, hearing_notice_on=date(2024, 3, 26))
    assert verdict(ok, "DATE_ORDER") == "pass"


# --- hearing triggers (第六十三条) ------------------------------------------------------


def _trigger(**changes):
    case = sound_case(tier=None, **changes)
    return checks.hearing_trigger(case, CheckConfig())


@pytest.mark.parametrize(
    ("party", "fine", "applies"),
    [
        (PartyType.UNIT, "50000", True),
        (PartyType.UNIT, "49999", False),
        (PartyType.PERSON, "20000", True),
        (PartyType.PERSON, "19999", False),
        ("", "50000", True),
        ("", "19999", False),
        ("", "30000", None),
    ],
)
def test_large_fine_per_party_type(party, fine, applies):
    assert _trigger(party_type=party, fine=Decimal(fine)).applies is applies


def test_hearing_right_undetermined_when_only_the_party_type_would_decide():
    case = sound_case(party_type="", fine=Decimal("30000"), tier=None)
    assert verdict(case, "HEARING_RIGHT") == "undetermined"
    assert missing(case, "HEARING_RIGHT") == ["当事人类型"]


def test_confiscation_gives_a_hearing_right_only_when_large():
    small = _trigger(fine=Decimal("1000"), confiscated_amount=Decimal("10000"))
    assert small.applies is False
    large = _trigger(fine=Decimal("1000"), confiscated_amount=Decimal("50000"))
    assert large.applies is True and "没收" in large.reason


@pytest.mark.parametrize("action", list(LicenceAction))
def test_licence_measures_give_a_hearing_right(action):
    case = sound_case(licence_action=action, fine=Decimal("1000"), tier=None)
    case = replace(case, documents=case.documents - {DocumentType.HEARING_RIGHT_NOTICE})
    [finding] = results(case, "HEARING_RIGHT")
    assert finding.is_violation
    assert action.label in finding.message and "罚款" not in finding.message


def test_notified_hearing_right_passes():
    case = sound_case(
        fine=Decimal("50000"), tier=None, hearing_right_notified_on=date(2024, 3, 22)
    )
    assert verdict(case, "HEARING_RIGHT") == "pass"


# --- fine range by party type and branch ------------------------------------------------


@pytest.mark.parametrize(
    ("party", "fine", "expected"),
    [
        # 安全生产法 第九十九条: persons 10,000–20,000; units up to 50,000.
        (PartyType.PERSON, "25000", "violation"),
        (PartyType.PERSON, "20000", "pass"),
        (PartyType.PERSON, "10000", "pass"),
        (PartyType.PERSON, "9999", "violation"),
        (PartyType.UNIT, "25000", "pass"),
        (PartyType.UNIT, "50000", "pass"),
        ("", "15000", "pass"),
        ("", "25000", "undetermined"),
        ("", "250000", "violation"),
    ],
)
def test_fine_range_by_party_type(party, fine, expected):
    case = sound_case(party_type=party, fine=Decimal(fine), tier=None)
    assert verdict(case, "FINE_RANGE") == expected


def test_fine_on_a_person_names_the_persons_range():
    case = sound_case(party_type=PartyType.PERSON, fine=Decimal("25000"), tier=None)
    [finding] = results(case, "FINE_RANGE")
    assert "个人" in finding.message and "10000–20000" in finding.message


# --- summary procedure (第五十一条) -----------------------------------------------------


@pytest.mark.parametrize(
    ("party", "fine", "expected"),
    [
        (PartyType.PERSON, "200", "pass"),
        (PartyType.PERSON, "201", "violation"),
        (PartyType.UNIT, "3000", "pass"),
        (PartyType.UNIT, "3001", "violation"),
        ("", "200", "pass"),
        ("", "201", "undetermined"),
        ("", "3001", "violation"),
    ],
)
def test_summary_procedure_limits(party, fine, expected):
    case = sound_case(
        procedure=Procedure.SUMMARY,
        party_type=party,
        fine=Decimal(fine),
        tier=None,
        documents=frozenset({DocumentType.DECISION}),
    )
    assert verdict(case, "SUMMARY_MISUSED") == expected


# --- applicable law from violated_articles, never by majority -----------------------------

ART_99_5 = Provision(
    key="99-5",
    label="《安全生产法》第九十九条第五项",
    fine_max=Decimal("50000"),
    violated_articles=frozenset({"aqsc-fa-2021-45"}),
)
ART_102 = Provision(
    key="102",
    label="《安全生产法》第一百零二条",
    fine_max=Decimal("50000"),
    violated_articles=frozenset({"aqsc-fa-2021-41"}),
)


def test_wrong_provision_is_wrong_law_even_when_most_files_use_it():
    wrong = [
        sound_case(
            number=f"W{i}", violated_article="aqsc-fa-2021-45", provision=ART_102
        )
        for i in range(3)
    ]
    right = [
        sound_case(
            number=f"R{i}", violated_article="aqsc-fa-2021-45", provision=ART_99_5
        )
        for i in range(2)
    ]
    found = run_all([*wrong, *right])
    for case in wrong:
        [finding] = [
            f for f in found[case.number] if f.code == "PROVISION_INCONSISTENT"
        ]
        assert finding.is_violation and "适用法律错误" in finding.message
    for case in right:
        assert "PROVISION_INCONSISTENT" not in {f.code for f in found[case.number]}


def test_provision_without_known_violated_articles_cannot_be_decided():
    bare = replace(ART_99, violated_articles=frozenset())
    case = sound_case(provision=bare)
    assert verdict(case, "PROVISION_INCONSISTENT") == "undetermined"


# --- continuing violations and limitation (第三十六条) -----------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"continuing": True, "violation_ended_on": None}, "pass"),
        # Filed 2024-03-01: ended 2022-03-01 is the last day, 2022-02-28 is late.
        ({"continuing": True, "violation_ended_on": date(2022, 3, 1)}, "pass"),
        ({"continuing": True, "violation_ended_on": date(2022, 2, 28)}, "violation"),
        ({"continuing": False}, "violation"),
        ({"continuing": None}, "undetermined"),
    ],
)
def test_continuing_violation_is_not_time_barred_while_it_continues(changes, expected):
    case = sound_case(
        occurred_on=date(2021, 1, 4),
        investigation_ended_on=date(2024, 3, 20),
        harm_to_life_or_health=False,
        **changes,
    )
    assert verdict(case, "LIMITATION") == expected


def test_limitation_message_names_the_last_day():
    case = sound_case(
        occurred_on=date(2021, 1, 4), continuing=False, harm_to_life_or_health=False
    )
    [finding] = results(case, "LIMITATION")
    assert "最迟应于 2023-01-04" in finding.message


def test_harm_extends_the_limit_to_five_years():
    case = sound_case(occurred_on=date(2021, 1, 4), continuing=False)
    assert verdict(case, "LIMITATION") == "undetermined"
    assert verdict(replace(case, harm_to_life_or_health=True), "LIMITATION") == "pass"


# --- periods: decision, service, payment ---------------------------------------------------


def test_decision_message_and_extension():
    late = sound_case(decided_on=date(2024, 5, 31), served_on=date(2024, 5, 31))
    [finding] = results(late, "DECISION_LATE")
    assert "最迟应于 2024-05-30" in finding.message
    extended = replace(late, decision_extended_to=date(2024, 6, 30))
    assert verdict(extended, "DECISION_LATE") == "undetermined"
    approved = replace(extended, extension_approved_by="局长")
    assert verdict(approved, "DECISION_LATE") == "pass"
    assert verdict(sound_case(decided_on=None, served_on=None), "DECISION_LATE") == (
        "undetermined"
    )


@pytest.mark.parametrize(
    ("served", "expected"),
    [
        # Decided Friday 2024-09-27: the 7th working day is Saturday 10-12 (调休).
        (date(2024, 10, 12), "pass"),
        (date(2024, 10, 14), "violation"),
        (None, "undetermined"),
    ],
)
def test_service_within_seven_working_days(served, expected):
    case = sound_case(
        decided_on=date(2024, 9, 27),
        served_on=served,
        service_method=ServiceMethod.DIRECT,
        paid_on=date(2024, 10, 20),
        executed_on=date(2024, 10, 20),
        closed_on=date(2024, 10, 25),
    )
    assert verdict(case, "SERVICE_LATE") == expected
    if expected == "violation":
        [finding] = results(case, "SERVICE_LATE")
        assert "最迟应于 2024-10-12 送达" in finding.message


def test_a_lawful_day_is_never_called_late():
    case = sound_case(
        decided_on=date(2025, 9, 28),
        served_on=date(2025, 10, 14),
        service_method=ServiceMethod.DIRECT,
        paid_on=date(2025, 10, 20),
        executed_on=date(2025, 10, 20),
        closed_on=date(2025, 10, 25),
    )
    assert verdict(case, "SERVICE_LATE") == "pass"


@pytest.mark.parametrize(
    ("consent", "expected"),
    [(False, "violation"), (True, "pass"), (None, "undetermined")],
)
def test_electronic_service_needs_consent(consent, expected):
    case = sound_case(
        served_on=date(2024, 4, 11),
        service_method=ServiceMethod.ELECTRONIC,
        electronic_consent=consent,
    )
    assert verdict(case, "ELECTRONIC_SERVICE") == expected


@pytest.mark.parametrize(
    ("paid", "expected"),
    [
        (date(2024, 4, 25), "pass"),  # served 04-10: the 15th day
        (date(2024, 4, 26), "violation"),
        (None, "undetermined"),
    ],
)
def test_payment_within_fifteen_days(paid, expected):
    case = sound_case(paid_on=paid, executed_on=date(2024, 4, 20))
    assert verdict(case, "PAYMENT_LATE") == expected


def test_documents_not_listed_cannot_be_judged_missing():
    case = sound_case(documents=frozenset())
    assert verdict(case, "DOC_MISSING") == "undetermined"
    assert missing(case, "DOC_MISSING") == ["卷内文书"]


# --- outliers: enough peers, a minimum gap, same provision, party type and tier -------------


def _peers(fines, **changes):
    return [
        sound_case(number=f"P{i}", fine=Decimal(f), tier=None, **changes)
        for i, f in enumerate(fines)
    ]


def _outlier(case, peers, config=None):
    context = CheckContext.build([*peers, case])
    found = run_checks(case, config, context)
    return "FINE_OUTLIER" in {f.code for f in found}


def test_31000_among_four_at_30000_is_not_an_outlier():
    case = sound_case(number="X", fine=Decimal(31000), tier=None)
    assert not _outlier(case, _peers([30000] * 4))
    assert not _outlier(case, _peers([30000] * 8))  # gap below the minimum


def test_95000_among_8000_to_16000_is_an_outlier_without_a_tier():
    fines = [8000, 9000, 10000, 12000, 13000, 14000, 15000, 16000]
    case = sound_case(number="X", fine=Decimal(95000), tier=None, uncorrected=True)
    peers = _peers(fines)
    assert _outlier(case, peers)
    [finding] = [
        f
        for f in run_checks(case, None, CheckContext.build([*peers, case]))
        if f.code == "FINE_OUTLIER"
    ]
    assert "95000" in finding.message and "8" in finding.message


def test_outlier_needs_five_peers():
    case = sound_case(number="X", fine=Decimal(95000), tier=None, uncorrected=True)
    assert _outlier(case, _peers([8000, 9000, 10000, 12000, 13000]))
    assert not _outlier(case, _peers([8000, 9000, 10000, 12000]))


def test_outliers_compare_within_the_party_type():
    case = sound_case(number="X", fine=Decimal(95000), tier=None, uncorrected=True)
    persons = _peers([8000, 9000, 10000, 12000, 13000], party_type=PartyType.PERSON)
    assert not _outlier(case, persons)


# --- evidence preserved in advance (第五十六条) ---------------------------------------


@pytest.mark.parametrize(
    ("dealt_with", "expected"),
    [
        # Preserved Friday 2024-09-27: the 7th working day is Saturday 10-12 (调休).
        (date(2024, 10, 12), "pass"),
        (date(2024, 10, 14), "violation"),
        (None, "undetermined"),
    ],
)
def test_preserved_evidence_is_dealt_with_within_seven_working_days(
    dealt_with, expected
):
    case = sound_case(
        preserved_on=date(2024, 9, 27), preservation_decided_on=dealt_with
    )
    assert verdict(case, "PRESERVATION_LATE") == expected
    if expected == "violation":
        [finding] = results(case, "PRESERVATION_LATE")
        assert "最迟应于 2024-10-12" in finding.message
    if expected == "undetermined":
        assert missing(case, "PRESERVATION_LATE") == ["保存证据处理决定日期"]


def test_no_preservation_nothing_to_check():
    assert verdict(sound_case(), "PRESERVATION_LATE") == "pass"
