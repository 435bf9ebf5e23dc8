from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts import roles


class PeerReviewConfig(AppConfig):
    name = "peer_review"
    verbose_name = _("Case-file review")
    # Permissions this module grants to each role (role name → "app_label.codename").
    # accounts.roles merges them into the role groups after every migrate.
    role_permissions: dict[str, set[str]] = {
        # 法制审核 runs the reviews: case files, rubrics, rounds. Officers and
        # trainers reach their part through the workflow views, which check roles.
        roles.REVIEW_COORDINATOR: {
            f"peer_review.{action}_{model}"
            for action in ("add", "change", "delete", "view")
            for model in (
                "casefile",
                "rubric",
                "rubricitem",
                "gradeband",
                "deductionoption",
            )
        },
    }
