"""Practice papers outside quiz pages: the wrong-answer book and one article."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from quizzes.models import (
    Attempt,
    Question,
    QuestionStatus,
    QuizMode,
    WrongAnswer,
)
from quizzes.services.attempts import attempt_create
from quizzes.services.common import (
    QUESTIONS_ON_OPEN_EXAM,
    WRONG_BOOK_EMPTY,
    QuizError,
)
from quizzes.services.keys import protected_question_ids


def wrong_book_paper_create(*, user, now: datetime | None = None) -> Attempt:
    """A practice paper from the person's wrong-answer book, topped up with other
    active questions on the articles they get wrong most."""
    size = settings.QUIZZES_WRONG_BOOK_PAPER_SIZE
    entries = WrongAnswer.objects.in_book(user).select_related("question")
    active = [
        e.question_id
        for e in entries.order_by("-times_wrong", "-last_wrong_at")
        if e.question.status == QuestionStatus.ACTIVE
    ]
    if not active:
        raise QuizError(WRONG_BOOK_EMPTY)
    hidden = protected_question_ids()
    wrong = [qid for qid in active if qid not in hidden][:size]
    if not wrong:
        raise QuizError(QUESTIONS_ON_OPEN_EXAM)
    weakest = (
        Question.articles.through.objects.filter(question_id__in=wrong)
        .values("article_id")
        .annotate(n=Count("question_id"))
        .order_by("-n")
        .values_list("article_id", flat=True)[:5]
    )
    extra = list(
        Question.objects.active()
        .filter(articles__in=list(weakest))
        .exclude(pk__in=wrong)
        .exclude(pk__in=hidden)
        .distinct()
        .values_list("pk", flat=True)[: max(size - len(wrong), 0)]
    )
    return attempt_create(
        title=str(_("Wrong-answer book practice")),
        paper=[(qid, 1) for qid in wrong + extra],
        user=user,
        mode=QuizMode.PRACTICE,
        shuffle_options=True,
        number=Attempt.objects.filter(user=user, quiz=None).count() + 1,
        now=now,
    )


ARTICLE_HAS_NO_QUESTIONS = _("There are no questions on this article yet.")


def article_practice_create(*, user, article, now: datetime | None = None) -> Attempt:
    """A practice paper on one article (the drill peer review links to for an
    article a group lost points on): its active questions, options shuffled."""
    size = settings.QUIZZES_WRONG_BOOK_PAPER_SIZE
    on_article = Question.objects.active().filter(articles=article)
    if not on_article.exists():
        raise QuizError(ARTICLE_HAS_NO_QUESTIONS)
    ids = list(
        on_article.exclude(pk__in=protected_question_ids())
        .order_by("?")
        .values_list("pk", flat=True)[:size]
    )
    if not ids:
        raise QuizError(QUESTIONS_ON_OPEN_EXAM)
    return attempt_create(
        title=f"{_('Article practice')}：{article.label}",
        paper=[(qid, 1) for qid in ids],
        user=user,
        mode=QuizMode.PRACTICE,
        shuffle_options=True,
        number=Attempt.objects.filter(user=user, quiz=None).count() + 1,
        now=now,
    )
