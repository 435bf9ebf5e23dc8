"""Peer review: submitted reviews, the issues found, penalty case files."""

from __future__ import annotations

import pandas as pd
from django.db.models import Count, FloatField, Q
from django.db.models.functions import Cast

from analytics.frames.base import COLUMNS, DAY, Scope, article_labels, load_frame
from peer_review.catalogue import IssueCategory
from peer_review.models import Assignment, CaseFile, Issue, Review, ReviewRound


def reviews(scope: Scope) -> pd.DataFrame:
    """Submitted peer reviews of the scope's rounds, with the reviewed file's group."""
    qs = Review.objects.filter(
        assignment__round__year=scope.year, assignment__kind=Assignment.Kind.PEER
    )
    if scope.quarter:
        qs = qs.filter(assignment__round__quarter=scope.quarter)
    if scope.group_id:
        qs = qs.filter(assignment__case__group_id=scope.group_id)
    return load_frame(
        qs.annotate(_total=Cast("total", FloatField())),
        ["pk", "assignment__round_id", "assignment__case_id",
         "assignment__case__group__name", "assignment__round__quarter", "_total"],
        COLUMNS["reviews"],
        {"review_id": "Int64", "round_id": "Int64", "case_id": "Int64",
         "quarter": "Int64", "total": float},
    )  # fmt: skip


def issues(scope: Scope, labels: dict[int, str] | None = None) -> pd.DataFrame:
    """Issues found in the scope's review rounds, with their article label."""
    qs = Issue.objects.filter(round__year=scope.year)
    if scope.quarter:
        qs = qs.filter(round__quarter=scope.quarter)
    if scope.group_id:
        qs = qs.filter(responsible_group_id=scope.group_id)
    frame = load_frame(
        qs,
        ["pk", "case_id", "category", "article_id", "status", "deadline",
         "responsible_group__name", "round__quarter"],
        ["issue_id", "case_id", "category", "article", "status", "deadline",
         "group", "quarter"],
        {"issue_id": "Int64", "case_id": "Int64", "quarter": "Int64",
         "deadline": DAY, "category": "category", "status": "category"},
    )  # fmt: skip
    names = dict(IssueCategory.choices)
    # Mapped per category (a handful), not per row; str() resolves lazy labels.
    shown = {code: str(names.get(code)) for code in frame["category"].cat.categories}
    frame["category_label"] = frame["category"].map(shown).astype(str)
    frame["article"] = frame["article"].map(
        article_labels() if labels is None else labels
    )
    return frame[COLUMNS["issues"]]


def cases(scope: Scope, labels: dict[int, str] | None = None) -> pd.DataFrame:
    """Penalty case files decided in the scope, with provision and tier."""
    start, end = scope.dates
    qs = CaseFile.objects.filter(decided_on__gte=start, decided_on__lt=end)
    if scope.group_id:
        qs = qs.filter(group_id=scope.group_id)
    qs = qs.annotate(
        _fine=Cast("fine", FloatField()),
        _min=Cast("tier__fine_min", FloatField()),
        _max=Cast("tier__fine_max", FloatField()),
    )
    frame = load_frame(
        qs,
        ["pk", "group__name", "provision__article_id", "provision__item",
         "tier__name", "_fine", "_min", "_max"],
        ["case_id", "group", "article_id", "item", "tier", "fine", "tier_min",
         "tier_max"],
        {"case_id": "Int64", "fine": float, "tier_min": float, "tier_max": float},
    )  # fmt: skip
    article = frame["article_id"].map(article_labels() if labels is None else labels)
    frame["provision"] = article.fillna("—") + frame["item"].fillna("")
    frame["tier"] = frame["tier"].fillna("—")
    return frame[COLUMNS["cases"]]


def rounds(scope: Scope) -> pd.DataFrame:
    """The scope year's review rounds as held: files assigned and reviews submitted
    (a round with no file assigned was set up but not held)."""
    qs = ReviewRound.objects.filter(year=scope.year)
    if scope.quarter:
        qs = qs.filter(quarter=scope.quarter)
    peer = Q(assignments__kind=Assignment.Kind.PEER)
    qs = qs.annotate(
        _files=Count("assignments__case", filter=peer, distinct=True),
        _reviews=Count("assignments__review", filter=peer, distinct=True),
    ).order_by("quarter", "name")
    return load_frame(
        qs,
        ["pk", "name", "quarter", "_files", "_reviews"],
        COLUMNS["rounds"],
        {"round_id": "Int64", "quarter": "Int64", "files": "Int64",
         "reviews": "Int64"},
    )  # fmt: skip
