"""The public list, a person's own hours, and the trainer's admin views."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pandas as pd
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from accounts.models import Industry, RiskTier
from courses.models import Article
from demo.courses import seed_law_spine
from ledger.importer import COLUMNS, EXAMPLE_ROW
from ledger.models import Activity, WarningLetter
from tests.accounts.factories import (
    EnforcementGroupFactory,
    EnterpriseFactory,
    OfficerFactory,
    TrainerFactory,
)
from tests.ledger.factories import (
    ActivityFactory,
    ResponsibilityItemFactory,
    ResponsibilityListFactory,
    TrainingSessionFactory,
)


class PublicListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.lst = ResponsibilityListFactory(year=2025)
        cls.done = ResponsibilityItemFactory(
            responsibility_list=cls.lst, number=1, method="=送法进企专场"
        )
        cls.open = ResponsibilityItemFactory(
            responsibility_list=cls.lst, number=2, planned_count=2
        )
        cls.todo = ResponsibilityItemFactory(responsibility_list=cls.lst, number=3)
        ActivityFactory(title="化工园区送法进企").items.add(cls.done, cls.open)
        ResponsibilityListFactory(year=2026, is_published=False)

    def test_anyone_reads_each_item_with_its_status(self):
        response = self.client.get(reverse("ledger:pufa_list", args=[2025]))
        self.assertContains(response, "2025年度普法责任清单")
        statuses = [
            (item.number, item.get_status_display())
            for item in response.context["items"]
        ]
        self.assertEqual(statuses, [(1, "已完成"), (2, "进行中"), (3, "未开始")])
        self.assertContains(response, 'data-item="1" data-status="done"')
        # Chinese punctuation (issue 15): “共 3 项，已完成 1 项”, not “共 3 项, …”.
        self.assertContains(response, "共 3 项，已完成 1 项")
        self.assertContains(response, "化工园区送法进企")
        self.assertContains(response, 'name="viewport"')

    def test_unpublished_list_is_not_shown_and_latest_redirects(self):
        self.assertEqual(self.client.get("/pufa/2026/").status_code, 404)
        self.assertRedirects(self.client.get("/pufa/"), "/pufa/2025/")

    def test_excel_export_has_each_item_status_and_no_formulas(self):
        response = self.client.get(reverse("ledger:pufa_list_xlsx", args=[2025]))
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        title, *rows = list(sheet.iter_rows(values_only=True))
        self.assertIn("制表日期", title[0])
        self.assertIn("2025年", title[0])
        self.assertEqual(sheet.freeze_panes, "A3")
        self.assertEqual(rows[0][0], "序号")
        self.assertEqual([r[7] for r in rows[1:]], ["已完成", "进行中", "未开始"])
        self.assertEqual(rows[1][4], "=送法进企专场")  # text, with no visible quote
        self.assertEqual(sheet.cell(row=3, column=5).data_type, "s")
        frame = pd.read_excel(io.BytesIO(response.content), header=1)
        self.assertEqual(list(frame["状态"]), ["已完成", "进行中", "未开始"])
        self.assertIn("filename*=UTF-8''", response["Content-Disposition"])


class MyStudyHoursTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer = OfficerFactory(name="张执法")
        TrainingSessionFactory(
            title="执法大讲堂", hours=Decimal("3"), date=dt.date(2025, 3, 20)
        ).attendees.add(cls.officer)

    def test_login_is_required(self):
        response = self.client.get(reverse("ledger:my_study_hours"))
        self.assertEqual(response.status_code, 302)

    def test_staff_member_sees_own_offline_hours_and_shortfall(self):
        self.client.force_login(self.officer)
        response = self.client.get(reverse("ledger:my_study_hours"), {"year": 2025})
        self.assertEqual(response.context["hours"].total, Decimal(3))
        self.assertContains(response, "执法大讲堂")
        self.assertContains(response, "还差 37 学时")


class AdminViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.trainer = TrainerFactory()
        group = EnforcementGroupFactory(name="执法一组")
        cls.officer = OfficerFactory(name="李达标", enforcement_group=group)
        cls.behind = OfficerFactory(name="王欠学", enforcement_group=group)
        TrainingSessionFactory(hours=40).attendees.add(cls.officer)
        cls.hazchem = EnterpriseFactory(
            name="未走访化工", industry=Industry.HAZARDOUS_CHEMICALS, risk_tier="high"
        )
        cls.high = EnterpriseFactory(name="未走访冷库", risk_tier=RiskTier.HIGH)
        cls.visited = EnterpriseFactory(name="已走访企业")
        ActivityFactory().enterprises.add(cls.visited)

    def test_trainer_sees_who_is_below_the_requirement_by_group(self):
        self.client.force_login(self.trainer)
        response = self.client.get("/admin/pufa_study_hours/", {"year": 2025})
        self.assertContains(response, "执法一组")
        self.assertContains(response, "1 人未达标")
        self.assertContains(response, "未达标：差 40 学时")
        group = response.context["groups"][0]
        self.assertEqual([u for u, _h in group.below], [self.behind])

    def test_officer_cannot_open_the_trainers_views(self):
        self.client.force_login(self.officer)
        for url in ("/admin/pufa_study_hours/", "/admin/pufa_enterprises/"):
            response = self.client.get(url)
            self.assertNotEqual(response.status_code, 200, url)

    def test_no_contact_list_shows_high_risk_enterprises_first(self):
        self.client.force_login(self.trainer)
        response = self.client.get("/admin/pufa_enterprises/", {"year": 2025})
        names = [e.name for e in response.context["enterprises"]]
        self.assertEqual(names[:2], ["未走访化工", "未走访冷库"])
        self.assertNotIn("已走访企业", names)
        self.assertContains(response, "本年度未接触")

    def test_enterprise_detail_lists_its_activities(self):
        self.client.force_login(self.trainer)
        response = self.client.get(
            f"/admin/pufa_enterprises/{self.visited.pk}/", {"year": 2025}
        )
        self.assertContains(response, Activity.objects.get().title)
        self.assertEqual(response.context["summary"].activity_count, 1)

    def test_upload_page_reports_bad_rows_in_chinese_and_imports_nothing(self):
        self.client.force_login(self.trainer)
        values = dict(zip(COLUMNS, EXAMPLE_ROW, strict=True))
        values["活动类型"] = "茶话会"
        buffer = io.BytesIO()
        pd.DataFrame([[values[c] for c in COLUMNS]], columns=COLUMNS).to_excel(
            buffer, index=False
        )
        buffer.seek(0)
        buffer.name = "activities.xlsx"
        response = self.client.post("/admin/pufa_import/", {"file": buffer})
        self.assertContains(response, "未导入任何数据")
        self.assertContains(response, "无法识别的活动类型“茶话会”")
        self.assertEqual(Activity.objects.count(), 1)

    def test_template_download_is_an_xlsx_with_the_columns(self):
        self.client.force_login(self.trainer)
        response = self.client.get("/admin/pufa_import/template/")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        self.assertEqual([c.value.rstrip("*") for c in sheet[1]], COLUMNS)

    def test_activity_export_is_xlsx_in_chinese(self):
        self.client.force_login(self.trainer)
        response = self.client.get("/admin/pufa_activities/", {"export": "xlsx"})
        content = response.content
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertIn("送法进企", rows[1])
        self.assertIn("已走访企业", rows[1])
        self.assertEqual(sheet.title, "普法活动")
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertIsInstance(rows[1][0], dt.datetime)  # a date cell, not text
        self.assertEqual(sheet["A2"].number_format, "yyyy-mm-dd")
        self.assertIn(
            "filename*=UTF-8''%E6%99%AE%E6%B3%95%E6%B4%BB%E5%8A%A8-",
            response["Content-Disposition"],
        )


class AdminActivityFormTests(TestCase):
    """The admin form: enterprises through the chooser panel, files checked."""

    @classmethod
    def setUpTestData(cls):
        cls.trainer = TrainerFactory()
        cls.enterprises = EnterpriseFactory.create_batch(3)
        cls.item = ResponsibilityItemFactory()

    def _post(self, attachment):
        data = {
            "title": "送法进企（后台登记）",
            "activity_type": "law_to_enterprises",
            "date": "2025-06-02",
            "organiser": "执法支队",
            "participant_count": "30",
            "items": [self.item.pk],
            "enterprise_links-TOTAL_FORMS": "3",
            "enterprise_links-INITIAL_FORMS": "0",
            "enterprise_links-MIN_NUM_FORMS": "0",
            "enterprise_links-MAX_NUM_FORMS": "1000",
            "attachments-TOTAL_FORMS": "1",
            "attachments-INITIAL_FORMS": "0",
            "attachments-MIN_NUM_FORMS": "0",
            "attachments-MAX_NUM_FORMS": "1000",
            "attachments-0-file": attachment,
            "attachments-0-caption": "现场照片",
        }
        for i, enterprise in enumerate(self.enterprises):
            data[f"enterprise_links-{i}-enterprise"] = enterprise.pk
            data[f"enterprise_links-{i}-ORDER"] = str(i + 1)
        self.client.force_login(self.trainer)
        return self.client.post("/admin/pufa_activities/new/", data)

    def test_trainer_records_an_activity_with_enterprises_and_a_photo(self):
        png = SimpleUploadedFile("site.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
        response = self._post(png)
        self.assertEqual(response.status_code, 302, response.content[:3000])
        activity = Activity.objects.get(title="送法进企（后台登记）")
        self.assertEqual(activity.enterprises.count(), 3)
        self.assertEqual(activity.attachments.get().caption, "现场照片")
        self.assertEqual(list(activity.items.all()), [self.item])
        activity.attachments.get().file.delete()

    def test_a_script_renamed_as_a_photo_is_refused(self):
        fake = SimpleUploadedFile("site.jpg", b"#!/bin/sh\necho bad\n")
        response = self._post(fake)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "只能上传照片（JPEG、PNG）、PDF 和 Office 文档。")
        self.assertFalse(Activity.objects.filter(title="送法进企（后台登记）").exists())


class ResponsibilityListAdminTests(TestCase):
    def test_admin_list_links_each_year_to_its_excel_file(self):
        ResponsibilityListFactory(year=2025)
        self.client.force_login(TrainerFactory())
        response = self.client.get("/admin/pufa_lists/")
        self.assertContains(response, 'href="/pufa/2025/xlsx/"')


class WarningLetterAdminTests(TestCase):
    def test_trainer_issues_a_letter_choosing_the_enterprise(self):
        seed_law_spine()
        enterprise = EnterpriseFactory(name="被提示企业")
        article = Article.objects.get(key="aqsc-fa-2021-36")
        self.client.force_login(TrainerFactory())
        page = self.client.get("/admin/pufa_warning_letters/new/")
        self.assertContains(page, "pufa_enterprise_chooser")
        response = self.client.post(
            "/admin/pufa_warning_letters/new/",
            {
                "enterprise": enterprise.pk,
                "issued_on": "2025-04-01",
                "subject": "安全设备未定期检测",
                "articles": [article.pk],
            },
        )
        self.assertEqual(response.status_code, 302)
        letter = WarningLetter.objects.get()
        self.assertEqual(letter.enterprise, enterprise)
        self.assertEqual(letter.article_labels(), "《安全生产法》第三十六条")


class ActivityFormYearTests(AdminActivityFormTests):
    def test_an_item_of_another_years_list_is_refused_in_the_admin(self):
        self.item = ResponsibilityItemFactory(
            responsibility_list=ResponsibilityListFactory(year=2024)
        )
        png = SimpleUploadedFile("site.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
        response = self._post(png)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "属于2024年的责任清单")
        self.assertFalse(Activity.objects.filter(title="送法进企（后台登记）").exists())
