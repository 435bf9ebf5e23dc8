"""The admin button: a report run goes through django-tasks and records its status."""

from datetime import date
from pathlib import Path

from django.test import TestCase, override_settings
from django.urls import reverse

from analytics import report, services
from analytics.models import ReportRun
from tests.accounts.factories import OfficerFactory, TrainerFactory
from tests.ledger.factories import ActivityFactory


class ReportRunTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.trainer = TrainerFactory()
        cls.officer = OfficerFactory()

    def test_trainer_generates_the_report_and_downloads_both_files(self):
        ActivityFactory(date=date(2025, 3, 18))
        self.client.force_login(self.trainer)
        with (
            override_settings(ANALYTICS_REPORT_ROOT=Path(self.tmp())),
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.client.post(
                reverse("analytics_report_run_create"), {"year": 2025}
            )
        self.assertRedirects(response, reverse("analytics_report_runs"))
        run = ReportRun.objects.get()
        self.assertEqual(run.status, ReportRun.Status.DONE, run.error)
        self.assertTrue(run.task_id)
        page = self.client.get(reverse("analytics_report_runs"))
        self.assertContains(page, "已完成")
        for kind, magic in (("docx", b"PK"), ("pdf", b"%PDF")):
            url = reverse("analytics_report_download", args=[run.pk, kind])
            body = b"".join(self.client.get(url).streaming_content)
            self.assertTrue(body.startswith(magic), kind)

    def test_a_year_without_records_fails_with_the_reason_shown(self):
        self.client.force_login(self.trainer)
        with (
            override_settings(ANALYTICS_REPORT_ROOT=Path(self.tmp())),
            self.captureOnCommitCallbacks(execute=True),
        ):
            self.client.post(reverse("analytics_report_run_create"), {"year": 2024})
        run = ReportRun.objects.get()
        self.assertEqual(run.status, ReportRun.Status.FAILED)
        self.assertEqual(run.error, report.NO_DATA.format(year=2024))

    def test_a_year_out_of_range_is_refused_with_the_message(self):
        self.client.force_login(self.trainer)
        response = self.client.post(
            reverse("analytics_report_run_create"), {"year": 1900}, follow=True
        )
        self.assertContains(response, services.YEAR_OUT_OF_RANGE)
        self.assertFalse(ReportRun.objects.exists())

    def test_officer_cannot_start_a_run(self):
        self.client.force_login(self.officer)
        self.client.post(reverse("analytics_report_run_create"), {"year": 2025})
        self.assertFalse(ReportRun.objects.exists())

    def tmp(self) -> str:
        import shutil
        import tempfile

        path = tempfile.mkdtemp(prefix="ha-runs-")
        self.addCleanup(shutil.rmtree, path, True)
        return path
