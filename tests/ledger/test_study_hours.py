"""Study hours are pure arithmetic: online lessons, exams passed, offline hours."""

from decimal import Decimal

from ledger.study_hours import HoursPolicy, below_requirement, study_hours

POLICY = HoursPolicy.of(required=40, per_lesson=1, per_exam=2)


def test_hours_add_online_lessons_exams_and_offline_sessions():
    hours = study_hours(
        people=["a"],
        lessons={"a": 10},
        exams={"a": 3},
        offline={"a": Decimal("16.5")},
        policy=POLICY,
    )["a"]
    assert hours.online_hours == Decimal(16)
    assert hours.total == Decimal("32.5")
    assert hours.below and hours.shortfall == Decimal("7.5")


def test_person_without_records_has_zero_hours_and_is_below():
    hours = study_hours(people=["b"], lessons={}, exams={}, offline={}, policy=POLICY)
    assert hours["b"].total == 0
    assert hours["b"].shortfall == Decimal(40)
    assert hours["b"].percent == 0


def test_meeting_the_requirement_exactly_is_not_below():
    hours = study_hours(
        people=["c"], lessons={"c": 20}, exams={"c": 10}, offline={}, policy=POLICY
    )["c"]
    assert hours.total == Decimal(40)
    assert not hours.below and hours.percent == 100


def test_policy_settings_change_what_a_lesson_and_an_exam_count_for():
    policy = HoursPolicy.of(required=10, per_lesson="0.5", per_exam=3)
    hours = study_hours(
        people=["d"], lessons={"d": 4}, exams={"d": 1}, offline={}, policy=policy
    )["d"]
    assert (hours.lesson_hours, hours.exam_hours) == (Decimal(2), Decimal(3))
    assert hours.total == Decimal(5)


def test_below_requirement_lists_the_furthest_behind_first():
    hours = study_hours(
        people=["x", "y", "z"],
        lessons={"x": 30, "y": 5, "z": 50},
        exams={},
        offline={},
        policy=POLICY,
    )
    assert [h.person for h in below_requirement(hours.values())] == ["y", "x"]
