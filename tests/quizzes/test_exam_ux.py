"""What the exam pages promise a phone user (issue 15 item 1), server side: no-store
papers, a submitted paper that answers with its result, the answer card and the
confirmation in the page, 部分正确 and Chinese punctuation in the review."""

from django.test import TestCase
from django.urls import reverse

from quizzes import scoring, services
from quizzes.factories import make_question, make_quiz
from quizzes.models import ReviewPolicy
from tests.accounts.factories import OfficerFactory


class ExamPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer = OfficerFactory()
        cls.quiz = make_quiz(
            [
                make_question("multiple", answer=["A", "C"]),
                make_question("judge", answer=False),
                make_question("single"),
            ],
            partial_credit=scoring.PARTIAL_HALF,
            review_policy=ReviewPolicy.AFTER_SUBMIT,
        )

    def setUp(self):
        self.client.force_login(self.officer)
        self.attempt = services.attempt_start(quiz=self.quiz, user=self.officer)

    def url(self, name):
        return reverse(f"quizzes:{name}", args=[self.attempt.public_id])

    def test_the_paper_and_the_result_are_never_stored_by_the_browser(self):
        paper = self.client.get(self.url("attempt_take"))
        self.assertIn("no-store", paper["Cache-Control"])
        services.attempt_submit(attempt=self.attempt)
        result = self.client.get(self.url("attempt_result"))
        self.assertIn("no-store", result["Cache-Control"])

    def test_a_submitted_paper_answers_with_its_result(self):
        services.attempt_submit(attempt=self.attempt)
        self.assertRedirects(
            self.client.get(self.url("attempt_take")), self.url("attempt_result")
        )

    def test_the_paper_has_an_answer_card_flags_and_a_submit_confirmation(self):
        services.attempt_answer_save(attempt=self.attempt, position=2, response=True)
        page = self.client.get(self.url("attempt_take"))
        html = page.content.decode()
        self.assertEqual(html.count('data-jump="'), 3)
        self.assertEqual(html.count('cell cell--answered" data-jump'), 1)
        self.assertEqual(html.count('data-flag="'), 3)
        self.assertContains(page, 'id="submit-dialog"')
        self.assertContains(page, "答题卡")
        self.assertContains(page, "共 {total} 题，还有 {unanswered} 题未作答。")
        self.assertContains(page, "不足 5 分钟")
        self.assertContains(page, "不足 1 分钟")

    def test_partly_right_multiple_choice_is_partly_correct_not_wrong(self):
        services.attempt_answer_save(attempt=self.attempt, position=1, response=["A"])
        services.attempt_answer_save(attempt=self.attempt, position=2, response=True)
        services.attempt_submit(attempt=self.attempt)
        result = self.client.get(self.url("attempt_result"))
        html = result.content.decode()
        first, second = html.split('id="q2"')
        self.assertIn("部分正确", first)
        self.assertNotIn(">错误<", first)
        self.assertIn(">错误<", second)
        # Chinese punctuation: “正确答案：错”, never “正确答案: 错”.
        self.assertIn("正确答案：<strong>错</strong>", html)
        self.assertNotIn("正确答案:", html)
        self.assertNotIn("你的答案: ", html)
