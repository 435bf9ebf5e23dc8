"""A fixed-window limit per client address, kept in the cache (Redis in production,
so every gunicorn worker shares it)."""

import time

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """REMOTE_ADDR, or — only when the request came from the configured proxy — the
    address that proxy appended to X-Forwarded-For (the last entry; earlier entries
    are whatever the client claimed)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxy = settings.LIVESTREAMS_TRUSTED_PROXY
    if proxy and remote == proxy:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if hops:
            return hops[-1]
    return remote


def allow(request, *, scope: str, per_minute: int) -> bool:
    """Count this request; False once the address passed ``per_minute`` this minute."""
    window = int(time.time() // 60)
    key = f"ratelimit:{scope}:{client_address(request)}:{window}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count <= per_minute
