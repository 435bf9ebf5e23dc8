"""Views of the law-education ledger: the public 普法责任清单, a person's own study
hours, and the trainer's admin views (study hours by group, enterprise contacts,
activity import)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.models import Enterprise, Industry, RiskTier
from courses.services import study_tasks_for
from home import sheets
from home.admin import AdminPermissionMixin, admin_permission_required
from ledger import services
from ledger.importer import import_activities, template_xlsx
from ledger.models import (
    ItemStatus,
    ResponsibilityList,
    WarningLetter,
    default_year,
    ledger_years,
)
from livestreams.models import Viewer
from quizzes.models import Drill, WrongAnswer

# --- public ----------------------------------------------------------------------


def pufa_latest(request):
    """The newest published list."""
    latest = ResponsibilityList.objects.published().first()
    if latest is None:
        raise Http404
    return redirect(latest)


def pufa_list(request, year):
    """The year's 普法责任清单 with each item's status, readable on a phone."""
    responsibility_list = get_object_or_404(
        ResponsibilityList.objects.published(), year=year
    )
    items = list(services.items_of_year(year).prefetch_related("activities"))
    return render(
        request,
        "ledger/pufa_list.html",
        {
            "responsibility_list": responsibility_list,
            "items": items,
            "done_count": sum(item.status == ItemStatus.DONE for item in items),
            "years": ResponsibilityList.objects.published().values_list(
                "year", flat=True
            ),
        },
    )


def pufa_list_xlsx(request, year):
    """The year's list as an Excel file, as the bureau publishes it."""
    responsibility_list = get_object_or_404(
        ResponsibilityList.objects.published(), year=year
    )
    headings = [
        _("No."),
        _("Responsible unit"),
        _("Laws to publicise"),
        _("Audience"),
        _("Method"),
        _("Timing"),
        _("Activities recorded"),
        _("Status"),
    ]
    rows = [
        [
            item.number,
            item.responsible_unit,
            item.laws,
            item.audience,
            item.method,
            item.timing,
            item.done,
            item.get_status_display(),
        ]
        for item in services.items_of_year(year)
    ]
    content = sheets.build_xlsx(
        [
            sheets.SheetData(
                name=f"{year}年普法责任清单",
                headers=headings,
                rows=rows,
                title=sheets.title_line(responsibility_list.title, f"{year}年"),
                widths={str(_("Laws to publicise")): 40},
            )
        ]
    )
    return sheets.xlsx_response(f"{responsibility_list.title}.xlsx", content)


@login_required
def my_study_hours(request):
    """The logged-in person's study hours for a year (this year unless asked),
    line by line; people who owe none are told so instead of a shortfall."""
    years = services.study_years(request.user)
    year = _my_year(request)
    return render(
        request,
        "ledger/my_study_hours.html",
        {
            **_hours_context(request.user, year),
            "years": years,
            "policy": services.hours_policy(),
        },
    )


@login_required
def my_hub(request):
    """我的: one phone page with the person's study tasks, drills and results,
    错题本, study hours (only for those who owe them) and live classes watched."""
    user = request.user
    years = services.study_years(user)
    year = _my_year(request)
    tasks = study_tasks_for(user)
    drills = Drill.objects.results_for(user)
    return render(
        request,
        "ledger/my_hub.html",
        {
            **_hours_context(user, year),
            "years": years,
            "tasks": tasks[:HUB_LIST],
            "more_tasks": len(tasks) > HUB_LIST,
            "drills": drills[:HUB_LIST],
            "more_drills": len(drills) > HUB_LIST,
            "wrong_count": WrongAnswer.objects.in_book(user).count(),
            "classes": list(Viewer.objects.history_of(user)[:HUB_LIST]),
        },
    )


HUB_LIST = 5


def _hours_context(user, year: int) -> dict:
    if not services.owes_study_hours(user):
        return {"year": year, "owes_hours": False}
    return {
        "year": year,
        "owes_hours": True,
        "hours": services.study_hours_for(year, [user])[user.pk],
        "sessions": user.training_sessions.in_year(year).order_by("date"),
    }


def _my_year(request) -> int:
    """The year asked for, else this year (never last year's ledger by default)."""
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year


def _year(request) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return default_year()


# --- Wagtail admin ---------------------------------------------------------------


class _TitledMixin:
    """The slim header shows the last breadcrumb: make it this view's title."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class LedgerAdminView(
    _TitledMixin, AdminPermissionMixin, WagtailAdminTemplateMixin, TemplateView
):
    permission_required = "ledger.view_activity"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["year"] = self.year = _year(self.request)
        context["years"] = ledger_years() or [self.year]
        return context


class StudyHoursAdminView(LedgerAdminView):
    page_title = gettext_lazy("Study hours by group")
    header_icon = "time"
    template_name = "ledger/admin/study_hours.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = services.study_hours_by_group(self.year)
        context["policy"] = services.hours_policy()
        return context


class EnterpriseContactsAdminView(LedgerAdminView):
    page_title = gettext_lazy("Enterprise contacts")
    header_icon = "site"
    template_name = "ledger/admin/enterprises.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        get = self.request.GET
        enterprises = services.enterprise_contacts(self.year)
        if get.get("industry") in Industry.values:
            enterprises = enterprises.filter(industry=get["industry"])
        if get.get("risk_tier") in RiskTier.values:
            enterprises = enterprises.filter(risk_tier=get["risk_tier"])
        no_contact = get.get("contact", "none") == "none"
        if no_contact:
            enterprises = enterprises.filter(activity_count=0, letter_count=0)
        context.update(
            enterprises=enterprises,
            no_contact=no_contact,
            industries=Industry.choices,
            risk_tiers=RiskTier.choices,
            industry=get.get("industry", ""),
            risk_tier=get.get("risk_tier", ""),
        )
        return context


class EnterpriseLedgerAdminView(LedgerAdminView):
    header_icon = "site"
    template_name = "ledger/admin/enterprise_detail.html"

    def get_page_title(self):
        return self.enterprise.name

    def dispatch(self, request, *args, pk, **kwargs):
        self.enterprise = get_object_or_404(Enterprise, pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enterprise, year = self.enterprise, self.year
        row = services.enterprise_contacts(year).get(pk=enterprise.pk)
        context.update(
            enterprise=enterprise,
            summary=row,
            activities=enterprise.law_activities.in_year(year).prefetch_related(
                "articles__regulation"
            ),
            letters=WarningLetter.objects.in_year(year)
            .filter(enterprise=enterprise)
            .prefetch_related("articles__regulation"),
            live_classes=services.live_classes_attended(enterprise, year),
        )
        return context


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Only check, import nothing"), required=False
    )


class ActivityImportAdminView(
    _TitledMixin, AdminPermissionMixin, WagtailAdminTemplateMixin, FormView
):
    permission_required = "ledger.add_activity"
    page_title = gettext_lazy("Import activities")
    header_icon = "upload"
    template_name = "ledger/admin/import.html"
    form_class = ImportForm

    def form_valid(self, form):
        result = import_activities(
            form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"]
        )
        if result.ok and not result.dry_run:
            messages.success(
                self.request, _("%(rows)s activities imported.") % {"rows": result.rows}
            )
        return self.render_to_response(self.get_context_data(form=form, result=result))


@admin_permission_required("ledger.add_activity")
def activity_template_xlsx(request):
    """The import template, with one example row."""
    return sheets.xlsx_response("普法活动导入模板.xlsx", template_xlsx())
