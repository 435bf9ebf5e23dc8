import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import PostCategory
from livestreams.phones import normalize_phone

# The sign-up API takes the role as the Chinese word people see.
ROLE_WORDS = {"一线员工": PostCategory.FRONT_LINE, "管理人员": PostCategory.MANAGEMENT}
DEVICE_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class GuestSignupForm(forms.Form):
    """A guest joining a class from a phone (JSON body of the sign-up API)."""

    name = forms.CharField(label=_("full name"), max_length=32)
    enterprise = forms.CharField(label=_("enterprise"), max_length=128)
    role = forms.ChoiceField(
        label=_("post category"), choices=[(w, w) for w in ROLE_WORDS]
    )
    phone = forms.CharField(label=_("mobile phone"), max_length=20, required=False)
    device = forms.CharField(max_length=64, required=False)

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        return normalize_phone(value) if value else ""

    def clean_device(self):
        value = self.cleaned_data["device"].strip()
        if value and not DEVICE_RE.match(value):
            raise ValidationError(_("Invalid device id."))
        return value

    def clean_role(self):
        return ROLE_WORDS[self.cleaned_data["role"]]
