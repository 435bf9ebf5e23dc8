"""File types judged by content (filetype), and the one phone mask."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from home import files

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\0" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


def _xlsx() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "extension", "mime"),
    [
        (PNG, "png", "image/png"),
        (JPEG, "jpg", "image/jpeg"),
        (PDF, "pdf", "application/pdf"),
    ],
)
def test_kind_comes_from_the_content(data, extension, mime):
    assert files.file_kind(data) == files.FileKind(extension, mime)


def test_office_zip_is_recognised_as_what_it_is():
    assert files.file_kind(_xlsx()).extension == "xlsx"


def test_text_and_scripts_are_not_recognised():
    assert files.file_kind(b"#!/bin/sh\nrm -rf /") is None
    assert files.file_kind(b"<svg xmlns='http://www.w3.org/2000/svg'/>") is None


def test_check_file_wants_content_and_name_to_agree():
    allowed = {"pdf", "jpg", "png"}
    assert files.check_file(SimpleUploadedFile("a.pdf", PDF), allowed=allowed)
    assert files.check_file(SimpleUploadedFile("a.JPEG", JPEG), allowed=allowed)
    # a PDF that keeps an .svg or .html name is refused
    assert files.check_file(SimpleUploadedFile("a.svg", PDF), allowed=allowed) is None
    assert files.check_file(SimpleUploadedFile("a.html", PDF), allowed=allowed) is None
    # content not allowed
    assert (
        files.check_file(SimpleUploadedFile("a.xlsx", _xlsx()), allowed=allowed) is None
    )


def test_reading_the_head_leaves_the_position_alone():
    upload = SimpleUploadedFile("a.png", PNG)
    upload.seek(5)
    assert files.read_head(upload) == PNG
    assert upload.tell() == 5


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13800138000", "138****8000"),
        (13800138000, "138****8000"),
        (" 13912345678 ", "139****5678"),
        ("0228432123", "022****2123"),
        ("12345", "*****"),
        ("", ""),
        ("  ", ""),
        (None, ""),
        (float("nan"), ""),
    ],
)
def test_mask_phone(value, masked):
    assert files.mask_phone(value) == masked
