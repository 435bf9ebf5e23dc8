from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts import roles


def _model_permissions(*models: str, actions=("add", "change", "delete", "view")):
    return {f"peer_review.{a}_{m}" for a in actions for m in models}


# Officers score the files assigned to them, add documents to their group's files and
# rectify their group's issues; which files and issues is decided by the QuerySets.
_OFFICER = {
    "peer_review.score_assigned",
    "peer_review.add_casedocument",
    "peer_review.view_issue",
    "peer_review.respond_issue",
}


class PeerReviewConfig(AppConfig):
    name = "peer_review"
    verbose_name = _("Case-file review")
    # Permissions this module grants to each role (role name → "app_label.codename").
    # accounts.roles merges them into the role groups after every migrate; the admin
    # views and menu items check these permissions (home.admin), never role names.
    role_permissions: dict[str, set[str]] = {
        roles.ENFORCEMENT_OFFICER: _OFFICER,
        # 法制审核 runs the reviews: case files, rubrics, rounds, arbitration, the
        # verification of rectifications and the drills that follow from issues.
        roles.REVIEW_COORDINATOR: {
            *_OFFICER,
            *_model_permissions(
                "casefile", "rubric", "rubricitem", "gradeband", "deductionoption"
            ),
            *_model_permissions("reviewround", actions=("add", "change", "view")),
            *_model_permissions("arbitration", actions=("change", "view")),
            *_model_permissions("proceduralrule"),
            "peer_review.verify_issue",
            "peer_review.assign_drill",
        },
        roles.TRAINER: {"peer_review.assign_drill"},
    }
