from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Regulations and courses")
    # Permissions this module grants to each role (role name → "app_label.codename").
    # accounts.roles merges them into the role groups after every migrate.
    role_permissions: dict[str, set[str]] = {}
