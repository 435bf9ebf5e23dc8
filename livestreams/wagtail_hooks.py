from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from home.admin import PermissionMenuItem
from livestreams import admin_views


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
