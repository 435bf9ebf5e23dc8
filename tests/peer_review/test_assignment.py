from collections import Counter

import pytest

from peer_review.assignment import (
    AssignmentImpossible,
    FileSlot,
    Reviewer,
    assign_reviewers,
    sample_files,
)

GROUPS = [f"G{g}" for g in range(1, 7)]


def _reviewers(per_group=2):
    return [Reviewer(id=f"{g}-r{i}", group=g) for g in GROUPS for i in range(per_group)]


def _files(n=44):
    return [
        FileSlot(id=i, group=GROUPS[i % 6], officer_ids=frozenset()) for i in range(n)
    ]


def test_no_file_is_reviewed_by_its_own_group_and_each_gets_k_reviewers():
    reviewers = {r.id: r for r in _reviewers()}
    files = _files()
    result = assign_reviewers(files, list(reviewers.values()), k=2, seed=1)
    for f in files:
        assert len(set(result[f.id])) == 2
        assert all(reviewers[r].group != f.group for r in result[f.id])


def test_loads_differ_by_at_most_one():
    result = assign_reviewers(_files(), _reviewers(), k=2, seed=3)
    loads = Counter(r for ids in result.values() for r in ids)
    assert max(loads.values()) - min(loads.values()) <= 1
    assert sum(loads.values()) == 88


def test_handling_officer_from_another_group_is_never_assigned():
    reviewers = [Reviewer("a", "G1"), Reviewer("b", "G2"), Reviewer("c", "G3")]
    f = FileSlot(id="F", group="G1", officer_ids=frozenset({"b"}))
    assert assign_reviewers([f], reviewers, k=1) == {"F": ["c"]}


def test_impossible_assignment_names_the_file():
    reviewers = [Reviewer("a", "G1"), Reviewer("b", "G2")]
    f = FileSlot(id=7, group="G1", label="津应急罚〔2025〕7号")
    with pytest.raises(AssignmentImpossible, match="津应急罚〔2025〕7号"):
        assign_reviewers([f], reviewers, k=2)


def test_same_seed_gives_the_same_assignment():
    a = assign_reviewers(_files(), _reviewers(), k=2, seed=5)
    assert a == assign_reviewers(_files(), _reviewers(), k=2, seed=5)


def test_sample_takes_the_number_asked_from_each_group():
    chosen = sample_files(_files(), per_group=3, seed=2)
    assert Counter(f.group for f in chosen) == dict.fromkeys(GROUPS, 3)
    assert len(sample_files(_files(), per_group=None)) == 44


def test_the_plan_depends_on_the_files_order_not_on_their_ids():
    """A database hands out other ids after other work (PostgreSQL sequences are not
    rolled back): the same files in the same order must get the same reviewers."""

    def plan(first_id):
        files = [
            FileSlot(id=first_id + i, group=GROUPS[i % 6], officer_ids=frozenset())
            for i in range(6)
        ]
        result = assign_reviewers(files, _reviewers(), k=2, seed=7)
        return [result[f.id] for f in files]

    assert plan(0) == plan(8)
