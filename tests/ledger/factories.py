"""Factories for the law-education ledger."""

import datetime as dt
from decimal import Decimal

import factory

from ledger.models import (
    Activity,
    ActivityType,
    ResponsibilityItem,
    ResponsibilityList,
    TrainingSession,
    WarningLetter,
)
from tests.accounts.factories import EnterpriseFactory


class ResponsibilityListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponsibilityList
        django_get_or_create = ("year",)

    year = 2025
    title = factory.LazyAttribute(lambda o: f"{o.year}年度普法责任清单")


class ResponsibilityItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponsibilityItem

    responsibility_list = factory.SubFactory(ResponsibilityListFactory)
    number = factory.Sequence(lambda n: n + 1)
    responsible_unit = "执法支队"
    laws = "《安全生产法》"
    audience = "工贸企业从业人员"
    method = "送法进企专场宣讲"
    timing = "全年"
    planned_count = 1


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    title = factory.Sequence(lambda n: f"测试活动{n}")
    activity_type = ActivityType.LAW_TO_ENTERPRISES
    date = dt.date(2025, 3, 18)
    organiser = "执法支队"
    participant_count = 30


class WarningLetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WarningLetter

    enterprise = factory.SubFactory(EnterpriseFactory)
    issued_on = dt.date(2025, 4, 1)
    subject = "安全设备未定期检测"


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    title = factory.Sequence(lambda n: f"线下培训{n}")
    date = dt.date(2025, 5, 20)
    hours = Decimal("4")
