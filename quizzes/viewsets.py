"""Wagtail admin for the question bank and drills (registered in wagtail_hooks)."""

from django import forms
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from accounts.viewsets import staff_chooser_viewset, staff_queryset
from home.admin import filtered_snippet_chooser
from quizzes import services
from quizzes.models import Drill, Question, QuestionStatus


class QuestionIndexView(snippet_views.IndexView):
    """Chinese search: jieba splits the query, every word must match. The bank
    opens on the questions in use: retired ones are listed only when the status
    filter asks for them."""

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if not self.request.GET.get("status"):
            queryset = queryset.exclude(status=QuestionStatus.RETIRED)
        return queryset

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.search_chinese(self.search_query)

    @property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Import from Excel"),
                url=reverse("quizzes_import"),
                icon_name="upload",
            ),
            HeaderButton(
                _("Export to Excel"),
                url=reverse("quizzes_export"),
                icon_name="download",
            ),
        ]


class _VersionedSaveMixin:
    """Saves go through services.question_save, which freezes a new version
    whenever the text or key changes."""

    def save_instance(self):
        instance = self.form.save(commit=False)
        services.question_save(question=instance)
        self.form.save_m2m()
        return instance


class QuestionCreateView(_VersionedSaveMixin, snippet_views.CreateView):
    pass


class QuestionEditView(_VersionedSaveMixin, snippet_views.EditView):
    @cached_property
    def header_more_buttons(self):
        """After correcting a key: regrade the answers given to older versions."""
        return [
            *super().header_more_buttons,
            Button(
                _("Regrade answers"),
                url=reverse("quizzes_regrade", args=[self.object.pk]),
                icon_name="redirect",
                priority=30,
            ),
        ]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Question bank")
    index_view_class = QuestionIndexView
    add_view_class = QuestionCreateView
    edit_view_class = QuestionEditView
    list_display = [
        "__str__",
        Column("qtype", label=_("type"), accessor="get_qtype_display"),
        "difficulty",
        Column("status", label=_("status"), accessor="get_status_display"),
        Column("current_version", label=_("version")),
        Column("updated_at", label=_("updated"), sort_key="updated_at"),
    ]
    list_filter = ["qtype", "status", "difficulty", "knowledge_points", "articles"]
    list_per_page = 50
    search_fields = ["stem"]
    search_backend_name = None
    # The bank (stems, and keys behind them) is for those who keep or read it.
    chooser_viewset_class = filtered_snippet_chooser(
        any_permission=(
            "quizzes.view_question",
            "quizzes.change_question",
            "quizzes.add_question",
        )
    )
    form_fields = [
        "qtype",
        "stem",
        "options",
        "answer",
        "explanation",
        "knowledge_points",
        "articles",
        "citations",
        "case_article",
        "case_provision",
        "difficulty",
        "status",
    ]


class DrillForm(WagtailAdminModelForm):
    """布置人 is chosen among bureau staff only (never enterprise users)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "created_by" in self.fields:
            self.fields["created_by"].queryset = staff_queryset()
            self.fields["created_by"].help_text = _(
                "Bureau staff only; left empty, it is you."
            )


class DrillCreateView(snippet_views.CreateView):
    """The person who assigns the drill is recorded as its 布置人 unless another
    staff member is chosen."""

    def save_instance(self):
        if not self.form.instance.created_by_id:
            self.form.instance.created_by = self.request.user
        return super().save_instance()


class DrillViewSet(SnippetViewSet):
    model = Drill
    add_view_class = DrillCreateView
    icon = "group"
    menu_label = _("Drills")
    list_display = [
        "title",
        "quiz",
        "deadline",
        TitleColumn(
            "coverage",
            label=_("Coverage"),
            accessor=lambda drill: _("View"),
            get_url=lambda drill: reverse("quizzes_drill_coverage", args=[drill.pk]),
        ),
    ]
    list_filter = ["groups"]
    search_fields = ["title"]
    search_backend_name = None
    # Tick boxes, not Ctrl-click list boxes; a person in both a chosen group and
    # a chosen role is still assigned (and counted) once (Drill.assignees).
    # 布置人: a searchable chooser of bureau staff (accounts.viewsets).
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("quiz"),
            FieldPanel("groups", widget=forms.CheckboxSelectMultiple),
            FieldPanel("roles", widget=forms.CheckboxSelectMultiple),
            FieldPanel("deadline"),
            FieldPanel("created_by", widget=staff_chooser_viewset.widget_class),
            FieldPanel("note"),
        ],
        base_form_class=DrillForm,
    )


class QuizzesViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Quizzes")
    menu_icon = "help"
    menu_order = 160
    items = (QuestionViewSet, DrillViewSet)


class RetireBulkAction(SnippetBulkAction):
    """Retire the selected questions (kept on past papers, never drawn again)."""

    display_name = _("Retire")
    action_type = "retire"
    aria_label = _("Retire selected questions")
    template_name = "quizzes/admin/confirm_bulk_retire.html"
    action_priority = 20
    models = [Question]

    def check_perm(self, obj):
        return self.request.user.has_perm("quizzes.change_question")

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        return services.questions_retire(questions=objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d question retired.",
            "%(count)d questions retired.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
