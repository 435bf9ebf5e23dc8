"""Template helpers for the role groups kept in code."""

from django import template

from accounts.roles import ROLES

register = template.Library()


@register.filter
def is_role_group(group) -> bool:
    """True for the groups whose permissions ``sync_roles`` re-applies on deploy."""
    return getattr(group, "name", None) in ROLES
