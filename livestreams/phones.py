"""Mainland mobile numbers: validation and the mask shown in every list and export."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
INVALID_PHONE = _("Enter an 11-digit mainland mobile number, e.g. 13800138000.")


def normalize_phone(value: str) -> str:
    """Strip spaces, dashes and a +86 prefix; raise ValidationError if not a mobile."""
    digits = re.sub(r"[\s\-]", "", value or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not MOBILE_RE.match(digits):
        raise ValidationError(INVALID_PHONE, code="invalid_phone")
    return digits
