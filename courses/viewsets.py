"""Wagtail admin for the law-article spine and required study (registered in
wagtail_hooks)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import CreateView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from courses.models import (
    Article,
    CourseAssignment,
    CoursePage,
    PenaltyProvision,
    Regulation,
)
from courses.progress import StudyStatus

MSG_ASSIGNMENT_NOBODY = _(
    "Choose whom the course is assigned to: a role, an enforcement group or people."
)
MSG_NOT_A_COURSE = _("Choose a course page.")


class RegulationViewSet(ModelViewSet):
    model = Regulation
    icon = "doc-full"
    menu_label = _("Regulations")
    list_display = ["title", "short_title", "level", "status", "effective_on"]
    list_filter = ["level", "status"]
    search_fields = ["title", "short_title", "issuing_body"]
    form_fields = [
        "title",
        "short_title",
        "key",
        "level",
        "issuing_body",
        "promulgated_on",
        "effective_on",
        "status",
        "version_label",
        "history",
        "previous_version",
        "replaced_by",
    ]


class ArticleViewSet(ModelViewSet):
    model = Article
    icon = "list-ol"
    menu_label = _("Articles")
    list_display = ["__str__", "chapter_title", "key"]
    list_filter = ["regulation", "chapter_title"]
    search_fields = ["text", "key"]
    list_per_page = 50
    form_fields = [
        "regulation",
        "chapter_number",
        "chapter_title",
        "section_title",
        "number",
        "suffix",
        "text",
        "key",
    ]


class PenaltyProvisionViewSet(ModelViewSet):
    model = PenaltyProvision
    icon = "warning"
    menu_label = _("Penalty provisions")
    list_display = ["__str__", "summary", "unit_fine_max", "person_fine_max"]
    list_filter = ["article__regulation"]
    search_fields = ["summary"]


class LawViewSetGroup(ViewSetGroup):
    menu_label = _("Law library")
    menu_icon = "doc-full-inverse"
    menu_order = 150
    items = (
        RegulationViewSet("regulations"),
        ArticleViewSet("articles"),
        PenaltyProvisionViewSet("penalty_provisions"),
    )


class CourseAssignmentForm(WagtailAdminModelForm):
    """An assignment must reach someone: a role, a group or named people."""

    class Meta:
        model = CourseAssignment
        fields = ["course", "role", "enforcement_group", "users", "due_on", "note"]

    def clean(self):
        cleaned = super().clean()
        if not (
            cleaned.get("role")
            or cleaned.get("enforcement_group")
            or cleaned.get("users")
        ):
            raise forms.ValidationError(MSG_ASSIGNMENT_NOBODY)
        course = cleaned.get("course")
        if course is not None and not isinstance(course.specific, CoursePage):
            self.add_error("course", MSG_NOT_A_COURSE)
        return cleaned


class AssignmentCreateView(CreateView):
    def save_instance(self):
        self.form.instance.assigned_by = self.request.user
        return super().save_instance()


class AssignmentProgressView(WagtailAdminTemplateMixin, TemplateView):
    """Who has and has not finished an assignment, by enforcement group."""

    template_name = "courses/admin/assignment_progress.html"
    header_icon = "tasks"
    viewset = None

    def dispatch(self, request, *args, **kwargs):
        policy = self.viewset.permission_policy
        if not policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        self.assignment = get_object_or_404(
            CourseAssignment.objects.select_related("course"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Study progress")

    def get_page_subtitle(self):
        return str(self.assignment)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {
                "url": reverse(self.viewset.get_url_name("index")),
                "label": self.viewset.menu_label,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = CourseAssignment.objects.filter(
            pk=self.assignment.pk
        ).with_assignee_statuses()
        context.update(
            assignment=self.assignment,
            groups=progress_by_group(rows),
            total=len(rows),
            finished=sum(row["status"] == StudyStatus.COMPLETED for row in rows),
        )
        return context


def progress_by_group(rows: list[dict]) -> list[dict]:
    """Rows grouped by enforcement group (or enterprise), finished first."""
    groups: dict[str, dict] = {}
    for row in rows:
        user = row["user"]
        unit = user.enforcement_group or user.enterprise
        name = str(unit) if unit else _("No group")
        group = groups.setdefault(name, {"name": name, "finished": [], "pending": []})
        key = "finished" if row["status"] == StudyStatus.COMPLETED else "pending"
        group[key].append(row)
    return list(groups.values())


class CourseAssignmentViewSet(ModelViewSet):
    model = CourseAssignment
    icon = "tasks"
    menu_label = _("Required study")
    add_to_admin_menu = False
    add_view_class = AssignmentCreateView
    list_display = [
        "course",
        Column("audience_label", label=_("Assigned to")),
        "due_on",
        TitleColumn(
            "progress",
            label=_("Progress"),
            accessor=lambda obj: _("Who has finished"),
            url_name="course_assignments:progress",
        ),
    ]
    list_filter = ["due_on"]
    search_fields = ["note"]

    def get_form_class(self, for_update=False):
        return CourseAssignmentForm

    @property
    def progress_view(self):
        return AssignmentProgressView.as_view(viewset=self)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/progress/", self.progress_view, name="progress"),
        ]


class StudyViewSetGroup(ViewSetGroup):
    menu_label = _("Study")
    menu_icon = "tasks"
    menu_order = 160
    items = (CourseAssignmentViewSet("course_assignments"),)
