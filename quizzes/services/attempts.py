"""Attempts: drawing a paper, starting, saving answers, submitting and the sweeper."""

from __future__ import annotations

import random
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.db.models import F, Max
from django.utils import timezone

from home.bulk import update_from_values
from quizzes import papers, scoring
from quizzes.models import (
    Attempt,
    AttemptAnswer,
    AttemptStatus,
    FinalisedBy,
    QuestionStatus,
    QuestionVersion,
    QuizMode,
    QuizPage,
    QuizQuestion,
    Selection,
    WrongAnswer,
)
from quizzes.services.common import (
    ATTEMPT_SUBMITTED,
    BAD_RESPONSE,
    DEADLINE_PASSED,
    NO_ATTEMPTS_LEFT,
    NO_SUCH_QUESTION,
    NOT_ENOUGH_QUESTIONS,
    QUESTIONS_ON_OPEN_EXAM,
    QUIZ_HAS_NO_QUESTIONS,
    QUIZ_NOT_FOR_YOU,
    QUIZ_NOT_OPEN,
    QuizError,
    grace,
)
from quizzes.services.keys import protected_question_ids


def _paper_for(quiz: QuizPage, rng: random.Random) -> list[tuple[int, int]]:
    """The paper, without the questions of open exams when this quiz shows its key
    at once (practice must not become a way to read an exam's key)."""
    hidden = set()
    if not quiz.keeps_key_secret:
        hidden = protected_question_ids(except_quiz_id=quiz.pk)
    if quiz.selection == Selection.BLUEPRINT:
        rules = [
            papers.DrawRule(
                candidates=[
                    pk
                    for pk in rule.candidates().values_list("pk", flat=True)
                    if pk not in hidden
                ],
                count=rule.count,
                points=rule.points,
            )
            for rule in quiz.draw_rules.all()
        ]
        try:
            return papers.draw(rules, rng)
        except papers.NotEnoughQuestions as exc:
            raise QuizError(NOT_ENOUGH_QUESTIONS) from exc
    # One read: the quiz's fixed questions in order, with whether each is retired.
    # (Ties on sort_order, as in rows saved without one, fall back to insertion.)
    fixed = QuizQuestion.objects.filter(page_id=quiz.pk).order_by("sort_order", "pk")
    paper, listed = [], set()
    for question_id, points, status in fixed.values_list(
        "question_id", "points", "question__status"
    ):
        # A question the editor added twice is asked once (a paper holds each
        # question once: the answers' unique constraint refused the start).
        if status != QuestionStatus.RETIRED and question_id not in listed:
            listed.add(question_id)
            paper.append((question_id, points))
    kept = [(qid, points) for qid, points in paper if qid not in hidden]
    if paper and not kept:
        raise QuizError(QUESTIONS_ON_OPEN_EXAM)
    return kept


class _Version(NamedTuple):
    pk: int
    qtype: str
    n_options: int


def _current_versions(question_ids) -> dict[int, _Version]:
    """Each question's current version: what a new paper freezes."""
    rows = (
        QuestionVersion.objects.filter(question_id__in=question_ids)
        .order_by("question_id", "number")
        .values_list("question_id", "pk", "qtype", "options")
    )
    # Ordered by number: the last one seen for a question is its current version.
    return {
        question_id: _Version(pk, qtype, len(options or []))
        for question_id, pk, qtype, options in rows
    }


@transaction.atomic
def attempt_create(
    *,
    title: str,
    paper: list[tuple[int, int]],
    user=None,
    session_key: str = "",
    quiz: QuizPage | None = None,
    mode: str = QuizMode.PRACTICE,
    deadline: datetime | None = None,
    shuffle_questions: bool = False,
    shuffle_options: bool = False,
    number: int = 1,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> Attempt:
    """Create an attempt with its paper: each question frozen at its current version."""
    now = now or timezone.now()
    rng = rng or random.Random()
    versions = _current_versions([qid for qid, _p in paper])
    arranged = papers.arrange(
        [
            (qid, points, versions[qid].qtype, versions[qid].n_options)
            for qid, points in paper
            if qid in versions
        ],
        rng,
        shuffle_questions=shuffle_questions,
        shuffle_options=shuffle_options,
    )
    if not arranged:
        raise QuizError(QUIZ_HAS_NO_QUESTIONS)
    attempt = Attempt(
        quiz=quiz,
        title=title,
        user=user,
        session_key=session_key,
        number=number,
        mode=mode,
        partial_credit=quiz.partial_credit if quiz else scoring.PARTIAL_NONE,
        pass_mark=quiz.pass_mark if quiz else 60,
        started_at=now,
        deadline=deadline,
        max_score=sum((Decimal(i.points) for i in arranged), Decimal(0)),
    )
    # The database checks what needs a query as it inserts: the unique constraints
    # (one open attempt, the attempt's number; a race between two starts gets past
    # a check made here anyway) and that the quiz and the person exist (in hand).
    attempt.full_clean(
        exclude=["quiz", "user"], validate_unique=False, validate_constraints=False
    )
    attempt.save()
    AttemptAnswer.objects.bulk_create(
        [
            AttemptAnswer(
                attempt=attempt,
                position=position,
                question_id=item.question_id,
                version_id=versions[item.question_id].pk,
                points=Decimal(item.points),
                option_order=item.option_order,
            )
            for position, item in enumerate(arranged, start=1)
        ]
    )
    return attempt


def attempt_start(
    *,
    quiz: QuizPage,
    user=None,
    session_key: str = "",
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> Attempt:
    """Start an attempt at ``quiz`` — or return the visitor's open one, so that a
    second click, a reload or a second device resumes the same paper."""
    now = now or timezone.now()
    owner = {"user": user} if user else {"user": None, "session_key": session_key}
    existing = _open_attempt(quiz, owner)
    if existing is not None:
        return existing
    if not quiz.is_open(now):
        raise QuizError(QUIZ_NOT_OPEN)
    if not quiz.audience_allows(user) if user else not quiz.allow_anonymous:
        raise QuizError(QUIZ_NOT_FOR_YOU)
    used = Attempt.objects.filter(quiz=quiz, **owner).aggregate(n=Max("number"))["n"]
    used = used or 0
    if quiz.attempts_allowed and used >= quiz.attempts_allowed:
        # A start at the same moment may have opened, between the read above and
        # this count, the very attempt that uses the last one up: resume it.
        existing = _open_attempt(quiz, owner)
        if existing is not None:
            return existing
        raise QuizError(NO_ATTEMPTS_LEFT)
    rng = rng or random.Random()
    paper = _paper_for(quiz, rng)
    try:
        # One transaction (attempt_create's): the attempt, then its paper's answers
        # in one INSERT.
        return attempt_create(
            title=quiz.title,
            paper=paper,
            user=user,
            session_key=session_key if not user else "",
            quiz=quiz,
            mode=quiz.mode,
            deadline=scoring.attempt_deadline(
                now, time_limit=quiz.time_limit, closes_at=quiz.closes_at
            ),
            shuffle_questions=quiz.shuffle_questions,
            shuffle_options=quiz.shuffle_options,
            number=used + 1,
            now=now,
            rng=rng,
        )
    except (IntegrityError, ValidationError):
        # Two starts at once: the "one open attempt" constraint let one win (the
        # database refuses the second insert).
        existing = _open_attempt(quiz, owner)
        if existing is None:
            raise
        return existing


def _open_attempt(quiz: QuizPage, owner: dict) -> Attempt | None:
    return Attempt.objects.filter(quiz=quiz, status=AttemptStatus.OPEN, **owner).first()


@transaction.atomic
def attempt_answer_save(
    *,
    attempt: Attempt,
    position: int,
    response,
    now: datetime | None = None,
) -> AttemptAnswer:
    """Save one answer as it is given. Refused once the attempt is submitted or its
    deadline (plus grace) has passed; what was saved before stays."""
    now = now or timezone.now()
    # Lock the attempt so that a save never lands after the grading of a submit.
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if locked.status != AttemptStatus.OPEN:
        raise QuizError(ATTEMPT_SUBMITTED)
    if not scoring.accepts_answers(now, locked.deadline, grace=grace()):
        raise QuizError(DEADLINE_PASSED)
    answer = (
        AttemptAnswer.objects.select_related("version")
        .filter(attempt=locked, position=position)
        .first()
    )
    if answer is None:
        raise QuizError(NO_SUCH_QUESTION)
    version = answer.version
    try:
        answer.response = scoring.clean_response(
            version.qtype,
            response,
            n_options=len(version.options or []),
            n_blanks=len(version.answer or []) if version.qtype == scoring.BLANK else 0,
        )
    except ValueError as exc:
        raise QuizError(BAD_RESPONSE) from exc
    answer.saved_at = now
    answer.save(update_fields=["response", "saved_at"])
    return answer


@transaction.atomic
def attempt_submit(
    *,
    attempt: Attempt,
    finalised_by: str = FinalisedBy.PERSON,
    now: datetime | None = None,
    skip_locked: bool = False,
) -> Attempt | None:
    """Grade and close an attempt, exactly once.

    The attempt row is locked; a second submit (double click, retry, the sweeper at
    the same moment) waits, then finds it submitted and returns it unchanged. With
    ``skip_locked`` (the sweeper) a locked attempt is skipped and None returned."""
    now = now or timezone.now()
    rows = Attempt.objects.select_for_update(skip_locked=skip_locked).filter(
        pk=attempt.pk
    )
    locked = rows.first()
    if locked is None:
        return None
    locked.graded_now = False
    if locked.status != AttemptStatus.OPEN:
        return locked
    locked.graded_now = True
    # One read of the paper (keys from the frozen versions), grading in memory,
    # one write of all the answers' grades: the same few statements whatever the
    # paper's length.
    paper = (
        AttemptAnswer.objects.filter(attempt=locked)
        .values_list(
            "pk",
            "question_id",
            "points",
            "response",
            "version__qtype",
            "version__answer",
        )
        .order_by("position")
    )
    graded = [
        _Graded(
            pk,
            question_id,
            scoring.grade(
                qtype, key, response, points=points, partial=locked.partial_credit
            ),
        )
        for pk, question_id, points, response, qtype, key in paper
    ]
    update_from_values(
        AttemptAnswer,
        fields=["score", "correct"],
        rows=[(g.answer_id, g.grade.score, g.grade.correct) for g in graded],
    )
    locked.score, locked.max_score = scoring.total(g.grade for g in graded)
    locked.passed = scoring.has_passed(locked.score, locked.max_score, locked.pass_mark)
    locked.status = AttemptStatus.SUBMITTED
    locked.submitted_at = (
        min(now, locked.deadline + grace()) if locked.deadline else now
    )
    locked.finalised_by = finalised_by
    locked.grading_count += 1
    locked.save(
        update_fields=[
            "score",
            "max_score",
            "passed",
            "status",
            "submitted_at",
            "finalised_by",
            "grading_count",
        ]
    )
    if locked.user_id:
        _wrong_book_record(locked.user_id, graded, now)
    return locked


class _Graded(NamedTuple):
    answer_id: int
    question_id: int
    grade: scoring.Grade


def _wrong_book_record(user_id: int, graded: list[_Graded], now: datetime) -> None:
    """Wrong answers enter the book; right ones extend the streak that lets a
    question leave it. Two statements whose arithmetic is done by the database, so
    two submits by one person at the same moment (two exams sharing a question)
    both count: nothing is read first and written back."""
    right = [g.question_id for g in graded if g.grade.correct]
    if right:
        WrongAnswer.objects.filter(user_id=user_id, question_id__in=right).update(
            right_streak=F("right_streak") + 1
        )
    wrong = [g for g in graded if not g.grade.correct]
    if wrong:
        _wrong_book_upsert(user_id, wrong, now)


def _wrong_book_upsert(user_id: int, wrong: list[_Graded], now: datetime) -> None:
    """INSERT … ON CONFLICT (user, question) DO UPDATE: a new entry counts one
    wrong answer, an existing one adds one and restarts its streak (PostgreSQL and
    SQLite 3.24+ take the same statement)."""
    opts = WrongAnswer._meta
    connection = connections[router.db_for_write(WrongAnswer)]
    quote = connection.ops.quote_name
    table = quote(opts.db_table)
    column = {name: quote(opts.get_field(name).column) for name in _WRONG_FIELDS}
    when = opts.get_field("last_wrong_at").get_db_prep_value(now, connection)
    names = ", ".join(column[name] for name in _WRONG_FIELDS)
    conflict = (
        f"ON CONFLICT ({column['user']}, {column['question']}) DO UPDATE SET "
        f"{column['times_wrong']} = {table}.{column['times_wrong']} + 1, "
        f"{column['right_streak']} = 0, "
        f"{column['last_wrong_at']} = excluded.{column['last_wrong_at']}, "
        f"{column['last_answer']} = excluded.{column['last_answer']}"
    )
    with connection.cursor() as cursor:
        # 4 parameters a row: 200 rows stay below SQLite's oldest limit of 999.
        for start in range(0, len(wrong), 200):
            chunk = wrong[start : start + 200]
            params = []
            for item in chunk:
                params += [user_id, item.question_id, when, item.answer_id]
            values = ", ".join(["(%s, %s, 1, 0, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({names}) VALUES {values} {conflict}", params
            )


_WRONG_FIELDS = (
    "user",
    "question",
    "times_wrong",
    "right_streak",
    "last_wrong_at",
    "last_answer",
)


def attempts_finalise_overdue(*, now: datetime | None = None) -> int:
    """Grade every open attempt whose deadline (plus grace) has passed, each in its
    own transaction. Safe to run twice at once: a locked attempt is left to the
    run that holds it, and a graded one is never graded again."""
    now = now or timezone.now()
    finalised = 0
    for attempt in Attempt.objects.overdue(now, grace()).only("pk").iterator():
        result = attempt_submit(
            attempt=attempt, finalised_by=FinalisedBy.SWEEPER, now=now, skip_locked=True
        )
        if result is not None and result.graded_now:
            finalised += 1
    return finalised
