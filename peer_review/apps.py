from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeerReviewConfig(AppConfig):
    name = "peer_review"
    verbose_name = _("Case-file review")
    # Permissions this module grants to each role (role name → "app_label.codename").
    # accounts.roles merges them into the role groups after every migrate.
    role_permissions: dict[str, set[str]] = {}
