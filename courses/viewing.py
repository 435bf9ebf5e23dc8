"""When a person opened a lesson and whether they reached its end, kept in their
server-side session: a lesson counts as completed only when its content was viewed
(see :func:`courses.progress.viewing_remaining`), whatever the browser's clock says."""

import time

from django.conf import settings

from courses.progress import viewing_remaining

_KEY = "lesson_viewing"


def _entries(session) -> dict:
    return session.get(_KEY, {})


def lesson_opened(session, lesson_pk: int) -> None:
    """Note the first time the lesson's page was shown (later views keep it)."""
    entries = _entries(session)
    if str(lesson_pk) not in entries:
        entries[str(lesson_pk)] = {"opened": time.time(), "end": False}
        session[_KEY] = entries


def lesson_end_reached(session, lesson_pk: int) -> bool:
    """Note that the end was reached; only counts for a lesson already opened."""
    entries = _entries(session)
    entry = entries.get(str(lesson_pk))
    if entry is None:
        return False
    entry["end"] = True
    session[_KEY] = entries
    return True


def lesson_remaining(session, lesson_pk: int) -> int:
    """Seconds before the lesson may be marked completed (0: it may now)."""
    entry = _entries(session).get(str(lesson_pk))
    return viewing_remaining(
        opened_at=entry["opened"] if entry else None,
        now=time.time(),
        reached_end=bool(entry and entry["end"]),
        min_seconds=settings.COURSES_LESSON_MIN_VIEW_SECONDS,
    )
