"""Wagtail admin viewsets for people and organisations (registered in wagtail_hooks)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from accounts.forms import PlatformUserCreationForm, PlatformUserEditForm
from accounts.models import EnforcementGroup, Enterprise
from home.admin import boolean_column


class UserViewSet(WagtailUserViewSet):
    create_template_name = "accounts/users/create.html"
    edit_template_name = "accounts/users/edit.html"

    def get_form_class(self, for_update=False):
        return PlatformUserEditForm if for_update else PlatformUserCreationForm


class EnterpriseViewSet(ModelViewSet):
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
    export_filename = "enterprises"
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
