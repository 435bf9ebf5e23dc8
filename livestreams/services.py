"""Writes of the live classes. Consumers reach them through database_sync_to_async;
views, commands and the host console call them directly."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Enterprise
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


def viewer_id_for_user(*, class_id: int, user) -> int | None:
    """The viewer id of a logged-in user joining a published class by socket (the
    record is made on first join), or None when there is no such class."""
    live_class = LiveClassPage.objects.live().filter(pk=class_id).first()
    if live_class is None:
        return None
    return viewer_for_user(live_class=live_class, user=user).pk


@transaction.atomic
def viewer_signup(
    *,
    live_class: LiveClassPage,
    name: str,
    enterprise: str,
    post_category: str,
    phone: str = "",
    device: str = "",
) -> Viewer:
    """Register a guest, or find them again: the same device id (kept in the phone's
    localStorage) or, failing that, the same phone number is the same viewer."""
    registered = Enterprise.objects.filter(name=enterprise.strip()).first()
    fields = {
        "source": ViewerSource.GUEST,
        "name": name.strip(),
        "enterprise": registered,
        "enterprise_name": registered.name if registered else enterprise.strip(),
        "post_category": post_category,
        "phone": phone,
    }
    existing = None
    guests = Viewer.objects.select_for_update().filter(
        live_class=live_class, source=ViewerSource.GUEST
    )
    if device:
        existing = guests.filter(device_id=device).first()
    if existing is None and phone:
        existing = guests.filter(phone=phone).first()
    viewer = existing or Viewer(live_class=live_class, device_id=device)
    for key, value in fields.items():
        setattr(viewer, key, value)
    if device and not viewer.device_id:
        viewer.device_id = device
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
            "live_class_id": class_id,
            "viewer_id": viewer_id,
            "started_at": _dt(now),
        },
    )
    return session


def sessions_close(*, ended: dict[str, float]) -> int:
    """Close connections' sessions ({key: end time}). Idempotent: a session already
    closed keeps its first end, so a flush run twice counts once."""
    with transaction.atomic():
        open_rows = list(
            ViewingSession.objects.filter(key__in=list(ended), ended_at=None)
        )
        for session in open_rows:
            session.ended_at = _dt(ended[session.key])
        ViewingSession.objects.bulk_update(open_rows, ["ended_at"], batch_size=1000)
    return len(open_rows)


def sessions_flush(
    *, opens: dict[str, tuple[int, int, float]], closes: dict[str, float]
) -> None:
    """Write a batch of session starts ({key: (class, viewer, start)}) and ends
    ({key: end}). Idempotent on the keys: replays change nothing."""
    with transaction.atomic():
        if opens:
            ViewingSession.objects.bulk_create(
                [
                    ViewingSession(
                        key=key,
                        live_class_id=class_id,
                        viewer_id=viewer_id,
                        started_at=_dt(start),
                    )
                    for key, (class_id, viewer_id, start) in opens.items()
                ],
                ignore_conflicts=True,
                batch_size=1000,
            )
        if closes:
            sessions_close(ended=closes)


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
