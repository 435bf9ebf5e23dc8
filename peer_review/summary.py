"""The round summary: consensus, arbitration, calibration and rectification figures.

Reads the round's reviews and issues once and leaves the arithmetic to the pure
``scoring`` module."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.conf import settings

from home.sorting import natural_order
from peer_review import checks, scoring
from peer_review.catalogue import IssueCategory
from peer_review.models import Arbitration, Assignment, Issue, Review, ReviewRound


def round_summary(review_round: ReviewRound) -> dict:
    reviews = list(
        Review.objects.filter(assignment__round=review_round).select_related(
            "assignment__case", "assignment__reviewer"
        )
    )
    peer = {
        (r.assignment.reviewer_id, r.assignment.case_id): r.total
        for r in reviews
        if r.assignment.kind == Assignment.Kind.PEER
    }
    reference = {
        r.assignment.case_id: r.total
        for r in reviews
        if r.assignment.kind == Assignment.Kind.REFERENCE
    }
    arbitrations = {
        a.case_id: a
        for a in Arbitration.objects.filter(round=review_round).select_related("case")
    }
    gap = Decimal(str(settings.PEER_REVIEW_ARBITRATION_GAP))
    files = []
    assignments = (
        Assignment.objects.filter(round=review_round, kind=Assignment.Kind.PEER)
        .select_related("case", "case__group")
        .order_by(natural_order("case__number"))
    )
    by_case: dict = {}
    for a in assignments:
        by_case.setdefault(a.case, []).append(peer.get((a.reviewer_id, a.case_id)))
    for case, scores in by_case.items():
        done = [s for s in scores if s is not None]
        arbitration = arbitrations.get(case.pk)
        files.append(
            {
                "case": case,
                "scores": done,
                "pending": len(scores) - len(done),
                "consensus": scoring.consensus(done),
                "arbitration": arbitration,
                "needs_arbitration": scoring.needs_arbitration(done, gap),
                "final": arbitration.final_score
                if arbitration and arbitration.final_score is not None
                else scoring.consensus(done),
            }
        )
    consensus = {
        f["case"].pk: f["consensus"] for f in files if f["consensus"] is not None
    }
    names = {r.assignment.reviewer_id: str(r.assignment.reviewer) for r in reviews}
    from_consensus = scoring.deviations(peer, consensus)
    from_reference = scoring.deviations(peer, reference)
    issues = list(Issue.objects.filter(round=review_round))
    by_category = Counter(i.category for i in issues)
    verified = sum(1 for i in issues if i.status == Issue.Status.VERIFIED)
    return {
        "round": review_round,
        "files": files,
        "reviewers": [
            {
                "name": names[r],
                "from_consensus": from_consensus.get(r),
                "from_reference": from_reference.get(r),
            }
            for r in sorted(names, key=lambda r: names[r])
        ],
        "alpha": scoring.agreement_alpha(peer),
        "issues_by_category": [
            (IssueCategory(c).label, n) for c, n in by_category.most_common()
        ],
        "issue_count": len(issues),
        # Files the automatic checks could not decide, apart from the issues.
        "undetermined": checks.undetermined_summary(
            {case.number: case.findings for case in by_case}
        ),
        "verified": verified,
        "overdue": sum(1 for i in issues if i.is_overdue),
        "rectification_rate": (verified / len(issues)) if issues else None,
        "arbitrations_open": sum(
            1 for a in arbitrations.values() if a.final_score is None
        ),
    }
