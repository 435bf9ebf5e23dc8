"""generate_year: a synthetic year through the command, with progress and counts."""

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from accounts.models import User
from demo import year as generator
from livestreams.models import LiveClassPage
from peer_review.models import CaseFile
from quizzes.models import Attempt, Question, QuestionStatus

YEAR = 2023


def generate(**options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    options = {"scale": 0.02, "case_files": 6, **options}
    call_command("generate_year", str(YEAR), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def counts() -> dict:
    return {
        "classes": LiveClassPage.objects.filter(slug__startswith=f"gen-{YEAR}").count(),
        "attempts": Attempt.objects.filter(submitted_at__year=YEAR).count(),
        "cases": CaseFile.objects.filter(number__contains=f"-GEN-{YEAR}-").count(),
        "officers": User.objects.filter(username__startswith="gen-officer").count(),
    }


class GenerateYearTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.out, cls.err = generate()
        cls.first = counts()

    def test_success_line_names_the_year_and_the_counts_in_chinese(self):
        self.assertIn(f"已生成{YEAR}年模拟数据", self.out)
        self.assertIn(f"执法案卷 {self.first['cases']} 卷", self.out)
        self.assertIn(f"直播课 {self.first['classes']} 期", self.out)
        self.assertEqual(self.first["cases"], 6)
        self.assertGreater(self.first["attempts"], 0)

    def test_progress_bar_goes_to_stderr_and_reaches_every_step(self):
        total = generator.steps(scale=0.02)
        self.assertIn(f"生成{YEAR}年数据", self.err)
        self.assertIn(f"{total}/{total}", self.err)
        self.assertNotIn("生成", self.out.replace("已生成", ""))

    def test_running_again_replaces_the_year_instead_of_adding_to_it(self):
        generate()
        self.assertEqual(counts(), self.first)

    def test_generated_questions_stay_retired(self):
        generated = Question.objects.filter(stem__startswith=f"【生成gen-{YEAR}")
        self.assertTrue(generated.exists())
        self.assertFalse(generated.exclude(status=QuestionStatus.RETIRED).exists())

    def test_modules_limit_what_is_generated(self):
        out, _err = generate(modules=["peer_review"])
        self.assertIn("执法案卷", out)
        self.assertNotIn("直播课", out)
        self.assertEqual(counts()["classes"], 0)

    def test_a_scale_of_zero_is_refused_in_chinese(self):
        with self.assertRaisesMessage(CommandError, "规模倍数必须大于 0"):
            generate(scale=0)
