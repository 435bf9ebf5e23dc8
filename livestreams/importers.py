"""Attendance exported from an external live platform (xlsx), validated row by row.

The file is read by the shared hardened reader (``home.sheets``); every problem is
a ``RowError`` (or the reader's file message), all listed at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from home import sheets
from home.sheets import RowError
from livestreams.forms import ROLE_WORDS
from livestreams.phones import normalize_phone

COLUMNS = ["姓名", "企业", "岗位类别", "手机号", "进入时间", "离开时间"]
TIME_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
]


@dataclass(frozen=True)
class AttendanceRow:
    row: int
    name: str
    enterprise: str
    post_category: str
    phone: str
    entered: dt.datetime
    left: dt.datetime


class AttendanceFileError(Exception):
    """Every problem in the file: ``RowError``s naming their Excel row and column,
    or one message about the file as a whole."""

    def __init__(self, errors: list[RowError | str]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


def _time(value: str) -> dt.datetime | None:
    value = value.strip()
    for fmt in TIME_FORMATS:
        try:
            parsed = dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        return timezone.make_aware(parsed)
    return None


def read_attendance(path) -> list[AttendanceRow]:
    """Parse and validate the whole file (a path, bytes or an upload); raise
    AttendanceFileError listing every bad cell with its Excel row."""
    try:
        sheet = sheets.read_xlsx(path, required=COLUMNS, skip_examples=True)
    except sheets.SheetError as error:
        raise AttendanceFileError([str(error)]) from None
    rows, errors = [], []
    for excel_row, record in sheet.rows:
        record = {column: record[column] for column in COLUMNS}
        values = {k: (v or "").strip() for k, v in record.items()}
        if not any(values.values()):
            continue  # only columns this importer does not read
        problems = []
        for column in ("姓名", "企业"):
            if not values[column]:
                problems.append(RowError(excel_row, column, _("is empty")))
        role = ROLE_WORDS.get(values["岗位类别"])
        if role is None:
            problems.append(
                RowError(excel_row, "岗位类别", _("must be 一线员工 or 管理人员"))
            )
        phone = ""
        if values["手机号"]:
            try:
                phone = normalize_phone(values["手机号"])
            except ValidationError:
                problems.append(
                    RowError(excel_row, "手机号", _("is not an 11-digit mobile number"))
                )
        times = {}
        for column in ("进入时间", "离开时间"):
            times[column] = _time(values[column])
            if times[column] is None:
                problems.append(
                    RowError(
                        excel_row,
                        column,
                        _("is not a time like 2025-03-01 09:30:00"),
                    )
                )
        if (
            times["进入时间"]
            and times["离开时间"]
            and times["离开时间"] <= times["进入时间"]
        ):
            problems.append(
                RowError(excel_row, "离开时间", _("is not after the entry time"))
            )
        if problems:
            errors.extend(problems)
            continue
        rows.append(
            AttendanceRow(
                excel_row,
                values["姓名"],
                values["企业"],
                role,
                phone,
                times["进入时间"],
                times["离开时间"],
            )
        )
    if errors:
        raise AttendanceFileError(errors)
    if not rows:
        raise AttendanceFileError([_("The file has no attendance rows.")])
    return rows


TEMPLATE_EXAMPLE = [
    "张三",
    "某某化工有限公司",
    "一线员工",
    "13800138000",
    "2025-03-18 09:00:00",
    "2025-03-18 10:30:00",
]
TEMPLATE_NOTES = [
    ("姓名", "观看人姓名。"),
    ("企业", "所在企业全称，与企业名录一致时计入该企业。"),
    ("岗位类别", "一线员工或管理人员。"),
    ("手机号", "11 位手机号，可不填；填写后同一人多次观看合并计算。"),
    ("进入时间", "北京时间，写成 2025-03-18 09:00:00。"),
    ("离开时间", "北京时间，须晚于进入时间。"),
]


def attendance_template_xlsx() -> bytes:
    """The attendance import template (the columns an external platform exports)."""
    return sheets.build_template(
        name="观看记录",
        headers=COLUMNS,
        examples=[TEMPLATE_EXAMPLE],
        choices={"岗位类别": list(ROLE_WORDS)},
        instructions=TEMPLATE_NOTES,
        required=["姓名", "企业", "岗位类别", "进入时间", "离开时间"],
        widths={"企业": 30, "进入时间": 20, "离开时间": 20, "手机号": 14},
    )
