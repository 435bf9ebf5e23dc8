"""Attendance workbooks: one sheet per viewer and one per enterprise, phones masked.

Every cell that holds user text is written as a string, never as a formula, so a
name typed as "=HYPERLINK(…)" stays text in Excel.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.models import PostCategory
from home import sheets
from livestreams.models import CheckInAnswer, LiveClassPage, PollAnswer, Viewer
from livestreams.reports import class_report


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
    checkins = _counts(CheckInAnswer, checkin__live_class=live_class)
    polls = _counts(PollAnswer, poll__live_class=live_class)
    checkin_total = live_class.checkins.count()
    poll_total = live_class.polls.count()
    rows = []
    per_enterprise: dict[str, list[int]] = {}
    for viewer in viewers:
        seconds = report.watch_seconds[viewer.pk]
        attended = seconds >= threshold
        rows.append(
            [
                viewer.name,
                viewer.enterprise_name,
                str(PostCategory(viewer.post_category).label),
                viewer.masked_phone,
                round(seconds / 60, 1),
                attended,
                checkins.get(viewer.pk, 0),
                polls.get(viewer.pk, 0),
            ]
        )
        totals = per_enterprise.setdefault(viewer.enterprise_name, [0, 0, 0])
        totals[0] += 1
        totals[1] += attended
        totals[2] += viewer.post_category == PostCategory.FRONT_LINE
    minutes = _("Watch time (minutes)")
    checked_in = _("Check-ins answered (of %(n)s)") % {"n": checkin_total}
    voted = _("Polls answered (of %(n)s)") % {"n": poll_total}
    start = live_class.scheduled_start
    period = f"{live_class.title}，{start.year}年{start.month}月{start.day}日"
    if enterprise:
        period += f"，{enterprise}"
    title = sheets.title_line(_("Live class attendance"), period)
    return sheets.build_xlsx(
        [
            sheets.SheetData(
                name=_("Viewers"),
                headers=[
                    _("Full name"),
                    _("Enterprise"),
                    _("Post category"),
                    _("Mobile phone"),
                    minutes,
                    _("Attended"),
                    checked_in,
                    voted,
                ],
                rows=rows,
                formats={minutes: "0.0"},
                title=title,
            ),
            sheets.SheetData(
                name=_("Enterprises"),
                headers=[
                    _("Enterprise"),
                    _("Viewers"),
                    _("Attended"),
                    _("Front-line viewers"),
                ],
                rows=[
                    [name, *totals] for name, totals in sorted(per_enterprise.items())
                ],
                title=title,
            ),
        ]
    )


def _counts(model, **filters) -> dict[int, int]:
    """Answers per viewer (one query)."""
    from django.db.models import Count

    return dict(
        model.objects.filter(**filters)
        .values("viewer")
        .annotate(n=Count("pk"))
        .values_list("viewer", "n")
    )
