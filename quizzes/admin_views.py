"""Wagtail admin views of the quizzes module: import/export, drill coverage, regrade.

Registered in wagtail_hooks.py; each is a thin view over services / QuerySets."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from home import sheets
from home.admin import AdminPermissionMixin, admin_permission_required
from home.models import ImportJob
from home.sorting import natural_key
from quizzes import importing, scoring, services, tasks
from quizzes.models import Attempt, AttemptStatus, Drill, DrillReminder, Question
from quizzes.services.bank import IMPORT_KIND


class _BankPageMixin:
    """A page of the question bank: the slim header shows its last breadcrumb, so
    end the trail with this page's title (not Wagtail's lone 首页)."""

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {
                "url": reverse("wagtailsnippets_quizzes_question:list"),
                "label": _("Question bank"),
            },
            {"url": "", "label": self.get_page_title()},
        ]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
    dry_run = forms.BooleanField(
        label=_("Check only (write nothing)"), required=False, initial=False
    )


class QuestionImportView(
    _BankPageMixin, AdminPermissionMixin, WagtailAdminTemplateMixin, FormView
):
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
    _BankPageMixin, AdminPermissionMixin, WagtailAdminTemplateMixin, TemplateView
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

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {
                "url": reverse("wagtailsnippets_quizzes_drill:list"),
                "label": Drill._meta.verbose_name_plural,
            },
            {"url": "", "label": f"{self.get_page_title()}：{self.drill.title}"},
        ]

    def get_context_data(self, **kwargs):
        self.drill = get_object_or_404(Drill, pk=self.kwargs["pk"])
        context = super().get_context_data(**kwargs)
        coverage = drill_coverage(self.drill)
        reminded = dict(
            DrillReminder.objects.filter(drill=self.drill)
            .order_by("user_id", "sent_at")
            .values_list("user_id", "sent_at")
        )
        for row in coverage["persons"]:
            row["reminded_at"] = reminded.get(row["person"].pk)
        context.update(coverage)
        context["drill"] = self.drill
        context["can_remind"] = self.drill.deadline >= timezone.now() and (
            self.request.user.has_perm("quizzes.change_drill")
        )
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


def _result_label(row) -> str:
    if row["passed"] is None:
        return "未参加"
    return "合格" if row["passed"] else "不合格"


class DrillCoverageExportView(AdminPermissionMixin, View):
    """完成情况 as an .xlsx (home.sheets): one sheet by group, one by person."""

    permission_required = "quizzes.view_drill"

    def get(self, request, *args, **kwargs):
        drill = get_object_or_404(Drill.objects.select_related("quiz"), pk=kwargs["pk"])
        coverage = drill_coverage(drill)
        reminded = dict(
            DrillReminder.objects.filter(drill=drill)
            .order_by("user_id", "sent_at")
            .values_list("user_id", "sent_at")
        )
        title = sheets.title_line(
            f"{drill.title}完成情况",
            f"截止 {timezone.localtime(drill.deadline):%Y-%m-%d %H:%M}",
        )
        by_group = sheets.SheetData(
            name="按小组",
            headers=["执法小组", "应参加", "合格", "不合格", "未参加"],
            rows=[
                (r.group, r.assigned, r.passed, r.failed, r.not_taken)
                for r in coverage["rows"]
            ],
            title=title,
        )
        by_person = sheets.SheetData(
            name="按人员",
            headers=["执法小组", "姓名", "账号", "结果", "得分率", "最近提醒"],
            rows=[
                (
                    row["group"],
                    str(row["person"]),
                    row["person"].username,
                    _result_label(row),
                    None if row["percent"] is None else row["percent"] / 100,
                    reminded.get(row["person"].pk),
                )
                for row in coverage["persons"]
            ],
            formats={"得分率": sheets.PERCENT},
            title=title,
        )
        data = sheets.build_xlsx([by_group, by_person])
        return sheets.xlsx_response(f"{drill.title}完成情况.xlsx", data)


class DrillRemindView(AdminPermissionMixin, View):
    """提醒: POST records an in-app reminder for each assignee who has not passed
    (or for the one person named in ``person``)."""

    permission_required = "quizzes.change_drill"

    def post(self, request, *args, **kwargs):
        drill = get_object_or_404(Drill.objects.select_related("quiz"), pk=kwargs["pk"])
        url = reverse("quizzes_drill_coverage", args=[drill.pk])
        if drill.deadline < timezone.now():
            messages.error(request, _("This drill is closed: no reminder was sent."))
            return redirect(url)
        unfinished = [
            row["person"]
            for row in drill_coverage(drill)["persons"]
            if not row["passed"]
        ]
        if person := request.POST.get("person"):
            unfinished = [p for p in unfinished if str(p.pk) == person]
        DrillReminder.objects.bulk_create(
            DrillReminder(drill=drill, user=p, sent_by=request.user) for p in unfinished
        )
        if unfinished:
            messages.success(
                request,
                _("Reminded %(count)d people who have not passed.")
                % {"count": len(unfinished)},
            )
        else:
            messages.warning(request, _("Everyone has passed: nobody to remind."))
        return redirect(url)


class RegradeView(
    _BankPageMixin, AdminPermissionMixin, WagtailAdminTemplateMixin, TemplateView
):
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
