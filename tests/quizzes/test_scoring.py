import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from quizzes import papers, scoring
from quizzes.scoring import (
    BLANK,
    CASE,
    JUDGE,
    MULTIPLE,
    PARTIAL_HALF,
    PARTIAL_NONE,
    PARTIAL_PROPORTIONAL,
    SINGLE,
    grade,
)


def test_single_choice_scores_only_the_one_key_letter():
    assert grade(SINGLE, "B", "B", points=2).score == 2
    assert grade(SINGLE, "B", "ｂ", points=2).correct  # full-width, lower case
    assert grade(SINGLE, "B", "C", points=2).score == 0
    assert grade(SINGLE, "B", ["B", "C"], points=2).score == 0


def test_multiple_choice_partial_credit_follows_the_quiz_rule():
    key = ["A", "C", "D"]
    assert grade(MULTIPLE, key, ["D", "A", "C"], points=3).correct
    assert grade(MULTIPLE, key, ["A", "C"], points=3, partial=PARTIAL_NONE).score == 0
    assert grade(
        MULTIPLE, key, ["A", "C"], points=3, partial=PARTIAL_PROPORTIONAL
    ).score == Decimal("2.00")
    assert grade(MULTIPLE, key, ["A"], points=3, partial=PARTIAL_HALF).score == Decimal(
        "1.50"
    )


def test_multiple_choice_any_wrong_pick_scores_zero_even_with_partial_credit():
    key = ["A", "C"]
    for rule in (PARTIAL_PROPORTIONAL, PARTIAL_HALF):
        assert grade(MULTIPLE, key, ["A", "B"], points=2, partial=rule).score == 0


def test_judge_accepts_booleans_and_chinese_words():
    assert grade(JUDGE, True, "对").correct
    assert grade(JUDGE, False, "错").correct
    assert grade(JUDGE, False, False).correct
    assert not grade(JUDGE, True, "错").correct
    assert not grade(JUDGE, True, "maybe").answered


def test_blank_normalises_width_spaces_and_chinese_separators():
    key = [["生产、储存", "生产和储存"], ["3"]]
    assert grade(BLANK, key, ["生产，储存", "３"], points=2).correct
    assert grade(BLANK, key, [" 生产 , 储存 ", "3"], points=2).correct
    assert grade(BLANK, key, ["生产和储存", "3。"], points=2).correct


def test_blank_accepts_any_listed_answer_and_credits_each_blank():
    key = [["主要负责人", "单位主要负责人"], ["三"]]
    result = grade(BLANK, key, ["单位主要负责人", "四"], points=2)
    assert result.score == Decimal("1.00") and not result.correct


def test_case_analysis_credits_the_violated_article_and_the_penalty_separately():
    key = {"violated": "A", "penalty": "D"}
    assert grade(CASE, key, {"violated": "A", "penalty": "D"}, points=4).correct
    assert grade(CASE, key, {"violated": "A", "penalty": "C"}, points=4).score == 2
    assert grade(CASE, key, {"violated": "B", "penalty": "C"}, points=4).score == 0


def test_empty_answers_are_unanswered_and_score_zero():
    for qtype, empty in [
        (SINGLE, ""),
        (MULTIPLE, []),
        (JUDGE, None),
        (BLANK, ["", " "]),
        (CASE, {}),
    ]:
        result = grade(qtype, None, empty, points=5)
        assert not result.answered and result.score == 0 and result.max_score == 5


def test_unknown_type_is_an_error_not_a_zero():
    with pytest.raises(ValueError):
        grade("essay", "x", "x")


def test_pass_mark_is_a_percentage_and_highest_or_last_attempt_counts():
    assert scoring.has_passed(Decimal(60), Decimal(100), 60)
    assert not scoring.has_passed(Decimal("59.9"), Decimal(100), 60)
    assert not scoring.has_passed(Decimal(0), Decimal(0), 0)
    scores = [Decimal(80), Decimal(50)]
    assert scoring.combine(scores, scoring.HIGHEST) == 80
    assert scoring.combine(scores, scoring.LAST) == 50
    assert scoring.combine([], scoring.LAST) is None


def test_deadline_is_the_earlier_of_time_limit_and_close():
    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    close = start + timedelta(minutes=20)
    assert (
        scoring.attempt_deadline(
            start, time_limit=timedelta(minutes=30), closes_at=close
        )
        == close
    )
    assert scoring.attempt_deadline(
        start, time_limit=timedelta(minutes=10), closes_at=close
    ) == start + timedelta(minutes=10)
    assert scoring.attempt_deadline(start, time_limit=None, closes_at=None) is None


def test_answers_are_accepted_only_until_deadline_plus_grace():
    deadline = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    grace = timedelta(seconds=15)
    assert scoring.accepts_answers(deadline + grace, deadline, grace=grace)
    assert not scoring.accepts_answers(
        deadline + grace + timedelta(seconds=1), deadline, grace=grace
    )
    assert scoring.accepts_answers(deadline, None, grace=grace)


def test_blueprint_draws_distinct_questions_and_refuses_a_short_bank():
    rules = [
        papers.DrawRule(candidates=[1, 2, 3, 4], count=2, points=1),
        papers.DrawRule(candidates=[3, 4, 5, 6], count=2, points=2),
    ]
    drawn = papers.draw(rules, random.Random(7))
    ids = [qid for qid, _ in drawn]
    assert len(ids) == len(set(ids)) == 4
    assert [p for _, p in drawn] == [1, 1, 2, 2]
    papers_seen = {
        tuple(sorted(q for q, _ in papers.draw(rules, random.Random(s))))
        for s in range(20)
    }
    assert len(papers_seen) > 1  # colleagues get different papers
    with pytest.raises(papers.NotEnoughQuestions) as info:
        papers.draw([papers.DrawRule(candidates=[1], count=2)], random.Random(1))
    assert info.value.available == 1


def test_arrange_shuffles_option_letters_but_keeps_each_letter_once():
    items = papers.arrange(
        [(1, 1, SINGLE, 4), (2, 1, JUDGE, 0), (3, 1, CASE, 6)],
        random.Random(3),
        shuffle_questions=False,
        shuffle_options=True,
    )
    assert [i.question_id for i in items] == [1, 2, 3]
    assert sorted(items[0].option_order) == ["A", "B", "C", "D"]
    assert items[1].option_order == []
    assert sorted(items[2].option_order) == list("ABCDEF")
