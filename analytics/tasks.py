"""Background work: generating the annual report (django-tasks)."""

from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from analytics import report
from analytics.models import ReportRun


@task()
def generate_annual_report(run_id: int) -> str:
    """Build the report of the run's year into ANALYTICS_REPORT_ROOT/<run id>/,
    recording each step and the outcome on the run so the admin can show them."""
    run = ReportRun.objects.get(pk=run_id)
    run.status = ReportRun.Status.RUNNING
    run.save(update_fields=["status"])

    def step(name: str) -> None:
        ReportRun.objects.filter(pk=run_id).update(step=name)

    try:
        built = report.build(run.year, progress=step)
        step("files")
        out_dir = Path(settings.ANALYTICS_REPORT_ROOT) / str(run.pk)
        docx, pdf = report.write(built, out_dir)
    except report.EmptyYear as error:
        # An expected outcome, shown on the run; not a failure of the worker.
        ReportRun.objects.filter(pk=run_id).update(
            status=ReportRun.Status.FAILED, error=str(error), finished_at=timezone.now()
        )
        return ""
    except Exception as exc:
        ReportRun.objects.filter(pk=run_id).update(
            status=ReportRun.Status.FAILED, error=str(exc), finished_at=timezone.now()
        )
        raise
    ReportRun.objects.filter(pk=run_id).update(
        status=ReportRun.Status.DONE,
        step="",
        docx_path=str(docx),
        pdf_path=str(pdf),
        finished_at=timezone.now(),
    )
    return str(out_dir)
