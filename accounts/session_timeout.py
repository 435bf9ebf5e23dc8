"""Sessions end when their user stops using them, and after a working day at most.

Idle: ``SESSION_IDLE_TIMEOUT_STAFF`` (30 min) for bureau staff and superusers,
``SESSION_IDLE_TIMEOUT_ENTERPRISE`` (4 h) for enterprise users, counted from the last
request. Absolute: ``SESSION_ABSOLUTE_LIFETIME`` (12 h) from the log-in, whatever the
activity. An expired session is logged out; a page load goes on as anonymous (so a
protected page sends the user to log in again, with a message), and a script
(fetch/XHR or ``Accept: application/json``, e.g. an exam's autosave) gets
``401 {"error": "session_expired", "message", "login_url"}`` instead of a redirect
or an HTML page it cannot read.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _

from accounts import roles
from home.http import wants_json

LAST_SEEN = "_last_seen"
LOGGED_IN_AT = "_logged_in_at"
# Write the last-seen time at most this often, not on every request.
TOUCH_EVERY = 60

SESSION_EXPIRED = _("Your session has expired; please log in again.")


def idle_limit(user) -> int:
    """Seconds of inactivity after which this user's session ends."""
    if user.is_superuser or user.is_staff or (user.role_names & roles.STAFF_ROLES):
        return settings.SESSION_IDLE_TIMEOUT_STAFF
    return settings.SESSION_IDLE_TIMEOUT_ENTERPRISE


def expired(session, user, now: float) -> bool:
    logged_in_at = session.get(LOGGED_IN_AT)
    last_seen = session.get(LAST_SEEN)
    if logged_in_at is None or last_seen is None:
        return False  # a session from before this rule: start counting now
    if now - logged_in_at > settings.SESSION_ABSOLUTE_LIFETIME:
        return True
    idle = now - last_seen
    # Within the shorter limit nobody's session is idle: the user's roles (a query)
    # are needed only past it, never on the requests of someone at work.
    shorter = min(
        settings.SESSION_IDLE_TIMEOUT_STAFF, settings.SESSION_IDLE_TIMEOUT_ENTERPRISE
    )
    return idle > shorter and idle > idle_limit(user)


def stamp_login(sender, request, user, **kwargs):
    """user_logged_in receiver (connected in AccountsConfig.ready)."""
    if request is None or not hasattr(request, "session"):
        return
    now = time.time()
    request.session[LOGGED_IN_AT] = now
    request.session[LAST_SEEN] = now


class SessionTimeoutMiddleware:
    """After AuthenticationMiddleware and MessageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            if expired(session, user, now):
                logout(request)
                if wants_json(request):
                    return JsonResponse(
                        {
                            "error": "session_expired",
                            "message": str(SESSION_EXPIRED),
                            "login_url": settings.LOGIN_URL,
                        },
                        status=401,
                    )
                messages.warning(request, SESSION_EXPIRED)
            else:
                session.setdefault(LOGGED_IN_AT, now)
                if now - session.get(LAST_SEEN, 0) >= TOUCH_EVERY:
                    session[LAST_SEEN] = now
        return self.get_response(request)
