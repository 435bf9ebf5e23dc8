"""The one spreadsheet reader and the one writer every app uses.

Reading: an uploaded .xlsx is hostile until shown otherwise. Before any XML is
parsed the file's size, its zip directory (member count, total unpacked size,
compression ratio), its container (an encrypted workbook is an OLE file, not a zip)
and every XML prolog (no DTD, so no entity expansion) are checked; then the first
sheet is streamed with openpyxl's read-only mode and reading stops one row past the
row limit. Cells come back as text, keyed by header, with their Excel row numbers.

Writing: ``build_xlsx`` turns sheets (name, headers, rows) into a workbook with a
frozen header, a filter, widths from the data, number/percent/date formats, local
time, 是/否 for booleans, and text that starts like a formula kept as text (the cell
is typed as a string; no visible quote mark).

Every message is Chinese: it is shown to the bureau's staff as it is.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# File messages.
F_TOO_LARGE = "文件过大（超过 {limit} MB），请拆分后再导入"
F_NOT_XLSX = "这不是有效的 Excel（.xlsx）文件，请用 Excel 或 WPS 另存为 .xlsx 后再导入"
F_ENCRYPTED = "文件已加密或为旧版 .xls 格式：请取消密码保护并另存为 .xlsx 后再导入"
F_BOMB = "文件解压后过大或压缩比异常，已拒绝处理"
F_TOO_MANY_MEMBERS = "文件内部结构异常（包含 {count} 个部件），已拒绝处理"
F_UNSAFE_XML = "文件包含不安全的 XML 内容（实体或 DTD 声明），已拒绝处理"
F_EMPTY = "文件中没有数据（第一个工作表为空）"
F_NO_ROWS = "文件中只有表头，没有数据行"
F_ONLY_EXAMPLES = "文件中只有示例行（以“【示例】”开头），没有要导入的数据"
F_MISSING_COLUMNS = "缺少必需的列：{columns}（请使用下载的模板）"
F_DUPLICATE_COLUMN = "表头中“{column}”列出现了不止一次"
F_TOO_MANY_ROWS = "数据行过多（超过 {limit} 行），请拆分后再导入"
F_UNREADABLE = "无法读取文件：{reason}"

# Row messages shared by importers.
R_REQUIRED = "不能为空"

# An encrypted .xlsx (and a legacy .xls) is an OLE compound file, not a zip.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A member this small cannot be a bomb whatever its ratio (tiny XML compresses well).
_RATIO_FLOOR = 1024 * 1024
# Markers that let a template's example rows sit in the sheet without being imported.
EXAMPLE_MARK = "示例"


class SheetError(ValueError):
    """The file as a whole cannot be read; ``str()`` is the Chinese message."""


@dataclass(frozen=True)
class RowError:
    """One bad cell: its Excel row, its column header and why."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"第{self.row}行「{self.column}」：{self.reason}"


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10 * 1024 * 1024
    max_members: int = 500
    max_uncompressed: int = 60 * 1024 * 1024
    max_ratio: int = 100
    max_rows: int = 20_000

    @classmethod
    def from_settings(cls, **overrides) -> Limits:
        """The limits in settings (``SHEETS_MAX_*``), with per-call overrides."""
        from django.conf import settings

        values = {
            name: getattr(settings, f"SHEETS_{name.upper()}", default)
            for name, default in (
                ("max_bytes", cls.max_bytes),
                ("max_members", cls.max_members),
                ("max_uncompressed", cls.max_uncompressed),
                ("max_ratio", cls.max_ratio),
                ("max_rows", cls.max_rows),
            )
        }
        values.update(overrides)
        return cls(**values)


@dataclass
class Sheet:
    """A read sheet: its header as found, and each data row with its Excel number.

    Rows are ``(excel_row, {column: text})``; fully empty rows are left out, and so
    are example rows (first cell starting with 示例) when the reader was asked to.
    """

    columns: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    skipped_examples: int = 0

    def __len__(self) -> int:
        return len(self.rows)


# --- reading ---------------------------------------------------------------------


def read_bytes(source, limit: int) -> bytes:
    """The bytes of a path, an uploaded file or bytes, refusing more than ``limit``
    without reading all of an oversized file."""
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    elif isinstance(source, str | Path):
        try:
            path = Path(source)
            if path.stat().st_size > limit:
                raise SheetError(F_TOO_LARGE.format(limit=limit // 2**20))
            with path.open("rb") as handle:
                data = handle.read(limit + 1)
        except OSError as error:
            raise SheetError(F_UNREADABLE.format(reason=error.strerror)) from error
    else:
        size = getattr(source, "size", None)
        if size is not None and size > limit:
            raise SheetError(F_TOO_LARGE.format(limit=limit // 2**20))
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(limit + 1)
    if len(data) > limit:
        raise SheetError(F_TOO_LARGE.format(limit=limit // 2**20))
    return data


def check_xlsx(data: bytes, limits: Limits) -> None:
    """Refuse what is not a plain, reasonably sized xlsx, before any XML is parsed
    (the zip directory and each XML prolog are all that is read)."""
    if len(data) > limits.max_bytes:
        raise SheetError(F_TOO_LARGE.format(limit=limits.max_bytes // 2**20))
    if data.startswith(_OLE_SIGNATURE):
        raise SheetError(F_ENCRYPTED)
    if not data.startswith(b"PK"):
        raise SheetError(F_NOT_XLSX)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > limits.max_members:
                raise SheetError(F_TOO_MANY_MEMBERS.format(count=len(members)))
            names = {m.filename for m in members}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise SheetError(F_NOT_XLSX)
            _check_sizes(members, limits)
            for member in members:
                if member.filename.endswith((".xml", ".rels", ".vml")):
                    _check_prolog(archive, member)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError) as exc:
        raise SheetError(F_NOT_XLSX) from exc
    except (RuntimeError, EOFError, OSError) as exc:  # encrypted zip, truncated data
        raise SheetError(F_NOT_XLSX) from exc


_ROW_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:v|is)[\s>]")
# Rows the scan may count that the reader leaves out (template example rows).
_ROW_SLACK = 20


def check_row_count(data: bytes, limits: Limits) -> None:
    """Refuse a first sheet with far more rows than the limit before openpyxl
    parses it: the rows holding a value are counted on the raw XML, streamed
    (well under a second for the largest sheet the size limits let through),
    where parsing them would take a worker minutes."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        path = _first_sheet_path(archive)
        if path is None:
            return  # openpyxl will say what is wrong with the workbook
        rows, tail = 0, b""
        with archive.open(path) as stream:
            while chunk := stream.read(2**20):
                parts = _ROW_START.split(tail + chunk)
                tail = parts.pop()
                rows += sum(1 for part in parts if _VALUE.search(part))
                if rows > limits.max_rows + 1 + _ROW_SLACK:
                    raise SheetError(F_TOO_MANY_ROWS.format(limit=limits.max_rows))
            rows += bool(_VALUE.search(tail))
    if rows > limits.max_rows + 1 + _ROW_SLACK:
        raise SheetError(F_TOO_MANY_ROWS.format(limit=limits.max_rows))


def _first_sheet_path(archive: zipfile.ZipFile) -> str | None:
    """The part of the workbook's first sheet (workbook.xml → its relationship),
    both already checked to be free of DTDs."""
    from defusedxml.ElementTree import fromstring

    try:
        book = fromstring(archive.read("xl/workbook.xml"))
        rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # noqa: BLE001 — a missing or malformed part
        return None
    sheet = next((e for e in book.iter() if e.tag.endswith("}sheet")), None)
    if sheet is None:
        return None
    rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
    for rel in rels.iter():
        if rel.get("Id") == rid and rel.get("Target"):
            target = rel.get("Target")
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            return path if path in archive.namelist() else None
    return None


def _check_sizes(members, limits: Limits) -> None:
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _RATIO_FLOOR and ratio > limits.max_ratio:
            raise SheetError(F_BOMB)
    if total > limits.max_uncompressed:
        raise SheetError(F_BOMB)


def _check_prolog(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """A DTD (and so any entity declaration) must come before the root element:
    parsing up to the root's start tag is enough to refuse it, at no cost."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, iterparse

    try:
        with archive.open(member) as stream:
            for _event in iterparse(stream, events=("start",), forbid_dtd=True):
                break
    except DefusedXmlException as exc:
        raise SheetError(F_UNSAFE_XML) from exc
    except ParseError as exc:
        raise SheetError(F_NOT_XLSX) from exc


def cell_text(value: Any) -> str:
    """A cell as the text a person sees: whole numbers without ".0", dates as
    2025-03-18 00:00:00 (what the importers' date parsers accept), stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    return str(value).strip()


def header_key(text: str) -> str:
    """How a header cell is compared: width-folded, without spaces or a trailing
    required-mark (“题型*”, "题 型", full-width letters all match)."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text).rstrip("*＊")


def read_xlsx(
    source,
    *,
    required: Sequence[str] = (),
    aliases: Mapping[str, str] | None = None,
    skip_examples: bool = False,
    limits: Limits | None = None,
) -> Sheet:
    """The first sheet of ``source`` (bytes, a path or an uploaded file) as text.

    Headers are mapped to canonical names (``aliases``: another header → the name);
    a missing ``required`` column or a repeated one is a :class:`SheetError`. More
    than ``limits.max_rows`` data rows is refused while streaming.
    """
    limits = limits or Limits.from_settings()
    data = read_bytes(source, limits.max_bytes)
    check_xlsx(data, limits)
    check_row_count(data, limits)
    from openpyxl import load_workbook

    _bound_dimension_scan()

    try:
        book = load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    except Exception as exc:
        # openpyxl raises many types on malformed parts; each is a bad file.
        raise SheetError(F_NOT_XLSX) from exc
    try:
        return _read_sheet(book, required, aliases or {}, skip_examples, limits)
    except SheetError:
        raise
    except Exception as exc:  # malformed XML met while streaming the sheet
        raise SheetError(F_NOT_XLSX) from exc
    finally:
        book.close()


def _bound_dimension_scan() -> None:
    """Make openpyxl's read-only sheets look for <dimension> only in the sheet's
    prolog.

    openpyxl looks for it with "end" events and stops at the end of <sheetData>:
    a sheet without a <dimension> (hostile or from a careless writer) is parsed
    to its last row when the workbook is opened, every sheet of it, before the
    streaming row limit can stop anything. The size is reset before reading
    anyway, so the prolog is enough: stop at the start of <sheetData>."""
    from openpyxl.worksheet import _read_only

    if getattr(_read_only.ReadOnlyWorksheet, "_bounded", False):
        return
    from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
    from openpyxl.worksheet.dimensions import SheetDimension
    from openpyxl.xml.functions import iterparse

    def _get_size(self):
        source = self._get_source()
        try:
            for _event, element in iterparse(source, events=("start",)):
                if element.tag == DIMENSION_TAG:
                    bounds = SheetDimension.from_tree(element).boundaries
                    (
                        self._min_column,
                        self._min_row,
                        self._max_column,
                        self._max_row,
                    ) = bounds
                    break
                if element.tag == DATA_TAG:
                    break
        finally:
            source.close()

    _read_only.ReadOnlyWorksheet._get_size = _get_size
    _read_only.ReadOnlyWorksheet._bounded = True


def _read_sheet(book, required, aliases, skip_examples, limits) -> Sheet:
    if not book.worksheets:
        raise SheetError(F_EMPTY)
    sheet = book.worksheets[0]
    # Some writers record a wrong dimension (A1:A1); read what is really there.
    sheet.reset_dimensions()
    # Read-only iter_rows yields every row from row 1, gaps as empty rows, so the
    # position is Excel's row number.
    rows = enumerate(sheet.iter_rows(values_only=True), start=1)
    header = None
    for _number, values in rows:
        if any(cell_text(v) for v in values):
            header = [cell_text(v) for v in values]
            break
    if header is None:
        raise SheetError(F_EMPTY)
    columns = _map_header(header, required, aliases)
    result = Sheet(columns=[c for c in columns if c])
    for number, values in rows:
        cells = {
            column: cell_text(value)
            for column, value in zip(columns, values, strict=False)
            if column
        }
        if not any(cells.values()):
            continue
        if skip_examples and _is_example(values):
            result.skipped_examples += 1
            continue
        if len(result.rows) >= limits.max_rows:
            raise SheetError(F_TOO_MANY_ROWS.format(limit=limits.max_rows))
        for column in result.columns:
            cells.setdefault(column, "")
        result.rows.append((number, cells))
    return result


def _is_example(values) -> bool:
    first = next((cell_text(v) for v in values if cell_text(v)), "")
    return first.lstrip("（(【[").startswith(EXAMPLE_MARK)


def _map_header(header, required, aliases) -> list[str]:
    canonical = {header_key(name): name for name in required}
    canonical.update({header_key(k): v for k, v in aliases.items()})
    columns, seen = [], set()
    for text in header:
        if not text:
            columns.append("")
            continue
        name = canonical.get(header_key(text), text.rstrip("*＊").strip())
        if name in seen:
            raise SheetError(F_DUPLICATE_COLUMN.format(column=name))
        seen.add(name)
        columns.append(name)
    missing = [c for c in required if c not in seen]
    if missing:
        raise SheetError(F_MISSING_COLUMNS.format(columns="、".join(missing)))
    return columns


# --- writing ---------------------------------------------------------------------

# Excel number formats, named for the callers.
INTEGER = "0"
DECIMAL = "0.0#"
MONEY = "#,##0.00"
PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"
TIME = "hh:mm"
TEXT = "@"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]*?/\\:]")
_MIN_WIDTH, _MAX_WIDTH = 8, 60


@dataclass
class SheetData:
    """One worksheet to write.

    ``formats`` maps a header to an Excel number format (``PERCENT`` for a ratio
    0–1, ``DECIMAL``…); other cells get a format from their type. ``title`` is an
    optional line above the header (unit, table, period, date made) for tables
    that go upstream; ``choices`` maps a header to the values a dropdown offers.
    """

    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    formats: Mapping[str, str] = field(default_factory=dict)
    title: str = ""
    choices: Mapping[str, Sequence[str]] = field(default_factory=dict)
    widths: Mapping[str, float] = field(default_factory=dict)
    # Coded columns whose dropdown only suggests (a cell may hold several values).
    open_choices: Sequence[str] = ()


def title_line(table: str, period: str = "") -> str:
    """The line above a table that goes upstream: unit, table, period and the
    date it was made (制表日期 2025年3月8日, no zero padding)."""
    from django.conf import settings
    from django.utils import timezone

    made = timezone.localdate()
    unit = getattr(settings, "BUREAU_NAME", "")
    period = f"（{period}）" if period else ""
    return (
        f"{unit}{table}{period}　制表日期：{made.year}年{made.month}月{made.day}日"
    ).strip()


def escape_wagtail_csv_exports() -> None:
    """Every CSV that Wagtail's list exports write (model viewsets, snippets, the
    reports such as 站点历史) passes each cell through ``csv_safe``. Called once from
    HomeConfig.ready: Wagtail offers no per-project hook for its own reports."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "csv_safe", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        result = original(self, field, value, export_format)
        if export_format == SpreadsheetExportMixin.FORMAT_CSV:
            return csv_safe(result)
        return result

    preprocess_field_value.csv_safe = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value


def plain_value(value: Any) -> Any:
    """A Python, pandas or numpy value as one openpyxl writes: lazy text resolved,
    NaN/NaT empty, aware datetimes in local time without their zone, booleans 是/否."""
    from django.utils.functional import Promise

    if value is None:
        return None
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        value = None if value != value else value.to_pydatetime()  # NaT != NaT
        if value is None:
            return None
    elif hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()  # numpy scalar
        if isinstance(value, bool):
            return "是" if value else "否"
    if isinstance(value, float) and value != value:  # NaN
        return None
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        from django.utils import timezone

        value = timezone.localtime(value).replace(tzinfo=None)
    return value


def _default_format(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return DATETIME
    if isinstance(value, dt.date):
        return DATE
    if isinstance(value, dt.time):
        return TIME
    if isinstance(value, Decimal):
        return MONEY
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return DECIMAL
    return None


def csv_safe(value: Any) -> Any:
    """A value for a CSV file (which has no cell types): text that a spreadsheet
    would run as a formula gets a leading apostrophe; booleans become 是/否."""
    value = plain_value(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def display_width(text: str) -> int:
    """Columns a text takes in Excel: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _shown(value: Any, number_format: str | None) -> str:
    if value is None:
        return ""
    if number_format == PERCENT and isinstance(value, int | float):
        return f"{value:.1%}"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def sheet_name(name: str) -> str:
    """A valid worksheet name: no []*?/\\: and at most 31 characters."""
    cleaned = _SHEET_NAME_FORBIDDEN.sub(" ", str(name)).strip().strip("'")
    return (cleaned or "数据")[:31]


def build_xlsx(sheets: Iterable[SheetData]) -> bytes:
    """An .xlsx of ``sheets``, each with a bold frozen header and a filter."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for data in sheets:
        name = sheet_name(data.name)
        base, n = name, 2
        while name in used:
            suffix = f"({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        used.add(name)
        _write_sheet(book.create_sheet(title=name), data)
    if not book.worksheets:
        book.create_sheet(title="数据")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_sheet(sheet, data: SheetData) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    headers = [str(h) for h in data.headers]
    count = max(len(headers), 1)
    widths = [display_width(h) for h in headers]
    top = 1
    if data.title:
        sheet.cell(row=1, column=1, value=str(data.title)).data_type = "s"
        sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
        sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
        if count > 1:
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=count)
        top = 2
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=top, column=column, value=header)
        cell.data_type = "s"
        cell.font = Font(bold=True)
    formats = [data.formats.get(h) for h in headers]
    last = top
    for last, row in enumerate(data.rows, start=top + 1):
        for column, raw in enumerate(row, start=1):
            value = plain_value(raw)
            if value is None:
                continue
            cell = sheet.cell(row=last, column=column)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, and no visible quote mark
                number_format = None
            else:
                number_format = (
                    formats[column - 1] if column <= len(formats) else None
                ) or _default_format(value)
                if number_format:
                    cell.number_format = number_format
            if column <= len(widths):
                shown = max(
                    display_width(p) for p in _shown(value, number_format).split("\n")
                )
                widths[column - 1] = max(widths[column - 1], shown)
            else:
                widths.append(display_width(_shown(value, number_format)))
    for column, width in enumerate(widths, start=1):
        header = headers[column - 1] if column <= len(headers) else ""
        chosen = data.widths.get(header) or min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(column)].width = chosen
    if headers:
        sheet.freeze_panes = sheet.cell(row=top + 1, column=1)
        sheet.auto_filter.ref = (
            f"A{top}:{get_column_letter(len(headers))}{max(last, top)}"
        )
    if data.choices:
        _add_dropdowns(sheet, headers, data.choices, top, data.open_choices)


def _add_dropdowns(sheet, headers, choices, top, open_choices=()) -> None:
    """A list validation per coded column, for the rows a template will be filled in
    (the values sit on a hidden sheet: an inline list is limited to 255 characters)."""
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    book = sheet.parent
    lists = book["选项"] if "选项" in book.sheetnames else book.create_sheet("选项")
    lists.sheet_state = "hidden"
    for header, values in choices.items():
        if header not in headers:
            continue
        list_column = (
            lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value else 1
        )
        letter = get_column_letter(list_column)
        lists.cell(row=1, column=list_column, value=header).data_type = "s"
        for i, value in enumerate(values, start=2):
            lists.cell(row=i, column=list_column, value=str(value)).data_type = "s"
        source = (
            f"{quote_sheetname(lists.title)}!${letter}$2:${letter}${len(values) + 1}"
        )
        suggest = header in open_choices
        validation = DataValidation(
            type="list",
            formula1=source,
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="information" if suggest else "stop",
            errorTitle="提示" if suggest else "输入有误",
            error=(
                f"“{header}”可填多项，用“、”分隔，名称须与下拉列表一致"
                if suggest
                else f"请从下拉列表中选择“{header}”"
            ),
        )
        sheet.add_data_validation(validation)
        target = get_column_letter(headers.index(header) + 1)
        validation.add(f"{target}{top + 1}:{target}{top + 2000}")


EXAMPLE_PREFIX = f"【{EXAMPLE_MARK}】"
INSTRUCTIONS_SHEET = "填写说明"


def mark_example(row: Sequence[Any]) -> list[Any]:
    """An example row as a template shows it: its first cell starts with 【示例】,
    so the importer (``skip_examples=True``) leaves it out."""
    values = list(row)
    if values:
        values[0] = f"{EXAMPLE_PREFIX}{values[0] if values[0] is not None else ''}"
    return values


def build_template(
    *,
    name: str,
    headers: Sequence[str],
    examples: Sequence[Sequence[Any]] = (),
    choices: Mapping[str, Sequence[str]] | None = None,
    instructions: Sequence[tuple[str, str]] = (),
    required: Sequence[str] = (),
    widths: Mapping[str, float] | None = None,
    open_choices: Sequence[str] = (),
) -> bytes:
    """An import template: the data sheet first (the one the reader reads), its
    example rows marked 【示例】 and greyed, a dropdown per coded column, text
    format on every input column; then a 填写说明 sheet (one row per column:
    required or not, what to write, the allowed values)."""
    from openpyxl import load_workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    choices = dict(choices or {})
    explained = dict(instructions)
    guide_rows = [
        [
            "通用",
            "",
            "每行一条记录；以“【示例】”开头的行是示例，导入时自动跳过，可保留或删除。"
            "带 * 的列必填。日期写成 2025-03-18。",
        ]
    ]
    for header in headers:
        text = explained.get(header, "")
        if header in choices:
            allowed = "、".join(str(v) for v in choices[header])
            text = f"{text}（可选值：{allowed}）" if text else f"可选值：{allowed}"
        guide_rows.append([header, "是" if header in required else "否", text])
    body = build_xlsx(
        [
            SheetData(
                name=name,
                headers=[f"{h}*" if h in required else h for h in headers],
                rows=[mark_example(row) for row in examples],
                widths=dict(widths or {}),
                choices={
                    (f"{h}*" if h in required else h): v for h, v in choices.items()
                },
                open_choices=[f"{h}*" if h in required else h for h in open_choices],
            ),
            SheetData(
                name=INSTRUCTIONS_SHEET,
                headers=["列名", "必填", "填写说明"],
                rows=guide_rows,
                widths={"列名": 18, "必填": 8, "填写说明": 90},
            ),
        ]
    )
    book = load_workbook(io.BytesIO(body))
    data, guide = book.worksheets[0], book[INSTRUCTIONS_SHEET]
    grey = PatternFill("solid", fgColor="EEEEEE")
    for row in data.iter_rows(min_row=2, max_row=len(examples) + 1):
        for cell in row:
            cell.fill = grey
            cell.font = Font(italic=True, color="666666")
    for column in range(1, len(headers) + 1):
        # Text format down the input rows: codes like 0101 and phone numbers
        # keep their leading zeros, long numbers are not shown as 1.3E+10.
        for row in range(len(examples) + 2, len(examples) + 502):
            data.cell(row=row, column=column).number_format = TEXT
    for row in guide.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def content_disposition(filename: str) -> str:
    """An attachment header keeping a Chinese file name (RFC 6266 / RFC 5987
    ``filename*=UTF-8''…``), with an ASCII ``filename`` for old clients."""
    from urllib.parse import quote

    if re.fullmatch(r"[A-Za-z0-9._ -]+", filename):
        return f'attachment; filename="{filename}"'
    _stem, dot, extension = filename.rpartition(".")
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore")
    fallback = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_name.decode()).strip("_.")
    if not fallback or fallback == extension:
        fallback = f"export.{extension}" if dot else "export"
    return (
        f'attachment; filename="{fallback}"; '
        f"filename*=UTF-8''{quote(filename, safe='')}"
    )


def xlsx_response(filename: str, content: bytes):
    """A download of ``content`` named ``filename`` (Chinese names kept, RFC 6266
    ``filename*``)."""
    from django.http import HttpResponse

    if not filename.lower().endswith(".xlsx"):
        filename += ".xlsx"
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response
