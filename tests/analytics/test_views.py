"""Dashboards in the Wagtail admin: who may see them, what they serve."""

import io

from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from accounts import roles
from tests.accounts.factories import (
    CoordinatorFactory,
    EnforcementGroupFactory,
    TrainerFactory,
    UserFactory,
    WorkerFactory,
)


class DashboardPermissionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        group = EnforcementGroupFactory(name="执法一组")
        cls.trainer = TrainerFactory()
        cls.coordinator = CoordinatorFactory()
        cls.sysadmin = UserFactory(role=roles.SYSTEM_ADMIN)
        cls.worker = WorkerFactory()
        cls.officer = UserFactory(
            role=roles.ENFORCEMENT_OFFICER,
            enforcement_group=group,
            phone="13812345678",
            name='=HYPERLINK("http://x")',
        )

    def test_trainer_coordinator_and_sysadmin_see_the_dashboard(self):
        for user in (self.trainer, self.coordinator, self.sysadmin):
            self.client.force_login(user)
            response = self.client.get(reverse("analytics_dashboard"), {"year": 2025})
            self.assertEqual(response.status_code, 200, user)
            self.assertContains(response, reverse("analytics_chart", args=["peak"]))

    def test_enterprise_worker_is_refused(self):
        self.client.force_login(self.worker)
        for url in (
            reverse("analytics_dashboard"),
            reverse("analytics_chart", args=["peak"]),
            reverse("analytics_export", args=["staff"]),
            reverse("analytics_report_runs"),
        ):
            response = self.client.get(url)
            self.assertIn(response.status_code, (302, 403), url)
            self.assertNotEqual(response.get("Content-Type"), "image/png")

    def test_enforcement_officer_without_the_permission_is_refused(self):
        self.client.force_login(self.officer)
        response = self.client.get(reverse("analytics_dashboard"))
        # Wagtail turns PermissionDenied into a redirect to the admin home.
        self.assertIn(response.status_code, (302, 403))
        self.assertNotContains(response, "an-kpis", status_code=response.status_code)

    def test_chart_is_a_png_and_svg_on_request(self):
        self.client.force_login(self.trainer)
        url = reverse("analytics_chart", args=["pareto"])
        png = self.client.get(url, {"year": 2025})
        self.assertEqual(png["Content-Type"], "image/png")
        self.assertTrue(png.content.startswith(b"\x89PNG"))
        svg = self.client.get(url, {"year": 2025, "format": "svg"})
        self.assertIn(b"<svg", svg.content)

    def test_staff_export_masks_phones_and_writes_user_text_as_text(self):
        self.client.force_login(self.trainer)
        response = self.client.get(reverse("analytics_export", args=["staff"]))
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(min_row=2))
        cells = {c.value: c for row in rows for c in row}
        self.assertIn("138****5678", cells)
        self.assertNotIn("13812345678", cells)
        name = cells['=HYPERLINK("http://x")']
        self.assertEqual(name.data_type, "s")

    def test_unknown_chart_is_404(self):
        self.client.force_login(self.trainer)
        response = self.client.get(reverse("analytics_chart", args=["nope"]))
        self.assertEqual(response.status_code, 404)
