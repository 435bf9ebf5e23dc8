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


class SheetExportMixin:
    """For a Wagtail index view: its "export" buttons write through ``home.sheets``.

    The xlsx gets the shared writer's frozen header, filter, widths, formats and
    local time, a Chinese sheet and file name (the model's plural name and the
    day), choice labels instead of codes and 是/否 for booleans; the CSV gets the
    same values, a BOM so Excel reads it as UTF-8, and formula-like text escaped
    (CSV has no cell types). ``export_formats`` maps a field to a number format
    (``sheets.PERCENT``…)."""

    export_formats: dict = {}
    export_title = ""

    def export_name(self) -> str:
        from django.utils import timezone

        title = str(self.export_title or self.model._meta.verbose_name_plural)
        return f"{title}-{timezone.localdate():%Y%m%d}"

    def get_filename(self):
        return self.export_name()

    def export_cell(self, item, field: str):
        """One exported value: a choice's label, related objects joined by 、."""
        from django.db.models import Manager, Model
        from wagtail.coreutils import multigetattr

        from home import sheets

        if "." not in field and "__" not in field:
            try:
                model_field = item._meta.get_field(field)
            except Exception:  # noqa: BLE001 — a method or property, not a field
                model_field = None
            if model_field is not None and getattr(model_field, "choices", None):
                return getattr(item, f"get_{field}_display")()
            if model_field is not None and (
                model_field.many_to_many or model_field.one_to_many
            ):
                return "、".join(str(v) for v in getattr(item, field).all())
        value = multigetattr(item, field)
        if isinstance(value, Manager):
            value = list(value.all())
        if isinstance(value, list | tuple | set):
            return "、".join(str(v) for v in value)
        if isinstance(value, Model):
            return str(value)
        return sheets.plain_value(value)

    def write_xlsx_response(self, queryset):
        from home import sheets

        headings = [self.get_heading(queryset, field) for field in self.list_export]
        formats = {
            self.get_heading(queryset, field): number_format
            for field, number_format in self.export_formats.items()
        }
        rows = (
            [self.export_cell(item, field) for field in self.list_export]
            for item in queryset
        )
        name = str(self.export_title or self.model._meta.verbose_name_plural)
        body = sheets.build_xlsx(
            [sheets.SheetData(name=name, headers=headings, rows=rows, formats=formats)]
        )
        return sheets.xlsx_response(f"{self.export_name()}.xlsx", body)

    def write_csv_row(self, writer, row_dict):
        from home import sheets

        item = row_dict.pop("__item__")
        return writer.writerow(
            {
                field: sheets.csv_safe(self.export_cell(item, field))
                for field in self.list_export
            }
        )

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        row["__item__"] = item
        return row

    def stream_csv(self, queryset):
        yield "\ufeff"  # Excel reads a CSV without a BOM as the local code page
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        from home import sheets

        response = super().write_csv_response(queryset)
        response["Content-Disposition"] = sheets.content_disposition(
            f"{self.export_name()}.csv"
        )
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response


class SheetExportViewSetMixin:
    """For a ModelViewSet, SnippetViewSet or Wagtail's UserViewSet: its index view
    gets :class:`SheetExportMixin`, so every list export goes through the one
    writer."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        base = self.index_view_class
        if not issubclass(base, SheetExportMixin):
            self.index_view_class = type(
                f"Sheet{base.__name__}", (SheetExportMixin, base), {}
            )


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
