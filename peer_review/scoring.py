"""Scoring a review against a rubric (评查标准), consensus and calibration (pure).

A rubric is veto items (否决项: any one → 0 points, 不合格) and point items (form and
content), each with deduction options; an item never goes below zero. Grade bands
are data. Reviews of a file are averaged; files whose reviews are further apart than
the configured gap go to arbitration.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

VETO = "veto"
FORM = "form"
CONTENT = "content"


@dataclass(frozen=True)
class ItemSpec:
    id: Hashable
    section: str  # VETO, FORM or CONTENT
    title: str
    max_points: Decimal = Decimal(0)
    # deduction option id → points deducted each time it is chosen
    options: Mapping[Hashable, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Band:
    name: str
    min_score: Decimal
    passing: bool = True


@dataclass(frozen=True)
class Mark:
    """A reviewer's mark on one item: the deductions chosen, or the veto raised."""

    item_id: Hashable
    option_ids: tuple[Hashable, ...] = ()
    vetoed: bool = False
    comment: str = ""


@dataclass(frozen=True)
class ScoreResult:
    total: Decimal
    grade: str
    vetoed: bool
    item_points: dict


class ScoringError(ValueError):
    """A mark outside the rubric or without its required comment."""


ERR_UNKNOWN_ITEM = gettext_noop("The item %(item)s is not part of this rubric.")
ERR_UNKNOWN_OPTION = gettext_noop(
    "The deduction chosen is not an option of the item %(item)s."
)
ERR_COMMENT_REQUIRED = gettext_noop("Every deduction needs a comment (item %(item)s).")
ERR_VETO_ON_POINT_ITEM = gettext_noop("The item %(item)s is not a veto item.")
ERR_TWICE = gettext_noop("The item %(item)s is marked twice.")


def validate_marks(items: Sequence[ItemSpec], marks: Sequence[Mark]) -> None:
    """Refuse marks outside the rubric, deductions or vetoes without a comment."""
    by_id = {i.id: i for i in items}
    seen = set()
    for mark in marks:
        item = by_id.get(mark.item_id)
        if item is None:
            raise ScoringError(_(ERR_UNKNOWN_ITEM) % {"item": mark.item_id})
        if mark.item_id in seen:
            raise ScoringError(_(ERR_TWICE) % {"item": item.title})
        seen.add(mark.item_id)
        if mark.vetoed and item.section != VETO:
            raise ScoringError(_(ERR_VETO_ON_POINT_ITEM) % {"item": item.title})
        if any(o not in item.options for o in mark.option_ids):
            raise ScoringError(_(ERR_UNKNOWN_OPTION) % {"item": item.title})
        if (mark.option_ids or mark.vetoed) and not mark.comment.strip():
            raise ScoringError(_(ERR_COMMENT_REQUIRED) % {"item": item.title})


def grade_for(total: Decimal, bands: Sequence[Band]) -> str:
    """The highest band whose minimum the total reaches."""
    for band in sorted(bands, key=lambda b: b.min_score, reverse=True):
        if total >= band.min_score:
            return band.name
    return ""


def failing_band(bands: Sequence[Band]) -> str:
    failing = [b for b in bands if not b.passing]
    return min(failing, key=lambda b: b.min_score).name if failing else ""


def score(
    items: Sequence[ItemSpec], marks: Sequence[Mark], bands: Sequence[Band]
) -> ScoreResult:
    """Total and grade of one review; a raised veto makes it 0 and failing."""
    validate_marks(items, marks)
    by_item = {m.item_id: m for m in marks}
    if any(m.vetoed for m in marks):
        return ScoreResult(Decimal(0), failing_band(bands), True, {})
    points = {}
    for item in items:
        if item.section == VETO:
            continue
        mark = by_item.get(item.id)
        deducted = (
            sum((item.options[o] for o in mark.option_ids), Decimal(0)) if mark else 0
        )
        points[item.id] = max(Decimal(0), item.max_points - deducted)
    total = sum(points.values(), Decimal(0))
    return ScoreResult(total, grade_for(total, bands), False, points)


def consensus(scores: Sequence[Decimal]) -> Decimal | None:
    """A file's score: the mean of its reviews."""
    if not scores:
        return None
    return (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.1"))


def needs_arbitration(scores: Sequence[Decimal], gap: Decimal) -> bool:
    """Whether the reviews of one file differ by more than ``gap`` points."""
    return len(scores) > 1 and max(scores) - min(scores) > gap


def deviations(
    reviews: Mapping[tuple[Hashable, Hashable], Decimal],
    reference: Mapping[Hashable, Decimal],
) -> dict[Hashable, Decimal]:
    """Each reviewer's mean (score − reference) over the files both scored.

    ``reviews`` maps (reviewer, file) → score; ``reference`` maps file → the
    reference score (the coordinator's review, or the consensus)."""
    diffs: dict = {}
    for (reviewer, file_id), value in reviews.items():
        if file_id in reference:
            diffs.setdefault(reviewer, []).append(value - reference[file_id])
    return {
        r: (sum(v, Decimal(0)) / len(v)).quantize(Decimal("0.1"))
        for r, v in diffs.items()
    }


def agreement_alpha(
    reviews: Mapping[tuple[Hashable, Hashable], Decimal],
) -> float | None:
    """Krippendorff's alpha (interval) of the scores, reviewers × files, or None
    when there are too few pairable values to compute it."""
    import krippendorff
    import numpy as np

    raters = sorted({r for r, _f in reviews}, key=str)
    files = sorted({f for _r, f in reviews}, key=str)
    if len(raters) < 2 or len(files) < 2:
        return None
    data = np.full((len(raters), len(files)), np.nan)
    for (r, f), value in reviews.items():
        data[raters.index(r), files.index(f)] = float(value)
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    if pairable.sum() < 2:
        return None
    values = data[:, pairable]
    if np.nanmax(values) == np.nanmin(values):
        return 1.0
    return float(
        krippendorff.alpha(reliability_data=values, level_of_measurement="interval")
    )
