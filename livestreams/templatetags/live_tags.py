"""Template tags of the live classes: the 直播中 / 即将开始 notice any page can show."""

from django import template
from django.urls import reverse

from livestreams.models import LiveClassPage

register = template.Library()


@register.inclusion_tag("livestreams/includes/live_notice.html", takes_context=True)
def live_notice(context):
    """The class live now and the next one, each with its address and QR code."""
    request = context.get("request")
    current, upcoming = LiveClassPage.now_and_next()
    items = []
    for state, page in (("live", current), ("next", upcoming)):
        if page is None:
            continue
        items.append(
            {
                "state": state,
                "page": page,
                "share_url": request.build_absolute_uri(page.url)
                if request
                else page.url,
                "qr_url": reverse("livestreams:class_qr", args=[page.pk, "png"]),
            }
        )
    return {"items": items, "request": request}
