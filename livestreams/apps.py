from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LivestreamsConfig(AppConfig):
    name = "livestreams"
    verbose_name = _("Live classes")
    # Permissions this module grants to each role (role name → "app_label.codename").
    # accounts.roles merges them into the role groups after every migrate.
    role_permissions: dict[str, set[str]] = {}
