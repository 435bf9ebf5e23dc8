"""Login throttling (django-axes): the client address and the lockout answer.

Axes counts failed log-ins per user name and client address on every
``authenticate()`` with a request, so both /accounts/login/ and /admin/login/ are
covered. After ``LOGIN_FAILURE_LIMIT`` failures that pair is locked for
``LOGIN_COOLOFF_MINUTES``; a correct password does not open it early. An administrator
unlocks with ``manage.py axes_reset_username <name>`` (or ``axes_reset``).
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from home.http import client_address, wants_json

LOCKED_OUT = _(
    "Too many failed log-in attempts for this user name from your address. "
    "Log-in is locked for %(minutes)d minutes; try again later or ask the system "
    "administrator to unlock it."
)


def client_ip(request) -> str:
    """AXES_CLIENT_IP_CALLABLE: the same address the rest of the platform uses."""
    return client_address(request)


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: 429 with a Chinese message, as JSON to a script."""
    minutes = settings.LOGIN_COOLOFF_MINUTES
    message = LOCKED_OUT % {"minutes": minutes}
    if wants_json(request):
        return JsonResponse(
            {"error": "locked_out", "message": message, "minutes": minutes},
            status=429,
        )
    return render(
        request,
        "accounts/locked_out.html",
        {"message": message, "minutes": minutes},
        status=429,
    )
