from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

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
            "live/<int:pk>/<str:action>/",
            admin_views.console_action,
            name="livestreams_console_action",
        ),
    ]


class ConsoleMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.HOST_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_console_menu_item():
    return ConsoleMenuItem(
        _("Live class console"),
        reverse("livestreams_console_index"),
        icon_name="media",
        order=250,
    )
