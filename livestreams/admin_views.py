"""Host console (Wagtail admin): run the class, watch the audience, export."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from home import sheets
from home.admin import admin_permission_required
from livestreams import qr, services
from livestreams.exports import attendance_workbook
from livestreams.importers import (
    AttendanceFileError,
    attendance_template_xlsx,
    read_attendance,
)
from livestreams.models import CheckIn, ClassStatus, LiveClassPage, Poll
from livestreams.presence import get_store
from livestreams.reports import as_datetime, class_report

# Declared for the roles in LivestreamsConfig.role_permissions.
HOST_PERMISSION = "livestreams.host_liveclass"


@admin_permission_required(HOST_PERMISSION)
def console_index(request):
    classes = LiveClassPage.objects.order_by("-scheduled_start")
    return TemplateResponse(
        request, "livestreams/admin/console_index.html", {"classes": classes}
    )


CURVE_WIDTH, CURVE_HEIGHT = 600, 150
CURVE_LEFT, CURVE_BOTTOM = 40, 20


def curve_figure(curve: list[tuple[float, int]]) -> dict:
    """The per-minute audience as an SVG polyline with its axes: viewers (0 to the
    maximum) up the left, clock times along the bottom (five ticks)."""
    top = max([n for _t, n in curve] + [1])
    step = CURVE_WIDTH / max(len(curve) - 1, 1)
    points = " ".join(
        f"{CURVE_LEFT + i * step:.1f},{CURVE_HEIGHT - CURVE_HEIGHT * n / top:.1f}"
        for i, (_t, n) in enumerate(curve)
    )
    ticks = []
    if curve:
        every = max(1, (len(curve) - 1) // 4)
        for i in range(0, len(curve), every):
            at = timezone.localtime(as_datetime(curve[i][0]))
            ticks.append({"x": CURVE_LEFT + i * step, "label": f"{at:%H:%M}"})
    return {
        "points": points,
        "top": top,
        "ticks": ticks,
        "width": CURVE_LEFT + CURVE_WIDTH + 20,
        "height": CURVE_HEIGHT + CURVE_BOTTOM + 10,
        "left": CURVE_LEFT,
        "base": CURVE_HEIGHT,
    }


def final_peak(live_class: LiveClassPage, report) -> tuple[int, dt.datetime | None]:
    """The peak and its time: the larger of the live counter's and the sessions'."""
    report_at = as_datetime(report.peak_at)
    if live_class.peak > report.peak:
        return live_class.peak, live_class.peak_at
    return report.peak, report_at or live_class.peak_at


@admin_permission_required(HOST_PERMISSION)
def console(request, pk):
    """The console page; its numbers refresh from console_stats while the class is
    live and are the final figures once it has ended."""
    live_class = get_object_or_404(LiveClassPage, pk=pk)
    report = class_report(live_class)
    peak, peak_at = final_peak(live_class, report)
    context = {
        "live_class": live_class,
        "report": report,
        "ended": live_class.status == ClassStatus.ENDED,
        "peak": peak,
        "report_peak_at": peak_at,
        "curve": curve_figure(report.curve),
        "polls": live_class.polls.order_by("-opened_at"),
        "checkins": live_class.checkins.order_by("-opened_at"),
    }
    return TemplateResponse(request, "livestreams/admin/console.html", context)


@admin_permission_required(HOST_PERMISSION)
def console_stats(request, pk):
    """Live numbers for the console: store counts, check-ins, polls, the curve."""
    live_class = get_object_or_404(LiveClassPage, pk=pk)
    audience = get_store().audience_sync(live_class.pk)
    report = class_report(live_class)
    checkin = CheckIn.objects.filter(live_class=live_class).last()
    return JsonResponse(
        {
            "status": live_class.status,
            "current": audience.current,
            "peak": max(audience.peak, live_class.peak),
            "unique": max(audience.unique, report.unique),
            "checkins": checkin.answers.count() if checkin else 0,
            "polls": [
                {"id": p.pk, "question": p.question, "counts": p.counts()}
                for p in live_class.polls.order_by("-opened_at")[:3]
            ],
            "curve": [n for _t, n in report.curve],
        }
    )


@require_POST
@admin_permission_required(HOST_PERMISSION)
def console_action(request, pk, action):
    live_class = get_object_or_404(LiveClassPage, pk=pk)
    try:
        if action == "start":
            services.class_start(live_class=live_class)
        elif action == "end":
            services.class_end(live_class=live_class)
        elif action == "checkin":
            services.checkin_open(live_class=live_class)
        elif action == "poll":
            services.poll_open(
                live_class=live_class,
                question=request.POST.get("question", ""),
                choices=request.POST.get("choices", "").splitlines(),
            )
        elif action == "share":
            poll = get_object_or_404(
                Poll, pk=request.POST.get("poll"), live_class=live_class
            )
            services.poll_share(poll=poll)
        else:
            raise PermissionDenied
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Done."))
    return redirect("livestreams_console", pk=live_class.pk)


@admin_permission_required(HOST_PERMISSION)
def export(request, pk):
    """Attendance workbook of the class (?enterprise=… for one enterprise)."""
    live_class = get_object_or_404(LiveClassPage, pk=pk)
    enterprise = request.GET.get("enterprise", "")
    body = attendance_workbook(live_class, enterprise=enterprise)
    name = (
        f"{live_class.title}-{enterprise}-观看情况"
        if enterprise
        else f"{live_class.title}-观看情况"
    )
    return sheets.xlsx_response(f"{name}.xlsx", body)


class AttendanceImportForm(forms.Form):
    file = forms.FileField(
        label=_lazy("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    dry_run = forms.BooleanField(
        label=_lazy("Only check, import nothing"), required=False
    )


@admin_permission_required(HOST_PERMISSION)
def attendance_import(request, pk):
    """Attendance from an external live platform, all or nothing: every bad row
    (or the file's one problem) is listed and nothing is written."""
    live_class = get_object_or_404(LiveClassPage, pk=pk)
    form = AttendanceImportForm(request.POST or None, request.FILES or None)
    errors: list = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = read_attendance(form.cleaned_data["file"])
        except AttendanceFileError as error:
            errors = error.errors
        else:
            if form.cleaned_data["dry_run"]:
                messages.success(request, _("%(n)s rows are valid.") % {"n": len(rows)})
            else:
                added = services.attendance_import(live_class=live_class, rows=rows)
                messages.success(
                    request,
                    _("%(rows)s rows read, %(added)s sessions added to %(title)s.")
                    % {"rows": len(rows), "added": added, "title": live_class.title},
                )
                return redirect("livestreams_console", pk=live_class.pk)
    return TemplateResponse(
        request,
        "livestreams/admin/attendance_import.html",
        {"live_class": live_class, "form": form, "errors": errors},
    )


@admin_permission_required(HOST_PERMISSION)
def attendance_template(request):
    """The attendance import template: instructions, dropdowns, an example row."""
    return sheets.xlsx_response("直播观看记录导入模板.xlsx", attendance_template_xlsx())


@admin_permission_required(HOST_PERMISSION)
def poster(request, pk, fmt):
    """The class poster to print or send to enterprise groups (PNG or PDF)."""
    live_class = get_object_or_404(LiveClassPage, pk=pk)
    made = qr.poster_of(live_class)
    if fmt == "pdf":
        body, content_type = qr.poster_pdf(made), "application/pdf"
    else:
        body, content_type = qr.poster_png(made), "image/png"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{live_class.title}-海报.{fmt}"
    )
    return response
