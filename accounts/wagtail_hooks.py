from wagtail import hooks

from accounts.viewsets import EnforcementGroupViewSet, EnterpriseViewSet


@hooks.register("register_admin_viewset")
def register_enterprise_viewset():
    return EnterpriseViewSet("enterprises")


@hooks.register("register_admin_viewset")
def register_enforcement_group_viewset():
    return EnforcementGroupViewSet("enforcement_groups")
