from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

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


class PlatformUserCreationForm(ProfileFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(PROFILE_FIELDS)
        labels = {"name": _("full name")}


class PlatformUserEditForm(ProfileFieldsMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(PROFILE_FIELDS)
