"""Every grant and revoke of a role or of superuser status, in the log.

Written wherever the change comes from (the user form, the bulk 分配角色 action, a
script) because it listens on the model, not the view: who (the admin user of the
request, through Wagtail's log context; empty for a script), whom (the account) and
what (the action and the role). The entries show in the account's 历史 tab and in
报告 › 站点历史; each is also written to the ``accounts.audit`` logger.
"""

import logging

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import get_active_log_context, log

logger = logging.getLogger("accounts.audit")

GRANT_ROLE = "accounts.grant_role"
REVOKE_ROLE = "accounts.revoke_role"
GRANT_SUPERUSER = "accounts.grant_superuser"
REVOKE_SUPERUSER = "accounts.revoke_superuser"

ACTIONS = {
    GRANT_ROLE: (_("Grant role"), _("Role granted: %(role)s")),
    REVOKE_ROLE: (_("Revoke role"), _("Role revoked: %(role)s")),
    GRANT_SUPERUSER: (_("Grant superuser status"), _("Superuser status granted")),
    REVOKE_SUPERUSER: (_("Revoke superuser status"), _("Superuser status revoked")),
}


def register_log_actions(actions) -> None:
    """Called from the ``register_log_actions`` hook (accounts/wagtail_hooks.py)."""
    from wagtail.log_actions import LogFormatter

    for action, (label, message) in ACTIONS.items():

        class Formatter(LogFormatter):
            def format_message(self, log_entry, _message=message):
                return _message % {"role": log_entry.data.get("role", "")}

        Formatter.label = label
        actions.register_action(action)(Formatter)


def record(*, user, action: str, role: str = "") -> None:
    """One entry: ``user`` is whom; who is the active admin user (or nobody)."""
    by = get_active_log_context().user
    log(instance=user, action=action, data={"role": role} if role else {})
    logger.info(
        "%s: %s → %s%s",
        action,
        getattr(by, "username", "-"),
        user.username,
        f" ({role})" if role else "",
    )


def _remember_superuser(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and "is_superuser" not in update_fields):
        return
    was = False
    if instance.pk is not None:
        was = (
            sender.objects.filter(pk=instance.pk)
            .values_list("is_superuser", flat=True)
            .first()
            or False
        )
    instance._audit_was_superuser = was


def _log_superuser_change(sender, instance, raw=False, **kwargs):
    if raw or not hasattr(instance, "_audit_was_superuser"):
        return
    was = instance._audit_was_superuser
    del instance._audit_was_superuser
    if instance.is_superuser != was:
        action = GRANT_SUPERUSER if instance.is_superuser else REVOKE_SUPERUSER
        record(user=instance, action=action)


def _log_group_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    """User.groups changed, from the user's side or the group's (reverse)."""
    if action == "pre_clear":
        # Clearing gives no pk_set afterwards: note what is about to go.
        related = instance.user_set if reverse else instance.groups
        instance._audit_cleared = set(related.values_list("pk", flat=True))
        return
    if action == "post_clear":
        pk_set = getattr(instance, "_audit_cleared", set())
        verb = REVOKE_ROLE
    elif action in ("post_add", "post_remove"):
        verb = GRANT_ROLE if action == "post_add" else REVOKE_ROLE
    else:
        return
    if not pk_set:
        return
    if reverse:  # instance is a Group, pk_set holds users
        for user in model.objects.filter(pk__in=pk_set):
            record(user=user, action=verb, role=instance.name)
    else:
        for group in Group.objects.filter(pk__in=pk_set):
            record(user=instance, action=verb, role=group.name)


def connect(user_model) -> None:
    pre_save.connect(
        _remember_superuser, sender=user_model, dispatch_uid="accounts.audit.pre"
    )
    post_save.connect(
        _log_superuser_change, sender=user_model, dispatch_uid="accounts.audit.post"
    )
    m2m_changed.connect(
        _log_group_change,
        sender=user_model.groups.through,
        dispatch_uid="accounts.audit.groups",
    )
