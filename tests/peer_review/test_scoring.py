from decimal import Decimal as D

import pytest

from peer_review.scoring import (
    CONTENT,
    FORM,
    VETO,
    Band,
    ItemSpec,
    Mark,
    ScoringError,
    agreement_alpha,
    consensus,
    deviations,
    needs_arbitration,
    score,
)

ITEMS = [
    ItemSpec("v1", VETO, "事实不清"),
    ItemSpec("f1", FORM, "卷面", D(20), {"o1": D(2), "o2": D(5)}),
    ItemSpec("c1", CONTENT, "程序", D(10), {"o3": D(4)}),
    ItemSpec("c2", CONTENT, "证据", D(70), {"o4": D(10)}),
]
BANDS = [
    Band("优秀", D(90)),
    Band("良好", D(80)),
    Band("合格", D(60)),
    Band("不合格", D(0), passing=False),
]


def test_full_marks_without_deductions():
    result = score(ITEMS, [], BANDS)
    assert result.total == D(100) and result.grade == "优秀"


def test_deductions_add_up_and_an_item_never_goes_below_zero():
    marks = [
        Mark("c1", ("o3", "o3", "o3"), comment="三处程序瑕疵"),
        Mark("f1", ("o2",), comment="目录页码错误"),
    ]
    result = score(ITEMS, marks, BANDS)
    assert result.item_points["c1"] == 0
    assert result.total == D(85) and result.grade == "良好"


def test_a_veto_fails_the_file_with_zero():
    result = score(ITEMS, [Mark("v1", vetoed=True, comment="违法事实不清")], BANDS)
    assert result.total == 0 and result.grade == "不合格" and result.vetoed


@pytest.mark.parametrize(
    "mark",
    [
        Mark("zz", ()),
        Mark("f1", ("o3",), comment="x"),
        Mark("f1", ("o1",)),
        Mark("f1", vetoed=True, comment="x"),
    ],
)
def test_marks_outside_the_rubric_or_without_comment_are_refused(mark):
    with pytest.raises(ScoringError):
        score(ITEMS, [mark], BANDS)


def test_consensus_is_the_mean_and_a_gap_over_the_setting_goes_to_arbitration():
    assert consensus([D(90), D(70)]) == D(80)
    assert needs_arbitration([D(90), D(70)], gap=D(15))
    assert not needs_arbitration([D(90), D(80)], gap=D(15))


def test_deviation_from_reference():
    reviews = {("a", 1): D(90), ("a", 2): D(70), ("b", 1): D(80)}
    assert deviations(reviews, {1: D(80), 2: D(80)}) == {"a": D(0), "b": D(0)}
    assert deviations(reviews, {1: D(70)}) == {"a": D(20), "b": D(10)}


def test_alpha_is_one_for_perfect_agreement_and_low_for_disagreement():
    agree = {(r, f): D(60 + 10 * f) for r in "ab" for f in range(4)}
    assert agreement_alpha(agree) == pytest.approx(1.0)
    disagree = {("a", f): D(60 + 10 * f) for f in range(4)}
    disagree |= {("b", f): D(90 - 10 * f) for f in range(4)}
    assert agreement_alpha(disagree) < 0
    assert agreement_alpha({("a", 1): D(1)}) is None
