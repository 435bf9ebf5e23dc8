"""Real concurrency on PostgreSQL: two submits, two sweepers, two starts at once."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from quizzes import services
from quizzes.factories import make_question, make_quiz
from quizzes.models import Attempt, AttemptStatus
from tests.accounts.factories import OfficerFactory

# Serialized rollback restores the migration-made home page after each flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_together(target, n=2):
    """Run ``target`` in ``n`` threads released at the same moment."""
    barrier = threading.Barrier(n)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(target())
        except Exception as exc:  # noqa: BLE001 — reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    return results


@pytest.fixture
def quiz(postgres_only):
    return make_quiz([make_question("judge", answer=True)], time_limit_minutes=5)


def test_two_submits_at_once_grade_once(quiz):
    attempt = services.attempt_start(quiz=quiz, user=OfficerFactory())
    services.attempt_answer_save(attempt=attempt, position=1, response=True)
    run_together(lambda: services.attempt_submit(attempt=attempt), n=4)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED
    assert attempt.grading_count == 1
    assert attempt.score == 2


def test_two_sweepers_at_once_finalise_each_attempt_once(quiz):
    attempts = [
        services.attempt_start(quiz=quiz, user=OfficerFactory()) for _ in range(6)
    ]
    later = timezone.now() + timedelta(minutes=10)
    counts = run_together(lambda: services.attempts_finalise_overdue(now=later))
    assert sum(counts) == len(attempts)
    graded = Attempt.objects.filter(quiz=quiz)
    assert sorted(a.grading_count for a in graded) == [1] * len(attempts)


def test_two_starts_at_once_make_one_open_attempt(quiz):
    person = OfficerFactory()
    started = run_together(lambda: services.attempt_start(quiz=quiz, user=person), n=3)
    assert len({a.pk for a in started}) == 1
    assert Attempt.objects.filter(user=person).count() == 1


def test_two_submits_by_one_person_on_two_exams_both_count_in_the_wrong_book(
    postgres_only,
):
    """Two exams share a question; one person answers it wrong in both and submits
    both at the same moment: the book counts two wrong answers, not one."""
    from quizzes.models import WrongAnswer

    shared = make_question("judge", answer=True)
    person = OfficerFactory()
    attempts = []
    for other in (make_question("judge"), make_question("judge")):
        quiz = make_quiz([shared, other], time_limit_minutes=5)
        attempt = services.attempt_start(quiz=quiz, user=person)
        for position in (1, 2):
            services.attempt_answer_save(
                attempt=attempt, position=position, response=False
            )
        attempts.append(attempt)
    for _round in range(3):
        WrongAnswer.objects.filter(user=person).delete()
        pending = iter(attempts)
        lock = threading.Lock()

        def submit_next(pending=pending, lock=lock):
            with lock:
                attempt = next(pending)
            Attempt.objects.filter(pk=attempt.pk).update(status=AttemptStatus.OPEN)
            return services.attempt_submit(attempt=attempt)

        run_together(submit_next, n=2)
        entry = WrongAnswer.objects.get(user=person, question=shared)
        assert entry.times_wrong == 2
        assert entry.right_streak == 0
