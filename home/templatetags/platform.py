"""The platform's name in admin templates (the tab title, the login page)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def platform_name() -> str:
    """``WAGTAIL_SITE_NAME``: the bureau's name for the platform."""
    return settings.WAGTAIL_SITE_NAME
