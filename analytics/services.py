"""Writes of the analytics module."""

from django.db import transaction

from analytics.models import ReportRun

YEAR_OUT_OF_RANGE = "年份须在2000年至2100年之间。"


@transaction.atomic
def report_run_request(*, year: int, user) -> ReportRun:
    """Record a report request and enqueue its task once the row is committed."""
    from django.core.exceptions import ValidationError

    if not 2000 <= year <= 2100:
        raise ValidationError(YEAR_OUT_OF_RANGE)
    run = ReportRun(year=year, requested_by=user)
    run.full_clean()
    run.save()
    transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> None:
    from analytics.tasks import generate_annual_report

    result = generate_annual_report.enqueue(run_id)
    ReportRun.objects.filter(pk=run_id).update(task_id=str(result.id))
