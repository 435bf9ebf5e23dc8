"""Wagtail admin views of the quizzes module: import/export, drill coverage, regrade.

Registered in wagtail_hooks.py; each is a thin view over services / QuerySets."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from home import sheets
from home.admin import AdminPermissionMixin, admin_permission_required
from home.models import ImportJob
from home.sorting import natural_key
from quizzes import importing, scoring, services, tasks
from quizzes.models import Attempt, AttemptStatus, Drill, Question
from quizzes.services.bank import IMPORT_KIND


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
    dry_run = forms.BooleanField(
        label=_("Check only (write nothing)"), required=False, initial=False
    )


class QuestionImportView(AdminPermissionMixin, WagtailAdminTemplateMixin, FormView):
    """Upload a question-bank file; every bad row is listed, nothing is written
    unless every row is valid."""

    permission_required = "quizzes.add_question"
    form_class = ImportForm
    template_name = "quizzes/admin/import.html"
    page_title = _("Import questions")
    header_icon = "upload"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            job = services.questions_import_job_start(
                user=self.request.user,
                filename=upload.name,
                data=upload,
                dry_run=form.cleaned_data["dry_run"],
            )
        except importing.ImportFileError as error:
            context = {"form": form, "file_error": str(error)}
            return self.render_to_response(self.get_context_data(**context))
        tasks.import_questions.enqueue(job_id=job.pk)
        return redirect("quizzes_import_job", pk=job.pk)


class QuestionImportJobView(
    AdminPermissionMixin, WagtailAdminTemplateMixin, TemplateView
):
    """The progress of a background import, refreshed until it is finished,
    then its outcome: every bad row, or how many questions were imported."""

    permission_required = "quizzes.add_question"
    template_name = "quizzes/admin/import_job.html"
    page_title = _("Import questions")
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        jobs = ImportJob.objects.filter(kind=IMPORT_KIND)
        if not self.request.user.is_superuser:
            jobs = jobs.filter(created_by=self.request.user)
        job = get_object_or_404(jobs.defer("data"), pk=self.kwargs["pk"])
        context = super().get_context_data(**kwargs)
        context["job"] = job
        context["row_errors"] = job.row_errors()
        return context


class QuestionExportView(AdminPermissionMixin, TemplateView):
    permission_required = "quizzes.view_question"

    def get(self, request, *args, **kwargs):
        questions = Question.objects.exclude(status="retired").order_by("pk")
        if qtype := request.GET.get("qtype"):
            questions = questions.filter(qtype=qtype)
        data = importing.write_xlsx(services.questions_export_rows(questions))
        return sheets.xlsx_response("题库.xlsx", data)


class DrillCoverageView(AdminPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """By group: who passed, failed or has not taken the drill's quiz."""

    permission_required = "quizzes.view_drill"
    template_name = "quizzes/admin/coverage.html"
    header_icon = "group"

    def get_page_title(self):
        return _("Drill coverage")

    def get_page_subtitle(self):
        return self.drill.title

    def get_context_data(self, **kwargs):
        self.drill = get_object_or_404(Drill, pk=self.kwargs["pk"])
        context = super().get_context_data(**kwargs)
        context.update(drill_coverage(self.drill))
        context["drill"] = self.drill
        return context


PANEL_ROWS = 5


def drill_percents(drill: Drill, people) -> dict[int, float]:
    """Each person's counted percentage on the drill's quiz, for those who took it
    before the deadline."""
    attempts = Attempt.objects.filter(
        quiz=drill.quiz,
        user__in=people,
        status=AttemptStatus.SUBMITTED,
        submitted_at__lte=drill.deadline,
    ).order_by("number")
    by_person: dict[int, list] = {}
    for attempt in attempts:
        by_person.setdefault(attempt.user_id, []).append(attempt)
    return {
        person: scoring.combine(
            [scoring.percent(a.score, a.max_score) for a in taken],
            drill.quiz.attempt_policy,
        )
        for person, taken in by_person.items()
    }


def drill_passed_by(drill: Drill, user) -> bool:
    percent = drill_percents(drill, [user]).get(user.pk)
    return percent is not None and percent >= drill.quiz.pass_mark


def drill_coverage(drill: Drill) -> dict:
    """Rows per group and per person for the coverage view."""
    people = list(drill.assignees().select_related("enforcement_group"))
    percents = drill_percents(drill, people)
    results = {
        person: percent >= drill.quiz.pass_mark for person, percent in percents.items()
    }
    no_group = str(_("No enforcement group"))
    groups = [
        (p.pk, p.enforcement_group.name if p.enforcement_group else no_group)
        for p in people
    ]
    rows = scoring.coverage(groups, results)
    order = {
        name: i
        for i, name in enumerate(sorted({g for _p, g in groups}, key=natural_key))
    }
    rows.sort(key=lambda r: order[r.group])
    persons = sorted(
        (
            {
                "person": p,
                "group": dict(groups)[p.pk],
                "percent": percents.get(p.pk),
                "passed": results.get(p.pk),
            }
            for p in people
        ),
        key=lambda r: (order[r["group"]], str(r["person"])),
    )
    return {"rows": rows, "persons": persons}


class RegradeView(AdminPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """After a key correction: the dry run lists whose scores change; POST applies."""

    permission_required = "quizzes.change_question"
    template_name = "quizzes/admin/regrade.html"
    header_icon = "redirect"

    def get_page_title(self):
        return _("Regrade answers")

    def get_page_subtitle(self):
        return str(self.question)

    def dispatch(self, request, *args, **kwargs):
        self.question = get_object_or_404(Question, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["question"] = self.question
        context["changes"] = services.attempts_regrade(
            question=self.question, dry_run=True
        )
        return context

    def post(self, request, *args, **kwargs):
        changes = services.attempts_regrade(question=self.question, dry_run=False)
        messages.success(
            request,
            _("Regraded: %(count)d scores changed.") % {"count": len(changes)},
        )
        return redirect(reverse("quizzes_regrade", args=[self.question.pk]))


@admin_permission_required("quizzes.add_question")
def import_template(request):
    """The question-bank template: instructions, dropdowns, one example per type."""
    data = importing.template_xlsx()
    return sheets.xlsx_response("题库导入模板.xlsx", data)
