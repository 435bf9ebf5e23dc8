"""Taking quizzes: thin views over quizzes.services.

Nothing rendered or returned here before an attempt is submitted carries the key or
the explanation (tests search every response for them)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from quizzes import scoring, services
from quizzes.models import (
    Attempt,
    AttemptAnswer,
    Drill,
    FinalisedBy,
    Question,
    QuizPage,
    WrongAnswer,
)


@require_POST
def quiz_start(request, page_id):
    """Start or resume the visitor's attempt at a live quiz page (its start button)."""
    quiz = get_object_or_404(QuizPage.objects.live().specific(), pk=page_id)
    user = request.user if request.user.is_authenticated else None
    if user is None and not quiz.allow_anonymous:
        return redirect_to_login(quiz.url)
    if user is None and not request.session.session_key:
        request.session.save()
    try:
        attempt = services.attempt_start(
            quiz=quiz, user=user, session_key=request.session.session_key or ""
        )
    except services.QuizError as error:
        messages.error(request, error.message)
        return redirect(quiz.url)
    return redirect("quizzes:attempt_take", public_id=attempt.public_id)


def _owned_attempt(request, public_id) -> Attempt:
    """The visitor's own attempt, or 404 (never another person's)."""
    return get_object_or_404(
        Attempt.objects.owned_by(request).select_related("quiz"), public_id=public_id
    )


def _finalise_if_overdue(attempt: Attempt) -> Attempt:
    now = timezone.now()
    if attempt.is_open and not scoring.accepts_answers(
        now, attempt.deadline, grace=services.grace()
    ):
        return services.attempt_submit(
            attempt=attempt, finalised_by=FinalisedBy.SWEEPER, now=now
        )
    return attempt


@require_GET
def attempt_take(request, public_id):
    attempt = _finalise_if_overdue(_owned_attempt(request, public_id))
    if not attempt.is_open:
        return redirect("quizzes:attempt_result", public_id=public_id)
    answers = list(attempt.answers.select_related("version"))
    items = [_take_item(a) for a in answers]
    return render(
        request,
        "quizzes/attempt_take.html",
        {
            "attempt": attempt,
            "items": items,
            "answered": sum(1 for i in items if i["answered"]),
            "server_now": timezone.now(),
        },
    )


def _take_item(answer: AttemptAnswer) -> dict:
    version = answer.version
    n_blanks = len(version.answer or []) if version.qtype == scoring.BLANK else 0
    response = answer.response
    blanks = list(response or []) if version.qtype == scoring.BLANK else []
    return {
        "position": answer.position,
        "qtype": version.qtype,
        "type_label": _type_label(version.qtype),
        "stem": version.stem,
        "points": answer.points,
        "options": answer.shown_options,
        "response": response,
        "chosen": _chosen_letters(version.qtype, response),
        "blanks": [
            (i + 1, blanks[i] if i < len(blanks) else "") for i in range(n_blanks)
        ],
        "answered": scoring.is_answered(version.qtype, response),
    }


def _type_label(qtype: str) -> str:
    from quizzes.models import QuestionType

    return str(QuestionType(qtype).label)


def _chosen_letters(qtype, response) -> dict:
    if qtype == scoring.CASE and isinstance(response, dict):
        return {k: v for k, v in response.items() if v}
    if qtype == scoring.JUDGE:
        return {"judge": response}
    return {"letters": scoring.normalise_letters(response)}


@require_POST
def attempt_answer(request, public_id):
    """Save one answer: JSON ``{"position": n, "response": …}``."""
    attempt = get_object_or_404(
        Attempt.objects.owned_by(request).only("pk"), public_id=public_id
    )
    try:
        payload = json.loads(request.body or b"{}")
        position = int(payload["position"])
    except (ValueError, KeyError, TypeError):
        return JsonResponse(
            {"saved": False, "error": str(services.BAD_RESPONSE)}, status=400
        )
    try:
        answer = services.attempt_answer_save(
            attempt=attempt, position=position, response=payload.get("response")
        )
    except services.QuizError as error:
        status = (
            400
            if error.message in (services.BAD_RESPONSE, services.NO_SUCH_QUESTION)
            else 409
        )
        return JsonResponse(
            {"saved": False, "error": str(error.message)}, status=status
        )
    return JsonResponse(
        {
            "saved": True,
            "position": answer.position,
            "saved_at": answer.saved_at.isoformat(),
        }
    )


@require_POST
def attempt_submit(request, public_id):
    """Submit (idempotent: a second click shows the same result)."""
    attempt = get_object_or_404(
        Attempt.objects.owned_by(request).only("pk"), public_id=public_id
    )
    services.attempt_submit(attempt=attempt)
    return redirect("quizzes:attempt_result", public_id=public_id)


@require_GET
def attempt_result(request, public_id):
    attempt = _finalise_if_overdue(_owned_attempt(request, public_id))
    if attempt.is_open:
        return redirect("quizzes:attempt_take", public_id=public_id)
    shows = attempt.shows_answers()
    items = []
    if shows:
        answers = attempt.answers.select_related("version").prefetch_related(
            Prefetch("question__articles", to_attr="linked_articles"),
            "question__articles__regulation",
        )
        items = [_review_item(a) for a in answers]
    return render(
        request,
        "quizzes/attempt_result.html",
        {"attempt": attempt, "shows_answers": shows, "items": items},
    )


def _review_item(answer: AttemptAnswer) -> dict:
    version = answer.version
    key = version.answer
    item = _take_item(answer)
    correct_letters = set()
    if version.qtype in (scoring.SINGLE, scoring.MULTIPLE):
        correct_letters = set(scoring.normalise_letters(key))
    elif version.qtype == scoring.CASE:
        correct_letters = {key.get("violated"), key.get("penalty")}
    item.update(
        {
            "score": answer.score,
            "correct": answer.correct,
            "correct_letters": correct_letters,
            "case_key": key if version.qtype == scoring.CASE else None,
            "judge_key": key if version.qtype == scoring.JUDGE else None,
            "blank_key": key if version.qtype == scoring.BLANK else None,
            "explanation": version.explanation,
            "articles": answer.question.articles.all(),
        }
    )
    return item


@login_required
def my_drills(request):
    """我的练兵: the person's drills, open ones first, with their result so far."""
    rows = Drill.objects.results_for(request.user)
    return render(
        request,
        "quizzes/my_drills.html",
        {
            "open_rows": [r for r in rows if r["open"]],
            "closed_rows": [r for r in rows if not r["open"]],
        },
    )


@login_required
def wrong_book(request):
    """错题本: GET lists it; POST builds a practice paper from it."""
    if request.method == "POST":
        try:
            attempt = services.wrong_book_paper_create(user=request.user)
        except services.QuizError as error:
            messages.error(request, error.message)
            return redirect("quizzes:wrong_book")
        return redirect("quizzes:attempt_take", public_id=attempt.public_id)
    entries = (
        WrongAnswer.objects.in_book(request.user)
        .select_related("question")
        .prefetch_related("question__articles__regulation")
    )
    return render(request, "quizzes/wrong_book.html", {"entries": entries})


@login_required
def drill_for_article(request, article_pk):
    """专项练习: GET shows the article and its questions' count; POST starts a
    practice paper on it (peer review links here for articles a group lost points on)."""
    from courses.models import Article

    article = get_object_or_404(
        Article.objects.select_related("regulation"), pk=article_pk
    )
    if request.method == "POST":
        try:
            attempt = services.article_practice_create(
                user=request.user, article=article
            )
        except services.QuizError as error:
            messages.error(request, error.message)
            return redirect("quizzes:drill_for_article", article_pk=article.pk)
        return redirect("quizzes:attempt_take", public_id=attempt.public_id)
    count = Question.objects.active().filter(articles=article).count()
    return render(
        request, "quizzes/article_practice.html", {"article": article, "count": count}
    )
