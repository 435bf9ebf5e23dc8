"""Item status follows from the activities recorded; attachments are checked by
content and size."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings

from ledger.models import (
    MSG_FILE_TYPE,
    ItemStatus,
    ResponsibilityItem,
    item_status,
    sniff_kind,
    validate_attachment,
)
from tests.ledger.factories import ActivityFactory, ResponsibilityItemFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.mark.parametrize(
    ("done", "planned", "status"),
    [
        (0, 1, ItemStatus.NOT_STARTED),
        (0, 5, ItemStatus.NOT_STARTED),
        (2, 5, ItemStatus.IN_PROGRESS),
        (5, 5, ItemStatus.DONE),
        (7, 5, ItemStatus.DONE),
        (1, 1, ItemStatus.DONE),
    ],
)
def test_item_status_follows_from_activities_against_plan(done, planned, status):
    assert item_status(done, planned) == status


def _docx() -> bytes:
    import io

    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def test_sniffing_accepts_a_photo_and_refuses_a_renamed_script():
    assert sniff_kind(PNG, "png") == "png"
    assert sniff_kind(b"%PDF-1.7", "pdf") == "pdf"
    assert sniff_kind(_docx(), "docx") == "docx"
    # a bare zip named .docx is not an Office document
    assert sniff_kind(b"PK\x03\x04rest", "docx") is None
    assert sniff_kind(b"#!/bin/sh\nrm -rf /", "jpg") is None
    # right content, wrong name: a PDF pretending to be a photo
    assert sniff_kind(b"%PDF-1.7", "jpg") is None


def test_validate_attachment_refuses_content_that_is_not_allowed():
    upload = SimpleUploadedFile("photo.jpg", b"<html>not a photo</html>")
    with pytest.raises(ValidationError) as error:
        validate_attachment(upload)
    assert str(MSG_FILE_TYPE) in str(error.value)


@override_settings(COURSES_LEDGER_ATTACHMENT_MAX_MB=1)
def test_validate_attachment_refuses_a_file_over_the_size_limit():
    upload = SimpleUploadedFile("big.png", PNG + b"\0" * (1024 * 1024))
    with pytest.raises(ValidationError, match="1 MB"):
        validate_attachment(upload)


def test_validate_attachment_accepts_a_small_png_and_leaves_it_readable():
    upload = SimpleUploadedFile("site.png", PNG)
    validate_attachment(upload)
    assert upload.read(4) == PNG[:4]
    assert isinstance(upload.file, io.BytesIO)


class ItemProgressTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.item = ResponsibilityItemFactory(planned_count=2)

    def _status(self):
        return ResponsibilityItem.objects.with_progress().get(pk=self.item.pk).status

    def test_item_moves_from_not_started_to_in_progress_to_done(self):
        self.assertEqual(self._status(), ItemStatus.NOT_STARTED)
        ActivityFactory().items.add(self.item)
        self.assertEqual(self._status(), ItemStatus.IN_PROGRESS)
        ActivityFactory(date=dt.date(2025, 9, 1)).items.add(self.item)
        self.assertEqual(self._status(), ItemStatus.DONE)
        self.assertEqual(self.item.get_status_display(), "已完成")
