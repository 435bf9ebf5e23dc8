"""Attendance exported from an external live platform (xlsx), validated row by row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

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
    """Every problem in the file, each naming its Excel row and column."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
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


def _error(row: int, column: str, reason: str) -> str:
    return _("Row %(row)s, column %(column)s: %(reason)s") % {
        "row": row,
        "column": column,
        "reason": reason,
    }


def read_attendance(path) -> list[AttendanceRow]:
    """Parse and validate the whole file; raise AttendanceFileError listing every
    bad cell (Excel row = DataFrame index + 2, the header being row 1)."""
    try:
        frame = pd.read_excel(path, dtype=str, keep_default_na=False)
    except (ValueError, OSError) as error:
        raise AttendanceFileError([_("Cannot read the file: %s") % error]) from None
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise AttendanceFileError([_("Missing columns: %s") % "、".join(missing)])
    rows, errors = [], []
    for index, record in enumerate(frame[COLUMNS].to_dict("records")):
        excel_row = index + 2
        values = {k: (v or "").strip() for k, v in record.items()}
        if not any(values.values()):
            continue  # blank line
        problems = []
        for column in ("姓名", "企业"):
            if not values[column]:
                problems.append(_error(excel_row, column, _("is empty")))
        role = ROLE_WORDS.get(values["岗位类别"])
        if role is None:
            problems.append(
                _error(excel_row, "岗位类别", _("must be 一线员工 or 管理人员"))
            )
        phone = ""
        if values["手机号"]:
            try:
                phone = normalize_phone(values["手机号"])
            except ValidationError:
                problems.append(
                    _error(excel_row, "手机号", _("is not an 11-digit mobile number"))
                )
        times = {}
        for column in ("进入时间", "离开时间"):
            times[column] = _time(values[column])
            if times[column] is None:
                problems.append(
                    _error(
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
                _error(excel_row, "离开时间", _("is not after the entry time"))
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
