"""Metrics on small hand-built frames whose answers are counted by hand."""

import math

import pandas as pd
import pytest

from analytics import metrics

T0 = pd.Timestamp("2025-03-01 09:00")


def minutes(n):
    return T0 + pd.Timedelta(minutes=n)


def test_training_coverage_counts_assigned_completed_and_overdue_per_group():
    frame = pd.DataFrame(
        {
            "user_id": [1, 2, 3, 4, 5],
            "group": ["一组", "一组", "一组", "二组", "二组"],
            "role": ["执法人员"] * 5,
            "due_on": pd.to_datetime(
                ["2025-01-10", "2025-01-10", "2025-12-31", "2025-01-10", None]
            ),
            "completed_on": pd.to_datetime(
                ["2025-01-05", None, None, None, "2025-02-01"]
            ),
        }
    )
    out = metrics.training_coverage(frame, by=["group"], today="2025-06-01")
    one = out.set_index("group").loc["一组"]
    two = out.set_index("group").loc["二组"]
    # 一组: three assigned, one done, one overdue (user 2), user 3 not yet due.
    assert (one.assigned, one.completed, one.overdue) == (3, 1, 1)
    assert (two.assigned, two.completed, two.overdue) == (2, 1, 1)
    assert one.completion_rate == pytest.approx(1 / 3)


def attempts_frame():
    return pd.DataFrame(
        {
            "attempt_id": [1, 2, 3, 4, 5],
            "user_id": [10, 10, 11, 12, 13],
            "group": ["一组", "一组", "一组", "二组", "二组"],
            "percent": [50.0, 80.0, 90.0, 59.5, 100.0],
            "passed": [False, True, True, False, True],
        }
    )


def test_exam_results_pass_rate_per_group_and_overall():
    by_group = metrics.exam_results(attempts_frame(), by=["group"]).set_index("group")
    assert by_group.loc["一组", "attempts"] == 3
    assert by_group.loc["一组", "people"] == 2
    assert by_group.loc["一组", "pass_rate"] == pytest.approx(2 / 3)
    assert by_group.loc["二组", "pass_rate"] == pytest.approx(0.5)
    overall = metrics.exam_results(attempts_frame()).iloc[0]
    assert overall.passed == 3
    assert overall.median_percent == 80.0


def test_score_distribution_puts_100_in_the_top_band_and_keeps_empty_bands():
    out = metrics.score_distribution(attempts_frame()).set_index("band")["count"]
    assert len(out) == 10
    assert out["50–59"] == 2  # 50 and 59.5
    assert out["80–89"] == 1
    assert out["90–100"] == 2  # 90 and 100
    assert out["0–9"] == 0
    assert out.sum() == 5


def test_mastery_counts_each_tagged_answer_and_sorts_weakest_first():
    answers = pd.DataFrame(
        {
            "question_id": [1, 1, 2, 2, 3],
            "user_id": [10, 11, 10, 11, 10],
            "correct": [True, False, False, False, True],
        }
    )
    tags = pd.DataFrame(
        {
            "question_id": [1, 2, 2, 3],
            "tag": ["第九十七条", "第九十七条", "第九十九条", "第九十九条"],
        }
    )
    out = metrics.mastery(answers, tags).set_index("tag")
    # 第九十七条: q1 (1 of 2 right) + q2 (0 of 2) → 1 of 4.
    assert out.loc["第九十七条", "answers"] == 4
    assert out.loc["第九十七条", "mastery"] == pytest.approx(0.25)
    # 第九十九条: q2 (0 of 2) + q3 (1 of 1) → 1 of 3.
    assert out.loc["第九十九条", "wrong"] == 2
    assert out.index[0] == "第九十七条"


def test_item_analysis_facility_and_discrimination_from_upper_and_lower_groups():
    # Ten attempts, two questions of 1 point. Q1 right only in the best 5 attempts;
    # Q2 right in every attempt. Totals: attempts 1..5 score 2, 6..10 score 1.
    rows = []
    for attempt in range(1, 11):
        rows.append((attempt, 1, 1.0 if attempt <= 5 else 0.0, 1.0))
        rows.append((attempt, 2, 1.0, 1.0))
    answers = pd.DataFrame(
        rows, columns=["attempt_id", "question_id", "score", "points"]
    )
    out = metrics.item_analysis(answers).set_index("question_id")
    # 27% of 10 → 3 attempts in each group: upper all right on Q1, lower all wrong.
    assert out.loc[1, "facility"] == pytest.approx(0.5)
    assert out.loc[1, "discrimination"] == pytest.approx(1.0)
    assert out.loc[2, "facility"] == 1.0
    assert out.loc[2, "discrimination"] == 0.0
    assert out.loc[2, "flag"] == "too easy"
    assert out.loc[1, "flag"] == ""


def live_frames():
    classes = pd.DataFrame(
        {
            "class_id": [1, 2],
            "label": ["第1期", "第2期"],
            "start": [minutes(0), minutes(1000)],
            "end": [minutes(60), minutes(1060)],
            "threshold_seconds": [1800.0, 1800.0],
        }
    )
    viewers = pd.DataFrame(
        {
            "viewer_id": [1, 2, 3, 4],
            "class_id": [1, 1, 1, 2],
            "person": ["a", "b", "c", "a"],
            "enterprise_id": [100, 100, 101, 102],
            "post_category": ["front_line", "management", "front_line", "front_line"],
        }
    )
    sessions = pd.DataFrame(
        {
            "class_id": [1, 1, 1, 1, 2],
            "viewer_id": [1, 1, 2, 3, 4],
            # viewer 1: two tabs 0–30 and 20–40 → union 40 min, counted once.
            # viewer 2: -10–15 (clipped to 0–15). viewer 3: 35–90 (clipped to 35–60).
            "started_at": [
                minutes(0),
                minutes(20),
                minutes(-10),
                minutes(35),
                minutes(1000),
            ],
            "ended_at": [minutes(30), minutes(40), minutes(15), minutes(90), pd.NaT],
        }
    )
    return classes, viewers, sessions


def test_class_audience_peak_unique_attended_enterprises_and_front_line_share():
    classes, viewers, sessions = live_frames()
    out = metrics.class_audience(classes, viewers, sessions).set_index("class_id")
    first = out.loc[1]
    # 0–15 viewers 1 and 2 present (2); 35–40 viewers 1 and 3 (2); never 3.
    assert first.peak == 2
    assert first.peak_at == minutes(0)
    assert first.viewers == 3
    # Watch: 40, 15, 25 minutes; threshold 30 → only viewer 1 attended.
    assert first.attended == 1
    assert first.median_watch_minutes == pytest.approx(25)
    assert first.enterprises == 2
    assert first.front_line_share == pytest.approx(2 / 3)
    # An open session runs to the class end: 60 minutes, attended.
    assert out.loc[2, "attended"] == 1
    assert out.loc[2, "peak"] == 1


def test_peak_counts_a_departure_before_an_arrival_at_the_same_instant():
    classes, viewers, _ = live_frames()
    sessions = pd.DataFrame(
        {
            "class_id": [1, 1],
            "viewer_id": [1, 2],
            "started_at": [minutes(0), minutes(10)],
            "ended_at": [minutes(10), minutes(20)],
        }
    )
    out = metrics.class_audience(classes, viewers, sessions).set_index("class_id")
    assert out.loc[1, "peak"] == 1
    assert out.loc[2, "peak"] == 0  # no sessions at all


def test_year_audience_repeat_viewers_and_enterprises_never_reached():
    classes, viewers, sessions = live_frames()
    watch = metrics.watch_times(classes, viewers, sessions)
    enterprises = pd.DataFrame(
        {
            "enterprise_id": [100, 101, 102, 103, 104],
            "industry": ["化工", "化工", "机械", "机械", "机械"],
            "risk_tier": ["high", "high", "general", "general", "high"],
        }
    )
    totals, reach = metrics.year_audience(watch, enterprises)
    assert totals["classes"] == 2
    assert totals["total_audience"] == 4  # 3 + 1
    assert totals["unique_people"] == 3  # a, b, c
    assert totals["repeat_viewers"] == 1  # a
    assert totals["enterprises_reached"] == 3
    assert totals["enterprises_never_reached"] == 2
    assert totals["front_line_people"] == 2  # a and c
    machinery = reach.set_index(["industry", "risk_tier"]).loc[("机械", "general")]
    assert (machinery.registered, machinery.reached, machinery.never_reached) == (
        2,
        1,
        1,
    )


def test_issue_pareto_sorts_largest_first_with_cumulative_share():
    issues = pd.DataFrame(
        {"category_label": ["案卷不规范"] * 3 + ["视频不完整"] * 2 + ["法律适用"]}
    )
    out = metrics.issue_pareto(issues)
    assert out["label"].tolist() == ["案卷不规范", "视频不完整", "法律适用"]
    assert out["cumulative_share"].tolist() == pytest.approx([0.5, 5 / 6, 1.0])


def test_rectification_rate_and_overdue_by_group():
    issues = pd.DataFrame(
        {
            "issue_id": [1, 2, 3, 4],
            "status": ["verified", "open", "responded", "open"],
            "deadline": pd.to_datetime(
                ["2025-01-01", "2025-01-01", "2025-01-01", "2026-01-01"]
            ),
            "group": ["一组", "一组", "二组", "二组"],
        }
    )
    out = metrics.rectification(issues, today="2025-06-01", by=["group"]).set_index(
        "group"
    )
    assert out.loc["一组", "rate"] == 0.5
    assert out.loc["一组", "overdue"] == 1
    assert out.loc["二组", "overdue"] == 1  # responded but not verified, past deadline
    overall = metrics.rectification(issues, today="2025-06-01").iloc[0]
    assert (overall.issues, overall.rectified, overall.overdue) == (4, 1, 2)


def test_scores_by_group_quarter_means():
    reviews = pd.DataFrame(
        {
            "group": ["一组", "一组", "一组", "二组"],
            "quarter": [1, 1, 2, 1],
            "total": [80.0, 90.0, 70.0, 60.0],
        }
    )
    out = metrics.scores_by_group_quarter(reviews)
    assert out.loc["一组", "Q1"] == 85.0
    assert out.loc["一组", "Q2"] == 70.0
    assert math.isnan(out.loc["二组", "Q2"])


def test_reviewer_agreement_is_one_when_reviewers_agree_and_lower_when_not():
    agree = pd.DataFrame(
        {
            "round_id": [1] * 6,
            "case_id": [1, 1, 2, 2, 3, 3],
            "total": [90.0, 90, 70, 70, 50, 50],
        }
    )
    assert metrics.reviewer_agreement(agree) == pytest.approx(1.0)
    disagree = agree.assign(total=[90.0, 50, 70, 70, 50, 90])
    assert metrics.reviewer_agreement(disagree) < 0.5
    assert metrics.reviewer_agreement(agree.iloc[:2]) is None


def test_discretion_spread_per_provision_and_tier_flags_fines_outside_the_tier():
    cases = pd.DataFrame(
        {
            "provision": ["第九十七条"] * 4 + ["第九十九条"],
            "tier": ["一般", "一般", "一般", "较重", "一般"],
            "fine": [10000.0, 20000.0, 60000.0, 50000.0, None],
            "tier_min": [10000.0] * 3 + [30000.0, 10000.0],
            "tier_max": [30000.0] * 3 + [50000.0, 30000.0],
        }
    )
    out = metrics.discretion_spread(cases).set_index(["provision", "tier"])
    general = out.loc[("第九十七条", "一般")]
    assert general.cases == 3
    assert general["median"] == 20000.0
    assert general.outside_tier == 1
    assert ("第九十九条", "一般") not in out.index  # no fine recorded


def test_article_cross_view_puts_exam_errors_beside_review_issues():
    exam = pd.DataFrame({"article": ["97", "99"], "answers": [10, 4], "wrong": [2, 3]})
    issues = pd.DataFrame({"article": ["99", "99", "102", None]})
    out = metrics.article_cross_view(exam, issues).set_index("article")
    assert out.index.tolist() == ["99", "102", "97"]
    assert out.loc["99", "review_issues"] == 2
    assert out.loc["99", "exam_error_rate"] == 0.75
    assert out.loc["102", "exam_wrong"] == 0
    assert out.loc["97", "review_issues"] == 0


def test_ledger_counts_events_enterprises_and_letters():
    activities = pd.DataFrame(
        {
            "activity_id": [1, 1, 2, 3],
            "kind": ["outreach", "outreach", "outreach", "training"],
            "enterprise_id": [100, 101, 100, 102],
        }
    )
    letters = pd.DataFrame({"letter_id": [1, 2, 3]})
    assert metrics.ledger_counts(activities, letters) == {
        "outreach_events": 2,
        "enterprises_visited": 2,
        "warning_letters": 3,
    }


def test_year_on_year_change_is_none_without_a_base():
    change = metrics.year_on_year({"a": 12, "b": 5}, {"a": 10, "b": 0})
    assert change["a"] == pytest.approx(0.2)
    assert change["b"] is None


def test_reviewer_agreement_equals_the_krippendorff_package_on_a_small_matrix():
    import krippendorff
    import numpy as np

    rng = np.random.default_rng(7)
    quality = rng.normal(80, 8, 30)
    rows = [
        (1 + case // 15, case, round(float(q + rng.normal(0, 4)), 1))
        for case, q in enumerate(quality)
        for _reviewer in range(2 + case % 2)  # some files have three reviews
    ]
    reviews = pd.DataFrame(rows, columns=["round_id", "case_id", "total"])
    reliability = reviews.assign(slot=reviews.groupby("case_id").cumcount()).pivot(
        index="slot", columns="case_id", values="total"
    )
    expected = krippendorff.alpha(
        reliability_data=reliability.to_numpy(dtype=float),
        level_of_measurement="interval",
    )
    assert metrics.reviewer_agreement(reviews) == pytest.approx(expected, rel=1e-9)
