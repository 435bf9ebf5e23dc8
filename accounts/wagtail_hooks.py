from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks

from accounts import audit, grants
from accounts.models import User
from accounts.viewsets import (
    EnforcementGroupViewSet,
    EnterpriseViewSet,
    staff_chooser_viewset,
)


@hooks.register("register_admin_viewset")
def register_enterprise_viewset():
    return EnterpriseViewSet("enterprises")


@hooks.register("register_admin_viewset")
def register_enforcement_group_viewset():
    return EnforcementGroupViewSet("enforcement_groups")


@hooks.register("register_admin_viewset")
def register_staff_chooser_viewset():
    return staff_chooser_viewset


@hooks.register("register_log_actions")
def register_grant_log_actions(actions):
    audit.register_log_actions(actions)


@hooks.register("before_bulk_action")
def limit_bulk_user_actions(request, action_type, objects, action_class_instance):
    """The bulk actions on 用户 obey the same limits as the user form."""
    if User not in action_class_instance.models or request.user.is_superuser:
        return None
    refused = [u for u in objects if not grants.can_manage_user(request.user, u)]
    if refused:
        messages.error(request, grants.ACCOUNT_ABOVE_OWN)
        return redirect("wagtailusers_users:index")
    if action_type == "assign_role":
        if any(u.pk == request.user.pk for u in objects):
            messages.error(request, grants.OWN_ROLES)
            return redirect("wagtailusers_users:index")
        role = action_class_instance.cleaned_form.cleaned_data["role"]
        if not grants.can_grant_group(request.user, role):
            messages.error(request, grants.ROLE_ABOVE_OWN % {"role": role.name})
            return redirect("wagtailusers_users:index")
    return None
