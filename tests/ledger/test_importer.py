"""Excel import of past activities: row-level validation, all or nothing."""

import io
import os
import tempfile

import pandas as pd
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import translation
from openpyxl import load_workbook

from demo.courses import seed_law_spine
from home import sheets
from ledger.importer import (
    COL_ARTICLES,
    COL_DATE,
    COL_ENTERPRISES,
    COL_ITEMS,
    COL_OFFICERS,
    COL_TITLE,
    COL_TYPE,
    COLUMNS,
    EXAMPLE_ROW,
    import_activities,
    template_xlsx,
)
from ledger.models import Activity
from tests.accounts.factories import EnterpriseFactory, OfficerFactory
from tests.home.test_templates import unmark_examples
from tests.ledger.factories import ResponsibilityItemFactory


def xlsx(rows, columns=COLUMNS) -> io.BytesIO:
    buffer = io.BytesIO()
    pd.DataFrame(rows, columns=columns).to_excel(buffer, index=False)
    buffer.seek(0)
    return buffer


def row(**changes):
    values = dict(zip(COLUMNS, EXAMPLE_ROW, strict=True))
    values.update(changes)
    return [values[c] for c in COLUMNS]


class ImporterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        OfficerFactory(name="张执法")
        OfficerFactory(name="刘安全")
        EnterpriseFactory(name="津东化工储运有限公司")
        EnterpriseFactory(name="东丽精细化学品有限公司")
        cls.item = ResponsibilityItemFactory(number=1)

    def setUp(self):
        translation.activate("zh-hans")

    def test_the_template_example_is_skipped_and_imports_once_unmarked(self):
        skipped = import_activities(template_xlsx())
        self.assertEqual((skipped.rows, skipped.errors), (0, []))
        self.assertFalse(Activity.objects.exists())
        result = import_activities(unmark_examples(template_xlsx()))
        self.assertTrue(result.ok, result.errors)
        activity = Activity.objects.get()
        self.assertEqual(activity.enterprises.count(), 2)
        self.assertEqual(activity.officers.count(), 2)
        self.assertEqual(sorted(a.number for a in activity.articles.all()), [28, 36])
        self.assertEqual(list(activity.items.all()), [self.item])

    def test_every_bad_row_is_named_with_column_and_nothing_is_written(self):
        rows = [
            row(),
            row(**{COL_TITLE: "第二场", COL_TYPE: "讲座", COL_DATE: "2025-13-40"}),
            row(
                **{
                    COL_TITLE: "第三场",
                    COL_ENTERPRISES: "不存在的公司",
                    COL_ARTICLES: "《安全生产法》第九百条",
                    COL_OFFICERS: "无名氏",
                    COL_ITEMS: "9",
                }
            ),
        ]
        result = import_activities(xlsx(rows))
        self.assertFalse(result.ok)
        found = {(e.row, e.column) for e in result.errors}
        self.assertEqual(
            found,
            {
                (3, COL_TYPE),
                (3, COL_DATE),
                (4, COL_ENTERPRISES),
                (4, COL_ARTICLES),
                (4, COL_OFFICERS),
                (4, COL_ITEMS),
            },
        )
        self.assertFalse(Activity.objects.exists())
        messages = {str(e) for e in result.errors}
        self.assertIn(
            "第3行「日期」：“2025-13-40”不是有效日期（请按 2025-03-18 格式填写）。",
            messages,
        )
        self.assertTrue(any("不存在的公司" in m for m in messages))

    def test_dry_run_checks_every_row_and_writes_nothing(self):
        result = import_activities(
            xlsx([row(), row(**{COL_TITLE: "另一场"})]), dry_run=True
        )
        self.assertTrue(result.ok)
        self.assertEqual((result.rows, result.created), (2, 0))
        self.assertFalse(Activity.objects.exists())

    def test_a_missing_required_column_is_reported_on_the_header_row(self):
        columns = [c for c in COLUMNS if c != COL_DATE]
        values = [v for c, v in zip(COLUMNS, EXAMPLE_ROW, strict=True) if c != COL_DATE]
        result = import_activities(xlsx([values], columns=columns))
        self.assertEqual([(e.row, e.column) for e in result.errors], [(1, COL_DATE)])

    def test_importing_the_same_activity_twice_is_refused(self):
        self.assertTrue(import_activities(xlsx([row()])).ok)
        again = import_activities(xlsx([row()]))
        self.assertEqual([(e.row, e.column) for e in again.errors], [(2, COL_TITLE)])
        self.assertEqual(Activity.objects.count(), 1)

    def test_command_reports_rows_and_fails_without_writing(self):
        path = self._file([row(), row(**{COL_TYPE: "未知类型"})])
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command("import_activities", path, stderr=err)
        self.assertIn("第3行「活动类型」：", err.getvalue())
        self.assertFalse(Activity.objects.exists())

    def test_command_dry_run_then_real_run(self):
        path = self._file([row()])
        out = io.StringIO()
        call_command("import_activities", path, "--dry-run", stdout=out)
        self.assertIn("仅检查", out.getvalue())
        self.assertFalse(Activity.objects.exists())
        call_command("import_activities", path, stdout=out)
        self.assertEqual(Activity.objects.count(), 1)

    def _file(self, rows) -> str:
        handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)
        handle.write(xlsx(rows).getvalue())
        handle.close()
        self.addCleanup(os.unlink, handle.name)
        return handle.name


def test_formula_like_text_is_escaped_in_csv_and_text_in_xlsx():
    assert sheets.csv_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert sheets.csv_safe("@SUM(A1)") == "'@SUM(A1)"
    assert sheets.csv_safe("-1+2") == "'-1+2"
    assert sheets.csv_safe("送法进企") == "送法进企"
    assert sheets.csv_safe(7) == 7
    content = sheets.build_xlsx(
        [sheets.SheetData(name="t", headers=["a"], rows=[["+cmd|' /C calc'!A0"]])]
    )
    cell = load_workbook(io.BytesIO(content)).active["A2"]
    assert cell.data_type == "s"
    assert cell.value == "+cmd|' /C calc'!A0"
