from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts import roles
from peer_review import admin_urls, services
from peer_review.models import CaseFile, Rubric, RubricItem


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("peer-review/", include(admin_urls, namespace="peer_review_admin"))]


class RoleMenuItem(MenuItem):
    """A menu item shown only to the given roles."""

    def __init__(self, *args, roles_shown=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.roles_shown = roles_shown

    def is_shown(self, request):
        return any(request.user.has_role(r) for r in self.roles_shown)


STAFF = (roles.ENFORCEMENT_OFFICER, roles.REVIEW_COORDINATOR)
COORDINATOR = (roles.REVIEW_COORDINATOR,)


def _items():
    def item(label, name, icon, shown, order):
        return RoleMenuItem(
            label,
            reverse(f"peer_review_admin:{name}"),
            icon_name=icon,
            roles_shown=shown,
            order=order,
        )

    return [
        item(_("My reviews"), "queue", "tasks", STAFF, 10),
        item(_("Review rounds"), "rounds", "date", COORDINATOR, 20),
        item(_("Issues and rectification"), "issues", "warning", STAFF, 30),
        item(
            _("Drill topics"),
            "drill_topics",
            "help",
            (roles.TRAINER, roles.REVIEW_COORDINATOR),
            40,
        ),
    ]


class ReviewSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return any(request.user.has_role(r) for r in (*STAFF, roles.TRAINER))


@hooks.register("register_admin_menu_item")
def register_menu():
    return ReviewSubmenu(
        _("Case-file review"),
        Menu(register_hook_name=None, construct_hook_name=None, items=_items()),
        icon_name="clipboard-list",
        order=300,
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


register_snippet(CaseFileViewSet)
register_snippet(RubricViewSet)
register_snippet(RubricItemViewSet)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def recheck_case_file(request, instance):
    """A saved case file shows fresh findings at once."""
    if isinstance(instance, CaseFile):
        services.casefiles_check(cases=[instance])
