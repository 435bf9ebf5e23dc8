"""Exam keys never leak: practice never draws a question that sits on a quiz not
yet closed that keeps its key secret, and the result page follows the quiz's review
option (immediately / after the quiz closes, the default / never)."""

import random
from datetime import timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from courses.models import Article
from demo.courses import seed_law_spine
from quizzes import services
from quizzes.factories import make_question, make_quiz
from quizzes.models import (
    Attempt,
    QuizDrawRule,
    QuizMode,
    QuizPage,
    ReviewPolicy,
    Selection,
)
from tests.accounts.factories import OfficerFactory, WorkerFactory

SECRET = "考试解析不可外泄"


def submit_all(attempt, response=True):
    """Answer every (judge) question with ``response``: the factory's key is False."""
    for answer in attempt.answers.all():
        services.attempt_answer_save(
            attempt=attempt, position=answer.position, response=response
        )
    return services.attempt_submit(attempt=attempt)


class PracticeNeverDrawsOpenExamQuestionsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        cls.article = Article.objects.get(key="aqsc-fa-2021-28")
        cls.on_exam = [
            make_question("judge", articles=[cls.article], explanation=SECRET)
            for _ in range(3)
        ]
        cls.free = make_question("judge", articles=[cls.article])
        cls.exam = make_quiz(cls.on_exam)  # an exam, open for a week
        cls.worker = WorkerFactory()

    def practice_url(self):
        return reverse("quizzes:drill_for_article", args=[self.article.pk])

    def test_article_practice_leaves_out_the_open_exams_questions(self):
        self.client.force_login(self.worker)
        page = self.client.get(self.practice_url())
        self.assertEqual(page.context["count"], 1)
        self.client.post(self.practice_url())
        attempt = Attempt.objects.get(user=self.worker)
        self.assertEqual(
            list(attempt.answers.values_list("question_id", flat=True)),
            [self.free.pk],
        )
        submit_all(attempt)
        result = self.client.get(
            reverse("quizzes:attempt_result", args=[attempt.public_id])
        )
        self.assertNotContains(result, SECRET)

    def test_only_exam_questions_on_the_article_gives_a_chinese_refusal(self):
        self.free.status = "retired"
        self.free.save()
        self.client.force_login(self.worker)
        page = self.client.get(self.practice_url())
        self.assertContains(page, "考试结束后再练习")
        response = self.client.post(self.practice_url(), follow=True)
        self.assertContains(response, "考试结束后再练习")
        self.assertFalse(Attempt.objects.filter(user=self.worker).exists())

    def test_after_the_exam_closes_its_questions_are_practised_again(self):
        QuizPage.objects.filter(pk=self.exam.pk).update(
            closes_at=timezone.now() - timedelta(minutes=1)
        )
        attempt = services.article_practice_create(
            user=self.worker, article=self.article
        )
        self.assertEqual(attempt.answers.count(), 4)

    def test_an_exam_that_opens_later_is_protected_too(self):
        QuizPage.objects.filter(pk=self.exam.pk).update(
            opens_at=timezone.now() + timedelta(days=1)
        )
        attempt = services.article_practice_create(
            user=self.worker, article=self.article
        )
        self.assertEqual(attempt.answers.count(), 1)

    def test_an_unpublished_exam_protects_nothing(self):
        self.exam.unpublish()
        attempt = services.article_practice_create(
            user=self.worker, article=self.article
        )
        self.assertEqual(attempt.answers.count(), 4)

    def test_practice_quiz_page_drops_open_exam_questions(self):
        practice = make_quiz(
            [*self.on_exam, self.free],
            mode=QuizMode.PRACTICE,
            review_policy=ReviewPolicy.AFTER_SUBMIT,
            attempts_allowed=0,
        )
        attempt = services.attempt_start(quiz=practice, user=self.worker)
        self.assertEqual(
            list(attempt.answers.values_list("question_id", flat=True)),
            [self.free.pk],
        )

    def test_wrong_book_paper_leaves_out_the_open_exams_questions(self):
        # Got them wrong on a practice quiz before the exam was set.
        practice = make_quiz(
            [*self.on_exam, self.free],
            mode=QuizMode.PRACTICE,
            review_policy=ReviewPolicy.AFTER_SUBMIT,
        )
        self.exam.unpublish()
        submit_all(services.attempt_start(quiz=practice, user=self.worker))
        self.exam.save_revision().publish()
        attempt = services.wrong_book_paper_create(user=self.worker)
        self.assertEqual(
            list(attempt.answers.values_list("question_id", flat=True)),
            [self.free.pk],
        )

    def test_a_practice_result_made_before_the_exam_withholds_its_key(self):
        practice = make_quiz(
            [*self.on_exam], mode=QuizMode.PRACTICE, review_policy="after_submit"
        )
        self.exam.unpublish()
        attempt = services.attempt_start(quiz=practice, user=self.worker)
        self.exam.save_revision().publish()
        submit_all(attempt)
        self.client.force_login(self.worker)
        result = self.client.get(
            reverse("quizzes:attempt_result", args=[attempt.public_id])
        )
        self.assertNotContains(result, SECRET)
        self.assertContains(result, "答案和解析将在该考试结束后显示")


class BlueprintExamQuestionsTests(TestCase):
    def test_questions_drawn_onto_an_exam_paper_stay_out_of_practice(self):
        pool = [make_question("judge") for _ in range(6)]
        exam = make_quiz([], selection=Selection.BLUEPRINT, attempts_allowed=0)
        QuizDrawRule.objects.create(page=exam, qtype="judge", count=3, points=1)
        exam = QuizPage.objects.get(pk=exam.pk)
        drawn = services.attempt_start(
            quiz=exam, user=OfficerFactory(), rng=random.Random(1)
        )
        on_paper = set(drawn.answers.values_list("question_id", flat=True))
        practice = make_quiz(
            pool,
            mode=QuizMode.PRACTICE,
            review_policy=ReviewPolicy.AFTER_SUBMIT,
            attempts_allowed=0,
        )
        attempt = services.attempt_start(quiz=practice, user=WorkerFactory())
        practised = set(attempt.answers.values_list("question_id", flat=True))
        self.assertEqual(practised, {q.pk for q in pool} - on_paper)


class ReviewOptionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.question = make_question("judge", answer=True, explanation=SECRET)
        cls.officer = OfficerFactory()

    def result_after_submit(self, **fields):
        quiz = make_quiz([self.question], attempts_allowed=2, **fields)
        self.client.force_login(self.officer)
        attempt = services.attempt_start(quiz=quiz, user=self.officer)
        response = self.client.post(
            reverse("quizzes:attempt_submit", args=[attempt.public_id]), follow=True
        )
        self.assertContains(response, "分")
        return quiz, attempt, response

    def test_default_is_after_close_and_hides_the_key_while_open(self):
        self.assertEqual(QuizPage().review_policy, ReviewPolicy.AFTER_CLOSE)
        quiz, attempt, response = self.result_after_submit()
        self.assertNotContains(response, SECRET)
        self.assertNotContains(response, "正确答案")
        self.assertContains(response, "答案与解析将于考试截止（")
        QuizPage.objects.filter(pk=quiz.pk).update(
            closes_at=timezone.now() - timedelta(seconds=1)
        )
        later = self.client.get(
            reverse("quizzes:attempt_result", args=[attempt.public_id])
        )
        self.assertContains(later, SECRET)

    def test_immediately_shows_the_key_after_submitting(self):
        _quiz, _attempt, response = self.result_after_submit(
            review_policy=ReviewPolicy.AFTER_SUBMIT
        )
        self.assertContains(response, SECRET)

    def test_never_shows_only_the_score_even_after_close(self):
        quiz, attempt, response = self.result_after_submit(
            review_policy=ReviewPolicy.SCORE_ONLY
        )
        self.assertNotContains(response, SECRET)
        QuizPage.objects.filter(pk=quiz.pk).update(
            closes_at=timezone.now() - timedelta(seconds=1)
        )
        later = self.client.get(
            reverse("quizzes:attempt_result", args=[attempt.public_id])
        )
        self.assertNotContains(later, SECRET)

    def test_after_close_without_a_closing_time_never_shows(self):
        _quiz, _attempt, response = self.result_after_submit(closes_at=None)
        self.assertNotContains(response, SECRET)
