import pytest
from django.core.exceptions import ValidationError

from accounts.validators import credit_code_check_char, validate_credit_code
from demo.accounts import demo_credit_code

# Codes published on real business licences (check characters per GB 32100-2015).
VALID = ["91350100M000100Y43", "91110000802100433B", "91440300708461136T"]


@pytest.mark.parametrize("code", VALID)
def test_accepts_codes_with_correct_check_character(code):
    validate_credit_code(code)


@pytest.mark.parametrize("code", VALID)
def test_rejects_a_wrong_check_character(code):
    wrong = next(c for c in "0123456789ABC" if c != code[-1])
    with pytest.raises(ValidationError) as info:
        validate_credit_code(code[:17] + wrong)
    assert info.value.code == "check"
    assert code[-1] in str(info.value.messages)


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("9135010", "length"),
        ("91350100M000100Y4", "length"),
        ("91350100M0001O0Y43", "charset"),  # the letter O is never used
        ("91350100I000100Y43", "charset"),
    ],
)
def test_rejects_malformed_codes(code, error):
    with pytest.raises(ValidationError) as info:
        validate_credit_code(code)
    assert info.value.code == error


def test_check_character_of_zero_remainder_is_zero():
    # The check is (31 - sum % 31) % 31: a sum divisible by 31 gives "0", not "31".
    assert credit_code_check_char("0" * 17) == "0"


def test_demo_codes_are_valid_and_distinct():
    codes = [demo_credit_code(i) for i in range(2000)]
    for code in codes:
        validate_credit_code(code)
    assert len(set(codes)) == len(codes)
