"""The one way to gate an admin screen: a permission, never a role name.

Each app declares which role holds which permission in its ``AppConfig.role_permissions``
(``accounts.roles`` syncs them after every migrate). Admin views and menu items then
check that permission and nothing else:

- function views: ``@admin_permission_required("quizzes.add_question")``;
- class-based views: ``AdminPermissionMixin`` with ``permission_required = "…"``;
- menu items: ``PermissionMenuItem(label, url, permission="…")`` (or a submenu with
  ``PermissionSubmenuMenuItem``);
- dashboard panels: ``DashboardPanel`` with ``PanelRow`` lines, added by each app's
  ``construct_homepage_panels`` hook behind the same permission.

Object-level rules (a reviewer sees only the reviews assigned to them) stay in the
QuerySet methods the views call; this module answers only "may this person open the
screen at all".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn


def _has_all(user, permissions: str | Iterable[str]) -> bool:
    if isinstance(permissions, str):
        permissions = (permissions,)
    return user.is_active and user.has_perms(tuple(permissions))


def admin_permission_required(permissions: str | Iterable[str]) -> Callable:
    """Decorator for function admin views: 403 unless the user holds every permission.

    Wagtail's admin URLs already require a login with admin access; this adds the
    screen's own permission.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _has_all(request.user, permissions):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_permissions = permissions
        return wrapper

    return decorator


class AdminPermissionMixin:
    """For class-based admin views: set ``permission_required`` (one or several)."""

    permission_required: str | tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not _has_all(request.user, self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PermissionMenuItem(MenuItem):
    """A menu item shown only to users holding ``permission``."""

    def __init__(self, *args, permission: str | Iterable[str], **kwargs):
        self.permission = permission
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return _has_all(request.user, self.permission)


class PermissionSubmenuMenuItem(SubmenuMenuItem):
    """A submenu shown only to users holding ``permission`` (and with a shown item)."""

    def __init__(self, *args, permission: str | Iterable[str], **kwargs):
        self.permission = permission
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return _has_all(request.user, self.permission) and super().is_shown(request)


@dataclass(frozen=True)
class PanelRow:
    """One line of a dashboard panel: what, where to go, and a short note."""

    label: str
    url: str = ""
    note: str = ""
    warning: bool = False


class DashboardPanel(Component):
    """A panel on the admin home page listing the day's work of one kind.

    Apps add theirs from ``construct_homepage_panels`` in their ``wagtail_hooks.py``,
    each behind the permission of the screen it links to. A panel with no rows says
    so (``empty``) rather than vanishing, so people learn that nothing is waiting.
    """

    template_name = "home/admin/dashboard_panel.html"

    def __init__(
        self,
        *,
        name: str,
        heading: str,
        rows: Iterable[PanelRow],
        order: int,
        empty: str,
        more_url: str = "",
        more_label: str = "",
        total: int | None = None,
    ):
        self.name = name
        self.heading = heading
        self.rows = list(rows)
        self.order = order
        self.empty = empty
        self.more_url = more_url
        self.more_label = more_label
        self.total = len(self.rows) if total is None else total

    def get_context_data(self, parent_context):
        return {"panel": self}


class YesNoDisplay(Component):
    """A boolean shown as 是/否 (Wagtail would print Python's True/False)."""

    def __init__(self, value):
        self.value = value

    def render_html(self, parent_context=None):
        if self.value is None:
            return "-"
        return str(_("Yes") if self.value else _("No"))


def boolean_column(model, field_name: str, **kwargs) -> BooleanColumn:
    """A listing column for a BooleanField: a tick or cross titled 是/否, labelled
    with the field's verbose name."""
    field = model._meta.get_field(field_name)
    return BooleanColumn(
        field_name,
        label=capfirst(field.verbose_name),
        sort_key=field_name,
        **kwargs,
    )
