from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts import roles

_BANK = {
    "quizzes.add_question",
    "quizzes.change_question",
    "quizzes.view_question",
    "quizzes.add_knowledgepoint",
    "quizzes.change_knowledgepoint",
    "quizzes.view_knowledgepoint",
    "quizzes.add_drill",
    "quizzes.change_drill",
    "quizzes.delete_drill",
    "quizzes.view_drill",
    "quizzes.view_attempt",
}


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Question bank and exams")
    # Permissions this module grants to each role (role name → "app_label.codename").
    # accounts.roles merges them into the role groups after every migrate.
    role_permissions: dict[str, set[str]] = {
        roles.TRAINER: _BANK,
        roles.REVIEW_COORDINATOR: {
            "quizzes.view_question",
            "quizzes.view_drill",
            "quizzes.view_attempt",
        },
    }
