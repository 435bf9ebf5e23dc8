"""Wagtail admin views of the analytics module: dashboards, chart images, Excel
exports and the annual-report runs. Each parses the filter, reads
:mod:`analytics.dashboards` and renders — nothing is computed here."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.models import EnforcementGroup
from analytics import dashboards, exports, frames, services
from analytics.models import ReportRun
from home import sheets
from home.admin import admin_permission_required

VIEW = "analytics.view_dashboard"
RUN = "analytics.run_annual_report"


class ScopeForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Whole year"))] + [(q, f"Q{q}") for q in range(1, 5)],
    )
    group = forms.ModelChoiceField(
        label=_("Enforcement group"),
        required=False,
        queryset=EnforcementGroup.objects.all(),
        empty_label=_("All groups"),
    )
    live_class = forms.IntegerField(label=_("Live class"), required=False)

    def scope(self) -> frames.Scope:
        data = self.cleaned_data
        group = data.get("group")
        return frames.Scope(
            year=data["year"],
            quarter=data.get("quarter"),
            group_id=group.pk if group else None,
            class_id=data.get("live_class"),
        )


def _scope(request) -> tuple[ScopeForm, frames.Scope]:
    params = request.GET.copy()
    year = frames.default_year(timezone.localdate())
    params.setdefault("year", str(year))
    form = ScopeForm(params)
    if not form.is_valid():
        form = ScopeForm({"year": year})
        form.is_valid()
    return form, form.scope()


@admin_permission_required(VIEW)
def dashboard(request):
    form, scope = _scope(request)
    tables = dashboards.cached(scope)
    context = {
        "form": form,
        "scope": scope,
        "query": request.GET.urlencode(),
        "t": tables,
        "chart_list": [(k, v[0]) for k, v in dashboards.CHARTS.items()],
        "table_list": [
            (key, spec, dashboards.table_frame(key, tables).head(50))
            for key, spec in dashboards.TABLES.items()
        ],
        "classes": frames.class_choices(scope.year),
    }
    return TemplateResponse(request, "analytics/dashboard.html", context)


@admin_permission_required(VIEW)
def chart(request, name: str):
    if name not in dashboards.CHARTS:
        raise Http404
    _form, scope = _scope(request)
    fmt = "svg" if request.GET.get("format") == "svg" else "png"
    body = dashboards.chart_png(name, dashboards.cached(scope), fmt)
    return HttpResponse(
        body, content_type="image/svg+xml" if fmt == "svg" else "image/png"
    )


@admin_permission_required(VIEW)
def export(request, key: str):
    if key not in dashboards.TABLES:
        raise Http404
    _form, scope = _scope(request)
    frame = dashboards.table_frame(key, dashboards.cached(scope))
    spec = dashboards.TABLES[key]
    title = str(spec.title)
    body = exports.to_xlsx(
        {title: frame},
        percent_columns=[str(spec.columns[c]) for c in spec.percent],
        decimal_columns=[
            str(label)
            for key_, label in spec.columns.items()
            if key_.endswith(("_minutes", "_percent", "_hours"))
        ],
        title=sheets.title_line(title, f"{scope.year}年"),
    )
    return sheets.xlsx_response(f"{title}-{scope.year}年.xlsx", body)


@admin_permission_required(VIEW)
def report_runs(request):
    context = {
        "runs": ReportRun.objects.recent(),
        "year": timezone.localdate().year - 1,
    }
    return TemplateResponse(request, "analytics/report_runs.html", context)


@require_POST
@admin_permission_required(RUN)
def report_run_create(request):
    try:
        year = int(request.POST.get("year", ""))
        services.report_run_request(year=year, user=request.user)
    except (ValueError, ValidationError):
        messages.error(request, services.YEAR_OUT_OF_RANGE)
    return redirect("analytics_report_runs")


@admin_permission_required(VIEW)
def report_download(request, pk: int, kind: str):
    run = get_object_or_404(ReportRun, pk=pk, status=ReportRun.Status.DONE)
    path = Path(run.docx_path if kind == "docx" else run.pdf_path)
    if kind not in {"docx", "pdf"} or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
