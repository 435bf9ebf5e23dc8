"""The question bank: versions, Excel import (command and admin page), export,
admin listing (Chinese search, filters, bulk retire), regrade, permissions."""

import io
from decimal import Decimal
from io import StringIO

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from accounts import roles
from demo.courses import seed_law_spine
from quizzes import importing, services
from quizzes.factories import make_question, make_quiz
from quizzes.models import Attempt, Question, QuestionStatus, QuestionVersion
from tests.accounts.factories import OfficerFactory, TrainerFactory, UserFactory
from tests.home.test_templates import unmark_examples


def xlsx(rows) -> bytes:
    return importing.write_xlsx(rows)


def row(**cells):
    return {**dict.fromkeys(importing.COLUMNS, ""), **cells}


GOOD_ROWS = [
    row(
        题型="单选",
        题干="特种作业人员上岗前必须（ ）。",
        选项A="取得相应资格",
        选项B="工作满一年",
        答案="A",
        知识点="特种作业",
        法规条款="《中华人民共和国安全生产法》第三十条",
        难度="2",
    ),
    row(
        题型="案例分析",
        题干="某公司安排未经培训的新员工上岗，请选择违反条款和处罚依据。",
        选项A="《安全生产法》第二十八条",
        选项B="《安全生产法》第九十七条第三项",
        答案="A；B",
        法规条款="《安全生产法》第二十八条",
    ),
]

BAD_ROWS = [
    *GOOD_ROWS,
    row(题型="简答", 题干="什么是安全？", 答案="略"),
    row(题型="单选", 题干="题目甲", 选项A="甲", 选项B="乙", 答案="E"),
    row(题型="判断", 题干="题目乙", 答案="是"),
    row(题型="判断", 题干="题目丙", 答案="对", 法规条款="《安全生产法》第九百条"),
    row(题型="单选", 题干="", 选项A="甲", 选项B="乙", 答案="A"),
]


class ImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        cls.trainer = TrainerFactory()

    def write(self, rows, tmp_name="bank.xlsx"):
        import tempfile
        from pathlib import Path

        path = Path(tempfile.mkdtemp()) / tmp_name
        path.write_bytes(xlsx(rows))
        return path

    def test_command_imports_a_valid_file_with_articles_and_case_links(self):
        out = StringIO()
        call_command("import_questions", str(self.write(GOOD_ROWS)), stdout=out)
        self.assertIn("已导入 2 道题", out.getvalue())
        single = Question.objects.get(qtype="single")
        self.assertEqual([a.key for a in single.articles.all()], ["aqsc-fa-2021-30"])
        self.assertEqual(single.versions.get().answer, "A")
        case = Question.objects.get(qtype="case")
        self.assertEqual(case.case_article.key, "aqsc-fa-2021-28")
        self.assertEqual(case.case_provision.item, "第三项")
        self.assertEqual(case.case_provision.article.number, 97)

    def test_dry_run_writes_nothing(self):
        out = StringIO()
        call_command(
            "import_questions", str(self.write(GOOD_ROWS)), "--dry-run", stdout=out
        )
        self.assertIn("检查通过：2 道题", out.getvalue())
        self.assertFalse(Question.objects.exists())

    def test_broken_file_lists_every_bad_row_exits_non_zero_and_imports_nothing(self):
        err = StringIO()
        with self.assertRaises(CommandError) as info:
            call_command("import_questions", str(self.write(BAD_ROWS)), stderr=err)
        self.assertIn("5 处错误", str(info.exception))
        lines = err.getvalue().splitlines()
        self.assertEqual(
            [line.split("」")[0] for line in lines],
            [
                "第4行「题型",
                "第5行「答案",
                "第6行「答案",
                "第7行「法规条款",
                "第8行「题干",
            ],
        )
        self.assertIn("第九百条", lines[3])
        self.assertFalse(Question.objects.exists())

    def test_stem_already_in_the_bank_is_a_row_error(self):
        call_command(
            "import_questions", str(self.write(GOOD_ROWS[:1])), stdout=StringIO()
        )
        err = StringIO()
        with self.assertRaises(CommandError):
            call_command("import_questions", str(self.write(GOOD_ROWS)), stderr=err)
        self.assertIn(importing.E_DUPLICATE_IN_BANK, err.getvalue())
        self.assertEqual(Question.objects.count(), 1)

    def test_hostile_or_wrong_files_get_a_clear_error(self):
        import tempfile
        from pathlib import Path

        path = Path(tempfile.mkdtemp()) / "fake.xlsx"
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
        with self.assertRaises(CommandError) as info:
            call_command("import_questions", str(path))
        self.assertEqual(str(info.exception), importing.F_ENCRYPTED)

    def test_admin_upload_page_reports_rows_and_imports_all_or_nothing(self):
        self.client.force_login(self.trainer)
        url = reverse("quizzes_import")
        bad = self.client.post(
            url,
            {"file": SimpleUploadedFile("bad.xlsx", xlsx(BAD_ROWS))},
            follow=True,
        )
        self.assertContains(bad, "未知题型“简答”")
        self.assertContains(bad, "<td>8</td>", html=False)
        self.assertFalse(Question.objects.exists())
        not_excel = self.client.post(
            url, {"file": SimpleUploadedFile("x.xlsx", b"just text")}
        )
        self.assertContains(not_excel, importing.F_NOT_XLSX)
        good = self.client.post(
            url, {"file": SimpleUploadedFile("good.xlsx", xlsx(GOOD_ROWS))}
        )
        self.assertEqual(good.status_code, 302)
        self.assertEqual(Question.objects.count(), 2)
        self.assertContains(self.client.get(good["Location"]), "已导入 2 道题")

    def test_the_import_form_imports_by_default_and_a_check_says_so(self):
        self.client.force_login(self.trainer)
        url = reverse("quizzes_import")
        self.assertFalse(self.client.get(url).context["form"]["dry_run"].value())
        upload = SimpleUploadedFile("good.xlsx", xlsx(GOOD_ROWS))
        checked = self.client.post(url, {"file": upload, "dry_run": "on"}, follow=True)
        self.assertContains(checked, "这只是检查，尚未导入任何题目。")
        self.assertContains(checked, 'id="import-check-only"')
        self.assertFalse(Question.objects.exists())

    def test_template_downloads_and_validates(self):
        self.client.force_login(self.trainer)
        response = self.client.get(reverse("quizzes_import_template"))
        self.assertEqual(response.status_code, 200)
        with self.assertRaisesMessage(Exception, "只有示例行"):
            services.questions_file_check(data=response.content)
        unmarked = unmark_examples(response.content)
        result = services.questions_file_check(data=unmarked)
        self.assertTrue(result.ok, [str(e) for e in result.errors])
        self.assertEqual(len(result.questions), 5)

    def test_officers_cannot_import(self):
        self.client.force_login(OfficerFactory())
        response = self.client.get(reverse("quizzes_import"))
        # Wagtail turns PermissionDenied in the admin into a redirect home.
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], reverse("wagtailadmin_home"))
        self.assertEqual(
            self.client.get(reverse("quizzes_import_template")).status_code, 302
        )

    def test_export_round_trips_and_writes_formula_like_text_as_text(self):
        make_question("judge", stem="=1+1 是公式吗？", explanation="@提示")
        make_question("blank", stem="未经培训____上岗", answer=[["不得", "不准"]])
        self.client.force_login(self.trainer)
        response = self.client.get(reverse("quizzes_export"))
        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = {c.value: c for c in sheet["B"][1:]}
        self.assertEqual(cells["=1+1 是公式吗？"].data_type, "s")
        records, _columns = importing.read_xlsx(response.content)
        answers = {r["题干"]: r["答案"] for _row, r in records}
        self.assertEqual(answers["未经培训____上岗"], "不得|不准")


class VersionAndRegradeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.question = make_question("single", answer="B")
        cls.quiz = make_quiz([cls.question, make_question("judge")], attempts_allowed=0)
        cls.people = [OfficerFactory(name=f"考生{i}") for i in range(3)]
        for person, choice in zip(cls.people, ["A", "B", "C"], strict=True):
            attempt = services.attempt_start(quiz=cls.quiz, user=person)
            services.attempt_answer_save(attempt=attempt, position=1, response=choice)
            services.attempt_submit(attempt=attempt)

    def test_versions_are_immutable_and_only_made_on_change(self):
        version = self.question.versions.get()
        version.stem = "changed"
        with self.assertRaises(ValidationError):
            version.save()
        services.question_save(question=self.question)  # nothing changed
        self.assertEqual(self.question.versions.count(), 1)

    def test_dry_run_lists_whose_scores_change_and_the_real_run_applies_it(self):
        self.question.answer = "A"
        services.question_save(question=self.question)
        self.assertEqual(self.question.current_version, 2)
        changes = services.attempts_regrade(question=self.question, dry_run=True)
        by_person = {c.person: c.delta for c in changes}
        self.assertEqual(by_person, {"考生0": Decimal(2), "考生1": Decimal(-2)})
        self.assertEqual(
            Attempt.objects.get(user=self.people[0]).score, Decimal(0)
        )  # dry run changed nothing
        services.attempts_regrade(question=self.question, dry_run=False)
        self.assertEqual(Attempt.objects.get(user=self.people[0]).score, Decimal(2))
        answer = Attempt.objects.get(user=self.people[1]).answers.get(position=1)
        self.assertEqual(answer.version.number, 2)
        self.assertEqual(services.attempts_regrade(question=self.question), [])

    def test_admin_regrade_page_shows_the_dry_run(self):
        self.question.answer = "C"
        services.question_save(question=self.question)
        self.client.force_login(TrainerFactory())
        page = self.client.get(reverse("quizzes_regrade", args=[self.question.pk]))
        self.assertContains(page, "考生2")
        self.assertContains(page, "考生1")
        self.client.post(reverse("quizzes_regrade", args=[self.question.pk]))
        self.assertEqual(Attempt.objects.get(user=self.people[2]).score, Decimal(2))


class AdminListingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.trainer = TrainerFactory()
        cls.training = make_question(
            "judge", stem="未经安全生产教育和培训合格的从业人员不得上岗作业。"
        )
        cls.signs = make_question("judge", stem="危险场所应当设置明显的安全警示标志。")
        cls.hard = make_question("single", difficulty=5, stem="较难的题目：____")

    def setUp(self):
        self.client.force_login(self.trainer)
        self.url = reverse("wagtailsnippets_quizzes_question:list")

    def test_chinese_search_matches_every_segmented_word(self):
        response = self.client.get(self.url, {"q": "培训 从业人员"})
        self.assertContains(response, "未经安全生产教育和培训合格")
        self.assertNotContains(response, "安全警示标志")
        response = self.client.get(self.url, {"q": "警示标志"})
        self.assertContains(response, "安全警示标志")
        self.assertNotContains(response, "未经安全生产教育")

    def test_the_bank_opens_on_questions_in_use_and_lists_retired_on_request(self):
        retired = make_question("judge", stem="已经停用的旧题目。")
        retired.status = QuestionStatus.RETIRED
        retired.save()
        response = self.client.get(self.url)
        self.assertContains(response, "安全警示标志")
        self.assertNotContains(response, "已经停用的旧题目")
        response = self.client.get(self.url, {"status": "retired"})
        self.assertContains(response, "已经停用的旧题目")
        self.assertNotContains(response, "安全警示标志")

    def test_filter_by_difficulty(self):
        response = self.client.get(self.url, {"difficulty": "5"})
        self.assertContains(response, "较难的题目")
        self.assertNotContains(response, "安全警示标志")

    def test_bulk_retire(self):
        url = (
            reverse("wagtail_bulk_action", args=["quizzes", "question", "retire"])
            + f"?id={self.training.pk}&id={self.signs.pk}"
        )
        self.assertEqual(self.client.get(url).status_code, 200)
        self.client.post(url)
        statuses = set(
            Question.objects.filter(
                pk__in=[self.training.pk, self.signs.pk]
            ).values_list("status", flat=True)
        )
        self.assertEqual(statuses, {QuestionStatus.RETIRED})
        self.assertEqual(
            Question.objects.get(pk=self.hard.pk).status, QuestionStatus.ACTIVE
        )

    def test_admin_edit_makes_a_new_version(self):
        edit = reverse("wagtailsnippets_quizzes_question:edit", args=[self.signs.pk])
        form = self.client.get(edit).context["form"]
        data = {k: v for k, v in form.initial.items() if v is not None}
        data.update(
            {
                "stem": "危险场所和设备上应当设置明显的安全警示标志。",
                "options": "[]",
                "answer": "true",
                "knowledge_points": [],
                "articles": [],
            }
        )
        response = self.client.post(edit, data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        self.assertEqual(
            list(
                QuestionVersion.objects.filter(question=self.signs).values_list(
                    "number", "answer"
                )
            ),
            [(1, False), (2, True)],
        )


def test_trainers_get_the_question_bank_permissions(db):
    trainer_perms = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=roles.TRAINER).permissions.all()
    }
    assert {"quizzes.add_question", "quizzes.change_question"} <= trainer_perms
    officer = UserFactory(role=roles.ENFORCEMENT_OFFICER)
    assert not officer.has_perm("quizzes.add_question")


class EditPageTests(TestCase):
    def test_question_edit_page_links_to_the_regrade_dry_run(self):
        question = make_question("judge")
        self.client.force_login(TrainerFactory())
        page = self.client.get(
            reverse("wagtailsnippets_quizzes_question:edit", args=[question.pk])
        )
        self.assertContains(page, reverse("quizzes_regrade", args=[question.pk]))
