"""The submit benchmark's gunicorn app: the project's own WSGI application, plus a
stock minimal submit view under ``/_stock/submit/<attempt id>/`` to measure it
against in the same run, on the same server and database.

The stock view is the least any framework's exam submit does: lock the attempt row,
read its answers with their keys, grade them in memory, write the grades in one
statement, close the attempt, commit — no middleware, no session, no user, no CSRF
check, no wrong-answer book. The project's submit does all of that and more; the
benchmark prints the ratio of the two throughputs.

Production serves ``config.wsgi`` and nothing imports this module (``benchmarks/`` is
not an app and not on any URLconf), so the stock view cannot be reached there: only
``benchmarks/quizzes_submit.py`` starts a gunicorn with
``benchmarks.stock_wsgi:application``.
"""

from __future__ import annotations

from django.core import signals
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from config.wsgi import application as project  # sets Django up first
from home.bulk import update_from_values
from quizzes import scoring
from quizzes.models import Attempt, AttemptAnswer, AttemptStatus

STOCK_PREFIX = "/_stock/submit/"


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if not path.startswith(STOCK_PREFIX):
        return project(environ, start_response)
    try:
        attempt_id = int(path[len(STOCK_PREFIX) :].strip("/"))
    except ValueError:
        return _answer(start_response, "404 Not Found", b"no such attempt")
    # As Django's handler does: the pooled connection is taken and given back.
    signals.request_started.send(sender=None, environ=environ)
    try:
        found = stock_submit(attempt_id)
    finally:
        signals.request_finished.send(sender=None)
    if not found:
        return _answer(start_response, "404 Not Found", b"no such attempt")
    return _answer(start_response, "200 OK", b"submitted")


def _answer(start_response, status: str, body: bytes):
    start_response(
        status,
        [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))],
    )
    return [body]


@transaction.atomic
def stock_submit(attempt_id: int) -> bool:
    """Lock, grade, write, commit; a second submit finds it closed and returns."""
    locked = (
        Attempt.objects.select_for_update()
        .filter(pk=attempt_id)
        .values_list("status", "partial_credit", "pass_mark")
        .first()
    )
    if locked is None:
        return False
    status, partial, pass_mark = locked
    if status != AttemptStatus.OPEN:
        return True
    paper = AttemptAnswer.objects.filter(attempt_id=attempt_id).values_list(
        "pk", "points", "response", "version__qtype", "version__answer"
    )
    grades = [
        (pk, scoring.grade(qtype, key, response, points=points, partial=partial))
        for pk, points, response, qtype, key in paper
    ]
    update_from_values(
        AttemptAnswer,
        fields=["score", "correct"],
        rows=[(pk, g.score, g.correct) for pk, g in grades],
    )
    score, max_score = scoring.total(g for _pk, g in grades)
    Attempt.objects.filter(pk=attempt_id).update(
        status=AttemptStatus.SUBMITTED,
        score=score,
        max_score=max_score,
        passed=scoring.has_passed(score, max_score, pass_mark),
        submitted_at=timezone.now(),
        grading_count=F("grading_count") + 1,
    )
    return True
