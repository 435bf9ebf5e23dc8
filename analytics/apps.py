from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts import roles


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = _("Analytics")
    # Permissions this module grants to each role (role name → "app_label.codename").
    # accounts.roles merges them into the role groups after every migrate.
    role_permissions: dict[str, set[str]] = {
        roles.TRAINER: {"analytics.view_dashboard", "analytics.run_annual_report"},
        roles.REVIEW_COORDINATOR: {
            "analytics.view_dashboard",
            "analytics.run_annual_report",
        },
        roles.SYSTEM_ADMIN: {"analytics.view_dashboard", "analytics.run_annual_report"},
    }
