"""Building a paper for one attempt: pure functions over ids and a random source."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from quizzes.scoring import CASE, MULTIPLE, OPTION_LETTERS, SINGLE


@dataclass(frozen=True)
class DrawRule:
    """Draw ``count`` questions from ``candidates`` (ids), ``points`` each."""

    candidates: Sequence[int]
    count: int
    points: int = 1


@dataclass(frozen=True)
class PaperItem:
    question_id: int
    points: int
    option_order: list[str] = field(default_factory=list)


class NotEnoughQuestions(ValueError):
    """A blueprint rule asks for more questions than the bank holds."""

    def __init__(self, rule_index: int, wanted: int, available: int):
        super().__init__(rule_index, wanted, available)
        self.rule_index, self.wanted, self.available = rule_index, wanted, available


def draw(rules: Sequence[DrawRule], rng: random.Random) -> list[tuple[int, int]]:
    """(question id, points) for each rule's draw, never the same question twice.

    Rules are drawn in order; a question already drawn by an earlier rule is not
    available to a later one, so overlapping rules still give distinct questions.
    """
    taken: set[int] = set()
    paper: list[tuple[int, int]] = []
    for index, rule in enumerate(rules):
        pool = sorted(set(rule.candidates) - taken)
        if len(pool) < rule.count:
            raise NotEnoughQuestions(index, rule.count, len(pool))
        picked = rng.sample(pool, rule.count)
        taken.update(picked)
        paper.extend((qid, rule.points) for qid in picked)
    return paper


def arrange(
    questions: Sequence[tuple[int, int, str, int]],
    rng: random.Random,
    *,
    shuffle_questions: bool,
    shuffle_options: bool,
) -> list[PaperItem]:
    """Order a paper. ``questions`` are (id, points, type, number of options).

    Option order lists the original letters in the order shown; 判断 and 填空 have
    none. 案例分析 options are shuffled too: both its parts refer to the same list.
    """
    items = list(questions)
    if shuffle_questions:
        rng.shuffle(items)
    paper = []
    for qid, points, qtype, n_options in items:
        order = []
        if qtype in (SINGLE, MULTIPLE, CASE):
            order = list(OPTION_LETTERS[:n_options])
            if shuffle_options:
                rng.shuffle(order)
        paper.append(PaperItem(qid, points, order))
    return paper
