"""Issue 13: the question bank imports as a background task (django-tasks) with
a progress page; every bad row is named on the result; all or nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from demo.courses import seed_law_spine
from home.models import ImportJob
from quizzes import importing, services, tasks
from quizzes.models import Question
from tests.accounts.factories import TrainerFactory

from .test_bank import BAD_ROWS, GOOD_ROWS, row


def many_questions(count: int) -> list[dict]:
    return [
        row(题型="判断", 题干=f"第{n}题：特种作业人员须持证上岗。", 答案="对")
        for n in range(count)
    ]


class ImportJobTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        cls.trainer = TrainerFactory()

    def setUp(self):
        self.client.force_login(self.trainer)

    def upload(self, rows, **extra):
        data = importing.write_xlsx(rows)
        return self.client.post(
            reverse("quizzes_import"),
            {"file": SimpleUploadedFile("题库.xlsx", data), **extra},
        )

    def test_the_import_pages_are_titled_for_the_import_not_home(self):
        """The slim header shows the last breadcrumb: 导入题目, under the bank."""
        page = self.client.get(reverse("quizzes_import"))
        trail = page.context["breadcrumbs_items"]
        self.assertEqual(str(trail[-1]["label"]), "导入题目")
        bank = reverse("wagtailsnippets_quizzes_question:list")
        self.assertEqual(trail[-2]["url"], bank)
        self.upload(GOOD_ROWS, dry_run="on")
        job = ImportJob.objects.latest("pk")
        page = self.client.get(reverse("quizzes_import_job", args=[job.pk]))
        trail = [item["label"] for item in page.context["breadcrumbs_items"]]
        self.assertEqual(str(trail[-1]), "导入题目")

    def test_an_upload_becomes_a_job_and_its_page_shows_the_import(self):
        response = self.upload(GOOD_ROWS)
        job = ImportJob.objects.get()
        self.assertRedirects(response, reverse("quizzes_import_job", args=[job.pk]))
        self.assertEqual(job.status, ImportJob.Status.DONE)
        self.assertEqual((job.imported, job.processed, job.total), (2, 2, 2))
        self.assertEqual(job.data, b"")  # the file is not kept once read
        self.assertEqual(Question.objects.count(), 2)
        page = self.client.get(response["Location"])
        self.assertContains(page, "已导入 2 道题")
        self.assertNotContains(page, 'http-equiv="refresh"')

    def test_every_bad_row_is_named_and_nothing_is_imported(self):
        self.upload(BAD_ROWS)
        job = ImportJob.objects.get()
        self.assertEqual(Question.objects.count(), 0)
        self.assertEqual([e["row"] for e in job.errors], [4, 5, 6, 7, 8])
        page = self.client.get(reverse("quizzes_import_job", args=[job.pk]))
        self.assertContains(page, "发现 5 处问题")
        for number in (4, 5, 6, 7, 8):
            self.assertContains(page, f"<td>{number}</td>", html=False)
        self.assertContains(page, "未知题型“简答”")

    def test_a_check_only_job_writes_nothing(self):
        self.upload(GOOD_ROWS, dry_run="on")
        job = ImportJob.objects.get()
        self.assertEqual((job.valid, job.imported), (2, 0))
        self.assertEqual(Question.objects.count(), 0)
        page = self.client.get(reverse("quizzes_import_job", args=[job.pk]))
        self.assertContains(page, "可导入 2 道题")

    def test_progress_is_recorded_while_rows_are_checked(self):
        seen = []
        original = ImportJob.report_progress

        def spy(job, processed, total=None):
            seen.append((processed, total))
            original(job, processed, total)

        ImportJob.report_progress = spy
        try:
            self.upload(many_questions(450))
        finally:
            ImportJob.report_progress = original
        self.assertEqual(seen, [(0, 450), (200, None), (400, None)])
        self.assertEqual(Question.objects.count(), 450)

    def test_the_page_of_a_running_job_shows_progress_and_refreshes(self):
        job = ImportJob.objects.create(
            kind="questions",
            created_by=self.trainer,
            status=ImportJob.Status.RUNNING,
            total=1000,
            processed=400,
        )
        page = self.client.get(reverse("quizzes_import_job", args=[job.pk]))
        self.assertContains(page, 'value="40"')
        self.assertContains(page, "已检查 400 / 1000 行")
        self.assertContains(page, 'http-equiv="refresh"')

    def test_someone_elses_job_is_not_shown(self):
        job = ImportJob.objects.create(kind="questions", created_by=TrainerFactory())
        page = self.client.get(reverse("quizzes_import_job", args=[job.pk]))
        self.assertEqual(page.status_code, 404)

    def test_a_crashing_task_ends_the_job_with_a_message(self):
        job = ImportJob.objects.create(
            kind="questions", created_by=self.trainer, data=b"PK"
        )
        original = services.questions_import_job_run

        def crash(**kwargs):
            raise RuntimeError("database gone")

        services.questions_import_job_run = crash
        try:
            with self.assertRaises(RuntimeError):
                tasks.import_questions.call(job_id=job.pk)
        finally:
            services.questions_import_job_run = original
        job.refresh_from_db()
        self.assertEqual(job.status, ImportJob.Status.FAILED)
        page = self.client.get(reverse("quizzes_import_job", args=[job.pk]))
        self.assertContains(page, tasks.E_IMPORT_CRASHED)

    def test_a_file_that_fails_in_the_task_is_reported_on_the_job(self):
        # Passes the cheap container checks, but the sheet lacks 题干.
        data = importing.write_xlsx(GOOD_ROWS, columns=["题型", "答案"])
        self.client.post(
            reverse("quizzes_import"),
            {"file": SimpleUploadedFile("x.xlsx", data)},
        )
        job = ImportJob.objects.get()
        self.assertEqual(job.status, ImportJob.Status.FAILED)
        self.assertIn("缺少必需的列：题干", job.file_error)
