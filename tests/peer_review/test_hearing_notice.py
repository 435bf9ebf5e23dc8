"""行政处罚法 第六十四条第（二）项: the organ notifies the party of the hearing's time
and place 七日前 — 7 working days (第八十五条) — before it. Violation, pass, both
boundaries (across the 2024 National Day break with its make-up days) and 无法判断."""

from dataclasses import replace
from datetime import date

import pytest

from peer_review.catalogue import DocumentType
from peer_review.checks import run_checks
from peer_review.factories import heard_case
from peer_review.workdays import add_working_days, latest_start


def results(case):
    return [f for f in run_checks(case) if f.code == "HEARING_NOTICE"]


def verdict(case) -> str:
    found = results(case)
    if any(f.is_violation for f in found):
        return "violation"
    return "undetermined" if found else "pass"


@pytest.mark.parametrize(
    ("notice", "hearing", "expected"),
    [
        # Hearing Friday 2024-10-11: the 7 working days before it are 09-27, Sunday
        # 09-29 (调休), 09-30, 10-08 … 10-11; notice on 09-26 is the last lawful day.
        (date(2024, 9, 26), date(2024, 10, 11), "pass"),
        (date(2024, 9, 27), date(2024, 10, 11), "violation"),
        # Notice 09-27: the hearing may be held on Saturday 10-12 (调休上班) …
        (date(2024, 9, 27), date(2024, 10, 12), "pass"),
        # … and not on the Friday before it.
        (date(2024, 9, 27), date(2024, 10, 10), "violation"),
        # Far ahead: lawful.
        (date(2024, 9, 2), date(2024, 10, 11), "pass"),
    ],
)
def test_notice_seven_working_days_before_the_hearing(notice, hearing, expected):
    assert verdict(heard_case(notice, hearing)) == expected


def test_violation_names_the_last_lawful_notice_day_and_the_item():
    [finding] = results(heard_case(date(2024, 9, 27), date(2024, 10, 11)))
    assert finding.is_violation
    assert "最迟应于 2024-09-26 通知" in finding.message
    assert "最早可于 2024-10-12 举行" in finding.message
    assert finding.legal_basis == "《行政处罚法》第六十四条第（二）项"


def test_no_notice_date_cannot_be_decided_unless_the_file_lists_its_documents():
    case = heard_case(None, date(2024, 10, 11))
    [finding] = results(case)
    assert not finding.is_violation and finding.missing == ("听证通知日期",)
    listed = replace(case, documents=case.documents - {DocumentType.HEARING_NOTICE})
    [finding] = results(listed)
    assert finding.is_violation
    listed = replace(case, documents=case.documents | {DocumentType.HEARING_NOTICE})
    assert verdict(listed) == "undetermined"


def test_no_hearing_nothing_to_check():
    assert verdict(heard_case(date(2024, 9, 27), None)) == "pass"


def test_a_year_without_an_official_calendar_cannot_be_decided():
    [finding] = results(heard_case(date(2099, 9, 1), date(2099, 9, 5)))
    assert not finding.is_violation
    assert "2099-09-01" in finding.message


@pytest.mark.parametrize(
    ("end", "count", "start"),
    [
        (date(2024, 10, 11), 7, date(2024, 9, 26)),
        # A Saturday off may be the last day: 09-29 (调休) is the first counted.
        (date(2024, 10, 12), 7, date(2024, 9, 28)),
        # LEGAL.md: the 7th working day after Thursday 2024-02-08 is 2024-02-23.
        (date(2024, 2, 23), 7, date(2024, 2, 8)),
    ],
)
def test_latest_start_is_the_inverse_of_adding_working_days(end, count, start):
    assert latest_start(end, count) == start
    assert add_working_days(start, count) <= end
    assert add_working_days(start + (date(2024, 1, 2) - date(2024, 1, 1)), count) > end
