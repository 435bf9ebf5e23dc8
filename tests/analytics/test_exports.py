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


def test_a_table_reads_back_with_its_formats_and_local_time():
    import datetime as dt
    import io

    import pandas as pd
    from openpyxl import load_workbook

    peak = pd.Timestamp("2025-03-18 07:49", tz="UTC")
    frame = pd.DataFrame(
        {
            "期次": ["第1期"],
            "峰值时间": [peak],
            "中位观看（分钟）": [12.345678],
            "一线占比": [0.4880952380952381],
            "达标": [True],
        }
    )
    content = exports.to_xlsx(
        {"直播": frame},
        percent_columns=["一线占比"],
        decimal_columns=["中位观看（分钟）"],
        title="区应急管理局 直播（2025年）",
    )
    sheet = load_workbook(io.BytesIO(content))["直播"]
    assert sheet["A1"].value.startswith("区应急管理局")
    assert sheet.freeze_panes == "A3"
    cells = dict(zip([c.value for c in sheet[2]], sheet[3], strict=True))
    # 07:49 UTC is 15:49 in Shanghai: written as local time, a real date cell.
    assert cells["峰值时间"].value == dt.datetime(2025, 3, 18, 15, 49)
    assert cells["峰值时间"].number_format == "yyyy-mm-dd hh:mm"
    assert cells["中位观看（分钟）"].number_format == "0.0"
    assert cells["一线占比"].number_format == "0.0%"
    assert cells["达标"].value == "是"
    back = pd.read_excel(io.BytesIO(content), header=1)
    assert back.loc[0, "一线占比"] == 0.4880952380952381
    assert back.loc[0, "中位观看（分钟）"] == 12.345678
    assert back.loc[0, "峰值时间"] == pd.Timestamp("2025-03-18 15:49")
