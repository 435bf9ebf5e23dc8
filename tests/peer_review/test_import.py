"""Importing the year's register and checking it, as the coordinator does."""

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase

from demo import cases as casegen
from demo.courses import seed_law_spine
from home.sheets import SheetError
from peer_review import importer
from peer_review.models import CaseFile

from .factories import demo_groups, import_generated, workbook


class YearImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        demo_groups()
        cls.generated = casegen.generate_year()
        import_generated(cls.generated)

    def test_all_44_files_are_imported_with_provision_and_tier(self):
        self.assertEqual(CaseFile.objects.count(), 44)
        case = CaseFile.objects.get(number="津东应急罚〔2025〕2号")
        self.assertEqual(case.provision.article.number, 99)
        self.assertEqual(case.provision.item, "第一项")
        self.assertEqual(case.tier.name, "一般")
        self.assertEqual(case.violated_article.number, 35)
        self.assertEqual(case.officers.count(), 2)

    def test_checks_flag_every_defect_and_nothing_in_sound_files(self):
        for g in self.generated:
            case = CaseFile.objects.get(number=g.number)
            with self.subTest(case=g.number, defect=g.defect):
                self.assertEqual({f["code"] for f in case.violations}, g.expected)

    def test_sound_holiday_edge_files_are_not_flagged(self):
        for index, _edit in casegen.EDGES:
            case = CaseFile.objects.get(number=f"津东应急罚〔2025〕{index + 1}号")
            self.assertEqual(case.violations, [])

    def test_check_command_prints_json_with_chinese_messages(self):
        from io import StringIO

        out = StringIO()
        call_command("check_case_files", "--json", stdout=out)
        self.assertIn("最迟应于 2025-10-16 送达", out.getvalue())
        self.assertIn("津东应急罚〔2025〕11号", out.getvalue())


class ImportValidationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        demo_groups()

    def _rows(self, n=3):
        return [g.row.copy() for g in casegen.generate_year()[:n]]

    def test_the_template_example_row_is_a_valid_sound_file(self):
        rows, errors = importer.validate(
            importer.read_workbook(workbook([importer.EXAMPLE_ROW]))
        )
        self.assertEqual([str(e) for e in errors], [])
        self.assertEqual(rows[0].fields["number"], importer.EXAMPLE_ROW["案号"])

    def test_every_bad_cell_is_reported_with_row_and_column_and_nothing_imported(self):
        rows = self._rows()
        rows[0]["执法小组"] = "执法九组"
        rows[2]["处罚依据"] = "《安全生产法》第九百九十条"
        rows[2]["立案日期"] = "2025-13-45"
        rows[1]["统一社会信用代码"] = "91120110MA05XXXXX1"
        path = workbook(rows)
        _rows, errors = importer.validate(importer.read_workbook(path))
        messages = [str(e) for e in errors]
        self.assertTrue(any("第2行" in m and "执法小组" in m for m in messages))
        self.assertTrue(any("第4行" in m and "处罚依据" in m for m in messages))
        self.assertTrue(any("第4行" in m and "立案日期" in m for m in messages))
        self.assertTrue(any("第3行" in m and "统一社会信用代码" in m for m in messages))
        with pytest.raises(CommandError):
            path.seek(0)
            import tempfile

            with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
                tmp.write(path.read())
                tmp.flush()
                call_command("import_case_files", tmp.name)
        self.assertEqual(CaseFile.objects.count(), 0)

    def test_missing_column_is_reported(self):
        from openpyxl import load_workbook

        book = load_workbook(workbook(self._rows(1)))
        book.active.delete_cols(1)  # 案号
        buffer = __import__("io").BytesIO()
        book.save(buffer)
        with self.assertRaises(SheetError) as info:
            importer.read_workbook(buffer.getvalue())
        self.assertIn("案号", str(info.exception))

    def test_repeated_case_number_is_an_error(self):
        rows = self._rows(2)
        rows[1]["案号"] = rows[0]["案号"]
        _rows, errors = importer.validate(importer.read_workbook(workbook(rows)))
        self.assertEqual([e.column for e in errors], ["案号"])

    def test_command_imports_a_valid_register(self):
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
            tmp.write(workbook(self._rows(3)).read())
            tmp.flush()
            call_command(
                "import_case_files", tmp.name, stdout=__import__("io").StringIO()
            )
        self.assertEqual(CaseFile.objects.count(), 3)


class AdminImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from tests.accounts.factories import CoordinatorFactory

        seed_law_spine()
        demo_groups()
        cls.coordinator = CoordinatorFactory()

    def _upload(self, rows, **extra):
        from django.core.files.uploadedfile import SimpleUploadedFile

        data = workbook(rows).read()
        upload = SimpleUploadedFile("register.xlsx", data)
        self.client.force_login(self.coordinator)
        return self.client.post(
            "/admin/peer-review/import/", {"file": upload, **extra}, follow=True
        )

    def test_coordinator_imports_the_years_register_from_the_browser(self):
        rows = [g.row for g in casegen.generate_year()]
        response = self._upload(rows)
        self.assertContains(response, "已导入 44 份案卷")
        self.assertEqual(CaseFile.objects.count(), 44)

    def test_bad_rows_are_listed_and_nothing_is_imported(self):
        rows = [g.row.copy() for g in casegen.generate_year()[:3]]
        rows[1]["罚款金额"] = "三万元"
        response = self._upload(rows)
        self.assertContains(response, "第3行「罚款金额」")
        self.assertEqual(CaseFile.objects.count(), 0)

    def test_cells_past_the_databases_limits_are_named_not_a_server_error(self):
        """Each cell below passes the importer's own reading but not the column it
        is saved in: before, the save raised and the page answered 500."""
        rows = [g.row.copy() for g in casegen.generate_year()[:6]]
        rows[0]["听证主持人"] = "王" * 100
        rows[1]["告知拟罚款金额"] = "1e20"
        rows[2]["罚款金额"] = "123456789012.5"
        rows[3]["其他处罚"] = "警告" * 200
        rows[4]["延期批准人"] = "局" * 200
        first, second = rows[5]["承办人"].split("、")
        rows[5]["承办人"] = "、".join(["张" * 70 + "（1）", second])
        response = self._upload(rows)
        self.assertEqual(response.status_code, 200)
        for line, column in [
            (2, "听证主持人"),
            (3, "告知拟罚款金额"),
            (4, "罚款金额"),
            (5, "其他处罚"),
            (6, "延期批准人"),
            (7, "承办人"),
        ]:
            with self.subTest(column=column):
                self.assertContains(response, f"第{line}行「{column}」")
        self.assertContains(response, "不超过 80 字符")  # Django's own, in Chinese
        self.assertEqual(CaseFile.objects.count(), 0)

    def test_dry_run_imports_nothing(self):
        rows = [g.row for g in casegen.generate_year()[:3]]
        response = self._upload(rows, dry_run="on")
        self.assertContains(response, "3 行全部有效")
        self.assertEqual(CaseFile.objects.count(), 0)
