from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import PostCategory
from livestreams.phones import normalize_phone

# The sign-up API takes the role as the Chinese word people see.
ROLE_WORDS = {"一线员工": PostCategory.FRONT_LINE, "管理人员": PostCategory.MANAGEMENT}


class GuestSignupForm(forms.Form):
    """A guest joining a class from a phone (JSON body of the sign-up API)."""

    name = forms.CharField(label=_("full name"), max_length=32)
    enterprise = forms.CharField(label=_("enterprise"), max_length=128)
    role = forms.ChoiceField(
        label=_("post category"), choices=[(w, w) for w in ROLE_WORDS]
    )
    phone = forms.CharField(label=_("mobile phone"), max_length=20, required=False)

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        return normalize_phone(value) if value else ""

    def clean_role(self):
        return ROLE_WORDS[self.cleaned_data["role"]]
