"""Attendance workbooks: one sheet per viewer and one per enterprise, phones masked.

Every cell that holds user text is written as a string, never as a formula, so a
name typed as "=HYPERLINK(…)" stays text in Excel.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from accounts.models import PostCategory
from livestreams.models import LiveClassPage, Viewer
from livestreams.reports import class_report


def _text(cell, value: str) -> None:
    cell.value = value
    cell.data_type = "s"


def attendance_workbook(live_class: LiveClassPage, *, enterprise: str = "") -> bytes:
    """The class's attendance (optionally of one enterprise) as an xlsx file."""
    report = class_report(live_class)
    viewers = [
        v
        for v in Viewer.objects.for_class(live_class).order_by(
            "enterprise_name", "name"
        )
        if v.pk in report.watch_seconds
        and (not enterprise or v.enterprise_name == enterprise)
    ]
    threshold = live_class.threshold_seconds
    # Imported here: every ASGI worker loads this module (admin hooks) and must
    # not carry openpyxl (and numpy through it) for the sake of a rare export.
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Viewers")
    sheet.append(
        [
            _("Full name"),
            _("Enterprise"),
            _("Post category"),
            _("Mobile phone"),
            _("Watch time (minutes)"),
            _("Attended"),
        ]
    )
    per_enterprise: dict[str, list[int]] = {}
    for viewer in viewers:
        seconds = report.watch_seconds[viewer.pk]
        attended = seconds >= threshold
        row = sheet.max_row + 1
        for column, value in enumerate(
            [
                viewer.name,
                viewer.enterprise_name,
                str(PostCategory(viewer.post_category).label),
                viewer.masked_phone,
            ],
            start=1,
        ):
            _text(sheet.cell(row=row, column=column), value)
        sheet.cell(row=row, column=5, value=round(seconds / 60, 1))
        sheet.cell(row=row, column=6, value=_("yes") if attended else _("no"))
        totals = per_enterprise.setdefault(viewer.enterprise_name, [0, 0, 0])
        totals[0] += 1
        totals[1] += attended
        totals[2] += viewer.post_category == PostCategory.FRONT_LINE
    summary = book.create_sheet(_("Enterprises"))
    summary.append(
        [_("Enterprise"), _("Viewers"), _("Attended"), _("Front-line viewers")]
    )
    for name, (count, attended, front) in sorted(per_enterprise.items()):
        row = summary.max_row + 1
        _text(summary.cell(row=row, column=1), name)
        summary.cell(row=row, column=2, value=count)
        summary.cell(row=row, column=3, value=attended)
        summary.cell(row=row, column=4, value=front)
    for ws in (sheet, summary):
        ws.column_dimensions["A"].width = 16
        ws.column_dimensions["B"].width = 30
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
