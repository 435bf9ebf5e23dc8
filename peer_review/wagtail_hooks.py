from django.urls import include, path, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts.roles import ADMIN_ACCESS
from home.admin import (
    DashboardPanel,
    PanelRow,
    PermissionMenuItem,
    PermissionSubmenuMenuItem,
    boolean_column,
    filtered_snippet_chooser,
)
from home.sorting import natural_order
from peer_review import admin_urls, services
from peer_review.models import (
    Assignment,
    CaseFile,
    Issue,
    ProceduralRule,
    Rubric,
    RubricItem,
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("peer-review/", include(admin_urls, namespace="peer_review_admin"))]


def _items():
    def item(label, name, icon, permission, order):
        return PermissionMenuItem(
            label,
            reverse(f"peer_review_admin:{name}"),
            icon_name=icon,
            permission=permission,
            order=order,
        )

    return [
        item(_("My reviews"), "queue", "tasks", "peer_review.score_assigned", 10),
        item(_("Review rounds"), "rounds", "date", "peer_review.view_reviewround", 20),
        item(
            _("Issues and rectification"),
            "issues",
            "warning",
            "peer_review.view_issue",
            30,
        ),
        item(_("Drill topics"), "drill_topics", "help", "peer_review.assign_drill", 40),
    ]


@hooks.register("register_admin_menu_item")
def register_menu():
    return PermissionSubmenuMenuItem(
        _("Case-file review"),
        Menu(register_hook_name=None, construct_hook_name=None, items=_items()),
        icon_name="clipboard-list",
        order=300,
        permission=ADMIN_ACCESS,
    )


class FindingsColumn(Column):
    """Automatic findings and review issues with their state, in one cell."""

    def get_value(self, instance):
        issues = list(instance.issues.all())
        parts = [_("%(n)d findings") % {"n": len(instance.findings)}]
        if issues:
            unresolved = sum(1 for i in issues if i.status != Issue.Status.VERIFIED)
            overdue = sum(1 for i in issues if i.is_overdue)
            text = _("%(n)d issues, %(open)d not closed") % {
                "n": len(issues),
                "open": unresolved,
            }
            if overdue:
                text += _(", %(n)d overdue") % {"n": overdue}
            parts.append(text)
        return " · ".join(str(p) for p in parts)


class CaseFileIndexView(snippet_views.IndexView):
    """Case numbers in numeric order (1号, 2号 … 19号), not as text."""

    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related("issues")

    def order_queryset(self, queryset):
        if self.ordering in ("number", "-number"):
            descending = self.ordering.startswith("-")
            return queryset.order_by(natural_order("number", descending=descending))
        if not self.ordering:
            return queryset.order_by("-filed_on", natural_order("number"))
        return super().order_queryset(queryset)


class CaseFileViewSet(SnippetViewSet):
    model = CaseFile
    index_view_class = CaseFileIndexView
    icon = "folder-open-inverse"
    menu_label = _("Case files")
    list_display = [
        "number",
        "group",
        "party_name",
        "fine",
        "decided_on",
        FindingsColumn("findings", label=_("Findings and issues")),
    ]
    list_filter = ["group", "procedure"]
    search_fields = ["number", "party_name", "violation"]
    add_to_admin_menu = True
    menu_order = 310
    # The chooser lists only the files the user may open (CaseFile.visible_to).
    chooser_viewset_class = filtered_snippet_chooser(
        visible=lambda cases, user: cases.visible_to(user)
    )


class RubricViewSet(SnippetViewSet):
    model = Rubric
    icon = "list-ul"
    menu_label = _("Rubrics")
    list_display = ["name", "kind"]


class RubricItemViewSet(SnippetViewSet):
    model = RubricItem
    icon = "list-ol"
    menu_label = _("Rubric items")
    list_display = ["title", "rubric", "section", "max_points"]
    list_filter = ["rubric", "section"]


class ProceduralRuleViewSet(SnippetViewSet):
    """Periods and thresholds by source and dates; edits are logged (history)."""

    model = ProceduralRule
    icon = "time"
    menu_label = _("Procedural rules")
    list_display = [
        "__str__",
        "source",
        "effective_from",
        "effective_to",
        boolean_column(ProceduralRule, "confirmed"),
        boolean_column(ProceduralRule, "special"),
    ]
    list_filter = ["key", "confirmed", "special"]


register_snippet(CaseFileViewSet)
register_snippet(ProceduralRuleViewSet)
register_snippet(RubricViewSet)
register_snippet(RubricItemViewSet)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def recheck_case_file(request, instance):
    """A saved case file shows fresh findings at once."""
    if isinstance(instance, CaseFile):
        services.casefiles_check(cases=[instance])


PANEL_ROWS = 5


@hooks.register("construct_homepage_panels")
def add_review_panels(request, panels):
    """我的评查任务 for reviewers, 逾期整改 for the groups and the verifiers."""
    user = request.user
    if user.has_perm("peer_review.score_assigned"):
        pending = Assignment.objects.pending_for(user)
        panels.append(
            DashboardPanel(
                name="my-reviews",
                heading=_("My review tasks"),
                rows=[
                    PanelRow(
                        a.case.number,
                        reverse("peer_review_admin:review_form", args=[a.pk]),
                        _("due %(date)s")
                        % {"date": date_format(localtime(a.round.deadline))},
                        warning=not a.round.is_open(),
                    )
                    for a in pending[:PANEL_ROWS]
                ],
                total=pending.count(),
                order=110,
                empty=_("No case file is waiting for your review."),
                more_url=reverse("peer_review_admin:queue"),
                more_label=_("All my reviews"),
            )
        )
    if user.has_perm("peer_review.view_issue"):
        overdue = (
            Issue.objects.visible_to(user)
            .overdue()
            .select_related("case", "responsible_group")
        )
        panels.append(
            DashboardPanel(
                name="overdue-rectification",
                heading=_("Overdue rectification"),
                rows=[
                    PanelRow(
                        f"{issue.case.number} · {issue.get_category_display()}",
                        reverse("peer_review_admin:issues"),
                        _("%(group)s, due %(date)s")
                        % {
                            "group": issue.responsible_group,
                            "date": date_format(issue.deadline),
                        },
                        warning=True,
                    )
                    for issue in overdue[:PANEL_ROWS]
                ],
                total=overdue.count(),
                order=120,
                empty=_("No rectification is overdue."),
                more_url=reverse("peer_review_admin:issues"),
                more_label=_("Issues and rectification"),
            )
        )
