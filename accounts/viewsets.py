"""Wagtail admin viewsets for people and organisations (registered in wagtail_hooks)."""

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.users.views import groups as wagtail_groups
from wagtail.users.views import users as wagtail_users

from accounts import grants, roles
from accounts.forms import (
    PlatformGroupForm,
    PlatformUserCreationForm,
    PlatformUserEditForm,
)
from accounts.models import EnforcementGroup, Enterprise, User
from home.admin import SheetExportViewSetMixin, boolean_column


class GrantLimitsFormKwargsMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request_user": self.request.user}


class ManagedUserMixin:
    """Refuse an account the request's user may not manage (accounts/grants.py)."""

    def dispatch(self, request, *args, **kwargs):
        if not grants.can_manage_user(request.user, self.object):
            messages.error(request, grants.ACCOUNT_ABOVE_OWN)
            return redirect("wagtailusers_users:index")
        return super().dispatch(request, *args, **kwargs)


class UserCreateView(GrantLimitsFormKwargsMixin, wagtail_users.CreateView):
    pass


class UserEditView(
    ManagedUserMixin, GrantLimitsFormKwargsMixin, wagtail_users.EditView
):
    pass


class UserDeleteView(ManagedUserMixin, wagtail_users.DeleteView):
    pass


class UserViewSet(SheetExportViewSetMixin, wagtail_users.UserViewSet):
    create_template_name = "accounts/users/create.html"
    edit_template_name = "accounts/users/edit.html"
    add_view_class = UserCreateView
    edit_view_class = UserEditView
    delete_view_class = UserDeleteView
    # A copy would start from another account's groups; create afresh instead.
    copy_view_enabled = False
    # Wagtail's default export of users is a column of blanks; these are the
    # columns a bureau keeps (no password data, no phone).
    list_export = [
        "username",
        "name",
        "enforcement_group",
        "enterprise",
        "post_category",
        "groups",
        "is_active",
        "is_superuser",
        "last_login",
        "date_joined",
    ]
    export_headings = {"groups": _("roles")}

    def get_form_class(self, for_update=False):
        return PlatformUserEditForm if for_update else PlatformUserCreationForm


class GroupPanelsLimitMixin(GrantLimitsFormKwargsMixin):
    """Page and collection permissions of a group: a superuser's to give."""

    def is_valid(self, form):
        if not super().is_valid(form):
            # Wagtail's group form shows no field errors for its permission grid:
            # say it at the top instead.
            if form.has_error("permissions", "not_held"):
                self.produced_error_message = grants.GROUP_PERMISSIONS_ABOVE_OWN
            return False
        if self.request.user.is_superuser:
            return True
        if any(panel.has_changed() for panel in self.permission_panel_forms):
            form.add_error(None, grants.GROUP_PERMISSIONS_ABOVE_OWN)
            self.produced_error_message = grants.GROUP_PERMISSIONS_ABOVE_OWN
            return False
        return True


class RoleGroupLockedMixin:
    """Role groups are kept in code: only a superuser edits or deletes one here."""

    def dispatch(self, request, *args, **kwargs):
        group = self.get_object()
        if group.name in roles.ROLE_RANK and not request.user.is_superuser:
            messages.error(request, grants.ROLE_GROUPS_IN_CODE)
            return redirect("wagtailusers_groups:index")
        return super().dispatch(request, *args, **kwargs)


class GroupCreateView(GroupPanelsLimitMixin, wagtail_groups.CreateView):
    pass


class GroupEditView(
    RoleGroupLockedMixin, GroupPanelsLimitMixin, wagtail_groups.EditView
):
    pass


class GroupDeleteView(RoleGroupLockedMixin, wagtail_groups.DeleteView):
    pass


class GroupViewSet(wagtail_groups.GroupViewSet):
    add_view_class = GroupCreateView
    edit_view_class = GroupEditView
    delete_view_class = GroupDeleteView

    def get_form_class(self, for_update=False):
        return PlatformGroupForm


class EnterpriseViewSet(SheetExportViewSetMixin, ModelViewSet):
    model = Enterprise
    icon = "site"
    menu_label = _("enterprise")
    menu_order = 210
    add_to_admin_menu = True
    list_display = [
        "name",
        "credit_code",
        "industry",
        "risk_tier",
        boolean_column(Enterprise, "has_major_hazard_source"),
    ]
    list_filter = ["industry", "risk_tier", "has_major_hazard_source"]
    list_export = [
        "name",
        "credit_code",
        "industry",
        "risk_tier",
        "has_major_hazard_source",
        "address",
    ]
    search_fields = ["name", "credit_code", "address"]
    form_fields = [
        "name",
        "credit_code",
        "industry",
        "risk_tier",
        "has_major_hazard_source",
        "address",
        "contact_name",
    ]


class EnforcementGroupViewSet(ModelViewSet):
    model = EnforcementGroup
    icon = "group"
    menu_label = _("enforcement group")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", "description"]
    form_fields = ["name", "description", "sort_order"]
    search_fields = ["name"]


# --- staff chooser -------------------------------------------------------------------


def staff_queryset():
    """Active bureau staff: a staff role, no enterprise (enterprise users never)."""
    return (
        User.objects.filter(is_active=True, enterprise__isnull=True)
        .filter(groups__name__in=roles.STAFF_ROLES)
        .exclude(groups__name=roles.ENTERPRISE_WORKER)
        .distinct()
        .order_by("name", "username")
    )


class StaffSearchForm(BaseFilterForm):
    """The chooser's search box: name, user name or enforcement group."""

    q = forms.CharField(
        label=_("Search"),
        widget=forms.TextInput(attrs={"placeholder": _("Name or group")}),
        required=False,
    )

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = objects.filter(
                Q(name__icontains=query)
                | Q(username__icontains=query)
                | Q(enforcement_group__name__icontains=query)
            )
            self.is_searching = True
            self.search_query = query
        return objects


class StaffChooseViewMixin:
    filter_form_class = StaffSearchForm

    def get_object_list(self):
        return staff_queryset().select_related("enforcement_group")

    @property
    def title_column(self):
        column = super().title_column
        column.label = _("Name")
        return column

    @property
    def columns(self):
        return [
            *super().columns,
            Column(
                "enforcement_group",
                label=_("enforcement group"),
                accessor=lambda user: user.enforcement_group or "—",
            ),
        ]


class StaffChooseView(StaffChooseViewMixin, chooser_views.ChooseView):
    pass


class StaffChooseResultsView(StaffChooseViewMixin, chooser_views.ChooseResultsView):
    pass


class StaffChosenView(chooser_views.ChosenView):
    def get_object(self, pk):
        return staff_queryset().get(pk=pk)


class StaffChooserViewSet(ChooserViewSet):
    """选择工作人员: bureau staff only, searchable by name or group."""

    model = User
    icon = "user"
    choose_one_text = _("Choose a staff member")
    choose_another_text = _("Choose another staff member")
    choose_view_class = StaffChooseView
    choose_results_view_class = StaffChooseResultsView
    chosen_view_class = StaffChosenView


staff_chooser_viewset = StaffChooserViewSet("staff_chooser")
