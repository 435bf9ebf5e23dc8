from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = _("Analytics")
    # Permissions this module grants to each role (role name → "app_label.codename").
    # accounts.roles merges them into the role groups after every migrate.
    role_permissions: dict[str, set[str]] = {}
