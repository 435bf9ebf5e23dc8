"""import_attendance (all or nothing, every bad row listed) and the Excel export."""

import io
from pathlib import Path

import pandas as pd
from django.core.management import CommandError, call_command
from django.test import TestCase
from openpyxl import load_workbook

from livestreams.exports import attendance_workbook
from livestreams.models import Viewer, ViewingSession
from livestreams.reports import class_report
from tests.livestreams.factories import make_class

HEADER = ["姓名", "企业", "岗位类别", "手机号", "进入时间", "离开时间"]


def workbook(tmp: Path, rows) -> str:
    path = tmp / "attendance.xlsx"
    pd.DataFrame(rows, columns=HEADER).to_excel(path, index=False)
    return str(path)


class ImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import datetime as dt

        from django.utils import timezone

        start = timezone.make_aware(dt.datetime(2025, 3, 1, 9, 0))
        cls.live_class = make_class(
            live=False,
            scheduled_start=start,
            scheduled_end=start + dt.timedelta(hours=1),
        )

    def setUp(self):
        import tempfile

        self.tmp = Path(tempfile.mkdtemp())

    def good_rows(self):
        return [
            [
                "张三",
                "津东化工储运有限公司",
                "一线员工",
                "13800138000",
                "2025-03-01 09:00:00",
                "2025-03-01 09:40:00",
            ],
            [
                "张三",
                "津东化工储运有限公司",
                "一线员工",
                "13800138000",
                "2025-03-01 09:30:00",
                "2025-03-01 09:50:00",
            ],
            [
                "李四",
                "海河冷链物流有限公司",
                "管理人员",
                "",
                "2025-03-01 09:10",
                "2025-03-01 09:20",
            ],
        ]

    def test_valid_file_is_imported_and_merged_into_the_report(self):
        out = io.StringIO()
        call_command(
            "import_attendance",
            str(self.live_class.pk),
            workbook(self.tmp, self.good_rows()),
            stdout=out,
        )
        self.assertEqual(Viewer.objects.count(), 2)
        self.assertEqual(ViewingSession.objects.filter(imported=True).count(), 3)
        report = class_report(self.live_class)
        self.assertEqual(report.unique, 2)
        self.assertEqual(report.peak, 2)
        self.assertEqual(sorted(report.watch_seconds.values()), [600, 3000])
        self.assertEqual(report.attended, 1)

    def test_importing_twice_adds_nothing(self):
        path = workbook(self.tmp, self.good_rows())
        call_command(
            "import_attendance", str(self.live_class.pk), path, stdout=io.StringIO()
        )
        call_command(
            "import_attendance", str(self.live_class.pk), path, stdout=io.StringIO()
        )
        self.assertEqual(ViewingSession.objects.count(), 3)

    def test_every_bad_row_is_listed_in_chinese_and_nothing_is_written(self):
        rows = [
            *self.good_rows(),
            ["", "某公司", "老板", "123", "昨天", "2025-03-01 09:20"],
            ["王五", "某公司", "一线员工", "", "2025-03-01 09:30", "2025-03-01 09:10"],
        ]
        err = io.StringIO()
        with self.assertRaises(CommandError) as raised:
            call_command(
                "import_attendance",
                str(self.live_class.pk),
                workbook(self.tmp, rows),
                stdout=io.StringIO(),
                stderr=err,
            )
        lines = err.getvalue().splitlines()
        self.assertIn("第5行「姓名」：为空", lines)
        self.assertIn("第5行「岗位类别」：必须是“一线员工”或“管理人员”", lines)
        self.assertIn("第5行「手机号」：不是 11 位手机号", lines)
        self.assertTrue(any(line.startswith("第5行「进入时间」：") for line in lines))
        self.assertIn("第6行「离开时间」：早于或等于进入时间", lines)
        self.assertEqual(len(lines), 5)
        self.assertIn("5", str(raised.exception))
        self.assertFalse(ViewingSession.objects.exists())
        self.assertFalse(Viewer.objects.exists())

    def test_missing_columns_are_named(self):
        path = self.tmp / "bad.xlsx"
        pd.DataFrame([["张三"]], columns=["姓名"]).to_excel(path, index=False)
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command(
                "import_attendance",
                str(self.live_class.pk),
                str(path),
                stdout=io.StringIO(),
                stderr=err,
            )
        self.assertIn("企业", err.getvalue())


class ExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import datetime as dt

        from django.utils import timezone

        start = timezone.make_aware(dt.datetime(2025, 3, 1, 9, 0))
        cls.live_class = make_class(
            live=False,
            scheduled_start=start,
            scheduled_end=start + dt.timedelta(hours=1),
        )
        from livestreams import services
        from livestreams.importers import AttendanceRow

        services.attendance_import(
            live_class=cls.live_class,
            rows=[
                AttendanceRow(
                    2,
                    '=HYPERLINK("http://x")',
                    "@企业",
                    "front_line",
                    "13800138000",
                    start,
                    start + dt.timedelta(minutes=45),
                ),
                AttendanceRow(
                    3,
                    "李四",
                    "海河冷链物流有限公司",
                    "management",
                    "",
                    start,
                    start + dt.timedelta(minutes=5),
                ),
            ],
        )

    def test_phones_are_masked_and_user_text_is_never_a_formula(self):
        book = load_workbook(io.BytesIO(attendance_workbook(self.live_class)))
        sheet = book.worksheets[0]
        rows = list(sheet.iter_rows(min_row=3, values_only=True))
        formula_row = next(r for r in rows if r[0].startswith("="))
        self.assertEqual(formula_row[3], "138****8000")
        self.assertEqual(formula_row[4], 45.0)
        self.assertEqual(formula_row[5], "是")
        for row in sheet.iter_rows(min_row=3):
            for cell in row[:4]:
                self.assertNotEqual(cell.data_type, "f")
        self.assertNotIn("13800138000", str(rows))
        summary = book.worksheets[1]
        self.assertEqual(summary.max_row, 4)

    def test_export_for_one_enterprise(self):
        book = load_workbook(
            io.BytesIO(
                attendance_workbook(self.live_class, enterprise="海河冷链物流有限公司")
            )
        )
        rows = list(book.worksheets[0].iter_rows(min_row=3, values_only=True))
        self.assertEqual([r[0] for r in rows], ["李四"])
        self.assertEqual(rows[0][5], "否")

    def test_export_has_a_title_row_checkins_polls_and_formats(self):
        import pandas as pd
        from django.conf import settings

        from livestreams.models import CheckIn, CheckInAnswer, Viewer

        viewer = Viewer.objects.get(name="李四")
        checkin = CheckIn.objects.create(live_class=self.live_class)
        CheckIn.objects.create(live_class=self.live_class)
        CheckInAnswer.objects.create(checkin=checkin, viewer=viewer)
        content = attendance_workbook(self.live_class)
        sheet = load_workbook(io.BytesIO(content)).worksheets[0]
        title = sheet["A1"].value
        self.assertIn(settings.BUREAU_NAME, title)
        self.assertIn(self.live_class.title, title)
        self.assertIn("2025年3月1日", title)
        self.assertIn("制表日期", title)
        self.assertEqual(sheet.freeze_panes, "A3")
        self.assertEqual(sheet.auto_filter.ref.split(":")[0], "A2")
        header = [c.value for c in sheet[2]]
        self.assertIn("签到次数（共 2 次）", header)
        self.assertIn("参与投票（共 0 次）", header)
        minutes = header.index("观看时长（分钟）") + 1
        self.assertEqual(sheet.cell(3, minutes).number_format, "0.0")
        frame = pd.read_excel(io.BytesIO(content), header=1)
        row = frame[frame["姓名"] == "李四"].iloc[0]
        self.assertEqual(row["签到次数（共 2 次）"], 1)
        self.assertEqual(row["观看时长（分钟）"], 5.0)
        self.assertEqual(row["达标"], "否")
