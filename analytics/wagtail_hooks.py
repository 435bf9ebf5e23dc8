"""Admin wiring: dashboard and report URLs, and a menu shown to those allowed."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu

from home.admin import PermissionMenuItem, PermissionSubmenuMenuItem


@hooks.register("register_admin_urls")
def register_analytics_urls():
    # The views bring the pandas/matplotlib pipeline (~70 MB). Django loads every
    # wagtail_hooks at startup, the admin's URLs only when a request first resolves
    # one: so the ASGI workers that serve only ws/ never load it.
    from analytics import views

    return [
        path("analytics/", views.dashboard, name="analytics_dashboard"),
        path("analytics/chart/<slug:name>.img", views.chart, name="analytics_chart"),
        path("analytics/export/<slug:key>.xlsx", views.export, name="analytics_export"),
        path("analytics/reports/", views.report_runs, name="analytics_report_runs"),
        path(
            "analytics/reports/new/",
            views.report_run_create,
            name="analytics_report_run_create",
        ),
        path(
            "analytics/reports/<int:pk>/<slug:kind>/",
            views.report_download,
            name="analytics_report_download",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_analytics_menu():
    from analytics.views import VIEW

    menu = Menu(
        items=[
            PermissionMenuItem(
                _("Dashboards"),
                reverse("analytics_dashboard"),
                icon_name="view",
                permission=VIEW,
            ),
            PermissionMenuItem(
                _("Annual report"),
                reverse("analytics_report_runs"),
                icon_name="doc-full",
                permission=VIEW,
            ),
        ]
    )
    return PermissionSubmenuMenuItem(
        _("Analytics"), menu, icon_name="table", order=900, permission=VIEW
    )
