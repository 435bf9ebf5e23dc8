from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home page")
    role_permissions: dict[str, set[str]] = {}

    def ready(self):
        from home.sheets import escape_wagtail_csv_exports

        escape_wagtail_csv_exports()
