"""The one way to gate an admin screen: a permission, never a role name.

Each app declares which role holds which permission in its ``AppConfig.role_permissions``
(``accounts.roles`` syncs them after every migrate). Admin views and menu items then
check that permission and nothing else:

- function views: ``@admin_permission_required("quizzes.add_question")``;
- class-based views: ``AdminPermissionMixin`` with ``permission_required = "…"``;
- menu items: ``PermissionMenuItem(label, url, permission="…")`` (or a submenu with
  ``PermissionSubmenuMenuItem``).

Object-level rules (a reviewer sees only the reviews assigned to them) stay in the
QuerySet methods the views call; this module answers only "may this person open the
screen at all".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django.core.exceptions import PermissionDenied
from wagtail.admin.menu import MenuItem, SubmenuMenuItem


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


def filtered_snippet_chooser(
    *,
    visible: Callable | None = None,
    any_permission: Iterable[str] = (),
):
    """A snippet chooser viewset (``SnippetViewSet.chooser_viewset_class``) that lists
    and returns only what the user may see.

    ``any_permission``: without one of these the chooser answers 403. ``visible``:
    ``(queryset, user) -> queryset``, the object-level rule (e.g. a QuerySet's
    ``visible_to``); an object outside it cannot be listed, searched or chosen (404).
    Wagtail's own chooser checks no more than admin access.
    """
    from wagtail.snippets.views import chooser

    permissions = tuple(any_permission)

    class Restricted:
        def restrict(self, queryset):
            user = self.request.user
            if permissions and not any(user.has_perm(p) for p in permissions):
                raise PermissionDenied
            return visible(queryset, user) if visible else queryset

    class ChooseView(Restricted, chooser.ChooseView):
        def get_object_list(self):
            return self.restrict(super().get_object_list())

    class ChooseResultsView(Restricted, chooser.ChooseResultsView):
        def get_object_list(self):
            return self.restrict(super().get_object_list())

    class ChosenView(Restricted, chooser.SnippetChosenView):
        def get_object(self, pk):
            return self.restrict(self.model_class.objects.all()).get(pk=pk)

    class ChosenMultipleView(Restricted, chooser.SnippetChosenMultipleView):
        def get_objects(self, pks):
            return self.restrict(self.model_class.objects.filter(pk__in=pks))

    class ViewSet(chooser.SnippetChooserViewSet):
        choose_view_class = ChooseView
        choose_results_view_class = ChooseResultsView
        chosen_view_class = ChosenView
        chosen_multiple_view_class = ChosenMultipleView

    return ViewSet
