"""Issue 14 item 5: every import template has a 填写说明 sheet, a dropdown for
each coded column, marked example rows the importer skips, widths from the
content and text-format input cells; each example imports once unmarked."""

import io

from django.test import TestCase
from openpyxl import load_workbook

from demo.courses import seed_law_spine
from home import sheets
from ledger import importer as activities
from livestreams import importers as attendance
from peer_review import importer as casefiles
from peer_review.catalogue import DocumentType, ServiceMethod
from quizzes import importing as questions
from tests.accounts.factories import EnterpriseFactory, OfficerFactory
from tests.ledger.factories import ResponsibilityItemFactory
from tests.peer_review.factories import demo_groups


def unmark_examples(data: bytes) -> bytes:
    """The template as a person fills it: the 【示例】 marks removed."""
    book = load_workbook(io.BytesIO(data))
    for row in book.worksheets[0].iter_rows(min_row=2):
        cell = row[0]
        if isinstance(cell.value, str) and cell.value.startswith(sheets.EXAMPLE_PREFIX):
            cell.value = cell.value.removeprefix(sheets.EXAMPLE_PREFIX)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def dropdowns(book) -> dict[str, list[str]]:
    """Header → the values its list validation offers (from the hidden sheet)."""
    sheet = book.worksheets[0]
    header = {c.column_letter: c.value for c in sheet[1]}
    lists = book["选项"]
    found = {}
    for validation in sheet.data_validations.dataValidation:
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        source = validation.formula1.split("!")[1].replace("$", "")
        start, end = source.split(":")
        letter = start.rstrip("0123456789")
        values = [
            lists[f"{letter}{n}"].value
            for n in range(int(start[len(letter) :]), int(end[len(letter) :]) + 1)
        ]
        found[header[column].rstrip("*")] = values
    return found


class TemplateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        demo_groups()
        ResponsibilityItemFactory(number=1)
        for name in ("张执法", "刘安全"):
            OfficerFactory(name=name)
        for name in ("津东化工储运有限公司", "东丽精细化学品有限公司"):
            EnterpriseFactory(name=name)
        cls.templates = {
            "questions": questions.template_xlsx(),
            "case files": casefiles.template_xlsx(),
            "activities": activities.template_xlsx(),
            "attendance": attendance.attendance_template_xlsx(),
        }

    def test_each_template_has_instructions_for_every_column(self):
        for name, data in self.templates.items():
            with self.subTest(template=name):
                book = load_workbook(io.BytesIO(data))
                self.assertEqual(book.sheetnames[-1], sheets.INSTRUCTIONS_SHEET)
                self.assertEqual(book["选项"].sheet_state, "hidden")
                header = [c.value.rstrip("*") for c in book.worksheets[0][1]]
                guide = book[sheets.INSTRUCTIONS_SHEET]
                listed = [r[0] for r in guide.iter_rows(min_row=3, values_only=True)]
                self.assertEqual(listed, header)
                self.assertIn("【示例】", guide["C2"].value)

    def test_coded_columns_have_dropdowns(self):
        expected = {
            "questions": {
                "题型": ["单选", "多选", "判断", "填空", "案例分析"],
                "难度": ["1", "2", "3", "4", "5"],
            },
            "case files": {
                "案件类型": ["一般程序", "简易程序"],
                "送达方式": list(ServiceMethod.labels),
                "卷内文书": list(DocumentType.labels),
                "重大案件": ["是", "否"],
            },
            "activities": {"活动类型": list(dict.fromkeys(activities.TYPE_NAMES))},
            "attendance": {"岗位类别": ["一线员工", "管理人员"]},
        }
        for name, data in self.templates.items():
            with self.subTest(template=name):
                found = dropdowns(load_workbook(io.BytesIO(data)))
                for column, values in expected[name].items():
                    self.assertEqual(found[column], values)
        tiers = dropdowns(load_workbook(io.BytesIO(self.templates["case files"])))
        self.assertIn("一般", tiers["裁量阶次"])

    def test_difficulty_is_explained(self):
        book = load_workbook(io.BytesIO(self.templates["questions"]))
        guide = {
            r[0]: r[2]
            for r in book[sheets.INSTRUCTIONS_SHEET].iter_rows(values_only=True)
        }
        self.assertIn("1 很容易", guide["难度"])
        self.assertIn("5 很难", guide["难度"])

    def test_examples_are_marked_and_input_cells_are_text_with_widths(self):
        for name, data in self.templates.items():
            with self.subTest(template=name):
                sheet = load_workbook(io.BytesIO(data)).worksheets[0]
                self.assertTrue(sheet["A2"].value.startswith("【示例】"))
                last_example = max(
                    c.row
                    for c in sheet["A"]
                    if str(c.value or "").startswith("【示例】")
                )
                self.assertEqual(sheet.cell(last_example + 1, 2).number_format, "@")
                self.assertEqual(sheet.freeze_panes, "A2")
                widths = [
                    sheet.column_dimensions[c.column_letter].width for c in sheet[1]
                ]
                self.assertGreater(max(widths), 20)

    def test_importers_skip_examples_and_import_them_unmarked(self):
        data = self.templates
        with self.assertRaisesMessage(sheets.SheetError, "只有示例行"):
            questions.read_xlsx(data["questions"])
        rows, _columns = questions.read_xlsx(unmark_examples(data["questions"]))
        self.assertEqual(len(rows), 5)

        self.assertEqual(len(casefiles.read_workbook(data["case files"])), 0)
        unmarked = casefiles.read_workbook(unmark_examples(data["case files"]))
        valid, errors = casefiles.validate(unmarked)
        self.assertEqual([str(e) for e in errors], [])
        self.assertEqual(len(valid), 1)

        self.assertEqual(activities.import_activities(data["activities"]).rows, 0)
        result = activities.import_activities(
            unmark_examples(data["activities"]), dry_run=True
        )
        self.assertTrue(result.ok, [str(e) for e in result.errors])
        self.assertEqual(result.rows, 1)

        with self.assertRaises(attendance.AttendanceFileError):
            attendance.read_attendance(data["attendance"])
        people = attendance.read_attendance(unmark_examples(data["attendance"]))
        self.assertEqual([p.name for p in people], ["张三"])


class AttendanceUploadTests(TestCase):
    """The attendance importer's admin path: template → upload → sessions."""

    @classmethod
    def setUpTestData(cls):
        from tests.accounts.factories import UserFactory
        from tests.livestreams.factories import make_class

        cls.admin = UserFactory(is_superuser=True, is_staff=True)
        cls.live_class = make_class(live=False)

    def test_the_filled_template_imports_from_the_upload_page(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from livestreams.models import ViewingSession

        self.client.force_login(self.admin)
        template = self.client.get("/admin/live/attendance-template.xlsx")
        self.assertIn("filename*=UTF-8''", template["Content-Disposition"])
        url = f"/admin/live/{self.live_class.pk}/attendance/import/"
        upload = SimpleUploadedFile("a.xlsx", unmark_examples(template.content))
        response = self.client.post(url, {"file": upload}, follow=True)
        self.assertEqual(ViewingSession.objects.filter(imported=True).count(), 1)
        bad = SimpleUploadedFile("b.xlsx", template.content)
        response = self.client.post(url, {"file": bad})
        self.assertContains(response, "文件中没有考勤记录")
        self.assertEqual(ViewingSession.objects.count(), 1)
