"""Multi-model writes of the quizzes module (views, commands, tasks and hooks call
these; each is one transaction)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quizzes import papers, scoring
from quizzes.importing import ImportResult, stem_key
from quizzes.models import (
    Attempt,
    AttemptAnswer,
    AttemptStatus,
    FinalisedBy,
    KnowledgePoint,
    Question,
    QuestionStatus,
    QuestionVersion,
    QuizMode,
    QuizPage,
    Selection,
    WrongAnswer,
)

# Messages people see (tests assert on these constants).
QUIZ_NOT_OPEN = _("This quiz is not open now.")
QUIZ_NOT_FOR_YOU = _("This quiz is not open to you.")
NO_ATTEMPTS_LEFT = _("You have used all the attempts this quiz allows.")
QUIZ_HAS_NO_QUESTIONS = _("This quiz has no questions yet.")
NOT_ENOUGH_QUESTIONS = _(
    "The question bank has too few questions for this quiz; please tell the trainer."
)
DEADLINE_PASSED = _(
    "Time is up: this answer arrived after the deadline and was not saved. "
    "Everything you saved before the deadline is kept."
)
ATTEMPT_SUBMITTED = _(
    "This attempt has already been submitted; answers can no longer change."
)
NO_SUCH_QUESTION = _("This question is not on your paper.")
BAD_RESPONSE = _("This answer is not valid for the question.")
WRONG_BOOK_EMPTY = _("Your wrong-answer book is empty: nothing to practise.")


class QuizError(Exception):
    """A refusal with a message for the person (translated)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def grace() -> timedelta:
    return timedelta(seconds=settings.QUIZZES_ANSWER_GRACE_SECONDS)


# --- the question bank -------------------------------------------------------------


def _snapshot(question: Question) -> QuestionVersion | None:
    """A new version when the text or key differs from the latest one."""
    latest = question.versions.order_by("-number").first()
    if latest is not None and latest.content == question.content():
        return None
    number = (latest.number if latest else 0) + 1
    version = QuestionVersion(question=question, number=number, **question.content())
    version.full_clean()
    version.save()
    Question.objects.filter(pk=question.pk).update(current_version=number)
    question.current_version = number
    return version


@transaction.atomic
def question_save(
    *,
    question: Question,
    knowledge_points: list[str] | None = None,
    articles: list | None = None,
) -> Question:
    """Validate and save a question; freeze a new version if its text or key
    changed. Graded answers keep pointing at the version they were graded on."""
    question.full_clean()
    question.save()
    if knowledge_points is not None:
        question.knowledge_points.set(knowledge_points_ensure(names=knowledge_points))
    if articles is not None:
        question.articles.set(articles)
    _snapshot(question)
    return question


def knowledge_points_ensure(*, names: list[str]) -> list[KnowledgePoint]:
    existing = {k.name: k for k in KnowledgePoint.objects.filter(name__in=names)}
    missing = [KnowledgePoint(name=n) for n in names if n not in existing]
    KnowledgePoint.objects.bulk_create(missing, ignore_conflicts=True)
    return list(KnowledgePoint.objects.filter(name__in=names))


@transaction.atomic
def questions_import(*, result: ImportResult) -> list[Question]:
    """Create every parsed question (a validated :class:`ImportResult` only),
    with its first version, articles and knowledge points, in bulk."""
    if not result.ok:
        raise ValueError("questions_import needs a result without errors")
    now = timezone.now()
    questions = []
    for parsed in result.questions:
        question = Question(
            qtype=parsed.qtype,
            stem=parsed.stem,
            options=parsed.options,
            answer=parsed.answer,
            explanation=parsed.explanation,
            citations=parsed.citations[:500],
            case_article=parsed.case_article,
            case_provision=parsed.case_provision,
            difficulty=parsed.difficulty,
            status=QuestionStatus.ACTIVE,
            stem_key=stem_key(parsed.stem)[:500],
            current_version=1,
        )
        question.created_at = question.updated_at = now
        questions.append(question)
    questions = Question.objects.bulk_create(questions, batch_size=1000)
    QuestionVersion.objects.bulk_create(
        [QuestionVersion(question=q, number=1, **q.content()) for q in questions],
        batch_size=1000,
    )
    _link_imported(questions, result)
    return questions


def _link_imported(questions, result: ImportResult) -> None:
    names = sorted({k for p in result.questions for k in p.knowledge_points})
    points = {k.name: k.pk for k in knowledge_points_ensure(names=names)}
    point_links, article_links = [], []
    KnowledgeLink = Question.knowledge_points.through
    ArticleLink = Question.articles.through
    for question, parsed in zip(questions, result.questions, strict=True):
        point_links += [
            KnowledgeLink(question_id=question.pk, knowledgepoint_id=points[name])
            for name in parsed.knowledge_points
        ]
        article_ids = {a.pk for a in parsed.articles}
        if parsed.case_article is not None:
            article_ids.add(parsed.case_article.pk)
        article_links += [
            ArticleLink(question_id=question.pk, article_id=pk) for pk in article_ids
        ]
    KnowledgeLink.objects.bulk_create(point_links, batch_size=2000)
    ArticleLink.objects.bulk_create(article_links, batch_size=2000)


@transaction.atomic
def questions_retire(*, questions) -> int:
    """Retire questions: they stay on past papers but are never drawn again."""
    return Question.objects.filter(pk__in=[q.pk for q in questions]).update(
        status=QuestionStatus.RETIRED, updated_at=timezone.now()
    )


# --- attempts ----------------------------------------------------------------------


def _paper_for(quiz: QuizPage, rng: random.Random) -> list[tuple[int, int]]:
    if quiz.selection == Selection.BLUEPRINT:
        rules = [
            papers.DrawRule(
                candidates=list(rule.candidates().values_list("pk", flat=True)),
                count=rule.count,
                points=rule.points,
            )
            for rule in quiz.draw_rules.all()
        ]
        try:
            return papers.draw(rules, rng)
        except papers.NotEnoughQuestions as exc:
            raise QuizError(NOT_ENOUGH_QUESTIONS) from exc
    retired = set(
        Question.objects.filter(
            pk__in=[item.question_id for item in quiz.fixed_questions.all()],
            status=QuestionStatus.RETIRED,
        ).values_list("pk", flat=True)
    )
    return [
        (item.question_id, item.points)
        for item in quiz.fixed_questions.all()
        if item.question_id not in retired
    ]


def _current_versions(question_ids) -> dict[int, QuestionVersion]:
    versions = QuestionVersion.objects.filter(question_id__in=question_ids)
    latest = {}
    for version in versions.order_by("question_id", "number"):
        latest[version.question_id] = version
    return latest


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
            (qid, points, versions[qid].qtype, len(versions[qid].options or []))
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
    attempt.full_clean()
    attempt.save()
    AttemptAnswer.objects.bulk_create(
        [
            AttemptAnswer(
                attempt=attempt,
                position=position,
                question_id=item.question_id,
                version=versions[item.question_id],
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
    existing = Attempt.objects.filter(
        quiz=quiz, status=AttemptStatus.OPEN, **owner
    ).first()
    if existing is not None:
        return existing
    if not quiz.is_open(now):
        raise QuizError(QUIZ_NOT_OPEN)
    if not quiz.audience_allows(user) if user else not quiz.allow_anonymous:
        raise QuizError(QUIZ_NOT_FOR_YOU)
    used = Attempt.objects.filter(quiz=quiz, **owner).aggregate(n=Max("number"))["n"]
    used = used or 0
    if quiz.attempts_allowed and used >= quiz.attempts_allowed:
        raise QuizError(NO_ATTEMPTS_LEFT)
    rng = rng or random.Random()
    try:
        with transaction.atomic():
            return attempt_create(
                title=quiz.title,
                paper=_paper_for(quiz, rng),
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
        # Two starts at once: the "one open attempt" constraint let one win (seen
        # by full_clean or, in a closer race, by the database itself).
        existing = Attempt.objects.filter(
            quiz=quiz, status=AttemptStatus.OPEN, **owner
        ).first()
        if existing is None:
            raise
        return existing


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
    answers = list(locked.answers.select_related("version"))
    grades = _grade_answers(answers, locked.partial_credit)
    AttemptAnswer.objects.bulk_update(answers, ["score", "correct"])
    locked.score, locked.max_score = scoring.total(grades)
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
        _wrong_book_record(locked.user_id, answers, now)
    return locked


def _grade_answers(answers, partial: str) -> list[scoring.Grade]:
    grades = []
    for answer in answers:
        result = scoring.grade(
            answer.version.qtype,
            answer.version.answer,
            answer.response,
            points=answer.points,
            partial=partial,
        )
        answer.score, answer.correct = result.score, result.correct
        grades.append(result)
    return grades


def _wrong_book_record(user_id: int, answers, now: datetime) -> None:
    """Wrong answers enter the book; right ones extend the streak that lets a
    question leave it."""
    entries = {
        e.question_id: e
        for e in WrongAnswer.objects.filter(
            user_id=user_id, question_id__in=[a.question_id for a in answers]
        )
    }
    new, changed = [], []
    for answer in answers:
        entry = entries.get(answer.question_id)
        if answer.correct:
            if entry is not None:
                entry.right_streak += 1
                changed.append(entry)
            continue
        if entry is None:
            new.append(
                WrongAnswer(
                    user_id=user_id,
                    question_id=answer.question_id,
                    times_wrong=1,
                    last_wrong_at=now,
                    last_answer=answer,
                )
            )
        else:
            entry.times_wrong += 1
            entry.right_streak = 0
            entry.last_wrong_at = now
            entry.last_answer = answer
            changed.append(entry)
    WrongAnswer.objects.bulk_create(new, ignore_conflicts=True)
    WrongAnswer.objects.bulk_update(
        changed, ["times_wrong", "right_streak", "last_wrong_at", "last_answer"]
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


# --- the wrong-answer book -----------------------------------------------------------


def wrong_book_paper_create(*, user, now: datetime | None = None) -> Attempt:
    """A practice paper from the person's wrong-answer book, topped up with other
    active questions on the articles they get wrong most."""
    size = settings.QUIZZES_WRONG_BOOK_PAPER_SIZE
    entries = WrongAnswer.objects.in_book(user).select_related("question")
    wrong = [
        e.question_id
        for e in entries.order_by("-times_wrong", "-last_wrong_at")
        if e.question.status == QuestionStatus.ACTIVE
    ][:size]
    if not wrong:
        raise QuizError(WRONG_BOOK_EMPTY)
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


# --- regrading after a key correction -------------------------------------------------


@dataclass(frozen=True)
class RegradeChange:
    attempt_id: int
    person: str
    title: str
    old_score: Decimal
    new_score: Decimal
    max_score: Decimal
    old_passed: bool | None
    new_passed: bool

    @property
    def delta(self) -> Decimal:
        return self.new_score - self.old_score


@transaction.atomic
def attempts_regrade(
    *, question: Question, dry_run: bool = True
) -> list[RegradeChange]:
    """Grade every submitted answer to ``question`` again against its current
    version. The dry run lists whose scores would change and by how much; the real
    run applies it (the answers then point at the version they were graded on)."""
    current = question.versions.order_by("-number").first()
    answers = (
        AttemptAnswer.objects.filter(
            question=question, attempt__status=AttemptStatus.SUBMITTED
        )
        .exclude(version=current)
        .select_related("attempt", "attempt__user")
        .select_for_update(of=("self",))
    )
    changes = []
    for answer in answers:
        attempt = answer.attempt
        result = scoring.grade(
            current.qtype,
            current.answer,
            answer.response,
            points=answer.points,
            partial=attempt.partial_credit,
        )
        new_score = attempt.score - (answer.score or 0) + result.score
        if new_score != attempt.score:
            changes.append(
                RegradeChange(
                    attempt.pk,
                    str(attempt.user or _("guest")),
                    attempt.title,
                    attempt.score,
                    new_score,
                    attempt.max_score,
                    attempt.passed,
                    scoring.has_passed(new_score, attempt.max_score, attempt.pass_mark),
                )
            )
        if not dry_run:
            answer.version, answer.score = current, result.score
            answer.correct = result.correct
            answer.save(update_fields=["version", "score", "correct"])
            attempt.score = new_score
            attempt.passed = scoring.has_passed(
                new_score, attempt.max_score, attempt.pass_mark
            )
            attempt.save(update_fields=["score", "passed"])
    return changes


# --- Excel import -------------------------------------------------------------------


def citation_resolvers():
    """The two lookups the importer needs, cached per cell text (a 10,000-row file
    cites the same few articles over and over)."""
    from courses.citations import to_chinese
    from courses.models import PenaltyProvision
    from courses.services import resolve_citations

    articles_cache: dict[str, tuple] = {}
    provisions_cache: dict[str, object] = {}

    def resolve_articles(text: str):
        if text not in articles_cache:
            pairs, errors = resolve_citations(text)
            articles_cache[text] = ([a for _c, a in pairs], [str(e) for e in errors])
        return articles_cache[text]

    def resolve_provision(text: str):
        if text not in provisions_cache:
            pairs, errors = resolve_citations(text)
            provision = None
            if pairs and not errors:
                citation, article = pairs[0]
                item = f"第{to_chinese(citation.item)}项" if citation.item else ""
                provision = PenaltyProvision.objects.filter(
                    article=article, item=item
                ).first()
            provisions_cache[text] = provision
        return provisions_cache[text]

    return resolve_articles, resolve_provision


def questions_file_check(*, data: bytes) -> ImportResult:
    """Read and validate a question-bank file without writing anything.
    Raises home.sheets.SheetError for a file that cannot be read at all."""
    from quizzes import importing

    records, columns = importing.read_xlsx(data)
    resolve_articles, resolve_provision = citation_resolvers()
    return importing.validate_rows(
        records,
        resolve_citations=resolve_articles,
        resolve_provision=resolve_provision,
        existing_stems=set(Question.objects.values_list("stem_key", flat=True)),
        extra_columns=[c for c in columns if c not in importing.COLUMNS],
    )


def questions_file_import(*, data: bytes, dry_run: bool = False) -> ImportResult:
    """Validate a file and, when every row is valid and this is not a dry run,
    import all of it (all or nothing)."""
    result = questions_file_check(data=data)
    if result.ok and not dry_run:
        questions_import(result=result)
    return result


def questions_export_rows(questions) -> list[dict[str, str]]:
    """Questions as rows of the import layout (what the export writes)."""
    from quizzes.importing import NAME_BY_TYPE, OPTION_COLUMNS

    rows = []
    for q in questions.prefetch_related("knowledge_points"):
        row = {
            "题型": NAME_BY_TYPE[q.qtype],
            "题干": q.stem,
            "答案": _answer_cell(q.qtype, q.answer),
            "解析": q.explanation,
            "知识点": "、".join(k.name for k in q.knowledge_points.all()),
            "法规条款": q.citations,
            "难度": str(q.difficulty),
        }
        row.update(zip(OPTION_COLUMNS, q.options or [], strict=False))
        rows.append(row)
    return rows


def _answer_cell(qtype: str, answer) -> str:
    if qtype == scoring.JUDGE:
        return "对" if answer else "错"
    if qtype == scoring.MULTIPLE:
        return "、".join(answer or [])
    if qtype == scoring.BLANK:
        return "；".join("|".join(accepted) for accepted in answer or [])
    if qtype == scoring.CASE:
        return f"{answer.get('violated', '')}；{answer.get('penalty', '')}"
    return str(answer or "")


ARTICLE_HAS_NO_QUESTIONS = _("There are no questions on this article yet.")


def article_practice_create(*, user, article, now: datetime | None = None) -> Attempt:
    """A practice paper on one article (the drill peer review links to for an
    article a group lost points on): its active questions, options shuffled."""
    size = settings.QUIZZES_WRONG_BOOK_PAPER_SIZE
    ids = list(
        Question.objects.active()
        .filter(articles=article)
        .order_by("?")
        .values_list("pk", flat=True)[:size]
    )
    if not ids:
        raise QuizError(ARTICLE_HAS_NO_QUESTIONS)
    return attempt_create(
        title=f"{_('Article practice')}：{article.label}",
        paper=[(qid, 1) for qid in ids],
        user=user,
        mode=QuizMode.PRACTICE,
        shuffle_options=True,
        number=Attempt.objects.filter(user=user, quiz=None).count() + 1,
        now=now,
    )
