"""Quizzes: exam attempts, their graded answers, question tags, drills."""

from __future__ import annotations

import pandas as pd
from django.db.models import FloatField
from django.db.models.functions import Cast

from analytics.frames.base import COLUMNS, UTC, Scope, article_labels, load_frame
from quizzes.models import (
    Attempt,
    AttemptAnswer,
    AttemptStatus,
    Drill,
    Question,
    QuizMode,
)


def attempts(scope: Scope) -> pd.DataFrame:
    """Submitted exam attempts of logged-in people in the scope."""
    start, end = scope.instants
    qs = Attempt.objects.filter(
        mode=QuizMode.EXAM,
        status=AttemptStatus.SUBMITTED,
        user__isnull=False,
        submitted_at__gte=start,
        submitted_at__lt=end,
    )
    if scope.group_id:
        qs = qs.filter(user__enforcement_group_id=scope.group_id)
    # Decimals cast to float in SQL: no Decimal object per row.
    qs = qs.annotate(
        _score=Cast("score", FloatField()), _max=Cast("max_score", FloatField())
    )
    frame = load_frame(
        qs,
        ["pk", "user_id", "user__enforcement_group__name", "_score", "_max", "passed",
         "submitted_at", "quiz_id"],
        ["attempt_id", "user_id", "group", "score", "max_score", "passed",
         "submitted_at", "quiz_id"],
        {"attempt_id": "Int64", "user_id": "Int64", "score": float, "max_score": float,
         "submitted_at": UTC, "quiz_id": "Int64"},
    )  # fmt: skip
    maximum = frame["max_score"]
    frame["percent"] = (frame["score"] / maximum.where(maximum > 0)) * 100
    frame["passed"] = frame["passed"].fillna(False).astype(bool)
    frame["group"] = frame["group"].fillna("—")
    return frame[COLUMNS["attempts"]]


def answers(scope: Scope) -> pd.DataFrame:
    """Graded answers of the scope's exam attempts (the largest frame: streamed)."""
    start, end = scope.instants
    qs = AttemptAnswer.objects.filter(
        attempt__mode=QuizMode.EXAM,
        attempt__status=AttemptStatus.SUBMITTED,
        attempt__user__isnull=False,
        attempt__submitted_at__gte=start,
        attempt__submitted_at__lt=end,
        score__isnull=False,
    )
    if scope.group_id:
        qs = qs.filter(attempt__user__enforcement_group_id=scope.group_id)
    qs = qs.annotate(
        _score=Cast("score", FloatField()), _points=Cast("points", FloatField())
    )
    frame = load_frame(
        qs,
        ["attempt_id", "attempt__user_id", "question_id", "_score", "_points",
         "correct"],
        COLUMNS["answers"],
        {"attempt_id": "Int64", "user_id": "Int64", "question_id": "Int64",
         "score": float, "points": float},
        raw=True,  # the largest frame: no per-value converters
    )  # fmt: skip
    frame["correct"] = frame["correct"].fillna(False).astype(bool)
    return frame


def question_tags(
    labels: dict[int, str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(knowledge points, articles) of every question, one row per tag."""
    points = load_frame(
        Question.knowledge_points.through.objects.all(),
        ["question_id", "knowledgepoint__name"],
        COLUMNS["question_points"],
        {"question_id": "Int64"},
    )
    arts = load_frame(
        Question.articles.through.objects.all(),
        ["question_id", "article_id"],
        ["question_id", "article_id"],
        {"question_id": "Int64"},
    )
    arts["tag"] = arts["article_id"].map(article_labels() if labels is None else labels)
    return points, arts[COLUMNS["question_articles"]]


def drills(scope: Scope) -> pd.DataFrame:
    """Drills (岗位大练兵) whose deadline falls in the scope."""
    start, end = scope.instants
    qs = Drill.objects.filter(deadline__gte=start, deadline__lt=end)
    if scope.group_id:
        qs = qs.filter(groups=scope.group_id)
    return load_frame(
        qs,
        ["pk", "title", "deadline"],
        ["drill_id", "title", "deadline"],
        {"drill_id": "Int64", "deadline": UTC},
    )[COLUMNS["drills"]]
