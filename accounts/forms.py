from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import GroupForm, UserCreationForm, UserEditForm

from accounts import grants

PROFILE_FIELDS = (
    "name",
    "phone",
    "enforcement_group",
    "certificate_number",
    "enterprise",
    "post_category",
)


class ProfileFieldsMixin:
    """The platform's own user fields, validated by the model's clean()."""

    def _post_clean(self):
        super()._post_clean()
        try:
            self.instance.clean()
        except forms.ValidationError as error:
            self._update_errors(error)


class GrantLimitsMixin:
    """What the person filling the form may grant (accounts/grants.py).

    A non-superuser sees the 管理员 switch locked (a disabled field keeps the account's
    value whatever is posted) and only the groups they may grant; their own groups are
    shown but locked.
    """

    def __init__(self, *args, request_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_user = request_user
        if request_user.is_superuser:
            return
        if "is_superuser" in self.fields:
            self.fields["is_superuser"].disabled = True
            self.fields["is_superuser"].help_text = grants.SUPERUSER_ONLY
        groups = self.fields["groups"]
        groups.queryset = grants.grantable_groups(request_user)
        groups.error_messages = {
            **groups.error_messages,
            "invalid_choice": grants.ROLE_NOT_GRANTABLE,
        }
        if self.instance.pk is not None and self.instance.pk == request_user.pk:
            groups.disabled = True
            groups.help_text = grants.OWN_ROLES

    def clean(self):
        cleaned = super().clean()
        if self.request_user.is_superuser:
            return cleaned
        # The switch is locked; refuse a change anyway should it ever be unlocked.
        if cleaned.get("is_superuser", self.instance.is_superuser) != (
            self.instance.is_superuser
        ):
            self.add_error(None, grants.SUPERUSER_ONLY)
        for group in cleaned.get("groups") or ():
            if not grants.can_grant_group(self.request_user, group):
                self.add_error("groups", grants.ROLE_ABOVE_OWN % {"role": group.name})
        return cleaned


class PlatformUserCreationForm(GrantLimitsMixin, ProfileFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(PROFILE_FIELDS)
        labels = {"name": _("full name")}


class PlatformUserEditForm(GrantLimitsMixin, ProfileFieldsMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(PROFILE_FIELDS)


class PlatformGroupForm(GroupForm):
    """A group's model permissions: a non-superuser gives only their own."""

    def __init__(self, *args, request_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_user = request_user

    def clean_permissions(self):
        permissions = self.cleaned_data["permissions"]
        if self.request_user.is_superuser:
            return permissions
        held = self.request_user.get_all_permissions()
        for permission in permissions:
            name = f"{permission.content_type.app_label}.{permission.codename}"
            if name not in held:
                raise forms.ValidationError(
                    grants.GROUP_PERMISSIONS_ABOVE_OWN, code="not_held"
                )
        return permissions
