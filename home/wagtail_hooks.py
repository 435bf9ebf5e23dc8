"""The bureau's admin shell: Chinese help in place of Wagtail's, reports people use."""

from django.db import models
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem, SubmenuMenuItem
from wagtail.admin.ui.fields import register_display_class
from wagtail.admin.wagtail_hooks import SettingsMenuItem
from wagtail.models import Page, Site
from wagtail.sites.views import IndexView as SiteIndexView
from wagtail.users.forms import PagePermissionsForm

from home.admin import YesNoDisplay
from home.forms import PlatformPageForm

# Wagtail's help items open English pages on wagtail.org; the bureau's network does
# not reach them and its staff do not read them.
WAGTAIL_HELP_ITEMS = {"whats-new-in-wagtail", "editor-guide"}
# A developer's report: it lists page types by their code names.
DEVELOPER_REPORTS = {"page-types-usage"}


def help_page(request):
    return render(request, "home/admin/help.html", {"page_title": _("User guide")})


@hooks.register("register_admin_urls")
def register_help_url():
    # Every page type without a form of its own gets the numbered-slug form. Set
    # when the admin's URLs are built: wagtail.admin's ready() sets its default
    # after this module may already have been imported.
    Page.base_form_class = PlatformPageForm
    return [path("help/", help_page, name="platform_help")]


@hooks.register("construct_help_menu")
def replace_wagtail_help(request, menu_items):
    menu_items[:] = [
        item
        for item in menu_items
        if not any(item.name.startswith(name) for name in WAGTAIL_HELP_ITEMS)
    ]
    menu_items.insert(
        0,
        MenuItem(
            _("User guide"),
            reverse("platform_help"),
            name="platform-help",
            icon_name="help",
            order=100,
        ),
    )


@hooks.register("construct_main_menu")
def settings_menu_without_wagtail_version(request, menu_items):
    """Wagtail's 设置 menu ends with "Wagtail v8.0.1": the bureau's admin does not
    name the software it is built on. The same menu, without that footer."""
    menu_items[:] = [
        SubmenuMenuItem(
            item.label,
            item.menu,
            name=item.name,
            icon_name=item.icon_name,
            classname=item.classname,
            attrs=item.attrs,
            order=item.order,
        )
        if isinstance(item, SettingsMenuItem)
        else item
        for item in menu_items
    ]


@hooks.register("construct_reports_menu")
def hide_developer_reports(request, menu_items):
    menu_items[:] = [item for item in menu_items if item.name not in DEVELOPER_REPORTS]


# Booleans in inspect views read 是/否, not True/False.
register_display_class(models.BooleanField, display_class=YesNoDisplay)


def _label_site_columns():
    """Wagtail's site listing labels three columns from their attribute names
    ("Site name", "Port", "Root page"); use the fields' translated verbose names."""
    for column in SiteIndexView.columns:
        if column.name in {"port", "site_name", "root_page"}:
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)


_label_site_columns()
# The group screen's page-permission rows label their page field from its name.
PagePermissionsForm.base_fields["page"].label = _("Page")
