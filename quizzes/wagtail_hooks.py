from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from home.admin import DashboardPanel, PanelRow, PermissionMenuItem
from quizzes import admin_views
from quizzes.models import Drill, DrillReminder
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
            "quizzes/drills/<int:pk>/coverage.xlsx",
            admin_views.DrillCoverageExportView.as_view(),
            name="quizzes_drill_coverage_export",
        ),
        path(
            "quizzes/drills/<int:pk>/remind/",
            admin_views.DrillRemindView.as_view(),
            name="quizzes_drill_remind",
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


@hooks.register("construct_homepage_panels")
def add_unfinished_drills_panel(request, panels):
    """未完成练兵: the person's own open drills not yet passed; for those who
    assign drills, the open drills with the number still to finish."""
    user = request.user
    if user.has_perm("quizzes.view_drill"):
        rows = []
        drills = Drill.objects.open_now().select_related("quiz")
        for drill in drills[: admin_views.PANEL_ROWS]:
            coverage = admin_views.drill_coverage(drill)
            unfinished = sum(1 for p in coverage["persons"] if not p["passed"])
            rows.append(
                PanelRow(
                    drill.title,
                    reverse("quizzes_drill_coverage", args=[drill.pk]),
                    _("%(count)d of %(total)d not passed")
                    % {"count": unfinished, "total": len(coverage["persons"])},
                    warning=bool(unfinished),
                )
            )
        more_url = reverse("wagtailsnippets_quizzes_drill:list")
    else:
        drills = Drill.objects.assigned_to(user).open_now().select_related("quiz")
        unfinished = [d for d in drills if not admin_views.drill_passed_by(d, user)]
        reminded = set(
            DrillReminder.objects.filter(user=user, drill__in=unfinished).values_list(
                "drill_id", flat=True
            )
        )
        rows = [
            PanelRow(
                d.title,
                d.quiz.url or "",
                (
                    _("reminded · due %(date)s")
                    if d.pk in reminded
                    else _("due %(date)s")
                )
                % {"date": date_format(localtime(d.deadline))},
                warning=d.pk in reminded,
            )
            for d in unfinished[: admin_views.PANEL_ROWS]
        ]
        if not user.is_enforcement_staff:
            return
        more_url = ""
    panels.append(
        DashboardPanel(
            name="unfinished-drills",
            heading=_("Unfinished drills"),
            rows=rows,
            order=140,
            empty=_("No drill is waiting."),
            more_url=more_url,
            more_label=_("All drills"),
        )
    )
