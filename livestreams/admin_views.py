"""Host console (Wagtail admin): run the class, watch the audience, export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from home import sheets
from home.admin import admin_permission_required
from livestreams import qr, services
from livestreams.exports import attendance_workbook
from livestreams.models import CheckIn, LiveClassPage, Poll
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


@admin_permission_required(HOST_PERMISSION)
def console(request, pk):
    """The console page; its numbers refresh from console_stats."""
    live_class = get_object_or_404(LiveClassPage, pk=pk)
    report = class_report(live_class)
    context = {
        "live_class": live_class,
        "report": report,
        "report_peak_at": as_datetime(report.peak_at),
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
