"""HTTP endpoints of the live classes: guest sign-up, QR codes, attendance export."""

import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from livestreams import qr, services, tokens
from livestreams.forms import GuestSignupForm
from livestreams.models import LiveClassPage
from livestreams.ratelimit import allow

TOO_MANY = _("Too many sign-ups from this address; try again in a minute.")
BAD_JSON = _("The request body must be a JSON object.")


# No cookies are read or set here, so there is no session to forge: CSRF does not apply.
@csrf_exempt
@require_POST
def viewer_signup(request, class_id: int):
    """POST /api/live/<class id>/viewers → 201 {"token", "ws_url"} or 400 per field."""
    live_class = get_object_or_404(LiveClassPage.objects.live(), pk=class_id)
    if not allow(
        request, scope="live-signup", per_minute=settings.LIVESTREAMS_SIGNUP_RATE
    ):
        return JsonResponse({"errors": {"__all__": [str(TOO_MANY)]}}, status=429)
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
        device=form.cleaned_data["device"],
    )
    token = tokens.sign(viewer_id=viewer.pk, class_id=live_class.pk)
    scheme = "wss" if request.is_secure() else "ws"
    ws_url = f"{scheme}://{request.get_host()}{live_class.ws_path}?token={token}"
    return JsonResponse({"token": token, "ws_url": ws_url}, status=201)


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
