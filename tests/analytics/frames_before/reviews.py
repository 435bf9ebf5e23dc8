"""Peer review: submitted reviews, the issues found, penalty case files."""

from __future__ import annotations

import pandas as pd
from django.db.models import Count, F, Q

from peer_review.catalogue import IssueCategory
from peer_review.models import Assignment, CaseFile, Issue, Review, ReviewRound
from tests.analytics.frames_before.base import (
    COLUMNS,
    Scope,
    article_labels,
    from_values,
)


def reviews(scope: Scope) -> pd.DataFrame:
    """Submitted peer reviews of the scope's rounds, with the reviewed file's group."""
    qs = Review.objects.filter(
        assignment__round__year=scope.year, assignment__kind=Assignment.Kind.PEER
    )
    if scope.quarter:
        qs = qs.filter(assignment__round__quarter=scope.quarter)
    if scope.group_id:
        qs = qs.filter(assignment__case__group_id=scope.group_id)
    frame = from_values(
        "reviews",
        qs.values(
            "total",
            review_id=F("pk"),
            round_id=F("assignment__round_id"),
            case_id=F("assignment__case_id"),
            group=F("assignment__case__group__name"),
            quarter=F("assignment__round__quarter"),
        ),
    )
    frame["total"] = frame["total"].astype(float)
    return frame


def issues(scope: Scope) -> pd.DataFrame:
    """Issues found in the scope's review rounds, with their article label."""
    qs = Issue.objects.filter(round__year=scope.year)
    if scope.quarter:
        qs = qs.filter(round__quarter=scope.quarter)
    if scope.group_id:
        qs = qs.filter(responsible_group_id=scope.group_id)
    frame = pd.DataFrame.from_records(
        list(
            qs.values_list(
                "pk", "case_id", "category", "article_id", "status", "deadline",
                "responsible_group__name", "round__quarter",
            )
        ),
        columns=[
            "issue_id", "case_id", "category", "article", "status", "deadline",
            "group", "quarter",
        ],
    )  # fmt: skip
    labels = dict(IssueCategory.choices)
    frame["category_label"] = frame["category"].map(labels).astype(str)
    frame["article"] = frame["article"].map(article_labels())
    frame["deadline"] = pd.to_datetime(frame["deadline"])
    return frame[COLUMNS["issues"]]


def cases(scope: Scope) -> pd.DataFrame:
    """Penalty case files decided in the scope, with provision and tier."""
    start, end = scope.dates
    qs = CaseFile.objects.filter(decided_on__gte=start, decided_on__lt=end)
    if scope.group_id:
        qs = qs.filter(group_id=scope.group_id)
    frame = pd.DataFrame.from_records(
        list(
            qs.values_list(
                "pk", "group__name", "provision__article_id", "provision__item",
                "tier__name", "fine", "tier__fine_min", "tier__fine_max",
            )
        ),
        columns=[
            "case_id", "group", "article_id", "item", "tier", "fine", "tier_min",
            "tier_max",
        ],
    )  # fmt: skip
    frame["provision"] = frame["article_id"].map(article_labels()).fillna("—") + frame[
        "item"
    ].fillna("")
    for column in ("fine", "tier_min", "tier_max"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
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
    return pd.DataFrame.from_records(
        list(qs.values_list("pk", "name", "quarter", "_files", "_reviews")),
        columns=COLUMNS["rounds"],
    )
