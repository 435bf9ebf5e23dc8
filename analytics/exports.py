"""Dashboard tables to Excel (.xlsx) with openpyxl.

Text that came from users (names, enterprise names, knowledge points) is written as
text, never as a formula: a cell holding ``=HYPERLINK(…)`` stays that string.
Phone numbers are masked (138****5678) in every export.
"""

from __future__ import annotations

import io
import re

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

PHONE_COLUMNS = {"phone", "手机号", "Mobile phone"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PHONE = re.compile(r"^(\d{3})\d{4}(\d{4})$")


def mask_phone(value) -> str:
    """138****5678 for an 11-digit mobile number; other values keep only their last
    four characters visible."""
    text = (
        ""
        if value is None or (isinstance(value, float) and pd.isna(value))
        else str(value)
    )
    text = text.strip()
    if not text:
        return ""
    if match := _PHONE.match(text):
        return f"{match.group(1)}****{match.group(2)}"
    return "*" * max(0, len(text) - 4) + text[-4:]


def _cell_value(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.tz_convert(None) if value.tzinfo else value
        return value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def to_xlsx(sheets: dict[str, pd.DataFrame], *, phone_columns=PHONE_COLUMNS) -> bytes:
    """One worksheet per frame (name → frame), header in bold, strings as text."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, frame in sheets.items():
        sheet = workbook.create_sheet(title=_sheet_title(name))
        headers = [str(c) for c in frame.columns]
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.data_type = TYPE_STRING
        masked = {
            i for i, h in enumerate(headers) if h in {str(p) for p in phone_columns}
        }
        for row in frame.itertuples(index=False, name=None):
            sheet.append(
                [
                    mask_phone(v) if i in masked else _cell_value(v)
                    for i, v in enumerate(row)
                ]
            )
        _force_text(sheet)
        for i, header in enumerate(headers, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = max(
                10, len(header) * 2 + 4
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _force_text(sheet) -> None:
    """openpyxl turns any string starting with "=" into a formula; undo that for
    every cell (all come from data, none is meant as a formula)."""
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING
                if cell.value.startswith(FORMULA_START):
                    cell.quotePrefix = True


def _sheet_title(name: str) -> str:
    cleaned = re.sub(r"[\[\]\*\?/\\:]", " ", str(name)).strip()
    return (cleaned or "Sheet")[:31]
