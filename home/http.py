"""Two questions every security layer asks of a request.

``client_address``: who is calling, trusting X-Forwarded-For only from the one proxy
named in ``TRUSTED_PROXY`` (``DJANGO_TRUSTED_PROXY``). ``wants_json``: whether the
caller is a script (fetch/XHR or ``Accept: application/json``) that should get a JSON
answer instead of an HTML page or a redirect.
"""

from django.conf import settings


def client_address(request) -> str:
    """REMOTE_ADDR, or, only when the request came from the configured proxy, the
    address that proxy appended to X-Forwarded-For (the last entry; earlier entries
    are whatever the client claimed)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxy = settings.TRUSTED_PROXY
    if proxy and remote == proxy:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if hops:
            return hops[-1]
    return remote


def wants_json(request) -> bool:
    """Whether the request comes from a script rather than a page load."""
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return True
    accept = request.headers.get("accept", "")
    if "application/json" in accept and "text/html" not in accept:
        return True
    if request.content_type == "application/json":  # a JSON body: fetch() or a script
        return True
    # fetch() sends Sec-Fetch-Mode: cors/same-origin; a navigation sends "navigate".
    mode = request.headers.get("sec-fetch-mode", "")
    return (
        mode in {"cors", "same-origin"}
        and request.headers.get("sec-fetch-dest", "") == "empty"
    )
