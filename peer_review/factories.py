"""Plain case data for the checks (no database): one sound file and variations
of it, shared by the check tests and the checks benchmark."""

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from peer_review.catalogue import PartyType, ServiceMethod, VideoStep
from peer_review.checks import (
    CaseData,
    CheckConfig,
    Officer,
    Provision,
    Tier,
    VideoSegment,
    required_documents,
)

ART_99 = Provision(
    key="aqsc-fa-2021-99",
    label="《安全生产法》第九十九条",
    fine_min=Decimal("0"),
    fine_max=Decimal("50000"),
    fine_min_uncorrected=Decimal("50000"),
    fine_max_uncorrected=Decimal("200000"),
    person_fine_min=Decimal("10000"),
    person_fine_max=Decimal("20000"),
    violated_articles=frozenset({"aqsc-fa-2021-35", "aqsc-fa-2021-36"}),
)
ART_97 = Provision(
    key="aqsc-fa-2021-97",
    label="《安全生产法》第九十七条",
    fine_min=Decimal("0"),
    fine_max=Decimal("100000"),
    fine_min_uncorrected=Decimal("100000"),
    fine_max_uncorrected=Decimal("200000"),
    person_fine_min=Decimal("20000"),
    person_fine_max=Decimal("50000"),
    violated_articles=frozenset({"aqsc-fa-2021-28"}),
    concurrent_penalty_uncorrected="责令停产停业整顿",
)
GENERAL_TIER = Tier(name="一般", fine_min=Decimal("20000"), fine_max=Decimal("35000"))


def video(step, day=date(2024, 3, 1)):
    start = datetime(day.year, day.month, day.day, 9, 0)
    return VideoSegment(step=step, started_at=start, ended_at=start.replace(hour=10))


def sound_case(**changes) -> CaseData:
    """A general-procedure file with every date, document and video in order."""
    case = CaseData(
        number="津应急罚〔2024〕1号",
        group="执法一组",
        party_type=PartyType.UNIT,
        officers=(Officer("张三", "12011000001"), Officer("李四", "12011000002")),
        violated_article="aqsc-fa-2021-36",
        provision=ART_99,
        tier=GENERAL_TIER,
        fine=Decimal("30000"),
        major_case=False,
        payment_deferred=False,
        proposed_fine=Decimal("30000"),
        occurred_on=date(2024, 2, 26),
        filed_on=date(2024, 3, 1),
        investigation_ended_on=date(2024, 3, 20),
        notified_on=date(2024, 3, 22),
        statement_on=date(2024, 3, 25),
        decided_on=date(2024, 4, 10),
        served_on=date(2024, 4, 10),
        service_method=ServiceMethod.ON_THE_SPOT,
        paid_on=date(2024, 4, 20),
        executed_on=date(2024, 4, 20),
        closed_on=date(2024, 4, 25),
        videos=(video(VideoStep.INSPECTION), video(VideoStep.STATEMENT)),
    )
    if "fine" in changes and "proposed_fine" not in changes:
        # The notice proposed the fine decided, unless a test says otherwise.
        changes = {**changes, "proposed_fine": changes["fine"]}
    case = replace(case, **changes)
    if "documents" not in changes:
        case = replace(
            case, documents=frozenset(required_documents(case, CheckConfig()))
        )
    return case


def told_and_decided(notified: date, decided: date, **changes) -> CaseData:
    """A sound file told on ``notified`` and decided (and served) on ``decided``,
    with no statement recorded."""
    base = {
        "occurred_on": notified - timedelta(days=20),
        "filed_on": notified - timedelta(days=18),
        "investigation_ended_on": notified - timedelta(days=2),
        "notified_on": notified,
        "statement_on": None,
        "decided_on": decided,
        "served_on": decided,
        "paid_on": decided + timedelta(days=5),
        "executed_on": decided + timedelta(days=5),
        "closed_on": decided + timedelta(days=7),
    }
    base.update(changes)
    return sound_case(**base)


def heard_case(
    notice: date | None, hearing: date | None = date(2024, 10, 11), **changes
) -> CaseData:
    """A sound file heard on ``hearing`` (by default Friday 2024-10-11: the 7 working
    days before it are 09-27, Sunday 09-29 (调休), 09-30, 10-08 … 10-11, so a notice
    on 09-26 is the last lawful day), the parties told of it on ``notice``."""
    return sound_case(
        occurred_on=date(2024, 8, 30),
        filed_on=date(2024, 9, 2),
        investigation_ended_on=date(2024, 9, 10),
        notified_on=date(2024, 9, 12),
        statement_on=date(2024, 9, 13),
        hearing_right_notified_on=date(2024, 9, 12),
        hearing_requested_on=date(2024, 9, 13),
        hearing_notice_on=notice,
        hearing_on=hearing,
        legal_review_on=date(2024, 10, 21),
        decided_on=date(2024, 10, 25),
        served_on=date(2024, 10, 25),
        paid_on=date(2024, 10, 28),
        executed_on=date(2024, 10, 28),
        closed_on=date(2024, 10, 30),
        **changes,
    )
