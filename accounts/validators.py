"""统一社会信用代码 (unified social credit code) per GB 32100-2015."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The 31 characters of the code: digits and upper-case letters without I, O, Z, S, V.
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

MSG_LENGTH = _("A unified social credit code has 18 characters.")
MSG_CHARSET = _(
    "The unified social credit code contains the character “%(char)s”, which is not allowed (I, O, Z, S and V are never used)."
)
MSG_CHECK = _(
    "Wrong check character in the unified social credit code: expected “%(expected)s”, got “%(actual)s”."
)


def credit_code_check_char(first17: str) -> str:
    """The check character (18th) for the first 17 characters of a code."""
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError(MSG_LENGTH, code="length")
    for char in code:
        if char not in CHARSET:
            raise ValidationError(MSG_CHARSET, code="charset", params={"char": char})
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            MSG_CHECK, code="check", params={"expected": expected, "actual": code[17]}
        )
