"""Quizzes: exam attempts, their graded answers, question tags, drills."""

from __future__ import annotations

import pandas as pd
from django.db.models import F, FloatField
from django.db.models.functions import Cast

from quizzes.models import (
    Attempt,
    AttemptAnswer,
    AttemptStatus,
    Drill,
    Question,
    QuizMode,
)
from tests.analytics.frames_before.base import (
    COLUMNS,
    Scope,
    article_labels,
    from_values,
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
    frame = pd.DataFrame.from_records(
        list(
            qs.values_list(
                "pk", "user_id", "user__enforcement_group__name", "score",
                "max_score", "passed", "submitted_at", "quiz_id",
            )
        ),
        columns=[
            "attempt_id", "user_id", "group", "score", "max_score", "passed",
            "submitted_at", "quiz_id",
        ],
    )  # fmt: skip
    maximum = frame["max_score"].astype(float)
    frame["percent"] = (frame["score"].astype(float) / maximum.where(maximum > 0)) * 100
    frame["passed"] = frame["passed"].fillna(False).astype(bool)
    frame["group"] = frame["group"].fillna("—")
    return frame[COLUMNS["attempts"]]


def answers(scope: Scope) -> pd.DataFrame:
    """Graded answers of the scope's exam attempts."""
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
    # Decimals cast to float in SQL: a million Decimal objects cost far more memory.
    qs = qs.annotate(
        _score=Cast("score", FloatField()), _points=Cast("points", FloatField())
    )
    frame = pd.DataFrame.from_records(
        list(
            qs.values_list(
                "attempt_id", "attempt__user_id", "question_id", "_score", "_points",
                "correct",
            ).iterator(chunk_size=20_000)
        ),
        columns=COLUMNS["answers"],
    )  # fmt: skip
    frame["score"] = frame["score"].astype(float)
    frame["points"] = frame["points"].astype(float)
    frame["correct"] = frame["correct"].fillna(False).astype(bool)
    return frame


def question_tags() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(knowledge points, articles) of every question, one row per tag."""
    points = pd.DataFrame.from_records(
        list(
            Question.knowledge_points.through.objects.values_list(
                "question_id", "knowledgepoint__name"
            )
        ),
        columns=COLUMNS["question_points"],
    )
    arts = pd.DataFrame.from_records(
        list(
            Question.articles.through.objects.values_list("question_id", "article_id")
        ),
        columns=["question_id", "article_id"],
    )
    arts["tag"] = arts["article_id"].map(article_labels())
    return points, arts[COLUMNS["question_articles"]]


def drills(scope: Scope) -> pd.DataFrame:
    """Drills (岗位大练兵) whose deadline falls in the scope."""
    start, end = scope.instants
    qs = Drill.objects.filter(deadline__gte=start, deadline__lt=end)
    if scope.group_id:
        qs = qs.filter(groups=scope.group_id)
    return from_values("drills", qs.values("title", "deadline", drill_id=F("pk")))
