from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from home.admin import PermissionMenuItem
from quizzes import admin_views
from quizzes.viewsets import QuizzesViewSetGroup, RetireBulkAction


@hooks.register("register_admin_viewset")
def register_quizzes():
    return QuizzesViewSetGroup()


hooks.register("register_bulk_action", RetireBulkAction)


@hooks.register("register_admin_urls")
def register_quizzes_admin_urls():
    return [
        path(
            "quizzes/import/",
            admin_views.QuestionImportView.as_view(),
            name="quizzes_import",
        ),
        path(
            "quizzes/import/<int:pk>/",
            admin_views.QuestionImportJobView.as_view(),
            name="quizzes_import_job",
        ),
        path(
            "quizzes/template.xlsx",
            admin_views.import_template,
            name="quizzes_import_template",
        ),
        path(
            "quizzes/export/",
            admin_views.QuestionExportView.as_view(),
            name="quizzes_export",
        ),
        path(
            "quizzes/drills/<int:pk>/coverage/",
            admin_views.DrillCoverageView.as_view(),
            name="quizzes_drill_coverage",
        ),
        path(
            "quizzes/questions/<int:pk>/regrade/",
            admin_views.RegradeView.as_view(),
            name="quizzes_regrade",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return PermissionMenuItem(
        _("Import questions"),
        reverse("quizzes_import"),
        icon_name="upload",
        order=161,
        permission="quizzes.add_question",
    )
