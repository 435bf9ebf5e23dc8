"""Study status of one person on one course (pure: plain values in, values out)."""

import math
from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class StudyStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


@dataclass(frozen=True)
class Progress:
    lessons_done: int
    lessons_total: int
    finished_at: datetime | None = None
    due_on: date | None = None

    @property
    def status(self) -> StudyStatus:
        if self.lessons_total and self.lessons_done >= self.lessons_total:
            return StudyStatus.COMPLETED
        if self.lessons_done:
            return StudyStatus.IN_PROGRESS
        return StudyStatus.NOT_STARTED

    @property
    def percent(self) -> int:
        if not self.lessons_total:
            return 0
        return min(100, round(100 * self.lessons_done / self.lessons_total))

    def is_overdue(self, today: date) -> bool:
        """Past the due date and not finished (finishing late is not overdue)."""
        return (
            self.due_on is not None
            and today > self.due_on
            and self.status != StudyStatus.COMPLETED
        )

    def finished_late(self) -> bool:
        return (
            self.finished_at is not None
            and self.due_on is not None
            and self.finished_at.date() > self.due_on
        )


def viewing_remaining(
    *, opened_at: float | None, now: float, reached_end: bool, min_seconds: float
) -> int:
    """Seconds ``now`` is short of a lesson counting as viewed: it counts once its
    page has been open ``min_seconds`` by the server's clock, or once its end was
    reached (video played out, text read to the bottom); never before it was opened."""
    if opened_at is None:
        return int(math.ceil(min_seconds)) or 1
    if reached_end:
        return 0
    return max(0, int(math.ceil(min_seconds - (now - opened_at))))
