"""HTTP endpoints of the live classes: guest sign-up, QR codes, attendance export."""

import json
import secrets

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Enterprise
from livestreams import qr, services, tokens
from livestreams.forms import GuestSignupForm
from livestreams.models import ClassStatus, LiveClassPage
from livestreams.ratelimit import signup_refusal

CLASS_ENDED = _("This class has ended and takes no new viewers; watch the replay.")
BAD_JSON = _("The request body must be a JSON object.")


DEVICE_COOKIE = "live_device"
DEVICE_SALT = "livestreams.device"
DEVICE_MAX_AGE = 365 * 24 * 60 * 60


def device_of(request) -> str | None:
    """The device secret this phone was given at an earlier sign-up, if any (a
    signed cookie: a client cannot choose another device's value)."""
    return request.get_signed_cookie(DEVICE_COOKIE, default=None, salt=DEVICE_SALT)


def remember_device(request, response, device: str) -> None:
    # Sent only to the sign-up API, never readable by scripts, never cross-site.
    response.set_signed_cookie(
        DEVICE_COOKIE,
        device,
        salt=DEVICE_SALT,
        max_age=DEVICE_MAX_AGE,
        path="/api/live/",
        httponly=True,
        samesite="Strict",
        secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
    )


# The only cookie read here is the device secret, SameSite=Strict (a cross-site
# request never carries it) and naming nothing but the sender's own device: there is
# no session to ride, so the endpoint takes no CSRF token.
@csrf_exempt
@require_POST
def viewer_signup(request, class_id: int):
    """POST /api/live/<class id>/viewers → 201 {"token", "ws_url"} or 400 per field.

    The device cookie decides who the guest is (see services.viewer_signup); a
    phone without it gets a new device secret, and so is a new viewer.
    """
    live_class = get_object_or_404(LiveClassPage.objects.live(), pk=class_id)
    if live_class.status == ClassStatus.ENDED:
        return JsonResponse({"errors": {"__all__": [str(CLASS_ENDED)]}}, status=410)
    # A phone without the cookie gets its device secret now (counted as such).
    device = device_of(request) or secrets.token_urlsafe(24)
    refusal = signup_refusal(request, class_id=live_class.pk, device=device)
    if refusal is not None:
        response = JsonResponse({"errors": {"__all__": [str(refusal)]}}, status=429)
        response["Retry-After"] = "60"
        return response
    try:
        data = json.loads(request.body or b"null")
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return JsonResponse({"errors": {"__all__": [str(BAD_JSON)]}}, status=400)
    form = GuestSignupForm(data={k: v for k, v in data.items() if isinstance(v, str)})
    if not form.is_valid():
        errors = {field: [str(m) for m in msgs] for field, msgs in form.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    viewer = services.viewer_signup(
        live_class=live_class,
        name=form.cleaned_data["name"],
        enterprise=form.cleaned_data["enterprise"],
        post_category=form.cleaned_data["role"],
        phone=form.cleaned_data["phone"],
        device=device,
    )
    token = tokens.sign(viewer_id=viewer.pk, class_id=live_class.pk)
    scheme = "wss" if request.is_secure() else "ws"
    # The token goes in the socket's first message, never in the URL.
    ws_url = f"{scheme}://{request.get_host()}{live_class.ws_path}"
    response = JsonResponse({"token": token, "ws_url": ws_url}, status=201)
    remember_device(request, response, device)
    return response


@require_GET
def viewer_state(request, class_id: int):
    """GET /api/live/<class id>/me[?token=…] → the class state and what this viewer
    (by signed token, or the logged-in user) has answered; read-only."""
    live_class = get_object_or_404(LiveClassPage.objects.live(), pk=class_id)
    viewer_id = None
    token = request.GET.get("token", "")
    if token:
        viewer_id = tokens.viewer_for(token, class_id=live_class.pk)
    elif request.user.is_authenticated:
        viewer_id = (
            live_class.viewers.filter(user=request.user)
            .values_list("pk", flat=True)
            .first()
        )
    state = services.viewer_state(live_class=live_class, viewer_id=viewer_id)
    response = JsonResponse(state)
    response["Cache-Control"] = "no-store"
    return response


ENTERPRISE_MATCHES = 10


@require_GET
def enterprise_names(request):
    """GET /api/live/enterprises?q=津东 → the register's enterprise names that
    contain the words typed (at most ten), for the sign-up form's suggestions."""
    query = request.GET.get("q", "").strip()[:64]
    names = []
    if len(query) >= 2:
        names = list(
            Enterprise.objects.filter(name__icontains=query)
            .order_by("name")
            .values_list("name", flat=True)[:ENTERPRISE_MATCHES]
        )
    return JsonResponse({"results": names})


def class_qr(request, class_id: int, fmt: str):
    """The class link as a QR code (SVG or PNG) for enterprise chat groups."""
    live_class = get_object_or_404(LiveClassPage.objects.live(), pk=class_id)
    # The configured site address, never the request's Host header.
    body, content_type = qr.render(qr.class_url(live_class), fmt)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'inline; filename="live-class-{live_class.pk}.{fmt}"'
    )
    return response
