"""Wagtail admin views of the cross-review workflow (registered in wagtail_hooks).

Thin: each parses, calls a QuerySet or a service and renders. Each view requires a
permission (``home.admin``; declared in ``PeerReviewConfig.role_permissions``); which
files and issues a user sees is decided by the QuerySets (``visible_to``)."""

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import EnforcementGroup
from courses.models import Article
from home import sheets
from home.admin import admin_permission_required
from home.files import file_kind
from peer_review import checks, forms, importer, services
from peer_review.assignment import AssignmentImpossible
from peer_review.models import (
    Arbitration,
    Assignment,
    AuditEntry,
    CaseDocument,
    CaseFile,
    Issue,
    ReviewRound,
)
from peer_review.summary import round_summary

SCORE = "peer_review.score_assigned"
VIEW_ROUNDS = "peer_review.view_reviewround"


def _is_blind_for(user, case) -> bool:
    """Reviewers in a blind round see neither the handling group nor its officers."""
    if (
        user.has_perm("peer_review.view_casefile")
        or user.enforcement_group_id == case.group_id
    ):
        return False
    return Assignment.objects.filter(
        reviewer=user, case=case, round__blind=True
    ).exists()


@admin_permission_required(SCORE)
def queue(request):
    user = request.user
    return render(
        request,
        "peer_review/queue.html",
        {
            "pending": Assignment.objects.pending_for(user),
            "done": Assignment.objects.filter(reviewer=user, review__isnull=False)
            .select_related("round", "case", "review")
            .order_by("-review__submitted_at"),
            "issues": Issue.objects.for_group(user.enforcement_group)
            .exclude(status=Issue.Status.VERIFIED)
            .select_related("case", "article__regulation")
            if user.enforcement_group_id
            else Issue.objects.none(),
        },
    )


@admin_permission_required(SCORE)
def case_detail(request, pk):
    case = get_object_or_404(
        CaseFile.objects.visible_to(request.user).with_related(), pk=pk
    )
    return render(
        request,
        "peer_review/case_detail.html",
        {
            "case": case,
            "blind": _is_blind_for(request.user, case),
            "upload_form": forms.DocumentForm(),
            "can_upload": request.user.has_perm("peer_review.add_casedocument")
            and CaseFile.objects.documents_editable_by(request.user)
            .filter(pk=case.pk)
            .exists(),
        },
    )


@admin_permission_required("peer_review.add_casedocument")
def document_upload(request, pk):
    case = get_object_or_404(CaseFile.objects.visible_to(request.user), pk=pk)
    if not CaseFile.objects.documents_editable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_upload(
                case=case,
                doc_type=form.cleaned_data["doc_type"],
                upload=form.cleaned_data["file"],
                user=request.user,
            )
            services.casefiles_check(cases=[case])
            messages.success(request, _("Document uploaded."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("peer_review_admin:case_detail", pk=case.pk)


@admin_permission_required(SCORE)
def document_download(request, pk):
    """Case documents leave the server only here, for those who may see the file."""
    document = get_object_or_404(
        CaseDocument.objects.filter(case__in=CaseFile.objects.visible_to(request.user)),
        pk=pk,
    )
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=document.file.name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@admin_permission_required(SCORE)
def review_form(request, pk):
    assignment = get_object_or_404(
        Assignment.objects.select_related("round__rubric", "case"),
        pk=pk,
        reviewer=request.user,
    )
    rubric = assignment.round.rubric
    items = list(rubric.items.prefetch_related("options"))
    issue_form = forms.IssueForm(
        request.POST or None,
        prefix="issue",
        initial={"deadline": timezone.localdate() + timezone.timedelta(days=30)},
    )
    if request.method == "POST":
        marks = forms.marks_from_post(items, request.POST)
        try:
            review = services.review_submit(
                assignment=assignment,
                user=request.user,
                marks=marks,
                summary=request.POST.get("summary", ""),
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            if request.POST.get("issue-description") and issue_form.is_valid():
                services.issue_log(
                    case=assignment.case,
                    review_round=assignment.round,
                    review=review,
                    user=request.user,
                    **issue_form.cleaned_data,
                )
            messages.success(
                request,
                _("Review submitted: %(total)s points.") % {"total": review.total},
            )
            return redirect("peer_review_admin:queue")
    return render(
        request,
        "peer_review/review_form.html",
        {
            "assignment": assignment,
            "case": assignment.case,
            "blind": assignment.round.blind,
            "items": items,
            "issue_form": issue_form,
            "closed": not assignment.round.is_open() or hasattr(assignment, "review"),
        },
    )


@admin_permission_required(VIEW_ROUNDS)
def rounds(request):
    return render(
        request, "peer_review/rounds.html", {"rounds": ReviewRound.objects.all()}
    )


@admin_permission_required("peer_review.add_reviewround")
def round_create(request):
    form = forms.RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review_round = services.round_create(
                name=data["name"],
                year=data["year"],
                quarter=data["quarter"],
                rubric=data["rubric"],
                deadline=data["deadline"],
                blind=data["blind"],
                reviewers_per_file=data["reviewers_per_file"],
                sample_per_group=data["sample_per_group"],
                cases=list(data["cases"]) or None,
                whole_year=data["whole_year"],
                reference_case=data["reference_case"],
                seed=data["seed"],
                created_by=request.user,
            )
        except (AssignmentImpossible, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Round created and files assigned."))
            return redirect("peer_review_admin:round_summary", pk=review_round.pk)
    return render(request, "peer_review/round_form.html", {"form": form})


@admin_permission_required(VIEW_ROUNDS)
def round_summary_view(request, pk):
    review_round = get_object_or_404(ReviewRound, pk=pk)
    return render(
        request, "peer_review/round_summary.html", round_summary(review_round)
    )


@admin_permission_required("peer_review.change_arbitration")
def arbitrate(request, pk):
    arbitration = get_object_or_404(
        Arbitration.objects.select_related("round", "case"), pk=pk
    )
    form = forms.ArbitrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.arbitration_decide(
                arbitration=arbitration, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("final_score", error)
        else:
            messages.success(request, _("Arbitration recorded."))
            return redirect("peer_review_admin:round_summary", pk=arbitration.round_id)
    reviews = services.peer_scores(arbitration.round, arbitration.case)
    return render(
        request,
        "peer_review/arbitrate.html",
        {
            "arbitration": arbitration,
            "form": form,
            "scores": reviews,
            "trail": AuditEntry.objects.for_object(arbitration),
        },
    )


@admin_permission_required("peer_review.view_issue")
def issues(request):
    qs = Issue.objects.visible_to(request.user).select_related(
        "case", "responsible_group", "article__regulation"
    )
    return render(request, "peer_review/issues.html", {"issues": qs})


@admin_permission_required("peer_review.respond_issue")
def issue_respond(request, pk):
    issue = get_object_or_404(
        Issue, pk=pk, responsible_group=request.user.enforcement_group
    )
    form = forms.RespondForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.issue_respond(
                issue=issue,
                user=request.user,
                response=form.cleaned_data["response"],
                evidence=form.cleaned_data["evidence"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Rectification submitted for verification."))
            return redirect("peer_review_admin:issues")
    return render(
        request,
        "peer_review/issue_form.html",
        {"issue": issue, "form": form, "trail": AuditEntry.objects.for_object(issue)},
    )


@admin_permission_required("peer_review.view_issue")
def issue_evidence(request, pk):
    """Rectification evidence leaves the server only here: for the verifier and for
    the group that must rectify (Issue.objects.visible_to)."""
    issue = get_object_or_404(
        Issue.objects.visible_to(request.user).exclude(evidence=""), pk=pk
    )
    kind = file_kind(issue.evidence.open("rb"))
    response = FileResponse(
        issue.evidence.open("rb"),
        content_type=kind.mime if kind else "application/octet-stream",
        as_attachment=True,
        filename=issue.evidence.name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@admin_permission_required("peer_review.verify_issue")
def issue_verify(request, pk):
    issue = get_object_or_404(Issue, pk=pk)
    form = forms.VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.issue_verify(issue=issue, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Verification recorded."))
            return redirect("peer_review_admin:issues")
    return render(
        request,
        "peer_review/issue_form.html",
        {"issue": issue, "form": form, "trail": AuditEntry.objects.for_object(issue)},
    )


def _quiz_link(article) -> str:
    """A link into the quizzes module's drill for the article, when it exists."""
    if not apps.is_installed("quizzes"):
        return ""
    try:
        return reverse(settings.PEER_REVIEW_DRILL_URL_NAME, args=[article.pk])
    except NoReverseMatch:
        return ""


@admin_permission_required("peer_review.assign_drill")
def drill_topics(request):
    """Each issue's article, offered as a drill topic for the group that must rectify."""
    topics: dict = {}
    for issue in Issue.objects.filter(article__isnull=False).select_related(
        "article__regulation", "responsible_group"
    ):
        key = (issue.responsible_group, issue.article)
        topics.setdefault(key, []).append(issue)
    rows = [
        {
            "group": g,
            "article": a,
            "count": len(found),
            "questions": a.questions.filter(status="active").count(),
        }
        for (g, a), found in sorted(
            topics.items(), key=lambda kv: (kv[0][0].sort_order, kv[0][1].pk)
        )
    ]
    return render(
        request,
        "peer_review/drill_topics.html",
        {"rows": rows, "add_question_url": _add_question_url()},
    )


def _add_question_url() -> str:
    try:
        return reverse("wagtailsnippets_quizzes_question:add")
    except NoReverseMatch:
        return ""


@admin_permission_required("peer_review.assign_drill")
@require_POST
def drill_assign(request):
    """布置训练 from a drill topic: a drill for the group on the article."""
    group = get_object_or_404(EnforcementGroup, pk=request.POST.get("group"))
    article = get_object_or_404(Article, pk=request.POST.get("article"))
    try:
        drill = services.drill_assign_for_article(
            group=group, article=article, user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("peer_review_admin:drill_topics")
    messages.success(
        request,
        _("Drill assigned to %(group)s: %(title)s.")
        % {"group": group, "title": drill.title},
    )
    return redirect("peer_review_admin:drill_topics")


@admin_permission_required("peer_review.add_casefile")
def import_case_files(request):
    """Upload the register: every bad cell is listed; nothing is saved unless all
    rows are valid (the same path as ``manage.py import_case_files``)."""
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            frame = importer.read_workbook(form.cleaned_data["file"])
        except (OSError, ValueError) as error:
            form.add_error("file", str(error))
        else:
            rows, errors = importer.validate(frame)
            if not errors and not form.cleaned_data["dry_run"]:
                created = services.casefiles_import(rows=rows)
                messages.success(
                    request, _("Imported %(n)s case files.") % {"n": len(created)}
                )
                # 无法判断 is shown apart from the findings, never as an issue.
                for line in checks.undetermined_summary(
                    {c.number: c.findings for c in created}
                ):
                    messages.info(request, line)
                return redirect("wagtailsnippets_peer_review_casefile:list")
            if not errors:
                messages.success(request, _("%(n)s rows are valid.") % {"n": len(rows)})
    return render(request, "peer_review/import.html", {"form": form, "errors": errors})


@admin_permission_required("peer_review.add_casefile")
def import_template(request):
    """The register template: instructions, dropdowns, a marked example row."""
    content = importer.template_xlsx()
    return sheets.xlsx_response("执法案卷导入模板.xlsx", content)
