"""Regrading submitted answers after a key correction."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from quizzes import scoring
from quizzes.models import (
    AttemptAnswer,
    AttemptStatus,
    Question,
)


@dataclass(frozen=True)
class RegradeChange:
    attempt_id: int
    person: str
    title: str
    old_score: Decimal
    new_score: Decimal
    max_score: Decimal
    old_passed: bool | None
    new_passed: bool

    @property
    def delta(self) -> Decimal:
        return self.new_score - self.old_score


@transaction.atomic
def attempts_regrade(
    *, question: Question, dry_run: bool = True
) -> list[RegradeChange]:
    """Grade every submitted answer to ``question`` again against its current
    version. The dry run lists whose scores would change and by how much; the real
    run applies it (the answers then point at the version they were graded on)."""
    current = question.versions.order_by("-number").first()
    answers = (
        AttemptAnswer.objects.filter(
            question=question, attempt__status=AttemptStatus.SUBMITTED
        )
        .exclude(version=current)
        .select_related("attempt", "attempt__user")
        .select_for_update(of=("self",))
    )
    changes = []
    for answer in answers:
        attempt = answer.attempt
        result = scoring.grade(
            current.qtype,
            current.answer,
            answer.response,
            points=answer.points,
            partial=attempt.partial_credit,
        )
        new_score = attempt.score - (answer.score or 0) + result.score
        if new_score != attempt.score:
            changes.append(
                RegradeChange(
                    attempt.pk,
                    str(attempt.user or _("guest")),
                    attempt.title,
                    attempt.score,
                    new_score,
                    attempt.max_score,
                    attempt.passed,
                    scoring.has_passed(new_score, attempt.max_score, attempt.pass_mark),
                )
            )
        if not dry_run:
            answer.version, answer.score = current, result.score
            answer.correct = result.correct
            answer.save(update_fields=["version", "score", "correct"])
            attempt.score = new_score
            attempt.passed = scoring.has_passed(
                new_score, attempt.max_score, attempt.pass_mark
            )
            attempt.save(update_fields=["score", "passed"])
    return changes
