"""Spreadsheet writing for the ledger: cells that cannot turn into formulas, and
workbooks returned as downloads."""

import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@")


def safe_cell(value):
    """Text a person typed, made safe for a spreadsheet: anything starting with a
    formula character is written as text (a leading apostrophe in CSV terms)."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def workbook(
    title: str, headings: Sequence[str], rows: Iterable[Sequence], widths=None
) -> Workbook:
    """A one-sheet workbook; string cells are stored as text, never as formulas."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(headings))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    return book


def xlsx_response(book: Workbook, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
