from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts import roles

_MODELS = (
    "responsibilitylist",
    "responsibilityitem",
    "activity",
    "activityattachment",
    "warningletter",
    "trainingsession",
)
# Trainers keep the ledger; coordinators read it.
_KEEP = {
    f"ledger.{action}_{model}"
    for action in ("add", "change", "delete", "view")
    for model in _MODELS
}
_READ = {f"ledger.view_{model}" for model in _MODELS}


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("Law-education ledger")
    # Permissions this module grants to each role (role name → "app_label.codename").
    # accounts.roles merges them into the role groups after every migrate.
    role_permissions: dict[str, set[str]] = {
        roles.TRAINER: _KEEP,
        roles.REVIEW_COORDINATOR: _READ,
    }
