"""Sign-up limits, kept in the cache (Redis in production, so every gunicorn worker
shares them).

A canteen of 300 workers on one factory Wi-Fi, or a carrier NAT, is one address, so
a tight per-address limit refuses a real class at its start. The limits are layered
instead: a generous burst per address a minute (and a ceiling an hour, so a script
cannot keep it up), a few a minute per device (the signed device cookie of the
sign-up API), and a budget per class a minute that bounds a flood from many
addresses. Each is a setting.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from home.http import client_address

TOO_MANY_FROM_ADDRESS = _("Too many sign-ups from this address; try again in a minute.")
TOO_MANY_FROM_DEVICE = _("Too many sign-ups from this phone; try again in a minute.")
CLASS_BUSY = _(
    "Too many people are signing up for this class right now; try again in a minute."
)


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one request under ``key``; False once more than ``limit`` came in this
    fixed window of ``window`` seconds."""
    slot = int(time.time() // window)
    name = f"ratelimit:{key}:{window}:{slot}"
    cache.add(name, 0, timeout=window * 2)
    try:
        count = cache.incr(name)
    except ValueError:  # evicted between add and incr
        cache.set(name, 1, timeout=window * 2)
        count = 1
    return count <= limit


def signup_refusal(request, *, class_id: int, device: str):
    """None when this sign-up may go ahead, else the message to refuse it with."""
    if not hit(
        f"signup-device:{device}",
        limit=settings.LIVESTREAMS_SIGNUP_PER_DEVICE,
        window=60,
    ):
        return TOO_MANY_FROM_DEVICE
    address = client_address(request)
    if not hit(
        f"signup-address:{address}", limit=settings.LIVESTREAMS_SIGNUP_RATE, window=60
    ) or not hit(
        f"signup-address:{address}",
        limit=settings.LIVESTREAMS_SIGNUP_PER_ADDRESS_HOUR,
        window=3600,
    ):
        return TOO_MANY_FROM_ADDRESS
    if not hit(
        f"signup-class:{class_id}",
        limit=settings.LIVESTREAMS_SIGNUP_CLASS_BUDGET,
        window=60,
    ):
        return CLASS_BUSY
    return None
