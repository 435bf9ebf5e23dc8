"""The shared spreadsheet reader refuses hostile files before parsing them, and the
writer's workbooks read back to the same values with openpyxl and pandas."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from home import sheets
from home.sheets import Limits, RowError, SheetData, SheetError

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def xlsx(rows, title="数据") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, replace: dict[str, bytes] | None = None, add=None) -> bytes:
    """``data`` (an xlsx) with members replaced or added."""
    replace = replace or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, replace.get(item.filename, source.read(item)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


GOOD = xlsx(
    [["姓名", "企业"], ["张三", "津东化工"], [None, None], ["李四", "海河冷链"]]
)


def refused(data, **kwargs) -> str:
    with pytest.raises(SheetError) as info:
        sheets.read_xlsx(data, **kwargs)
    return str(info.value)


# --- reading ---------------------------------------------------------------------


def test_rows_come_back_as_text_with_their_excel_row_numbers():
    sheet = sheets.read_xlsx(GOOD, required=["姓名"])
    assert sheet.columns == ["姓名", "企业"]
    assert sheet.rows == [
        (2, {"姓名": "张三", "企业": "津东化工"}),
        (4, {"姓名": "李四", "企业": "海河冷链"}),
    ]


def test_cells_are_read_as_the_text_people_see():
    data = xlsx(
        [
            ["数量", "日期", "时间", "手机号", "是否"],
            [
                60,
                dt.datetime(2025, 3, 18),
                dt.datetime(2025, 3, 1, 9, 30),
                13800138000,
                True,
            ],
            [2.5, "2025-03-18", "  空格  ", "", False],
        ]
    )
    rows = [cells for _n, cells in sheets.read_xlsx(data).rows]
    assert rows[0] == {
        "数量": "60",
        "日期": "2025-03-18 00:00:00",
        "时间": "2025-03-01 09:30:00",
        "手机号": "13800138000",
        "是否": "是",
    }
    assert rows[1]["数量"] == "2.5" and rows[1]["时间"] == "空格"
    assert rows[1]["是否"] == "否"


def test_headers_are_matched_by_width_spaces_and_aliases():
    data = xlsx([["姓 名*", "ＡＢ", "单位"], ["张三", "x", "津东"]])
    sheet = sheets.read_xlsx(data, required=["姓名", "AB"], aliases={"单位": "企业"})
    assert sheet.columns == ["姓名", "AB", "企业"]
    assert sheet.rows[0][1] == {"姓名": "张三", "AB": "x", "企业": "津东"}


def test_missing_and_repeated_columns_are_file_errors():
    message = refused(GOOD, required=["姓名", "手机号", "岗位"])
    assert message == sheets.F_MISSING_COLUMNS.format(columns="手机号、岗位")
    repeated = xlsx([["姓名", "姓名"], ["a", "b"]])
    assert refused(repeated) == sheets.F_DUPLICATE_COLUMN.format(column="姓名")


def test_empty_workbook_is_refused():
    assert refused(xlsx([])) == sheets.F_EMPTY


def test_header_only_gives_no_rows():
    assert sheets.read_xlsx(xlsx([["姓名"]])).rows == []


def test_row_limit_is_enforced_while_streaming():
    data = xlsx([["n"], *[[i] for i in range(6)]])
    assert len(sheets.read_xlsx(data, limits=Limits(max_rows=6)).rows) == 6
    message = refused(data, limits=Limits(max_rows=5))
    assert message == sheets.F_TOO_MANY_ROWS.format(limit=5)


def test_far_too_many_rows_are_counted_before_openpyxl_parses_anything(monkeypatch):
    from tests.home import hostile

    data = hostile.many_rows(["姓名", "企业"], count=30_000)

    def no_parse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to open the file")

    monkeypatch.setattr("openpyxl.load_workbook", no_parse)
    message = refused(data, limits=Limits(max_rows=1000))
    assert message == sheets.F_TOO_MANY_ROWS.format(limit=1000)


def test_a_sheet_without_dimension_is_not_parsed_when_opened(monkeypatch):
    """openpyxl scans a sheet lacking <dimension> to its end on opening; the
    reader stops that scan at <sheetData>, so opening reads only the prolog."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    from tests.home import hostile

    data = hostile.many_rows(["姓名", "企业"], count=50_000)
    read = []
    original = ReadOnlyWorksheet._get_source

    def counting(self):
        source = original(self)
        plain_read = source.read

        def read_counted(*args):
            chunk = plain_read(*args)
            read.append(len(chunk))
            return chunk

        source.read = read_counted
        return source

    monkeypatch.setattr(ReadOnlyWorksheet, "_get_source", counting)
    sheets._bound_dimension_scan()
    book = load_workbook(io.BytesIO(data), read_only=True)
    book.close()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        size = archive.getinfo("xl/worksheets/sheet1.xml").file_size
    assert size > 1_000_000
    assert sum(read) < 200_000


def test_row_limit_comes_from_settings(settings):
    settings.SHEETS_MAX_ROWS = 2
    assert refused(xlsx([["n"], [1], [2], [3]])) == sheets.F_TOO_MANY_ROWS.format(
        limit=2
    )


def test_example_rows_are_skipped_when_asked():
    data = xlsx([["名称", "类型"], ["示例：送法进企", "a"], ["真实活动", "b"]])
    sheet = sheets.read_xlsx(data, skip_examples=True)
    assert [n for n, _c in sheet.rows] == [3]
    assert sheet.skipped_examples == 1
    assert len(sheets.read_xlsx(data).rows) == 2


def test_a_wrong_dimension_does_not_hide_rows():
    broken = rezip(
        GOOD,
        replace={
            "xl/worksheets/sheet1.xml": _sheet_xml().replace(
                b'<dimension ref="A1:B4"/>', b'<dimension ref="A1"/>'
            )
        },
    )
    assert len(sheets.read_xlsx(broken).rows) == 2


def _sheet_xml() -> bytes:
    with zipfile.ZipFile(io.BytesIO(GOOD)) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


# --- hostile files ----------------------------------------------------------------


def test_too_large_file_is_refused_before_reading():
    assert refused(GOOD, limits=Limits(max_bytes=100)) == sheets.F_TOO_LARGE.format(
        limit=0
    )


def test_zip_bomb_with_a_high_ratio_is_refused():
    bomb = rezip(
        GOOD, add={"xl/media/padding.xml": b"<a>" + b" " * (20 * 2**20) + b"</a>"}
    )
    assert len(bomb) < 200_000  # tiny on disk, 20 MB unpacked
    assert refused(bomb) == sheets.F_BOMB


def test_huge_uncompressed_total_is_refused_even_at_a_low_ratio():
    import os

    # Random bytes do not compress: a modest ratio, but too much in total.
    noise = os.urandom(3 * 2**20)
    data = rezip(GOOD, add={"xl/media/image1.bin": noise})
    assert refused(data, limits=Limits(max_uncompressed=2 * 2**20)) == sheets.F_BOMB


def test_too_many_members_are_refused():
    data = rezip(GOOD, add={f"xl/media/{i}.bin": b"x" for i in range(60)})
    message = refused(data, limits=Limits(max_members=50))
    assert message.startswith("文件内部结构异常")


def test_encrypted_workbook_is_refused():
    assert refused(OLE + b"\0" * 2048) == sheets.F_ENCRYPTED


def test_password_protected_zip_member_is_not_xlsx():
    # A zip whose members are encrypted (another form of "protected").
    data = bytearray(GOOD)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        index = data.find(signature)
        data[index + offset] |= 0x1  # the general-purpose flag: encrypted
    assert refused(bytes(data)) == sheets.F_NOT_XLSX


@pytest.mark.parametrize(
    "payload",
    [
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><workbook>&b;</workbook>',
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b"<workbook>&e;</workbook>",
    ],
    ids=["entity-expansion", "external-entity"],
)
def test_xml_entity_declarations_are_refused(payload):
    data = rezip(GOOD, replace={"xl/workbook.xml": payload})
    assert refused(data) == sheets.F_UNSAFE_XML


@pytest.mark.parametrize(
    "data",
    [b"", b"name,stem\n1,2\n", b"%PDF-1.7\n", b"PK\x03\x04broken", xlsx([])[:200]],
    ids=["empty", "csv", "pdf", "broken-zip", "truncated"],
)
def test_content_that_is_not_xlsx_is_refused(data):
    assert refused(data) in (sheets.F_NOT_XLSX, sheets.F_EMPTY)


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert refused(buffer.getvalue()) == sheets.F_NOT_XLSX


def test_malformed_sheet_xml_is_a_clear_error_not_a_crash():
    data = rezip(
        GOOD, replace={"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row"}
    )
    assert refused(data) == sheets.F_NOT_XLSX


def test_paths_and_uploads_are_read_too(tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    path = tmp_path / "名单.xlsx"
    path.write_bytes(GOOD)
    assert len(sheets.read_xlsx(path).rows) == 2
    assert len(sheets.read_xlsx(str(path)).rows) == 2
    upload = SimpleUploadedFile("名单.xlsx", GOOD)
    assert len(sheets.read_xlsx(upload).rows) == 2
    assert refused(tmp_path / "missing.xlsx").startswith("无法读取文件")


def test_row_error_has_one_chinese_rendering():
    assert (
        str(RowError(5, "手机号", "不是 11 位手机号"))
        == "第5行「手机号」：不是 11 位手机号"
    )


# --- writing ---------------------------------------------------------------------

HEADERS = ["名称", "人数", "通过率", "罚款", "日期", "时间", "合格", "备注"]
ROWS = [
    [
        '=HYPERLINK("http://x")',
        60,
        0.4880952380952381,
        Decimal("30000.50"),
        dt.date(2025, 3, 18),
        dt.datetime(2025, 3, 1, 7, 49, tzinfo=dt.UTC),
        True,
        "+1+1",
    ],
    ["@SUM(A1)", 3, 1.0, Decimal("0"), dt.date(2025, 12, 1), None, False, "-2"],
]


def written() -> bytes:
    return sheets.build_xlsx(
        [
            SheetData(
                name="执法人员:名单/2025",
                headers=HEADERS,
                rows=ROWS,
                formats={"通过率": sheets.PERCENT},
            )
        ]
    )


def test_written_workbook_has_frozen_header_filter_and_chinese_sheet_name():
    sheet = load_workbook(io.BytesIO(written())).active
    assert sheet.title == "执法人员 名单 2025"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:H3"
    assert sheet["A1"].font.bold


def test_formula_like_text_stays_text_without_a_visible_quote():
    sheet = load_workbook(io.BytesIO(written())).active
    for ref in ("A2", "H2", "A3", "H3"):
        assert sheet[ref].data_type == "s", ref
        assert not sheet[ref].quotePrefix
    assert sheet["A2"].value == '=HYPERLINK("http://x")'
    assert sheet["H3"].value == "-2"
    with zipfile.ZipFile(io.BytesIO(written())) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_written_values_read_back_with_openpyxl():
    sheet = load_workbook(io.BytesIO(written())).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0] == (
        '=HYPERLINK("http://x")',
        60,
        0.4880952380952381,
        30000.5,
        dt.datetime(2025, 3, 18),
        dt.datetime(2025, 3, 1, 15, 49),  # Asia/Shanghai, without a zone
        "是",
        "+1+1",
    )
    assert rows[1][6] == "否" and rows[1][5] is None


def test_formats_follow_the_values():
    sheet = load_workbook(io.BytesIO(written())).active
    assert sheet["B2"].number_format == sheets.INTEGER
    assert sheet["C2"].number_format == sheets.PERCENT
    assert sheet["D2"].number_format == sheets.MONEY
    assert sheet["E2"].number_format == sheets.DATE
    assert sheet["F2"].number_format == sheets.DATETIME


def test_widths_follow_the_data_not_only_the_header():
    long_name = "天津市东丽区某某精细化学品有限公司第二分公司"
    content = sheets.build_xlsx(
        [SheetData(name="s", headers=["企业", "n"], rows=[[long_name, 1]])]
    )
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.column_dimensions["A"].width >= sheets.display_width(long_name)
    assert sheet.column_dimensions["B"].width == 8


def test_written_values_read_back_with_pandas_as_text():
    frame = pd.read_excel(io.BytesIO(written()), dtype=str, keep_default_na=False)
    assert list(frame.columns) == HEADERS
    assert frame["名称"].tolist() == ['=HYPERLINK("http://x")', "@SUM(A1)"]
    assert frame["人数"].tolist() == ["60", "3"]
    assert frame["合格"].tolist() == ["是", "否"]
    assert frame["备注"].tolist() == ["+1+1", "-2"]
    assert frame["时间"].tolist() == ["2025-03-01 15:49:00", ""]


def test_written_workbook_reads_back_through_the_reader():
    sheet = sheets.read_xlsx(written())
    first = sheet.rows[0][1]
    assert first["名称"] == '=HYPERLINK("http://x")'
    assert first["备注"] == "+1+1"
    assert first["合格"] == "是"


def test_title_row_sits_above_a_frozen_header():
    content = sheets.build_xlsx(
        [
            SheetData(
                name="表",
                headers=["a", "b"],
                rows=[[1, 2]],
                title="津东区应急管理局 普法活动统计表（2025年）",
            )
        ]
    )
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].value.startswith("津东区应急管理局")
    assert "A1:B1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:B3"
    frame = pd.read_excel(io.BytesIO(content), header=1, dtype=str)
    assert frame.to_dict("records") == [{"a": "1", "b": "2"}]


def test_dropdowns_offer_the_coded_values():
    content = sheets.build_xlsx(
        [
            SheetData(
                name="模板",
                headers=["题型", "题干"],
                rows=[],
                choices={"题型": ["单选", "多选", "判断"]},
            )
        ]
    )
    book = load_workbook(io.BytesIO(content))
    sheet = book["模板"]
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert "A2" in str(validation.sqref)
    lists = book["选项"]
    assert lists.sheet_state == "hidden"
    assert [c.value for c in lists["A"]] == ["题型", "单选", "多选", "判断"]


def test_sheet_names_are_made_valid_and_unique():
    content = sheets.build_xlsx(
        [
            SheetData(name="a" * 40, headers=["x"], rows=[]),
            SheetData(name="a" * 40, headers=["x"], rows=[]),
            SheetData(name="", headers=["x"], rows=[]),
        ]
    )
    names = load_workbook(io.BytesIO(content)).sheetnames
    assert names == ["a" * 31, "a" * 28 + "(2)", "数据"]


def test_pandas_values_are_written_plainly():
    import numpy as np

    frame = pd.DataFrame(
        {
            "n": np.array([1, 2], dtype="int64"),
            "x": [np.nan, 1.5],
            "t": [pd.Timestamp("2025-03-01 06:30", tz="UTC"), pd.NaT],
            "b": np.array([True, False]),
        }
    )
    content = sheets.build_xlsx(
        [
            SheetData(
                name="s",
                headers=list(frame.columns),
                rows=frame.itertuples(index=False, name=None),
            )
        ]
    )
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[1] == (1, None, dt.datetime(2025, 3, 1, 14, 30), "是")
    assert rows[2] == (2, 1.5, None, "否")


def test_response_has_the_mime_type_and_an_rfc_6266_chinese_name():
    response = sheets.xlsx_response("普法活动导入模板.xlsx", b"data")
    assert response["Content-Type"] == sheets.XLSX_CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert "filename*=UTF-8''%E6%99%AE%E6%B3%95" in disposition
    assert sheets.xlsx_response("report", b"")["Content-Disposition"] == (
        'attachment; filename="report.xlsx"'
    )
