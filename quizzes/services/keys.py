"""Exam keys: which questions must not be shown with their key right now.

A question that sits on a published quiz that has not closed and keeps its key
secret (an exam, or a quiz that does not review at once) is never put on a practice
paper, and its key is withheld from every other review until that quiz closes.
"Sits on" means the quiz's fixed questions and every question drawn onto one of its
papers. A published exam that opens later counts too: practising its paper the day
before it opens would leak it just the same."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from quizzes.models import AttemptAnswer, QuizPage, QuizQuestion


def quizzes_not_closed(now: datetime | None = None):
    """Live quiz pages that are open now or will open (not yet closed)."""
    now = now or timezone.now()
    return QuizPage.objects.live().filter(
        Q(closes_at__isnull=True) | Q(closes_at__gt=now)
    )


def protected_question_ids(
    *, now: datetime | None = None, except_quiz_id: int | None = None
) -> set[int]:
    """Ids of the questions on quizzes not yet closed that keep their key secret
    (``except_quiz_id``: the quiz being taken or reviewed, whose own rules apply)."""
    secret = [q.pk for q in quizzes_not_closed(now) if q.keeps_key_secret]
    secret = [pk for pk in secret if pk != except_quiz_id]
    if not secret:
        return set()
    fixed = QuizQuestion.objects.filter(page_id__in=secret).values_list(
        "question_id", flat=True
    )
    drawn = (
        AttemptAnswer.objects.filter(attempt__quiz_id__in=secret)
        .values_list("question_id", flat=True)
        .distinct()
    )
    return set(fixed) | set(drawn)
