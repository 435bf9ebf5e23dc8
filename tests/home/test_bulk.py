"""home.bulk.update_from_values: many rows, each its own values, one statement."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.bulk import update_from_values
from quizzes import services
from quizzes.factories import make_question, make_quiz
from quizzes.models import AttemptAnswer, WrongAnswer
from tests.accounts.factories import OfficerFactory


class UpdateFromValuesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.person = OfficerFactory()
        cls.questions = [make_question("judge") for _ in range(3)]
        quiz = make_quiz(cls.questions)
        cls.attempt = services.attempt_start(quiz=quiz, user=cls.person)
        cls.answers = list(cls.attempt.answers.order_by("position"))

    def grades(self):
        return [(a.score, a.correct) for a in self.attempt.answers.order_by("position")]

    def test_each_row_gets_its_own_values_in_one_statement(self):
        first, second, third = (a.pk for a in self.answers)
        rows = [(first, Decimal("1.50"), True), (third, Decimal("0.25"), False)]
        with CaptureQueriesContext(connection) as captured:
            updated = update_from_values(
                AttemptAnswer, fields=["score", "correct"], rows=rows
            )
        self.assertEqual(updated, 2)
        self.assertEqual(len(captured), 1, captured.captured_queries)
        self.assertEqual(
            self.grades(),
            [(Decimal("1.50"), True), (None, None), (Decimal("0.25"), False)],
        )

    def test_nulls_datetimes_and_foreign_keys(self):
        WrongAnswer.objects.bulk_create(
            [
                WrongAnswer(user=self.person, question=q, times_wrong=1)
                for q in self.questions
            ]
        )
        entries = list(WrongAnswer.objects.filter(user=self.person).order_by("pk"))
        when = timezone.now() - timedelta(days=3)
        update_from_values(
            WrongAnswer,
            fields=["times_wrong", "last_wrong_at", "last_answer_id"],
            rows=[
                (entries[0].pk, 4, when, self.answers[0].pk),
                (entries[1].pk, 2, None, None),
            ],
        )
        first, second, third = WrongAnswer.objects.filter(user=self.person).order_by(
            "pk"
        )
        self.assertEqual(
            (first.times_wrong, first.last_wrong_at, first.last_answer_id),
            (4, when, self.answers[0].pk),
        )
        self.assertEqual(
            (second.times_wrong, second.last_wrong_at, second.last_answer_id),
            (2, None, None),
        )
        self.assertEqual(third.times_wrong, 1)  # not listed: left alone

    def test_without_update_from_it_falls_back_to_bulk_update(self):
        rows = [(a.pk, Decimal(i), i % 2 == 0) for i, a in enumerate(self.answers)]
        with mock.patch("home.bulk._has_update_from", return_value=False):
            self.assertEqual(
                update_from_values(
                    AttemptAnswer, fields=["score", "correct"], rows=rows
                ),
                3,
            )
        self.assertEqual(
            self.grades(),
            [(Decimal(0), True), (Decimal(1), False), (Decimal(2), True)],
        )

    def test_no_rows_no_statement(self):
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(
                update_from_values(AttemptAnswer, fields=["score"], rows=[]), 0
            )
        self.assertEqual(len(captured), 0)
