"""Background tasks (django-tasks): the db_worker runs them in production."""

from django_tasks import task

from quizzes import services


@task()
def finalise_overdue_attempts() -> int:
    """Close and grade attempts left open past their deadline (run every minute by
    the scheduler; concurrent runs never grade an attempt twice)."""
    return services.attempts_finalise_overdue()


# Shown when the task itself breaks (a bug, a lost database): never a blank page.
E_IMPORT_CRASHED = "导入过程中发生意外错误，未导入任何题目。请稍后重试或联系管理员。"


@task()
def import_questions(job_id: int) -> None:
    """Read, check and (all or nothing) import an uploaded question-bank file,
    recording progress on its ImportJob for the page that polls it."""
    from home.models import ImportJob

    try:
        services.questions_import_job_run(job_id=job_id)
    except Exception:
        ImportJob.objects.filter(pk=job_id).first().fail(E_IMPORT_CRASHED)
        raise
