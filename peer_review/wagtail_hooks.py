from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts.roles import ADMIN_ACCESS
from home.admin import (
    PermissionMenuItem,
    PermissionSubmenuMenuItem,
    filtered_snippet_chooser,
)
from peer_review import admin_urls, services
from peer_review.models import CaseFile, ProceduralRule, Rubric, RubricItem


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


class CaseFileViewSet(SnippetViewSet):
    model = CaseFile
    icon = "folder-open-inverse"
    menu_label = _("Case files")
    list_display = [
        "number",
        "group",
        "party_name",
        "fine",
        "decided_on",
        "findings_count",
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
    list_display = ["__str__", "source", "effective_from", "effective_to", "confirmed"]
    list_filter = ["key", "confirmed"]


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
