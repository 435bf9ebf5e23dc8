"""Taking quizzes: thin views over quizzes.services.

Nothing rendered or returned here before an attempt is submitted carries the key or
the explanation (tests search every response for them)."""

from __future__ import annotations

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import RequestDataTooBig
from django.db.models import Prefetch
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
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
    # QuizPage's own manager: one query (``specific()`` would make it two).
    quiz = get_object_or_404(QuizPage.objects.live(), pk=page_id)
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


@never_cache  # no-store: back after submitting asks the server, never a cached paper
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


# --- the paper's JSON endpoints -----------------------------------------------------
# The page saves and submits with fetch; every answer is JSON with a ``code`` it can
# act on, never an HTML page: 401 ``session_expired`` (log in again in a dialog), 403
# ``csrf`` (fetch a fresh token and retry), 409 ``closed`` / ``deadline``, 400
# ``bad_request`` / ``bad_response`` / ``no_such_question``, 404 ``not_found``.


def _json_error(message, code: str, status: int) -> JsonResponse:
    response = JsonResponse(
        {"saved": False, "code": code, "error": str(message)}, status=status
    )
    response["Cache-Control"] = "no-store"
    return response


class _JsonCsrfCheck(CsrfViewMiddleware):
    """Django's CSRF check whose refusal is JSON the paper understands."""

    def _reject(self, request, reason):
        return _json_error(services.CSRF_STALE, "csrf", 403)


def _paper_endpoint(view):
    """Find the visitor's attempt first (401 when the session is gone), then check
    the CSRF token (403 ``csrf``); ``view(request, attempt)`` does the rest."""

    @csrf_exempt
    @require_POST
    @wraps(view)
    def wrapper(request, public_id):
        attempt = (
            Attempt.objects.owned_by(request)
            .filter(public_id=public_id)
            .only("pk", "public_id")
            .first()
        )
        if attempt is None:
            if not request.user.is_authenticated:
                return _json_error(services.SESSION_EXPIRED, "session_expired", 401)
            return _json_error(services.NOT_YOUR_ATTEMPT, "not_found", 404)
        try:
            refused = _JsonCsrfCheck(view).process_view(request, view, (), {})
        except RequestDataTooBig:
            return _json_error(services.BAD_REQUEST, "bad_request", 400)
        if refused is not None:
            return refused
        return view(request, attempt)

    return wrapper


def _read_answer(request) -> tuple[int, object]:
    """(position, response) from the JSON body, or ValueError."""
    try:
        body = request.body
    except RequestDataTooBig as exc:
        raise ValueError("too big") from exc
    if len(body) > services.MAX_ANSWER_BYTES:
        raise ValueError("too big")
    try:
        payload = json.loads(body or b"{}")
    except (ValueError, RecursionError) as exc:
        raise ValueError("not JSON") from exc
    if not isinstance(payload, dict):
        raise ValueError("not an object")
    position = payload.get("position")
    if isinstance(position, str) and position.isascii() and position.isdigit():
        position = int(position)
    if type(position) is not int or not 1 <= position <= 10_000:
        raise ValueError("position")
    return position, payload.get("response")


# Identity, not a dict: a lazy message hashes as its translation in the language of
# the moment.
_ANSWER_STATUS = (
    (services.BAD_RESPONSE, "bad_response", 400),
    (services.NO_SUCH_QUESTION, "no_such_question", 400),
    (services.DEADLINE_PASSED, "deadline", 409),
    (services.ATTEMPT_SUBMITTED, "closed", 409),
)


def _answer_refusal(message) -> tuple[str, int]:
    return next(
        ((code, status) for m, code, status in _ANSWER_STATUS if m is message),
        ("closed", 409),
    )


@_paper_endpoint
def attempt_answer(request, attempt):
    """Save one answer: JSON ``{"position": n, "response": …}``."""
    try:
        position, response = _read_answer(request)
    except ValueError:
        return _json_error(services.BAD_REQUEST, "bad_request", 400)
    try:
        answer = services.attempt_answer_save(
            attempt=attempt, position=position, response=response
        )
    except services.QuizError as error:
        code, status = _answer_refusal(error.message)
        return _json_error(error.message, code, status)
    return JsonResponse(
        {
            "saved": True,
            "position": answer.position,
            "saved_at": answer.saved_at.isoformat(),
        }
    )


@_paper_endpoint
def attempt_submit(request, attempt):
    """Submit (idempotent: a second click shows the same result). The page's fetch
    asks for JSON and moves on with ``location.replace``; a plain form post is
    redirected."""
    services.attempt_submit(attempt=attempt)
    url = reverse("quizzes:attempt_result", args=[attempt.public_id])
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"submitted": True, "result_url": url})
    return redirect(url)


@never_cache
@require_GET
def session_state(request):
    """A fresh CSRF token for an open paper, and whether the visitor is logged in
    (the page asks after a re-login in its dialog or in another tab)."""
    return JsonResponse(
        {
            "csrf": get_token(request),
            "authenticated": request.user.is_authenticated,
        }
    )


@never_cache
@require_GET
def attempt_result(request, public_id):
    attempt = _finalise_if_overdue(_owned_attempt(request, public_id))
    if attempt.is_open:
        return redirect("quizzes:attempt_take", public_id=public_id)
    shows = attempt.shows_answers()
    items = []
    if shows:
        # A question that now sits on another open exam keeps its key hidden here.
        withheld = services.protected_question_ids(except_quiz_id=attempt.quiz_id)
        answers = attempt.answers.select_related("version").prefetch_related(
            Prefetch("question__articles", to_attr="linked_articles"),
            "question__articles__regulation",
        )
        items = [
            _take_item(a) | {"withheld": True}
            if a.question_id in withheld
            else _review_item(a)
            for a in answers
        ]
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
            # 部分正确: some credit, not all (partial credit on 多选, blanks, cases).
            "partly": not answer.correct and bool(answer.score),
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
    on_article = Question.objects.active().filter(articles=article)
    count = on_article.exclude(pk__in=services.protected_question_ids()).count()
    return render(
        request,
        "quizzes/article_practice.html",
        {"article": article, "count": count, "on_exam": on_article.count() - count},
    )
