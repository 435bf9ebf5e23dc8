"""The exam surge's hot paths (issue 17): submitting and starting are a few SQL
statements whatever the paper's length, and the grades a submit writes are still
the ones scoring gives, wrong-answer book included."""

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quizzes import services
from quizzes.factories import make_question, make_quiz
from quizzes.models import Attempt, PartialCredit, WrongAnswer
from tests.accounts.factories import OfficerFactory

KINDS = ["single", "multiple", "judge", "blank", "case"]


def right_response(version):
    """The key as a person would answer it."""
    if version.qtype == "blank":
        return [accepted[0] for accepted in version.answer]
    return version.answer


def statements(captured) -> list[str]:
    """The SQL of a capture, savepoints left out (a TestCase wraps every test in a
    transaction, so the service's own transaction becomes a savepoint)."""
    return [
        q["sql"] for q in captured if "SAVEPOINT" not in q["sql"].upper().split()[:2]
    ]


class SubmitStatementsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.person = OfficerFactory()
        cls.papers = {
            n: make_quiz(
                [make_question(KINDS[i % len(KINDS)]) for i in range(n)],
                attempts_allowed=0,
            )
            for n in (5, 50)
        }

    def prepared_attempt(self, quiz) -> Attempt:
        """An attempt touching every branch of the wrong-answer book: right with an
        entry (streak grows), wrong with an entry (counted again), wrong without
        one (a new entry), right without one (nothing)."""
        attempt = services.attempt_start(quiz=quiz, user=self.person)
        answers = list(attempt.answers.select_related("version"))
        for answer in answers:
            if answer.position % 2:  # odd positions were in the book already
                WrongAnswer.objects.get_or_create(
                    user=self.person,
                    question_id=answer.question_id,
                    defaults={"times_wrong": 1, "last_wrong_at": timezone.now()},
                )
            if answer.position % 4 in (1, 2):  # half right, half left unanswered
                services.attempt_answer_save(
                    attempt=attempt,
                    position=answer.position,
                    response=right_response(answer.version),
                )
        return attempt

    def submit_statements(self, quiz) -> list[str]:
        attempt = self.prepared_attempt(quiz)
        with CaptureQueriesContext(connection) as captured:
            services.attempt_submit(attempt=attempt)
        return statements(captured)

    def test_a_submit_is_the_same_few_statements_for_5_or_50_questions(self):
        short = self.submit_statements(self.papers[5])
        long = self.submit_statements(self.papers[50])
        self.assertEqual(len(short), len(long), (short, long))
        # Locked read, paper read, answers' grades, the attempt, the book's read,
        # its insert and its update: nothing per question.
        self.assertLessEqual(len(long), 7, long)
        writes = [sql for sql in long if sql.startswith(("INSERT", "UPDATE", "WITH"))]
        self.assertEqual(len(writes), 4, writes)  # grades, attempt, book (two)

    def test_a_submit_through_http_does_not_grow_with_the_paper(self):
        self.client.force_login(self.person)
        counts = {}
        for n, quiz in self.papers.items():
            attempt = self.prepared_attempt(quiz)
            url = reverse("quizzes:attempt_submit", args=[attempt.public_id])
            with CaptureQueriesContext(connection) as captured:
                response = self.client.post(url, HTTP_ACCEPT="application/json")
            self.assertEqual(response.status_code, 200)
            self.assertTrue(response.json()["submitted"])
            counts[n] = statements(captured)
        self.assertEqual(len(counts[5]), len(counts[50]), counts)
        # The session (cache) and the user come before the view: the person's roles
        # are not read on a request within the idle limits.
        self.assertFalse(any("auth_group" in sql for sql in counts[50]), counts[50])


class StartStatementsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.papers = {
            n: make_quiz(
                [make_question(KINDS[i % len(KINDS)]) for i in range(n)],
                shuffle_questions=True,
                shuffle_options=True,
            )
            for n in (5, 50)
        }

    def test_a_start_is_two_inserts_and_does_not_grow_with_the_paper(self):
        counts = {}
        for n, quiz in self.papers.items():
            person = OfficerFactory()
            self.client.force_login(person)
            with CaptureQueriesContext(connection) as captured:
                response = self.client.post(
                    reverse("quizzes:quiz_start", args=[quiz.pk])
                )
            attempt = Attempt.objects.get(user=person, quiz=quiz)
            self.assertRedirects(
                response,
                reverse("quizzes:attempt_take", args=[attempt.public_id]),
                fetch_redirect_response=False,
            )
            self.assertEqual(attempt.answers.count(), n)
            counts[n] = statements(captured)
        self.assertEqual(len(counts[5]), len(counts[50]), counts)
        inserts = [sql for sql in counts[50] if sql.startswith("INSERT")]
        self.assertEqual(len(inserts), 2, inserts)  # the attempt, then its answers
        # The session and the user (middleware), the quiz, the person's open attempt
        # and attempts used, the paper, its versions, the two inserts.
        self.assertLessEqual(len(counts[50]), 9, counts[50])


class GradingUnchangedTests(TestCase):
    """The grades, totals and wrong-answer book a submit writes, by hand."""

    @classmethod
    def setUpTestData(cls):
        cls.person = OfficerFactory()
        cls.questions = [
            make_question("single"),  # key B
            make_question("multiple"),  # key A, C
            make_question("judge"),  # key False
            make_question("blank", answer=[["安全生产"], ["三", "3"]]),
            make_question("case"),  # key violated A, penalty B
            make_question("single"),  # left unanswered
        ]
        cls.quiz = make_quiz(
            cls.questions,
            points=2,
            attempts_allowed=0,
            partial_credit=PartialCredit.PROPORTIONAL,
        )

    def take(self, responses, *, now):
        attempt = services.attempt_start(quiz=self.quiz, user=self.person, now=now)
        for position, response in enumerate(responses, start=1):
            if response is not None:
                services.attempt_answer_save(
                    attempt=attempt, position=position, response=response, now=now
                )
        return services.attempt_submit(attempt=attempt, now=now)

    def test_scores_flags_totals_and_the_book(self):
        first_at = timezone.now()
        attempt = self.take(
            ["B", ["A"], True, ["安全生产", "5"], {"violated": "A", "penalty": "A"}],
            now=first_at,
        )
        graded = {
            a.position: (a.score, a.correct)
            for a in attempt.answers.order_by("position")
        }
        self.assertEqual(
            graded,
            {
                1: (Decimal("2.00"), True),
                2: (Decimal("1.00"), False),  # half the right letters
                3: (Decimal("0.00"), False),
                4: (Decimal("1.00"), False),  # one blank of two
                5: (Decimal("1.00"), False),  # the article, not the penalty
                6: (Decimal("0.00"), False),  # unanswered
            },
        )
        attempt.refresh_from_db()
        self.assertEqual((attempt.score, attempt.max_score), (Decimal(5), Decimal(12)))
        self.assertFalse(attempt.passed)
        self.assertEqual(attempt.grading_count, 1)
        book = {e.question_id: e for e in WrongAnswer.objects.filter(user=self.person)}
        wrong = [q.pk for q in self.questions[1:]]
        self.assertEqual(sorted(book), sorted(wrong))
        by_question = {a.question_id: a.pk for a in attempt.answers.all()}
        for question_id in wrong:
            entry = book[question_id]
            self.assertEqual((entry.times_wrong, entry.right_streak), (1, 0))
            self.assertEqual(entry.last_answer_id, by_question[question_id])
            self.assertEqual(entry.last_wrong_at, first_at)

        # Next time: the multiple-choice right (its streak grows), the judgement
        # wrong again (counted twice, its latest answer and time recorded).
        second_at = first_at + timedelta(hours=1)
        second = self.take(["B", ["C", "A"], True, None, None, None], now=second_at)
        self.assertEqual(second.score, Decimal(4))
        book = {e.question_id: e for e in WrongAnswer.objects.filter(user=self.person)}
        multiple, judge = self.questions[1].pk, self.questions[2].pk
        self.assertEqual(
            (book[multiple].times_wrong, book[multiple].right_streak), (1, 1)
        )
        self.assertEqual(book[multiple].last_wrong_at, first_at)
        self.assertEqual((book[judge].times_wrong, book[judge].right_streak), (2, 0))
        self.assertEqual(book[judge].last_wrong_at, second_at)
        self.assertEqual(
            book[judge].last_answer_id,
            second.answers.get(question_id=judge).pk,
        )
        self.assertNotIn(self.questions[0].pk, book)  # right both times


class QuestionTwiceOnOnePaperTests(TestCase):
    """An editor can add one question to an exam twice (nothing forbids it). The
    start used to fail on the answers' unique constraint (a server error): the
    paper asks the question once."""

    def test_a_question_listed_twice_is_asked_once(self):
        question, other = make_question("judge", answer=True), make_question("judge")
        quiz = make_quiz([question, other, question], time_limit_minutes=5)
        person = OfficerFactory()
        attempt = services.attempt_start(quiz=quiz, user=person)
        self.assertEqual(
            list(attempt.answers.order_by("position").values_list("question_id")),
            [(question.pk,), (other.pk,)],
        )
        services.attempt_answer_save(attempt=attempt, position=1, response=False)
        services.attempt_submit(attempt=attempt)
        attempt.refresh_from_db()
        self.assertEqual((attempt.grading_count, attempt.max_score), (1, Decimal(4)))
        entry = WrongAnswer.objects.get(user=person, question=question)
        self.assertEqual((entry.times_wrong, entry.right_streak), (1, 0))
