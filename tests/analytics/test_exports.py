"""Excel exports: user text stays text, phone numbers are masked."""

import io

import pandas as pd
from openpyxl import load_workbook

from analytics import exports


def test_cells_that_look_like_formulas_are_written_as_text():
    frame = pd.DataFrame(
        {
            "姓名": ["=1+1", "+SUM(A1:A2)", "@cmd", "-2+3", "张三"],
            "分数": [1, 2, 3, 4, 5],
        }
    )
    book = load_workbook(io.BytesIO(exports.to_xlsx({"名单": frame})))
    sheet = book["名单"]
    values = [c.value for c in sheet["A"][1:]]
    assert values == ["=1+1", "+SUM(A1:A2)", "@cmd", "-2+3", "张三"]
    assert all(c.data_type == "s" for c in sheet["A"][1:])
    assert sheet["B2"].value == 1 and sheet["B2"].data_type == "n"


def test_phone_columns_are_masked_everywhere():
    frame = pd.DataFrame({"Mobile phone": ["13812345678", "", None, "0228432123"]})
    sheet = load_workbook(io.BytesIO(exports.to_xlsx({"s": frame})))["s"]
    assert [c.value for c in sheet["A"][1:]] == [
        "138****5678",
        None,
        None,
        "022****2123",
    ]


def test_mask_phone_keeps_only_the_ends():
    assert exports.mask_phone("13912345678") == "139****5678"
    assert exports.mask_phone(" ") == ""
    assert exports.mask_phone(None) == ""


def test_timestamps_with_a_zone_are_written_as_dates():
    frame = pd.DataFrame({"t": [pd.Timestamp("2025-03-01 06:30", tz="UTC")]})
    sheet = load_workbook(io.BytesIO(exports.to_xlsx({"s": frame})))["s"]
    assert sheet["A2"].is_date
