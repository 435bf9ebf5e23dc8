"""Ledger writes and reads: activities, study hours by group, enterprise contacts."""

import datetime as dt
from decimal import Decimal
from unittest import mock

from django.core.exceptions import ValidationError
from django.test import TestCase

from accounts.models import Industry, PostCategory, RiskTier
from demo.courses import seed_law_spine
from ledger import services
from ledger.models import ActivityType
from tests.accounts.factories import (
    EnforcementGroupFactory,
    EnterpriseFactory,
    OfficerFactory,
    WorkerFactory,
)
from tests.ledger.factories import (
    ActivityFactory,
    ResponsibilityItemFactory,
    ResponsibilityListFactory,
    TrainingSessionFactory,
    WarningLetterFactory,
)


class ActivityRecordTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        cls.item = ResponsibilityItemFactory()
        cls.enterprises = EnterpriseFactory.create_batch(3)
        cls.articles = services.articles_for(["aqsc-fa-2021-28", "aqsc-fa-2021-36"])

    def test_recording_a_law_to_enterprises_event_links_everything(self):
        activity = services.activity_record(
            title="送法进企（化工园区）",
            activity_type=ActivityType.LAW_TO_ENTERPRISES,
            date=dt.date(2025, 3, 18),
            organiser="执法支队",
            enterprises=self.enterprises,
            articles=self.articles,
            items=[self.item],
            participant_count=60,
        )
        self.assertEqual(activity.enterprises.count(), 3)
        self.assertEqual(
            activity.article_labels(),
            "《安全生产法》第二十八条；《安全生产法》第三十六条",
        )
        self.assertEqual(services.items_of_year(2025).get().status, "done")

    def test_an_item_of_another_years_list_is_refused_and_nothing_is_saved(self):
        other = ResponsibilityItemFactory(
            responsibility_list=ResponsibilityListFactory(year=2024)
        )
        with self.assertRaises(ValidationError):
            services.activity_record(
                title="跨年度活动",
                activity_type=ActivityType.OTHER,
                date=dt.date(2025, 1, 5),
                organiser="执法支队",
                items=[other],
            )
        self.assertFalse(other.activities.exists())
        self.assertFalse(services.Activity.objects.filter(title="跨年度活动").exists())

    def test_warning_letter_cites_articles(self):
        letter = services.warning_letter_issue(
            enterprise=self.enterprises[0],
            issued_on=dt.date(2025, 4, 2),
            subject="安全设备未定期检测",
            articles=self.articles[1:],
        )
        self.assertEqual(letter.article_labels(), "《安全生产法》第三十六条")


class StudyHoursByGroupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.group_a = EnforcementGroupFactory(name="执法一组", sort_order=1)
        cls.group_b = EnforcementGroupFactory(name="执法二组", sort_order=2)
        cls.diligent = OfficerFactory(name="甲", enforcement_group=cls.group_a)
        cls.behind = OfficerFactory(name="乙", enforcement_group=cls.group_a)
        cls.other = OfficerFactory(name="丙", enforcement_group=cls.group_b)
        cls.worker = WorkerFactory()  # enterprise staff are not counted
        TrainingSessionFactory(hours=Decimal("16")).attendees.set(
            [cls.diligent, cls.behind]
        )
        TrainingSessionFactory(hours=Decimal("8")).attendees.set([cls.diligent])
        # a session of another year does not count for 2025
        TrainingSessionFactory(date=dt.date(2024, 12, 30), hours=20).attendees.set(
            [cls.behind]
        )

    def test_offline_and_online_work_add_up_and_the_shortfall_is_flagged(self):
        online = {self.diligent.pk: 12}  # lessons completed (courses module)
        exams = {self.diligent.pk: 2}  # exams passed (quizzes module)
        with (
            mock.patch.object(services, "lessons_completed", return_value=online),
            mock.patch.object(services, "exams_passed", return_value=exams),
        ):
            groups = services.study_hours_by_group(2025)
        self.assertEqual([g.group for g in groups], [self.group_a, self.group_b])
        rows = dict(groups[0].rows)
        self.assertEqual(rows[self.diligent].total, Decimal(16 + 8 + 12 + 2 * 2))
        self.assertFalse(rows[self.diligent].below)
        self.assertEqual(rows[self.behind].total, Decimal(16))
        self.assertEqual([u for u, _h in groups[0].below], [self.behind])
        self.assertEqual(groups[0].rows[0][0], self.behind)  # flagged first
        self.assertNotIn(self.worker, [u for g in groups for u, _h in g.rows])

    def test_without_the_neighbour_modules_online_counts_are_zero(self):
        self.assertEqual(services.lessons_completed(2025, [self.diligent.pk]), {})


class EnterpriseContactTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.hazchem = EnterpriseFactory(
            name="乙化工", industry=Industry.HAZARDOUS_CHEMICALS, risk_tier="high"
        )
        cls.dust = EnterpriseFactory(
            name="甲粉尘", industry=Industry.COMBUSTIBLE_DUST, risk_tier="high"
        )
        cls.general = EnterpriseFactory(name="丙机械", industry=Industry.MACHINERY)
        cls.visited = EnterpriseFactory(name="丁化工", industry="hazardous_chemicals")
        cls.warned = EnterpriseFactory(name="戊仓储", risk_tier=RiskTier.HIGH)
        ActivityFactory(activity_type=ActivityType.VISIT).enterprises.add(cls.visited)
        # last year's visit does not count as contact this year
        ActivityFactory(date=dt.date(2024, 6, 1)).enterprises.add(cls.hazchem)
        WarningLetterFactory(enterprise=cls.warned)
        WorkerFactory(enterprise=cls.visited)
        WorkerFactory(enterprise=cls.visited, post_category=PostCategory.MANAGEMENT)

    def test_no_contact_list_puts_hazardous_chemicals_then_high_risk_first(self):
        rows = services.enterprise_contacts(2025).filter(
            activity_count=0, letter_count=0
        )
        self.assertEqual(
            [e.name for e in rows], [self.hazchem.name, "甲粉尘", "丙机械"]
        )

    def test_counts_visits_letters_and_front_line_share(self):
        rows = {e.pk: e for e in services.enterprise_contacts(2025)}
        visited = rows[self.visited.pk]
        self.assertEqual((visited.activity_count, visited.visit_count), (1, 1))
        self.assertEqual((visited.front_line_count, visited.worker_count), (1, 2))
        self.assertEqual(rows[self.warned.pk].letter_count, 1)

    def test_live_classes_hook_is_guarded_until_the_module_lands(self):
        result = services.live_classes_attended(self.visited, 2025)
        self.assertTrue(result is None or isinstance(result, list))
