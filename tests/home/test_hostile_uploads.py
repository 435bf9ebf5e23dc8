"""Issue 13: hostile spreadsheets sent to every importer's admin upload view.

Each importer is driven through its real upload page with the Django test client:
a 0.4 MB zip bomb, an encrypted workbook, a legacy/garbage file, a 100,000-row
file and a 5.9 MB file that unpacks to ~100 MB. Each must be refused quickly with
a Chinese message on the page (never a 500) and nothing written."""

from __future__ import annotations

import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from home import sheets
from ledger.importer import COLUMNS as ACTIVITY_COLUMNS
from ledger.models import Activity
from livestreams.importers import COLUMNS as ATTENDANCE_COLUMNS
from livestreams.models import ViewingSession
from peer_review.importer import REQUIRED_COLUMNS as CASE_COLUMNS
from peer_review.models import CaseFile
from quizzes.importing import COLUMNS as QUESTION_COLUMNS
from quizzes.models import Question
from tests.accounts.factories import UserFactory
from tests.livestreams.factories import make_class

from . import hostile

# Generous for a shared CI machine; the probe saw 30 s timeouts and 151 s.
QUICK_SECONDS = 8


class HostileUploadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = UserFactory(is_superuser=True, is_staff=True)
        cls.live_class = make_class(live=False)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.importers = {
            "questions": ("/admin/quizzes/import/", QUESTION_COLUMNS, Question),
            "case files": ("/admin/peer-review/import/", CASE_COLUMNS, CaseFile),
            "activities": ("/admin/pufa_import/", ACTIVITY_COLUMNS, Activity),
            "attendance": (None, ATTENDANCE_COLUMNS, ViewingSession),
        }

    def setUp(self):
        self.client.force_login(self.admin)

    def _url(self, name):
        url = self.importers[name][0]
        return url or f"/admin/live/{self.live_class.pk}/attendance/import/"

    def _post(self, name, data: bytes, filename="file.xlsx"):
        upload = SimpleUploadedFile(filename, data)
        started = time.monotonic()
        response = self.client.post(self._url(name), {"file": upload}, follow=True)
        return response, time.monotonic() - started

    def _assert_refused(self, make, message):
        for name, (_url, columns, model) in self.importers.items():
            with self.subTest(importer=name):
                data = make(columns)
                response, seconds = self._post(name, data)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
                self.assertLess(seconds, QUICK_SECONDS)
                self.assertFalse(model.objects.exists())

    def test_the_upload_pages_exist_for_every_importer(self):
        for name in self.importers:
            with self.subTest(importer=name):
                self.assertEqual(self.client.get(self._url(name)).status_code, 200)

    def test_a_small_zip_bomb_is_refused_before_unpacking(self):
        bomb = hostile.zip_bomb(["题型"])
        self.assertLess(len(bomb), 500_000)
        self._assert_refused(hostile.zip_bomb, sheets.F_BOMB)

    def test_a_big_file_that_unpacks_to_100_mb_is_refused(self):
        data = hostile.big_unpacked(CASE_COLUMNS)
        self.assertGreater(len(data), 3_000_000)
        self._assert_refused(hostile.big_unpacked, sheets.F_BOMB)

    def test_an_encrypted_workbook_is_refused(self):
        self._assert_refused(lambda _c: hostile.encrypted(), sheets.F_ENCRYPTED)

    def test_garbage_and_csv_renamed_xlsx_are_refused(self):
        self._assert_refused(lambda _c: hostile.garbage(), sheets.F_NOT_XLSX)
        self._assert_refused(
            lambda c: ",".join(c).encode("gbk") + b"\r\n1,2,3\r\n", sheets.F_NOT_XLSX
        )

    def test_an_xml_entity_workbook_is_refused(self):
        self._assert_refused(hostile.entity_bomb, sheets.F_UNSAFE_XML)

    def test_100000_rows_are_refused_quickly_by_the_row_limit(self):
        message = sheets.F_TOO_MANY_ROWS.format(limit=20_000)
        self._assert_refused(hostile.many_rows, message)
