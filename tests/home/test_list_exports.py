"""Issue 14 item 4: Wagtail's list exports (enterprises, users, ledger lists) go
through the one writer: read back with openpyxl and pandas to the same values,
with Chinese sheet and file names, choice labels, 是/否, local time, a frozen
header and filter, and formula-like text kept as plain text."""

import datetime as dt
import io
from urllib.parse import quote

import pandas as pd
from django.test import TestCase
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.admin.viewsets import viewsets

from accounts.models import Industry
from home.admin import SheetExportMixin
from tests.accounts.factories import (
    EnforcementGroupFactory,
    EnterpriseFactory,
    OfficerFactory,
    UserFactory,
)

HOSTILE = '=HYPERLINK("http://evil.example","点我")'


def today() -> str:
    return f"{timezone.localdate():%Y%m%d}"


class ListExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = UserFactory(is_superuser=True, is_staff=True, username="admin")
        cls.enterprise = EnterpriseFactory(
            name=HOSTILE,
            industry=Industry.LIGHT_INDUSTRY,
            has_major_hazard_source=True,
            address="+1+1",
        )
        cls.officer = OfficerFactory(
            username="zhangsan",
            name="张三",
            enforcement_group=EnforcementGroupFactory(name="第一执法组"),
        )
        cls.officer.last_login = timezone.make_aware(dt.datetime(2025, 3, 18, 15, 49))
        cls.officer.save()

    def setUp(self):
        self.client.force_login(self.admin)

    def export(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response

    def test_every_registered_list_export_uses_the_shared_writer(self):
        exporting = [
            v
            for v in viewsets.viewsets
            if isinstance(getattr(v, "list_export", None), list | tuple)
            and v.list_export
        ]
        self.assertGreaterEqual(len(exporting), 5)
        for viewset in exporting:
            with self.subTest(viewset=type(viewset).__name__):
                self.assertTrue(issubclass(viewset.index_view_class, SheetExportMixin))

    def test_enterprise_export_has_labels_booleans_and_safe_text(self):
        response = self.export("/admin/enterprises/?export=xlsx")
        name = f"企业-{today()}.xlsx"
        self.assertIn(
            f"filename*=UTF-8''{quote(name)}", response["Content-Disposition"]
        )
        book = load_workbook(io.BytesIO(response.content))
        sheet = book.worksheets[0]
        self.assertEqual(sheet.title, "企业")
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet.auto_filter.ref[:2], "A1")
        header = [c.value for c in sheet[1]]
        row = dict(zip(header, sheet[2], strict=True))
        self.assertEqual(row["企业名称"].value, HOSTILE)
        self.assertEqual(row["企业名称"].data_type, "s")
        self.assertEqual(row["地址"].value, "+1+1")
        self.assertEqual(row["行业"].value, self.enterprise.get_industry_display())
        self.assertNotEqual(row["行业"].value, self.enterprise.industry)
        self.assertEqual(row["涉及重大危险源"].value, "是")
        self.assertGreaterEqual(sheet.column_dimensions["A"].width, len(HOSTILE) - 2)
        frame = pd.read_excel(io.BytesIO(response.content), dtype=str)
        self.assertEqual(frame.loc[0, "企业名称"], HOSTILE)
        self.assertEqual(frame.loc[0, "涉及重大危险源"], "是")

    def test_csv_export_escapes_formulas_and_reads_as_utf8_in_excel(self):
        response = self.export("/admin/enterprises/?export=csv")
        body = b"".join(response.streaming_content).decode("utf-8")
        self.assertTrue(body.startswith("\ufeff"))
        self.assertIn(f"'{HOSTILE}".replace('"', '""'), body)
        self.assertIn("'+1+1", body)
        self.assertIn("是", body)
        self.assertIn(quote(f"企业-{today()}.csv"), response["Content-Disposition"])

    def test_user_export_has_real_columns_and_local_time(self):
        response = self.export("/admin/users/?export=xlsx")
        frame = pd.read_excel(io.BytesIO(response.content))
        self.assertIn("用户名", frame.columns)
        row = frame[frame["用户名"] == "zhangsan"].iloc[0]
        self.assertEqual(row["姓名"], "张三")
        self.assertEqual(row["执法小组"], "第一执法组")
        self.assertIn("执法人员", row["角色"])
        self.assertEqual(row["超级用户状态"], "否")
        self.assertEqual(row["有效"], "是")
        # 15:49 Beijing time stays 15:49 (not 07:49 UTC), as a real date cell.
        self.assertEqual(row["上次登录"], pd.Timestamp(2025, 3, 18, 15, 49))
        book = load_workbook(io.BytesIO(response.content))
        sheet = book.worksheets[0]
        header = [c.value for c in sheet[1]]
        cell = sheet.cell(
            row=2 + list(frame["用户名"]).index("zhangsan"),
            column=header.index("上次登录") + 1,
        )
        self.assertEqual(cell.number_format, "yyyy-mm-dd hh:mm")
        self.assertFalse(frame[["用户名", "姓名", "有效"]].isna().any().any())
