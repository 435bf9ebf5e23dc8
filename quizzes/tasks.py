"""Background tasks (django-tasks): the db_worker runs them in production."""

from django_tasks import task

from quizzes import services


@task()
def finalise_overdue_attempts() -> int:
    """Close and grade attempts left open past their deadline (run every minute by
    the scheduler; concurrent runs never grade an attempt twice)."""
    return services.attempts_finalise_overdue()
