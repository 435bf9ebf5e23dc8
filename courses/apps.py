from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts import roles

_LAW = {
    f"courses.{action}_{model}"
    for action in ("add", "change", "view")
    for model in ("regulation", "article", "penaltyprovision", "discretiontier")
}

_STUDY = {
    f"courses.{action}_courseassignment"
    for action in ("add", "change", "delete", "view")
} | {"courses.view_lessoncompletion", "courses.view_enrollment"}


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Regulations and courses")
    # Permissions this module grants to each role (role name → "app_label.codename").
    # accounts.roles merges them into the role groups after every migrate.
    role_permissions: dict[str, set[str]] = {
        roles.TRAINER: _LAW | _STUDY,
        roles.REVIEW_COORDINATOR: _LAW
        | {"courses.view_courseassignment", "courses.view_lessoncompletion"},
        roles.ENFORCEMENT_OFFICER: {
            "courses.view_regulation",
            "courses.view_article",
            "courses.view_penaltyprovision",
            "courses.view_discretiontier",
        },
    }
