"""The approver previews any exam's paper, whoever its audience is."""

from django.test import RequestFactory, TestCase

from accounts.models import EnforcementGroup
from quizzes.factories import make_question, make_quiz
from quizzes.models import QuizDrawRule
from tests.accounts.factories import CoordinatorFactory


class QuizPreviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.group = EnforcementGroup.objects.create(name="执法三组")
        cls.question = make_question(
            "judge", stem="生产经营单位应当建立安全生产责任制。"
        )
        cls.quiz = make_quiz(
            [cls.question], audience_everyone=False, audience_groups=[cls.group]
        )
        cls.coordinator = CoordinatorFactory()

    def preview(self, quiz):
        request = RequestFactory().get("/")
        request.user = self.coordinator
        response = quiz.serve_preview(request, quiz.default_preview_mode)
        return response.render().content.decode()

    def test_the_approver_outside_the_audience_sees_the_paper_and_its_answers(self):
        self.assertFalse(self.quiz.audience_allows(self.coordinator))
        html = self.preview(self.quiz)
        self.assertIn("生产经营单位应当建立安全生产责任制。", html)
        self.assertIn("答案", html)
        self.assertNotIn("您不在本次考试的参加范围内", html)

    def test_blueprint_rules_show_how_many_bank_questions_match(self):
        quiz = make_quiz([], selection="blueprint")
        QuizDrawRule.objects.create(page=quiz, qtype="judge", count=3, points=2)
        quiz.refresh_from_db()
        html = self.preview(quiz)
        self.assertIn('id="preview-rules"', html)
        self.assertIn("<td>3</td><td>1</td>", html)
        self.assertIn("题库中的题目不够", html)

    def test_a_question_added_twice_is_previewed_once_as_the_paper_asks_it(self):
        other = make_question("judge", stem="从业人员有权拒绝违章指挥。")
        quiz = make_quiz([self.question, other, self.question], points=2)
        html = self.preview(quiz)
        self.assertEqual(html.count("生产经营单位应当建立安全生产责任制。"), 1)
        self.assertIn("有 1 道题重复添加，试卷中每道题只出一次。", html)
        self.assertIn("满分 4 分", html)
