"""Each check with a sound file that passes and a defective one that fails."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from peer_review.catalogue import DocumentType, Procedure, ServiceMethod, VideoStep
from peer_review.checks import (
    CheckConfig,
    CheckContext,
    Officer,
    Tier,
    VideoSegment,
    run_all,
    run_checks,
)
from peer_review.factories import ART_97, ART_99, sound_case, video


def without(case, doc):
    """The file with ``doc`` absent from its listed documents."""
    return replace(case, documents=case.documents - {doc})


def undetermined_codes(case, config=None, context=None):
    return {f.code for f in run_checks(case, config, context) if not f.is_violation}


def codes(case, config=None, context=None):
    """The codes of the violations found (无法判断 is not a violation)."""
    return {f.code for f in run_checks(case, config, context) if f.is_violation}


def test_sound_file_has_no_findings():
    assert run_checks(sound_case()) == []


def test_every_finding_names_code_severity_article_and_a_chinese_message():
    case = sound_case(officers=(), documents=frozenset())
    findings = run_checks(case)
    assert findings
    for f in findings:
        assert f.code and f.severity in {"error", "warning"}
        assert f.legal_basis.startswith("《")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in f.message), f.message


# --- documents -------------------------------------------------------------------


def test_missing_decision_document_is_flagged_by_name():
    case = sound_case()
    case = replace(case, documents=case.documents - {DocumentType.DECISION})
    [finding] = [f for f in run_checks(case) if f.code == "DOC_MISSING"]
    assert "行政处罚决定书" in finding.message


def test_hearing_documents_required_only_where_a_hearing_was_held():
    assert "DOC_MISSING" not in codes(sound_case())
    heard = sound_case(
        hearing_notice_on=date(2024, 3, 25),
        hearing_on=date(2024, 4, 8),
        legal_review_on=date(2024, 4, 9),
        videos=(
            video(VideoStep.INSPECTION),
            video(VideoStep.STATEMENT),
            video(VideoStep.HEARING),
        ),
    )
    assert "DOC_MISSING" not in codes(heard)
    heard = replace(heard, documents=heard.documents - {DocumentType.HEARING_RECORD})
    assert "DOC_MISSING" in codes(heard)


def test_summary_procedure_needs_only_the_decision():
    case = sound_case(
        procedure=Procedure.SUMMARY,
        fine=Decimal("1000"),
        tier=None,
        documents=frozenset({DocumentType.DECISION}),
    )
    assert "DOC_MISSING" not in codes(case)


# --- dates -----------------------------------------------------------------------


def test_decision_before_notice_is_out_of_order():
    assert "DATE_ORDER" not in codes(sound_case())
    case = sound_case(decided_on=date(2024, 3, 21), served_on=date(2024, 3, 21))
    assert "DATE_ORDER" in codes(case)


def test_decision_without_notice_is_flagged():
    case = sound_case(notified_on=None, statement_on=None)
    assert "NO_NOTICE" in codes(without(case, DocumentType.PENALTY_NOTICE))
    # The file holds a 告知书 but the register has no date: 无法判断, not a violation.
    assert "NO_NOTICE" not in codes(case)
    assert "NO_NOTICE" in undetermined_codes(case)


def test_decision_on_day_90_passes_and_day_91_fails():
    filed = date(2024, 3, 1)
    ok = sound_case(decided_on=date(2024, 5, 30), served_on=date(2024, 5, 30))
    assert (ok.decided_on - filed).days == 90
    assert "DECISION_LATE" not in codes(ok)
    late = sound_case(
        decided_on=date(2024, 5, 31),
        served_on=date(2024, 5, 31),
        paid_on=date(2024, 6, 3),
        executed_on=date(2024, 6, 3),
        closed_on=date(2024, 6, 5),
    )
    assert "DECISION_LATE" in codes(late)


# --- service (第六十一条, working days) ---------------------------------------------


def _served(decided, served, method=ServiceMethod.DIRECT):
    return sound_case(
        decided_on=decided,
        served_on=served,
        service_method=method,
        paid_on=served,
        executed_on=served,
        closed_on=served,
        filed_on=date(2024, 1, 5),
        occurred_on=date(2024, 1, 2),
        investigation_ended_on=date(2024, 1, 20),
        notified_on=date(2024, 1, 22),
        statement_on=date(2024, 1, 24),
    )


@pytest.mark.parametrize(
    ("decided", "served", "late"),
    [
        # National Day 2024: the make-up Saturday 10-12 is the 7th working day.
        (date(2024, 9, 27), date(2024, 10, 12), False),
        (date(2024, 9, 27), date(2024, 10, 14), True),
        # Spring Festival 2024: 02-23 is the 7th working day after 02-08.
        (date(2024, 2, 8), date(2024, 2, 23), False),
        (date(2024, 2, 8), date(2024, 2, 26), True),
        # 调休 shortens the window: Saturday 10-12 counts, so 10-16 is the 7th day
        # after 10-08 and 10-17 (the 7th weekday) is already late.
        (date(2024, 10, 8), date(2024, 10, 16), False),
        (date(2024, 10, 8), date(2024, 10, 17), True),
    ],
)
def test_service_within_seven_working_days_across_holidays_and_make_up_days(
    decided, served, late
):
    assert ("SERVICE_LATE" in codes(_served(decided, served))) is late


def test_service_on_the_spot_is_not_counted_in_working_days():
    case = _served(date(2024, 2, 8), date(2024, 2, 8), ServiceMethod.ON_THE_SPOT)
    assert "SERVICE_LATE" not in codes(case)


# --- hearing (第六十三条, 第六十四条) -------------------------------------------------


def _large_fine(**changes):
    base = {
        "provision": ART_97,
        "tier": Tier("较重", Decimal("60000"), Decimal("80000")),
        "fine": Decimal("60000"),
        "legal_review_on": date(2024, 4, 8),
    }
    base.update(changes)
    return sound_case(**base)


def test_fine_at_threshold_without_hearing_notice_is_flagged():
    case = _large_fine()
    assert "HEARING_RIGHT" in codes(without(case, DocumentType.HEARING_RIGHT_NOTICE))
    assert "HEARING_RIGHT" in undetermined_codes(case)
    assert "HEARING_RIGHT" not in codes(
        _large_fine(hearing_right_notified_on=date(2024, 3, 22))
    )


def test_hearing_threshold_is_a_setting():
    case = _large_fine()
    config = CheckConfig(
        hearing_fine_threshold=Decimal("100000"),
        legal_review_fine_threshold=Decimal("100000"),
    )
    assert "HEARING_RIGHT" not in codes(case, config)


def test_fine_below_threshold_needs_no_hearing_notice():
    assert "HEARING_RIGHT" not in codes(sound_case(fine=Decimal("30000")))


def test_stopping_production_gives_a_hearing_right_whatever_the_fine():
    case = sound_case(other_penalties="责令停产停业整顿")
    case = without(case, DocumentType.HEARING_RIGHT_NOTICE)
    [finding] = [f for f in run_checks(case) if f.code == "HEARING_RIGHT"]
    assert "停产停业" in finding.message and "罚款" not in finding.message


def _heard(notice, hearing):
    return sound_case(
        hearing_notice_on=notice,
        hearing_on=hearing,
        filed_on=date(2024, 9, 2),
        occurred_on=date(2024, 8, 30),
        investigation_ended_on=date(2024, 9, 10),
        notified_on=date(2024, 9, 12),
        statement_on=date(2024, 9, 13),
        legal_review_on=hearing,
        decided_on=date(2024, 10, 25),
        served_on=date(2024, 10, 25),
        paid_on=date(2024, 10, 28),
        executed_on=date(2024, 10, 28),
        closed_on=date(2024, 10, 30),
    )


@pytest.mark.parametrize(
    ("notice", "hearing", "too_short"),
    [
        (date(2024, 9, 27), date(2024, 10, 12), False),
        (date(2024, 9, 27), date(2024, 10, 11), True),
        (date(2024, 10, 8), date(2024, 10, 16), False),  # make-up Saturday counts
        (date(2024, 10, 8), date(2024, 10, 15), True),
    ],
)
def test_hearing_notice_seven_working_days_before(notice, hearing, too_short):
    assert ("HEARING_NOTICE" in codes(_heard(notice, hearing))) is too_short


# --- officers, legal review --------------------------------------------------------


def test_one_certified_officer_is_not_enough():
    assert "OFFICERS" in codes(
        sound_case(officers=(Officer("张三", "12011000001"), Officer("王五", "")))
    )


def test_large_fine_without_legal_review_is_flagged():
    case = _large_fine(
        legal_review_on=None, hearing_right_notified_on=date(2024, 3, 22)
    )
    assert "LEGAL_REVIEW" in codes(without(case, DocumentType.LEGAL_REVIEW))
    assert "LEGAL_REVIEW" in undetermined_codes(case)
    assert "LEGAL_REVIEW" not in codes(
        _large_fine(hearing_right_notified_on=date(2024, 3, 22))
    )


def test_major_case_needs_collective_discussion():
    case = sound_case(major_case=True, legal_review_on=date(2024, 4, 8))
    assert "COLLECTIVE_DISCUSSION" in codes(
        without(case, DocumentType.COLLECTIVE_DISCUSSION)
    )
    assert "COLLECTIVE_DISCUSSION" in undetermined_codes(case)
    ok = sound_case(
        major_case=True,
        legal_review_on=date(2024, 4, 8),
        collective_discussion_on=date(2024, 4, 9),
    )
    assert "COLLECTIVE_DISCUSSION" not in codes(ok)


# --- fines -------------------------------------------------------------------------


def test_fine_above_the_provision_range_is_flagged():
    case = sound_case(fine=Decimal("250000"), tier=None)
    assert "FINE_RANGE" in codes(case)


def test_uncorrected_range_needs_the_file_to_record_no_correction():
    case = sound_case(
        fine=Decimal("80000"),
        tier=None,
        legal_review_on=date(2024, 4, 8),
        hearing_right_notified_on=date(2024, 3, 22),
        hearing_waived=True,
    )
    assert "FINE_RANGE" not in codes(replace(case, uncorrected=True))
    assert "FINE_RANGE" in codes(replace(case, uncorrected=False))
    [unknown] = [f for f in run_checks(case) if f.code == "FINE_RANGE"]
    assert not unknown.is_violation
    assert unknown.missing == ("逾期未改正", "复查日期")


def test_fine_outside_the_tier_subrange_is_flagged():
    assert "FINE_TIER" in codes(sound_case(fine=Decimal("10000")))
    assert "FINE_TIER" not in codes(sound_case(fine=Decimal("35000")))


def test_payment_after_fifteen_days_without_deferral_is_flagged():
    late = sound_case(paid_on=date(2024, 4, 26), executed_on=date(2024, 4, 26))
    assert "PAYMENT_LATE" in codes(late)
    on_time = sound_case(paid_on=date(2024, 4, 25), executed_on=date(2024, 4, 25))
    assert "PAYMENT_LATE" not in codes(on_time)
    deferred = replace(late, payment_deferred=True)
    deferred = replace(
        deferred, documents=deferred.documents | {DocumentType.DEFERRAL_APPROVAL}
    )
    assert "PAYMENT_LATE" not in codes(deferred)


# --- comparisons over the bureau's files ---------------------------------------------


def test_same_violation_under_another_provision_is_flagged():
    usual = [sound_case(number=f"A{i}") for i in range(4)]
    odd = sound_case(number="ODD", provision=ART_97)
    findings = run_all([*usual, odd])
    assert "PROVISION_INCONSISTENT" in {f.code for f in findings["ODD"]}
    assert all(
        "PROVISION_INCONSISTENT" not in {f.code for f in findings[c.number]}
        for c in usual
    )


def test_fine_far_from_similar_files_is_an_outlier_and_similar_ones_are_not():
    fines = [24000, 25000, 25000, 25000, 26000, 25000, 24000]
    cases = [sound_case(number=f"C{i}", fine=Decimal(f)) for i, f in enumerate(fines)]
    assert all(
        "FINE_OUTLIER" not in {f.code for f in v} for v in run_all(cases).values()
    )
    odd = sound_case(number="HIGH", fine=Decimal("35000"))
    findings = run_all([*cases, odd])
    assert "FINE_OUTLIER" in {f.code for f in findings["HIGH"]}


def test_outlier_needs_enough_peers():
    cases = [sound_case(number="A", fine=Decimal(25000))]
    cases.append(sound_case(number="B", fine=Decimal(35000)))
    context = CheckContext.build(cases)
    assert "FINE_OUTLIER" not in codes(cases[1], context=context)


# --- video, summary procedure, limitation ---------------------------------------------


def test_video_without_statement_step_is_incomplete():
    case = sound_case(videos=(video(VideoStep.INSPECTION),))
    [finding] = [f for f in run_checks(case) if f.code == "VIDEO_INCOMPLETE"]
    assert "陈述申辩" in finding.message


def test_video_step_without_end_is_incomplete():
    start = video(VideoStep.STATEMENT).started_at
    case = sound_case(
        videos=(
            video(VideoStep.INSPECTION),
            VideoSegment(VideoStep.STATEMENT, started_at=start, ended_at=None),
        )
    )
    assert "VIDEO_INCOMPLETE" in codes(case)


def test_summary_procedure_above_3000_is_misused():
    case = sound_case(
        procedure=Procedure.SUMMARY,
        fine=Decimal("5000"),
        tier=None,
        documents=frozenset({DocumentType.DECISION}),
    )
    assert "SUMMARY_MISUSED" in codes(case)


def test_filing_more_than_two_years_after_the_act_is_time_barred():
    barred = sound_case(
        occurred_on=date(2021, 2, 1), continuing=False, harm_to_life_or_health=False
    )
    assert "LIMITATION" in codes(barred)
    assert "LIMITATION" not in codes(sound_case(occurred_on=date(2022, 3, 1)))


def test_check_config_reads_the_settings(settings):
    settings.PEER_REVIEW_HEARING_FINE_THRESHOLD = 12345
    assert CheckConfig.from_settings().hearing_fine_threshold == Decimal("12345")
    assert ART_99.fine_max == Decimal("50000")


@pytest.mark.parametrize(
    ("told", "requested", "late"),
    [
        # 5th working day after Thursday 2024-02-08 is 02-21 (Spring Festival).
        (date(2024, 2, 8), date(2024, 2, 21), False),
        (date(2024, 2, 8), date(2024, 2, 22), True),
        # Make-up Saturday 10-12 counts: the 5th working day after 10-08 is 10-14.
        (date(2024, 10, 8), date(2024, 10, 14), False),
        (date(2024, 10, 8), date(2024, 10, 15), True),
    ],
)
def test_hearing_request_within_five_working_days(told, requested, late):
    case = sound_case(hearing_right_notified_on=told, hearing_requested_on=requested)
    assert ("HEARING_REQUEST_LATE" in codes(case)) is late
