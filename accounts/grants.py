"""Who may grant which role, and whose account a user may manage.

The rule that closes the escalation path (issue 13): only a superuser grants
superuser status; anyone else grants only what ranks at or below their own highest
role (``roles.ROLE_ORDER``) and manages only accounts that hold nothing more. So the
系统管理员 role can create officers, trainers and other system administrators, but cannot
make a superuser or a 评查组织者, cannot change a superuser's (or a coordinator's)
password, e-mail or groups, and cannot change its own groups.

A group that is not a role (made by hand in 设置 › 用户组) ranks by what it holds: a
non-superuser grants it only when every one of its model permissions is their own and
it carries no page or collection permissions.
"""

from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from accounts import roles

SUPERUSER_ONLY = _("Only a superuser can grant or revoke superuser status.")
ROLE_ABOVE_OWN = _(
    "You cannot grant the role “%(role)s”: it ranks above your own roles; "
    "only a superuser can grant it."
)
ROLE_NOT_GRANTABLE = _(
    "You cannot grant a role ranked above your own roles; only a superuser can."
)
OWN_ROLES = _("You cannot change your own roles; ask a superuser.")
ACCOUNT_ABOVE_OWN = _(
    "You cannot change this account: it is a superuser or holds a role ranked "
    "above your own."
)
GROUP_PERMISSIONS_ABOVE_OWN = _(
    "You can only give a group permissions you hold yourself; page and collection "
    "permissions only a superuser can give."
)
ROLE_GROUPS_IN_CODE = _(
    "The permissions of a role are set by the platform itself; only a superuser "
    "can edit a role group here, and the next deployment restores it."
)


def highest_rank(user) -> int:
    """The rank of the user's highest role; -1 for a user without any role."""
    ranks = [
        roles.ROLE_RANK[name] for name in _group_names(user) if name in roles.ROLE_RANK
    ]
    return max(ranks, default=-1)


def _group_names(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def can_grant_group(granter, group: Group) -> bool:
    """Whether ``granter`` may put someone into ``group`` (or take them out of it)."""
    if granter.is_superuser:
        return True
    if group.name in roles.ROLE_RANK:
        return roles.ROLE_RANK[group.name] <= highest_rank(granter)
    if group.page_permissions.exists() or group.collection_permissions.exists():
        return False
    held = granter.get_all_permissions()
    wanted = {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }
    return wanted <= held


def grantable_groups(granter):
    """The groups ``granter`` may grant, as a queryset."""
    groups = Group.objects.order_by("name")
    if granter.is_superuser:
        return groups
    return groups.filter(pk__in=[g.pk for g in groups if can_grant_group(granter, g)])


def can_manage_user(editor, target) -> bool:
    """Whether ``editor`` may edit, deactivate or delete ``target``'s account.

    Nobody but a superuser touches a superuser, and nobody touches an account that
    holds a group they could not grant themselves.
    """
    if editor.is_superuser:
        return True
    if target.is_superuser:
        return False
    if target.pk == editor.pk:
        return True  # one's own account; roles stay locked by the form
    return all(can_grant_group(editor, group) for group in target.groups.all())
