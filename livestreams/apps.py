from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts import roles


class LivestreamsConfig(AppConfig):
    name = "livestreams"
    verbose_name = _("Live classes")
    # Permissions this module grants to each role (role name → "app_label.codename").
    # accounts.roles merges them into the role groups after every migrate.
    role_permissions: dict[str, set[str]] = {
        roles.TRAINER: {
            "livestreams.host_liveclass",
            "livestreams.view_viewer",
            "livestreams.view_viewingsession",
        },
        roles.SYSTEM_ADMIN: {"livestreams.host_liveclass"},
    }
