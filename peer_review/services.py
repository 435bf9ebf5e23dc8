"""Writes of the cross-review module: checks, documents, rounds, reviews, arbitration,
issues and rectification. Views, commands and the seeder call these functions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import roles
from home.files import (
    PDF_ACTIVE_CONTENT,
    file_kind,
    pdf_has_active_content,
    safe_name,
)
from peer_review import checks, scoring
from peer_review.assignment import (
    FileSlot,
    Reviewer,
    assign_reviewers,
    eligible,
    sample_files,
)
from peer_review.models import (
    Arbitration,
    Assignment,
    AuditEntry,
    CaseDocument,
    CaseFile,
    Issue,
    Review,
    ReviewMark,
    ReviewRound,
    Rubric,
)
from quizzes.models import Drill, Question, QuizIndexPage, QuizPage, QuizQuestion

ERR_NOT_ASSIGNED = _("This file is not assigned to you in this round.")
ERR_AFTER_DEADLINE = _("The round's deadline has passed; reviews are closed.")
ERR_ALREADY_REVIEWED = _("You have already submitted a review of this file.")
ERR_CONFLICT_OF_INTEREST = _(
    "You cannot review this file: it belongs to your own enforcement group or you "
    "handled it. Ask the coordinator to reassign it."
)
ERR_DOCUMENT_TYPE = _("Only PDF, JPEG or PNG files are accepted (checked by content).")
ERR_DOCUMENT_SIZE = _("The file is larger than the limit of %(mb)s MB.")
ERR_EVIDENCE_SIZE = _("The evidence file is larger than the limit of %(mb)s MB.")
ERR_NOT_COORDINATOR = _("Only the review coordinator may do this.")
ERR_NOT_RESPONSIBLE = _("Only members of the responsible group may respond.")
ERR_NOT_RESPONDED = _("The group has not responded yet: nothing to verify.")
ERR_ALREADY_VERIFIED = _("This issue is already closed.")
ERR_ARBITRATION_SCORE = _("The final score must be between 0 and %(max)s.")
ERR_NO_FILES_TO_DRAW = _(
    "No case file decided in %(period)s is left to review (files already reviewed "
    "in another round are drawn only when chosen by hand)."
)

# The accepted document formats (filetype's extensions).
DOCUMENT_KINDS = frozenset({"pdf", "jpg", "png"})


def audit(*, actor, action: str, obj, old=None, new=None) -> AuditEntry:
    """Record who changed what, when, from ``old`` to ``new``."""
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        old=old,
        new=new,
    )


def _require_permission(user, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(ERR_NOT_COORDINATOR)


# --- checks ----------------------------------------------------------------------


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _officer(text: str) -> checks.Officer | None:
    return checks.Officer.parse(text) if text.strip() else None


def _article_identity(article) -> str:
    """An article the same across versions of its regulation (a case file may cite
    the version in force then, its provision another version of the same text)."""
    return f"{article.regulation.title}#{article.number}-{article.suffix}"


def case_check_data(case: CaseFile) -> checks.CaseData:
    """The plain data the checks read, from a case loaded with ``with_related()``."""
    provision = tier = None
    if case.provision_id:
        p = case.provision
        provision = checks.Provision(
            key=str(p.pk),
            label=f"{p.article.label}{p.item}",
            fine_min=_decimal(p.unit_fine_min),
            fine_max=_decimal(p.unit_fine_max),
            fine_min_uncorrected=_decimal(p.unit_fine_min_uncorrected),
            fine_max_uncorrected=_decimal(p.unit_fine_max_uncorrected),
            person_fine_min=_decimal(p.person_fine_min),
            person_fine_max=_decimal(p.person_fine_max),
            violated_articles=frozenset(
                _article_identity(a) for a in p.violated_articles.all()
            ),
            concurrent_penalty=p.concurrent_penalty,
            concurrent_penalty_uncorrected=p.concurrent_penalty_uncorrected,
            has_tiers=bool(p.tiers.all()),
        )
    if case.tier_id:
        tier = checks.Tier(case.tier.name, case.tier.fine_min, case.tier.fine_max)
    dates = {name: getattr(case, name) for name in checks.DATE_LABELS}
    return checks.CaseData(
        number=case.number,
        procedure=case.procedure,
        group=case.group.name,
        officers=tuple(
            checks.Officer(o.name, o.certificate_number) for o in case.officers.all()
        ),
        violated_article=_article_identity(case.violated_article)
        if case.violated_article_id
        else "",
        violated_label=case.violated_citation,
        provision=provision,
        tier=tier,
        fine=case.fine,
        proposed_fine=case.proposed_fine,
        other_penalties=case.other_penalties,
        major_case=case.major_case,
        evidence_preserved=case.evidence_preserved,
        sampled=case.sampled,
        payment_deferred=case.payment_deferred,
        harm_to_life_or_health=case.harm_to_life_or_health,
        party_type=case.party_type,
        confiscated_amount=case.confiscated_amount,
        licence_action=case.licence_action,
        statement_waived=case.statement_waived,
        hearing_waived=case.hearing_waived,
        uncorrected=case.uncorrected,
        electronic_consent=case.electronic_consent,
        continuing=case.continuing,
        extension_approved_by=case.extension_approved_by,
        hearing_chair=_officer(case.hearing_chair),
        service_method=case.service_method,
        documents=case.documents_present,
        videos=tuple(
            checks.VideoSegment(v.step, v.started_at, v.ended_at)
            for v in case.videos.all()
        ),
        **dates,
    )


def check_config() -> checks.CheckConfig:
    """The settings' figures with the procedural rules (periods and thresholds by
    source and dates) the 法制审核 staff keep in the admin."""
    from dataclasses import replace

    from peer_review.models import ProceduralRule

    rules = tuple(
        checks.RuleValue(
            key=r.key,
            value=r.value,
            source=r.source,
            effective_from=r.effective_from,
            effective_to=r.effective_to,
            confirmed=r.confirmed,
            special=r.special,
        )
        for r in ProceduralRule.objects.all()
    )
    return replace(checks.CheckConfig.from_settings(), rules=rules)


@transaction.atomic
def casefiles_check(*, cases: Iterable[CaseFile] | None = None) -> dict[str, list]:
    """Run every check over the bureau's files and store each file's findings.

    The comparative checks always compare against all files, even when only some
    are stored."""
    everything = list(CaseFile.objects.with_related())
    data = {c.pk: case_check_data(c) for c in everything}
    context = checks.CheckContext.build(data.values())
    config = check_config()
    wanted = {c.pk for c in cases} if cases is not None else set(data)
    now = timezone.now()
    result = {}
    changed = []
    for case in everything:
        if case.pk not in wanted:
            continue
        findings = [
            f.as_dict() for f in checks.run_checks(data[case.pk], config, context)
        ]
        result[case.number] = findings
        case.findings, case.checked_at = findings, now
        changed.append(case)
    CaseFile.objects.bulk_update(changed, ["findings", "checked_at"], batch_size=500)
    return result


@transaction.atomic
def casefiles_import(*, rows) -> list[CaseFile]:
    """Save validated import rows (``importer.validate``), all or nothing, then run
    the checks over the bureau's files."""
    from peer_review.models import CaseOfficer

    created = []
    for row in rows:
        case = CaseFile(**row.fields)
        case.full_clean()
        case.save()
        for order, (name, cert, user) in enumerate(row.officers):
            officer = CaseOfficer(
                case=case,
                name=name,
                certificate_number=cert,
                user=user,
                sort_order=order,
            )
            officer.full_clean()
            officer.save()
        created.append(case)
    casefiles_check(cases=created)
    return created


# --- documents ---------------------------------------------------------------------


def sniff_content_type(head: bytes) -> str | None:
    """The document's type from its content, or None when not accepted."""
    kind = file_kind(head)
    return kind.mime if kind is not None and kind.extension in DOCUMENT_KINDS else None


def checked_upload(upload, *, limit: int, too_large=ERR_DOCUMENT_SIZE) -> str:
    """Check a document or evidence file before it is stored: size, type by
    content (PDF, JPEG, PNG), no JavaScript in a PDF; rename it to the extension
    its content has. Returns the content type; raises ValidationError (Chinese)."""
    if upload.size > limit:
        raise ValidationError(too_large % {"mb": limit // (1024 * 1024)})
    kind = file_kind(upload)
    if kind is None or kind.extension not in DOCUMENT_KINDS:
        raise ValidationError(ERR_DOCUMENT_TYPE)
    if kind.extension == "pdf" and pdf_has_active_content(upload):
        raise ValidationError(PDF_ACTIVE_CONTENT)
    upload.seek(0)
    upload.name = safe_name(upload.name or "", kind)
    return kind.mime


@transaction.atomic
def document_upload(*, case: CaseFile, doc_type: str, upload, user) -> CaseDocument:
    """Store an uploaded case document after checking its content and size."""
    content_type = checked_upload(upload, limit=settings.PEER_REVIEW_MAX_DOCUMENT_BYTES)
    document = CaseDocument(
        case=case,
        doc_type=doc_type,
        file=upload,
        content_type=content_type,
        size=upload.size,
        uploaded_by=user,
    )
    document.full_clean()
    document.save()
    return document


# --- rubrics ----------------------------------------------------------------------


@transaction.atomic
def rubric_ensure_defaults() -> list[Rubric]:
    """Create (or bring back to the seed) the default rubrics for case files, videos
    and on-site enforcement. Idempotent on the rubric and item names."""
    from peer_review.default_rubrics import DEFAULT_RUBRICS
    from peer_review.models import DeductionOption, GradeBand, RubricItem

    rubrics = []
    for name, kind, description, items, bands in DEFAULT_RUBRICS:
        rubric, _created = Rubric.objects.update_or_create(
            name=name, defaults={"kind": kind, "description": description}
        )
        for band_name, minimum, passing in bands:
            GradeBand.objects.update_or_create(
                rubric=rubric,
                name=band_name,
                defaults={"min_score": minimum, "passing": passing},
            )
        for order, (section, title, points, options) in enumerate(items):
            item, _created = RubricItem.objects.update_or_create(
                rubric=rubric,
                title=title,
                defaults={
                    "section": section,
                    "max_points": points,
                    "sort_order": order,
                },
            )
            for text, deducted in options:
                DeductionOption.objects.update_or_create(
                    item=item, text=text, defaults={"points": deducted}
                )
        rubrics.append(rubric)
    return rubrics


# --- rounds ------------------------------------------------------------------------


def default_reviewers():
    """Enforcement officers who belong to a group: the pool of cross-reviewers."""
    from accounts.models import User

    return (
        User.objects.filter(
            groups__name=roles.ENFORCEMENT_OFFICER,
            enforcement_group__isnull=False,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )  # a seeded draw needs its pool in a fixed order


def drawable_case_files(year: int, quarter: int | None = None):
    """Files a round may draw: decided in ``year`` (and ``quarter``), not reference
    files, and not already reviewed in a round."""
    files = CaseFile.objects.filter(is_reference=False, decided_on__year=year)
    if quarter is not None:
        first = 3 * (quarter - 1) + 1
        files = files.filter(decided_on__month__in=range(first, first + 3))
    reviewed = Assignment.objects.filter(kind=Assignment.Kind.PEER).values("case_id")
    return files.exclude(pk__in=reviewed).order_by("pk")


@transaction.atomic
def round_create(
    *,
    name: str,
    year: int,
    quarter: int,
    rubric: Rubric,
    deadline: datetime,
    created_by,
    cases: Sequence[CaseFile] | None = None,
    whole_year: bool = False,
    sample_per_group: int | None = None,
    reviewers: Sequence | None = None,
    reviewers_per_file: int | None = None,
    blind: bool = True,
    reference_case: CaseFile | None = None,
    seed: int | None = None,
) -> ReviewRound:
    """Create a round, choose its files and assign each to reviewers of other groups.

    A reference file (with the coordinator's reference review) may be slipped in:
    every reviewer also scores it, so each one's deviation can be shown.
    Without ``cases`` (a hand-picked list, taken as chosen), the files are drawn from
    those decided in the round's quarter (or its whole year with ``whole_year``),
    never files already reviewed in another round. Raises ``AssignmentImpossible``
    or ``ValidationError`` (nothing is saved) when no valid assignment exists or
    nothing is left to draw."""
    _require_permission(created_by, "peer_review.add_reviewround")
    k = reviewers_per_file or settings.PEER_REVIEW_REVIEWERS_PER_FILE
    review_round = ReviewRound(
        name=name,
        year=year,
        quarter=quarter,
        rubric=rubric,
        deadline=deadline,
        blind=blind,
        reviewers_per_file=k,
        created_by=created_by,
    )
    review_round.full_clean()
    review_round.save()
    if cases is None:
        cases = list(
            drawable_case_files(year, None if whole_year else quarter).prefetch_related(
                "officers"
            )
        )
        if not cases:
            period = (
                _("the whole of %(year)s") % {"year": year}
                if whole_year
                else _("Q%(quarter)s %(year)s") % {"year": year, "quarter": quarter}
            )
            raise ValidationError(ERR_NO_FILES_TO_DRAW % {"period": period})
    slots = [
        FileSlot(
            id=c.pk,
            group=c.group_id,
            label=c.number,
            officer_ids=frozenset(o.user_id for o in c.officers.all() if o.user_id),
        )
        for c in cases
    ]
    chosen = sample_files(slots, sample_per_group, seed=seed)
    people = list(reviewers if reviewers is not None else default_reviewers())
    pool = [Reviewer(id=u.pk, group=u.enforcement_group_id) for u in people]
    plan = assign_reviewers(chosen, pool, k, seed=seed)
    Assignment.objects.bulk_create(
        Assignment(round=review_round, case_id=case_id, reviewer_id=reviewer_id)
        for case_id, reviewer_ids in plan.items()
        for reviewer_id in reviewer_ids
    )
    if reference_case is not None:
        Assignment.objects.bulk_create(
            [
                Assignment(
                    round=review_round,
                    case=reference_case,
                    reviewer=created_by,
                    kind=Assignment.Kind.REFERENCE,
                ),
                *(
                    Assignment(round=review_round, case=reference_case, reviewer=u)
                    for u in people
                    if u.enforcement_group_id != reference_case.group_id
                ),
            ]
        )
    audit(
        actor=created_by,
        action="round_create",
        obj=review_round,
        new={"files": len(plan), "reviewers_per_file": k},
    )
    return review_round


def rubric_specs(rubric: Rubric) -> tuple[list[scoring.ItemSpec], list[scoring.Band]]:
    """The rubric as the pure scoring module reads it."""
    items = [
        scoring.ItemSpec(
            id=item.pk,
            section=item.section,
            title=item.title,
            max_points=item.max_points,
            options={o.pk: o.points for o in item.options.all()},
        )
        for item in rubric.items.prefetch_related("options")
    ]
    bands = [scoring.Band(b.name, b.min_score, b.passing) for b in rubric.bands.all()]
    return items, bands


def conflict_of_interest(*, case: CaseFile, user) -> bool:
    """Whether ``user`` may not review ``case`` now: the rule of the assignment
    (never the handling group, never a handling officer), read again from today's
    data, since groups and handling officers can change after a round is drawn."""
    from django.contrib.auth import get_user_model

    group_id = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values_list("enforcement_group_id", flat=True)
        .first()
    )
    officer_ids = frozenset(
        case.officers.exclude(user=None).values_list("user_id", flat=True)
    )
    slot = FileSlot(id=case.pk, group=case.group_id, officer_ids=officer_ids)
    return not eligible(slot, Reviewer(id=user.pk, group=group_id))


@transaction.atomic
def review_submit(
    *,
    assignment: Assignment,
    user,
    marks: Sequence[scoring.Mark],
    summary: str = "",
    now: datetime | None = None,
) -> Review:
    """Score an assigned file; refuse other people's, late, repeated or
    out-of-rubric reviews with a clear message. Opens arbitration where the
    file's reviews now differ by more than the setting's gap."""
    now = now or timezone.now()
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.reviewer_id != user.pk:
        raise PermissionDenied(ERR_NOT_ASSIGNED)
    if assignment.kind != Assignment.Kind.REFERENCE and conflict_of_interest(
        case=assignment.case, user=user
    ):
        raise PermissionDenied(ERR_CONFLICT_OF_INTEREST)
    if not assignment.round.is_open(now):
        raise ValidationError(ERR_AFTER_DEADLINE)
    if Review.objects.filter(assignment=assignment).exists():
        raise ValidationError(ERR_ALREADY_REVIEWED)
    items, bands = rubric_specs(assignment.round.rubric)
    try:
        result = scoring.score(items, marks, bands)
    except scoring.ScoringError as error:
        raise ValidationError(str(error)) from error
    review = Review(
        assignment=assignment,
        total=result.total,
        grade=result.grade,
        vetoed=result.vetoed,
        summary=summary,
        submitted_at=now,
    )
    review.full_clean()
    review.save()
    ReviewMark.objects.bulk_create(
        ReviewMark(
            review=review,
            item_id=m.item_id,
            option_ids=list(m.option_ids),
            vetoed=m.vetoed,
            comment=m.comment,
            points=result.item_points.get(m.item_id),
        )
        for m in marks
    )
    audit(
        actor=user,
        action="review_submit",
        obj=review,
        old=None,
        new={"total": str(review.total), "grade": review.grade},
    )
    if assignment.kind == Assignment.Kind.PEER:
        _open_arbitration_if_needed(assignment.round, assignment.case)
    return review


def peer_scores(review_round: ReviewRound, case: CaseFile) -> list[Decimal]:
    return list(
        Review.objects.filter(
            assignment__round=review_round,
            assignment__case=case,
            assignment__kind=Assignment.Kind.PEER,
        ).values_list("total", flat=True)
    )


def _open_arbitration_if_needed(review_round, case) -> None:
    scores = peer_scores(review_round, case)
    gap = Decimal(str(settings.PEER_REVIEW_ARBITRATION_GAP))
    if scoring.needs_arbitration(scores, gap):
        Arbitration.objects.get_or_create(
            round=review_round,
            case=case,
            defaults={"gap": max(scores) - min(scores)},
        )


@transaction.atomic
def arbitration_decide(
    *, arbitration: Arbitration, user, final_score: Decimal, reason: str
) -> Arbitration:
    """The coordinator's final score for a file whose reviews diverged."""
    _require_permission(user, "peer_review.change_arbitration")
    maximum = arbitration.round.rubric.max_score
    if not Decimal(0) <= final_score <= maximum:
        raise ValidationError(ERR_ARBITRATION_SCORE % {"max": maximum})
    old = None if arbitration.final_score is None else str(arbitration.final_score)
    arbitration.final_score = final_score
    arbitration.reason = reason
    arbitration.decided_by = user
    arbitration.decided_at = timezone.now()
    arbitration.full_clean()
    arbitration.save()
    audit(
        actor=user,
        action="arbitrate",
        obj=arbitration,
        old={"final_score": old},
        new={"final_score": str(final_score), "reason": reason},
    )
    return arbitration


# --- issues and rectification -----------------------------------------------------------


@transaction.atomic
def issue_log(
    *,
    case: CaseFile,
    category: str,
    description: str,
    deadline: date,
    user,
    review_round: ReviewRound | None = None,
    review: Review | None = None,
    article=None,
) -> Issue:
    """Log an issue found in a review; the handling group must rectify it."""
    issue = Issue(
        round=review_round,
        case=case,
        review=review,
        category=category,
        article=article,
        description=description,
        responsible_group=case.group,
        deadline=deadline,
        created_by=user,
    )
    issue.full_clean()
    issue.save()
    return issue


@transaction.atomic
def issue_respond(*, issue: Issue, user, response: str, evidence=None) -> Issue:
    """整改: the responsible group's response, with evidence."""
    if issue.status == Issue.Status.VERIFIED:
        raise ValidationError(ERR_ALREADY_VERIFIED)
    if user.enforcement_group_id != issue.responsible_group_id:
        raise PermissionDenied(ERR_NOT_RESPONSIBLE)
    if evidence is not None:
        checked_upload(
            evidence,
            limit=settings.PEER_REVIEW_MAX_EVIDENCE_BYTES,
            too_large=ERR_EVIDENCE_SIZE,
        )
        issue.evidence = evidence
    old = issue.status
    issue.response = response
    issue.responded_by = user
    issue.responded_at = timezone.now()
    issue.status = Issue.Status.RESPONDED
    issue.full_clean()
    issue.save()
    audit(
        actor=user,
        action="rectify",
        obj=issue,
        old={"status": old},
        new={"status": issue.status, "response": response},
    )
    return issue


@transaction.atomic
def issue_verify(*, issue: Issue, user, accepted: bool, note: str = "") -> Issue:
    """复查 → 销号: the coordinator accepts the rectification (closing the issue)
    or sends it back to the group."""
    _require_permission(user, "peer_review.verify_issue")
    if issue.status == Issue.Status.VERIFIED:
        raise ValidationError(ERR_ALREADY_VERIFIED)
    if issue.status != Issue.Status.RESPONDED:
        raise ValidationError(ERR_NOT_RESPONDED)
    old = issue.status
    issue.status = Issue.Status.VERIFIED if accepted else Issue.Status.OPEN
    issue.verification_note = note
    issue.verified_by = user if accepted else None
    issue.verified_at = timezone.now() if accepted else None
    issue.full_clean()
    issue.save()
    audit(
        actor=user,
        action="verify",
        obj=issue,
        old={"status": old},
        new={"status": issue.status, "note": note},
    )
    return issue


# --- drills on the articles of review issues ---------------------------------------

NO_QUESTIONS_FOR_ARTICLE = _(
    "The question bank has no question on %(article)s yet: write questions on this "
    "article first, then assign the drill."
)
NO_QUIZ_INDEX = _("There is no quiz section on the site to hold the drill.")
DRILL_QUESTIONS_MAX = 20


@transaction.atomic
def drill_assign_for_article(
    *, group, article, user, days: int = 14, now: datetime | None = None
):
    """布置训练: a drill for ``group`` on the article behind its review issues.

    The drill's paper is the bank's active questions on the article (up to
    ``DRILL_QUESTIONS_MAX``), published as a quiz open to the group until the
    deadline. Without questions nothing is created and the caller shows
    ``NO_QUESTIONS_FOR_ARTICLE``.
    """
    questions = list(
        Question.objects.active()
        .filter(articles=article)
        .order_by("pk")[:DRILL_QUESTIONS_MAX]
    )
    if not questions:
        raise ValidationError(NO_QUESTIONS_FOR_ARTICLE % {"article": article.label})
    index = QuizIndexPage.objects.first()
    if index is None:
        raise ValidationError(NO_QUIZ_INDEX)
    now = now or timezone.now()
    deadline = now + timezone.timedelta(days=days)
    title = _("%(article)s drill for %(group)s") % {
        "article": article.label,
        "group": group,
    }
    quiz = QuizPage(
        title=str(title),
        slug=f"drill-{article.pk}-{group.pk}-{now:%Y%m%d%H%M%S}",
        audience_everyone=False,
        opens_at=now,
        closes_at=deadline,
    )
    for question in questions:
        quiz.fixed_questions.add(QuizQuestion(question=question))
    index.add_child(instance=quiz)
    quiz.audience_groups.set([group])
    quiz.save_revision(user=user).publish(user=user)
    drill = Drill.objects.create(
        title=str(title),
        quiz=quiz,
        deadline=deadline,
        created_by=user,
        note=str(_("Assigned from the review issues on %(article)s."))
        % {"article": article.label},
    )
    drill.groups.set([group])
    return drill
