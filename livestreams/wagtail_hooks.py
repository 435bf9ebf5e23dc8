from django.urls import path, reverse
from django.utils import timezone
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from home.admin import DashboardPanel, PanelRow, PermissionMenuItem
from livestreams import admin_views
from livestreams.models import ClassStatus, LiveClassPage


@hooks.register("register_admin_urls")
def register_console_urls():
    return [
        path("live/", admin_views.console_index, name="livestreams_console_index"),
        path("live/<int:pk>/", admin_views.console, name="livestreams_console"),
        path(
            "live/<int:pk>/stats.json",
            admin_views.console_stats,
            name="livestreams_console_stats",
        ),
        path(
            "live/<int:pk>/export.xlsx",
            admin_views.export,
            name="livestreams_export",
        ),
        path(
            "live/<int:pk>/attendance/import/",
            admin_views.attendance_import,
            name="livestreams_attendance_import",
        ),
        path(
            "live/attendance-template.xlsx",
            admin_views.attendance_template,
            name="livestreams_attendance_template",
        ),
        path(
            "live/<int:pk>/poster.png",
            admin_views.poster,
            {"fmt": "png"},
            name="livestreams_poster_png",
        ),
        path(
            "live/<int:pk>/poster.pdf",
            admin_views.poster,
            {"fmt": "pdf"},
            name="livestreams_poster_pdf",
        ),
        path(
            "live/<int:pk>/<str:action>/",
            admin_views.console_action,
            name="livestreams_console_action",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_console_menu_item():
    return PermissionMenuItem(
        _("Live class console"),
        reverse("livestreams_console_index"),
        permission=admin_views.HOST_PERMISSION,
        icon_name="media",
        order=250,
    )


@hooks.register("construct_homepage_panels")
def add_todays_classes_panel(request, panels):
    """今日直播: today's classes with a link to their console."""
    if not request.user.has_perm(admin_views.HOST_PERMISSION):
        return
    today = timezone.localdate()
    classes = LiveClassPage.objects.filter(scheduled_start__date=today).order_by(
        "scheduled_start"
    )
    panels.append(
        DashboardPanel(
            name="todays-live-classes",
            heading=_("Today's live classes"),
            rows=[
                PanelRow(
                    live_class.title,
                    reverse("livestreams_console", args=[live_class.pk]),
                    f"{localtime(live_class.scheduled_start):%H:%M} · "
                    f"{live_class.get_status_display()}",
                    warning=live_class.status == ClassStatus.LIVE,
                )
                for live_class in classes
            ],
            order=130,
            empty=_("No live class is scheduled today."),
            more_url=reverse("livestreams_console_index"),
            more_label=_("Live class console"),
        )
    )
