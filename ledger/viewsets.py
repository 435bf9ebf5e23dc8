"""Wagtail admin for the law-education ledger (registered in wagtail_hooks)."""

from django import forms
from django.db.models import Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DownloadColumn
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.models import Enterprise, Industry
from home.admin import PermissionMenuItem, SheetExportViewSetMixin, boolean_column
from ledger import views as ledger_views
from ledger.models import (
    Activity,
    ResponsibilityList,
    TrainingSession,
    WarningLetter,
)


class ListExcelColumn(DownloadColumn):
    """Each list's items and their status as the Excel file the bureau publishes."""

    def get_value(self, instance):
        return _("Excel (items and status)")

    def get_cell_context_data(self, instance, parent_context):
        context = Column.get_cell_context_data(self, instance, parent_context)
        context["download_url"] = reverse(
            "ledger:pufa_list_xlsx", kwargs={"year": instance.year}
        )
        return context


class ResponsibilityListViewSet(ModelViewSet):
    model = ResponsibilityList
    icon = "list-ul"
    menu_label = _("Responsibility lists")
    list_display = [
        "title",
        "year",
        boolean_column(ResponsibilityList, "is_published"),
        ListExcelColumn("excel", label=_("Export")),
    ]
    search_fields = ["title"]
    inspect_view_enabled = True


class ActivityViewSet(SheetExportViewSetMixin, ModelViewSet):
    model = Activity
    icon = "group"
    menu_label = _("Activities")
    list_display = ["title", "activity_type", "date", "organiser", "participant_count"]
    list_filter = {
        "activity_type": ["exact"],
        "date": ["gte", "lte"],
        "enterprises__industry": ["exact"],
        "items__responsibility_list": ["exact"],
    }
    search_fields = ["title", "place", "organiser", "materials"]
    list_export = [
        "date",
        "title",
        "get_activity_type_display",
        "place",
        "organiser",
        "officer_names",
        "enterprise_names",
        "participant_count",
        "article_labels",
        "materials",
        "item_labels",
    ]
    export_headings = {"get_activity_type_display": _("type")}
    list_per_page = 50
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Activity.objects.prefetch_related(
            "enterprises", "officers", "articles__regulation", "items"
        )


class WarningLetterViewSet(SheetExportViewSetMixin, ModelViewSet):
    model = WarningLetter
    icon = "warning"
    menu_label = _("Warning letters")
    list_display = ["issued_on", "enterprise", "subject", "reference"]
    list_filter = {
        "issued_on": ["gte", "lte"],
        "enterprise__industry": ["exact"],
        "enterprise__risk_tier": ["exact"],
    }
    search_fields = ["subject", "reference"]
    list_export = ["issued_on", "reference", "enterprise", "subject", "article_labels"]
    list_per_page = 50


class TrainingSessionViewSet(SheetExportViewSetMixin, ModelViewSet):
    model = TrainingSession
    icon = "user"
    menu_label = _("Offline training")
    list_display = ["title", "date", "hours", "attendee_count"]
    list_filter = {"date": ["gte", "lte"]}
    search_fields = ["title", "speaker", "place"]
    form_fields = [
        "title",
        "date",
        "hours",
        "place",
        "speaker",
        "activity",
        "articles",
        "attendees",
    ]
    list_export = ["date", "title", "hours", "speaker", "place", "attendee_count"]


class EnterpriseFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Name or credit code"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Name or credit code")}),
    )
    industry = forms.ChoiceField(
        label=_("Industry"),
        required=False,
        choices=[("", _("All industries")), *Industry.choices],
    )

    def filter(self, objects):
        query = self.cleaned_data.get("q", "").strip()
        if query:
            objects = objects.filter(
                Q(name__icontains=query) | Q(credit_code__iexact=query)
            )
            self.is_searching, self.search_query = True, query
        if industry := self.cleaned_data.get("industry"):
            objects = objects.filter(industry=industry)
        return objects


class EnterpriseChooseView(ChooseView):
    filter_form_class = EnterpriseFilterForm


class EnterpriseChooseResultsView(ChooseResultsView):
    filter_form_class = EnterpriseFilterForm


class EnterpriseChooserViewSet(ChooserViewSet):
    """Choose the enterprises an activity reached, several at a time, by name."""

    model = Enterprise
    icon = "site"
    choose_one_text = _("Choose an enterprise")
    choose_another_text = _("Choose another enterprise")
    choose_view_class = EnterpriseChooseView
    choose_results_view_class = EnterpriseChooseResultsView
    per_page = 30


class _AdminPageViewSet(ViewSet):
    """One menu entry for one or more admin views of the ledger, shown only to
    those holding ``permission`` (the views check the same permission)."""

    permission = "ledger.view_activity"

    def get_menu_item(self, order=None):
        return PermissionMenuItem(
            label=self.menu_label,
            url=self.menu_url,
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
            permission=self.permission,
        )


class StudyHoursViewSet(_AdminPageViewSet):
    icon = "time"
    menu_label = _("Study hours by group")

    def get_urlpatterns(self):
        return [path("", ledger_views.StudyHoursAdminView.as_view(), name="index")]


class EnterpriseContactsViewSet(_AdminPageViewSet):
    icon = "site"
    menu_label = _("Enterprise contacts")

    def get_urlpatterns(self):
        return [
            path("", ledger_views.EnterpriseContactsAdminView.as_view(), name="index"),
            path(
                "<int:pk>/",
                ledger_views.EnterpriseLedgerAdminView.as_view(),
                name="detail",
            ),
        ]


class ActivityImportViewSet(_AdminPageViewSet):
    icon = "upload"
    menu_label = _("Import activities")
    permission = "ledger.add_activity"

    def get_urlpatterns(self):
        return [
            path("", ledger_views.ActivityImportAdminView.as_view(), name="index"),
            path("template/", ledger_views.activity_template_xlsx, name="template"),
        ]


enterprise_chooser_viewset = EnterpriseChooserViewSet("pufa_enterprise_chooser")

WarningLetterViewSet.panels = [
    FieldPanel("enterprise", widget=enterprise_chooser_viewset.widget_class),
    FieldPanel("issued_on"),
    FieldPanel("reference"),
    FieldPanel("subject"),
    FieldPanel("articles"),
    FieldPanel("activity"),
    FieldPanel("issued_by"),
]


class LedgerViewSetGroup(ViewSetGroup):
    menu_label = _("Law-education ledger")
    menu_icon = "folder-open-inverse"
    menu_order = 160
    items = (
        ResponsibilityListViewSet("pufa_lists"),
        ActivityViewSet("pufa_activities"),
        WarningLetterViewSet("pufa_warning_letters"),
        TrainingSessionViewSet("pufa_training"),
        StudyHoursViewSet("pufa_study_hours"),
        EnterpriseContactsViewSet("pufa_enterprises"),
        ActivityImportViewSet("pufa_import"),
    )
