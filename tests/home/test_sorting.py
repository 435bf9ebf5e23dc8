"""Natural orders: groups by their numeral, case numbers by their number."""

from django.test import TestCase

from accounts.models import EnforcementGroup
from home.sorting import chinese_number, natural_key, natural_order


def test_chinese_numerals_read_as_numbers():
    assert [chinese_number(t) for t in ["三", "十", "十二", "二十", "一百零五"]] == [
        3,
        10,
        12,
        20,
        105,
    ]


def test_groups_sort_by_their_numeral_not_their_code_point():
    names = ["执法三组", "执法一组", "执法十组", "执法二组"]
    assert sorted(names) == ["执法一组", "执法三组", "执法二组", "执法十组"]
    assert sorted(names, key=natural_key) == [
        "执法一组",
        "执法二组",
        "执法三组",
        "执法十组",
    ]


def test_case_numbers_sort_by_number():
    numbers = ["津应急罚〔2025〕19号", "津应急罚〔2025〕2号", "津应急罚〔2024〕30号"]
    assert sorted(numbers, key=natural_key) == [
        "津应急罚〔2024〕30号",
        "津应急罚〔2025〕2号",
        "津应急罚〔2025〕19号",
    ]


class NaturalOrderInTheDatabaseTests(TestCase):
    def test_trailing_numbers_order_by_value(self):
        for name in ["第19号", "第1号", "第2号", "第10号"]:
            EnforcementGroup.objects.create(name=name)
        ordered = EnforcementGroup.objects.order_by(natural_order("name"))
        self.assertEqual(
            [g.name for g in ordered], ["第1号", "第2号", "第10号", "第19号"]
        )
        descending = EnforcementGroup.objects.order_by(
            natural_order("name", descending=True)
        )
        self.assertEqual(descending.first().name, "第19号")
