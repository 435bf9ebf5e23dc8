"""Orders people expect: 一组 before 二组 before 三组, 1号 before 19号.

Text compares character by character, so 一组/三组/二组 (by code point) and
19号 before 2号 are what a plain ORDER BY gives. ``natural_key`` sorts Python
values by the numbers written in them (Arabic or Chinese numerals);
``natural_order`` is the database's version for values that share a prefix and
differ in a trailing number, such as case numbers 津东应急罚〔2025〕7号.
"""

from __future__ import annotations

import re

from django.db.models import F, Value
from django.db.models.functions import LPad

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMBER = re.compile(r"\d+|[零〇一二两三四五六七八九十百千]+")
# Longer than any value compared this way (case numbers are at most 64 characters).
_PAD = 64


def chinese_number(text: str) -> int:
    """The value of a Chinese numeral such as 三, 十二, 二十, 一百零五."""
    total, digit = 0, 0
    for char in text:
        if char in _UNITS:
            total += (digit or 1) * _UNITS[char]
            digit = 0
        else:
            digit = digit * 10 + _DIGITS[char] if digit else _DIGITS[char]
    return total + digit


def natural_key(text: str) -> tuple:
    """A sort key that compares the numbers inside ``text`` by value."""
    key: list = []
    position = 0
    for match in _NUMBER.finditer(text or ""):
        key.append((0, text[position : match.start()]))
        number = match.group()
        key.append((1, int(number) if number.isdigit() else chinese_number(number)))
        position = match.end()
    key.append((0, (text or "")[position:]))
    return tuple(key)


def natural_order(field: str, *, descending: bool = False):
    """An ORDER BY expression on ``field`` padded on the left, so that values of one
    pattern with a longer trailing number sort after shorter ones (1号 … 19号)."""
    padded = LPad(F(field), _PAD, Value(" "))
    return padded.desc() if descending else padded.asc()
