"""Writes of the live classes. Consumers reach them through database_sync_to_async;
views, commands and the host console call them directly."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Enterprise
from home.bulk import update_from_values
from livestreams.models import (
    CheckIn,
    CheckInAnswer,
    ClassStatus,
    LiveClassPage,
    Poll,
    PollAnswer,
    Viewer,
    ViewerSource,
    ViewingSession,
)
from livestreams.presence import get_store

NOT_LIVE = _("The class is not live.")
ALREADY_ANSWERED = _("You have already answered.")
CLOSED = _("It is closed.")
BAD_CHOICE = _("No such choice.")
TOO_FEW_CHOICES = _("A poll needs at least two choices.")


def _ts(moment: dt.datetime) -> float:
    return moment.timestamp()


def _dt(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)


# --- viewers ---------------------------------------------------------------------


@transaction.atomic
def viewer_for_user(*, live_class: LiveClassPage, user) -> Viewer:
    """The viewer record of a logged-in user for this class (made on first join)."""
    viewer, _created = Viewer.objects.update_or_create(
        live_class=live_class,
        user=user,
        defaults={
            "source": ViewerSource.USER,
            "name": user.get_full_name() or user.username,
            "enterprise": user.enterprise,
            "enterprise_name": user.enterprise.name if user.enterprise else "",
            "post_category": user.post_category or "management",
            "phone": user.phone or "",
        },
    )
    return viewer


class ClassEndedError(Exception):
    """The class has ended: it takes no new viewers."""


def viewer_id_for_user(*, class_id: int, user) -> int | None:
    """The viewer id of a logged-in user joining a published class by socket (the
    record is made on first join), or None when there is no such class; raises
    ClassEndedError, making no record, when the class has ended."""
    live_class = LiveClassPage.objects.live().filter(pk=class_id).first()
    if live_class is None:
        return None
    if live_class.status == ClassStatus.ENDED:
        raise ClassEndedError
    return viewer_for_user(live_class=live_class, user=user).pk


@transaction.atomic
def viewer_signup(
    *,
    live_class: LiveClassPage,
    name: str,
    enterprise: str,
    post_category: str,
    phone: str = "",
    device: str,
) -> Viewer:
    """Register a guest, or update the one this device registered before.

    A guest is the device: ``device`` is the secret the sign-up API keeps in the
    phone's signed, HttpOnly cookie. A phone number is only a contact detail: a
    sign-up giving one that another viewer gave is a new viewer (never that one,
    renamed), so nobody gets another person's identity, token, check-ins or
    answers by typing their number.
    """
    registered = Enterprise.objects.filter(name=enterprise.strip()).first()
    viewer = (
        Viewer.objects.select_for_update()
        .filter(live_class=live_class, source=ViewerSource.GUEST, device_id=device)
        .first()
    ) or Viewer(live_class=live_class, source=ViewerSource.GUEST, device_id=device)
    viewer.name = name.strip()
    viewer.enterprise = registered
    viewer.enterprise_name = registered.name if registered else enterprise.strip()
    viewer.post_category = post_category
    viewer.phone = phone
    viewer.full_clean(validate_constraints=False)
    viewer.save()
    return viewer


# --- viewing sessions (connect / disconnect / expiry, never per heartbeat) -------


def session_open(
    *, key: str, class_id: int, viewer_id: int, now: float
) -> ViewingSession:
    """Record that a connection became present. Idempotent on ``key``."""
    session, _created = ViewingSession.objects.get_or_create(
        key=key,
        defaults={
            "visit": key,
            "live_class_id": class_id,
            "viewer_id": viewer_id,
            "started_at": _dt(now),
        },
    )
    return session


def sessions_close(*, ended: dict[str, float]) -> int:
    """Close connections' sessions ({key: end time}). Idempotent: a session already
    closed keeps its first end, so a flush run twice counts once. Two statements
    whatever the number (a drain closes thousands at once): the open ones' ids,
    then one set-based update."""
    with transaction.atomic():
        open_rows = _open_sessions(ended)
        return update_from_values(
            ViewingSession,
            fields=["ended_at"],
            rows=[(pk, _dt(ended[key])) for pk, key, _seen in open_rows],
        )


def sessions_seen(*, seen: dict[str, float]) -> None:
    """Record when the server last heard from open sessions ({key: time}); a
    time never moves back. Two statements whatever the number."""
    with transaction.atomic():
        rows = [
            (pk, _dt(seen[key]))
            for pk, key, last in _open_sessions(seen)
            if last is None or last <= _dt(seen[key])
        ]
        update_from_values(ViewingSession, fields=["last_seen_at"], rows=rows)


def _open_sessions(keys) -> list[tuple[int, str, dt.datetime | None]]:
    """(id, key, last seen) of the open sessions among ``keys``."""
    keys = list(keys)
    return [
        row
        for start in range(0, len(keys), 2000)  # under SQLite's parameter limit
        for row in ViewingSession.objects.filter(
            key__in=keys[start : start + 2000], ended_at=None
        ).values_list("pk", "key", "last_seen_at")
    ]


def _visits(
    opens: dict[str, tuple[int, int, float]], resumes: dict[str, str]
) -> dict[str, str]:
    """The visit of each new session: the one it resumes when that visit is of the
    same viewer and class (a page can only continue its own), else its own key."""
    labels = {k: v for k, v in resumes.items() if k in opens and v}
    owners = set(
        ViewingSession.objects.filter(visit__in=set(labels.values())).values_list(
            "visit", "viewer_id", "live_class_id"
        )
    )
    return {
        key: labels[key]
        if key in labels and (labels[key], viewer_id, class_id) in owners
        else key
        for key, (class_id, viewer_id, _start) in opens.items()
    }


def sessions_flush(
    *,
    opens: dict[str, tuple[int, int, float]],
    closes: dict[str, float],
    seen: dict[str, float] | None = None,
    resumes: dict[str, str] | None = None,
) -> None:
    """Write a batch of session starts ({key: (class, viewer, start)}, with the
    visit each claims to continue in ``resumes``), last-seen times and ends
    ({key: end}). Idempotent on the keys: replays change nothing."""
    with transaction.atomic():
        if opens:
            visits = _visits(opens, resumes or {})
            ViewingSession.objects.bulk_create(
                [
                    ViewingSession(
                        key=key,
                        visit=visits[key],
                        live_class_id=class_id,
                        viewer_id=viewer_id,
                        started_at=_dt(start),
                        last_seen_at=_dt(start),
                    )
                    for key, (class_id, viewer_id, start) in opens.items()
                ],
                ignore_conflicts=True,
                batch_size=1000,
            )
        if opens:
            _close_after_end(opens)
        if seen:
            sessions_seen(seen=seen)
        if closes:
            sessions_close(ended=closes)


def _close_after_end(opens: dict[str, tuple[int, int, float]]) -> None:
    """Sessions opened just as their class ended (written by a batch after the
    end) end with the class."""
    ends = dict(
        LiveClassPage.objects.filter(
            pk__in={class_id for class_id, _v, _s in opens.values()},
            status=ClassStatus.ENDED,
        ).values_list("pk", "ended_at")
    )
    if not ends:
        return
    late = ViewingSession.objects.filter(
        key__in=[k for k, (c, _v, _s) in opens.items() if c in ends], ended_at=None
    )
    for session in late:
        end = ends[session.live_class_id] or session.started_at
        session.ended_at = max(session.started_at, end)
        session.save(update_fields=["ended_at"])


def _last_seen():
    return Coalesce("last_seen_at", "started_at")


def sessions_stale(*, class_id: int, before: float) -> dict[str, float]:
    """Open sessions of a class not heard from since ``before`` ({key: last seen}):
    candidates for the sweep, which closes those the presence store lost."""
    rows = (
        ViewingSession.objects.filter(live_class_id=class_id, ended_at=None)
        .annotate(seen=_last_seen())
        .filter(seen__lt=_dt(before))
        .values_list("key", "seen")[:5000]
    )
    return {key: seen.timestamp() for key, seen in rows}


def sessions_close_stale(*, live_class: LiveClassPage, now: dt.datetime) -> int:
    """Close the open sessions of a class not heard from within the heartbeat
    timeout and one last-seen interval, at their last-seen time."""
    cutoff = now - dt.timedelta(
        seconds=settings.LIVESTREAMS_HEARTBEAT_TIMEOUT
        + settings.LIVESTREAMS_SESSION_SEEN_INTERVAL
    )
    stale = (
        ViewingSession.objects.filter(live_class=live_class, ended_at=None)
        .annotate(seen=_last_seen())
        .filter(seen__lt=cutoff)
    )
    closed = 0
    for session in stale:
        session.ended_at = session.seen
        session.save(update_fields=["ended_at"])
        closed += 1
    return closed


# --- the class as the host runs it ---------------------------------------------


def _publish(live_class: LiveClassPage, message: dict) -> None:
    class_id = live_class.pk
    transaction.on_commit(lambda: get_store().publish(class_id, message))


def class_state_message(live_class: LiveClassPage) -> dict:
    return {
        "type": "class_state",
        "status": live_class.status,
        "label": str(live_class.get_status_display()),
        "replay_url": live_class.replay_url
        if live_class.status == ClassStatus.ENDED
        else "",
    }


CLASS_ALREADY_ENDED = _(
    "This class has ended; its figures are final. Schedule a new class instead."
)


@transaction.atomic
def class_start(*, live_class: LiveClassPage) -> LiveClassPage:
    """The host starts the class: status 直播中 and the start time. An ended class
    is not started again: its report would no longer match what happened."""
    if live_class.status == ClassStatus.ENDED:
        raise ValidationError(CLASS_ALREADY_ENDED)
    live_class.status = ClassStatus.LIVE
    live_class.started_at = live_class.started_at or timezone.now()
    live_class.ended_at = None
    live_class.save(update_fields=["status", "started_at", "ended_at"])
    class_id = live_class.pk
    transaction.on_commit(lambda: get_store().reopen_class(class_id))
    _publish(live_class, class_state_message(live_class))
    return live_class


@transaction.atomic
def class_end(*, live_class: LiveClassPage) -> LiveClassPage:
    """The host ends the class: status 已结束, the end time and the live peak."""
    now = timezone.now()
    audience = get_store().audience_sync(live_class.pk)
    live_class.status = ClassStatus.ENDED
    live_class.ended_at = now
    if audience.peak > live_class.peak:
        live_class.peak = audience.peak
        live_class.peak_at = _dt(audience.peak_at) if audience.peak_at else now
    live_class.save(update_fields=["status", "ended_at", "peak", "peak_at"])
    # Every session still open ends now, except those the server had stopped
    # hearing from (presence lost): they end when last seen.
    sessions_close_stale(live_class=live_class, now=now)
    ViewingSession.objects.filter(live_class=live_class, ended_at=None).update(
        ended_at=now
    )
    class_id = live_class.pk
    # Nobody is present any more and no one joins again: unique stops rising.
    transaction.on_commit(lambda: get_store().end_class(class_id))
    CheckIn.objects.filter(live_class=live_class, closed_at=None).update(closed_at=now)
    Poll.objects.filter(live_class=live_class, closed_at=None).update(closed_at=now)
    _publish(live_class, class_state_message(live_class))
    return live_class


@transaction.atomic
def checkin_open(*, live_class: LiveClassPage) -> CheckIn:
    if live_class.status != ClassStatus.LIVE:
        raise ValidationError(NOT_LIVE)
    CheckIn.objects.filter(live_class=live_class, closed_at=None).update(
        closed_at=timezone.now()
    )
    checkin = CheckIn(live_class=live_class)
    checkin.full_clean()
    checkin.save()
    _publish(live_class, {"type": "checkin_open", "id": checkin.pk})
    return checkin


def checkin_answer(*, class_id: int, viewer_id: int, checkin_id: int) -> CheckInAnswer:
    """A viewer checks in once; a second answer raises ALREADY_ANSWERED."""
    checkin = CheckIn.objects.filter(
        pk=checkin_id, live_class_id=class_id, closed_at=None
    ).first()
    if checkin is None:
        raise ValidationError(CLOSED)
    try:
        with transaction.atomic():
            return CheckInAnswer.objects.create(checkin=checkin, viewer_id=viewer_id)
    except IntegrityError:
        raise ValidationError(ALREADY_ANSWERED) from None


def poll_message(poll: Poll) -> dict:
    return {
        "type": "poll_open",
        "id": poll.pk,
        "question": poll.question,
        "choices": poll.choices,
    }


@transaction.atomic
def poll_open(*, live_class: LiveClassPage, question: str, choices: list[str]) -> Poll:
    choices = [c.strip() for c in choices if c.strip()]
    if len(choices) < 2:
        raise ValidationError(TOO_FEW_CHOICES)
    if live_class.status != ClassStatus.LIVE:
        raise ValidationError(NOT_LIVE)
    poll = Poll(live_class=live_class, question=question.strip(), choices=choices)
    poll.full_clean()
    poll.save()
    _publish(live_class, poll_message(poll))
    return poll


def poll_answer(*, class_id: int, viewer_id: int, poll_id: int, choice: int):
    poll = Poll.objects.filter(
        pk=poll_id, live_class_id=class_id, closed_at=None
    ).first()
    if poll is None:
        raise ValidationError(CLOSED)
    if not isinstance(choice, int) or not 0 <= choice < len(poll.choices):
        raise ValidationError(BAD_CHOICE)
    try:
        with transaction.atomic():
            return PollAnswer.objects.create(
                poll=poll, viewer_id=viewer_id, choice=choice
            )
    except IntegrityError:
        raise ValidationError(ALREADY_ANSWERED) from None


@transaction.atomic
def poll_share(*, poll: Poll) -> Poll:
    """Close the poll and show its results to the viewers."""
    poll.closed_at = poll.closed_at or timezone.now()
    poll.results_shared = True
    poll.save(update_fields=["closed_at", "results_shared"])
    _publish(
        poll.live_class,
        {
            "type": "poll_result",
            "id": poll.pk,
            "question": poll.question,
            "choices": poll.choices,
            "counts": poll.counts(),
        },
    )
    return poll


def viewer_state(*, live_class: LiveClassPage, viewer_id: int | None) -> dict:
    """What a page (re)loaded by one viewer must know to show the class as it is:
    its state, and which check-ins and polls this viewer already answered (so a
    reload offers neither again) and the open ones."""
    checkin = CheckIn.objects.filter(live_class=live_class, closed_at=None).last()
    poll = Poll.objects.filter(live_class=live_class, closed_at=None).last()
    answered_checkins, answered_polls = [], {}
    if viewer_id is not None:
        answered_checkins = list(
            CheckInAnswer.objects.filter(
                viewer_id=viewer_id, checkin__live_class=live_class
            ).values_list("checkin_id", flat=True)
        )
        answered_polls = {
            str(poll_id): choice
            for poll_id, choice in PollAnswer.objects.filter(
                viewer_id=viewer_id, poll__live_class=live_class
            ).values_list("poll_id", "choice")
        }
    return {
        **class_state_message(live_class),
        "open_checkin": checkin.pk if checkin else None,
        "open_poll": poll.pk if poll else None,
        "checkins_answered": answered_checkins,
        "polls_answered": answered_polls,
    }


def connect_state(*, class_id: int) -> list[dict]:
    """What a socket needs at once besides the count: state, open check-in/poll."""
    live_class = LiveClassPage.objects.get(pk=class_id)
    messages = [class_state_message(live_class)]
    checkin = CheckIn.objects.filter(live_class=live_class, closed_at=None).last()
    if checkin:
        messages.append({"type": "checkin_open", "id": checkin.pk})
    poll = Poll.objects.filter(live_class=live_class, closed_at=None).last()
    if poll:
        messages.append(poll_message(poll))
    return messages


# --- imported attendance -------------------------------------------------------


@transaction.atomic
def attendance_import(*, live_class: LiveClassPage, rows) -> int:
    """Store validated rows (livestreams.importers) as viewers and sessions.

    One person (name, enterprise, phone) is one viewer — also the same viewer as a
    live guest of this class with that phone. Session keys hash the row's content,
    so importing the same file twice adds nothing. Returns the sessions added.
    """
    import hashlib

    added = 0
    viewers: dict[tuple[str, str, str], Viewer] = {}
    for row in rows:
        person = (row.name, row.enterprise, row.phone)
        viewer = viewers.get(person)
        if viewer is None:
            viewer = _import_viewer(live_class, row)
            viewers[person] = viewer
        digest = hashlib.sha1(
            "|".join([*person, row.entered.isoformat(), row.left.isoformat()]).encode()
        ).hexdigest()[:32]
        _session, created = ViewingSession.objects.get_or_create(
            key=f"import-{live_class.pk}-{digest}",
            defaults={
                "visit": f"import-{live_class.pk}-{digest}",
                "live_class": live_class,
                "viewer": viewer,
                "started_at": row.entered,
                "ended_at": row.left,
                "imported": True,
            },
        )
        added += created
    return added


def _import_viewer(live_class: LiveClassPage, row) -> Viewer:
    candidates = Viewer.objects.filter(live_class=live_class)
    viewer = None
    if row.phone:
        viewer = candidates.filter(phone=row.phone).first()
    if viewer is None:
        viewer = candidates.filter(
            source=ViewerSource.IMPORT,
            name=row.name,
            enterprise_name=row.enterprise,
            phone=row.phone,
        ).first()
    if viewer is not None:
        return viewer
    registered = Enterprise.objects.filter(name=row.enterprise).first()
    viewer = Viewer(
        live_class=live_class,
        source=ViewerSource.IMPORT,
        name=row.name,
        enterprise=registered,
        enterprise_name=row.enterprise,
        post_category=row.post_category,
        phone=row.phone,
    )
    viewer.full_clean(validate_constraints=False)
    viewer.save()
    return viewer
