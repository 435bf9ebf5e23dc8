"""The demo ledger at the bureau's scale (``seed_demo --size bureau``)."""

import io

from django.core.management import call_command
from django.test import TestCase

from accounts.models import Enterprise, Industry
from ledger import services
from ledger.models import (
    Activity,
    ActivityType,
    WarningLetter,
)


class BureauDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", "--size", "bureau", stdout=io.StringIO())

    def test_a_year_at_the_bureaus_scale(self):
        year = Activity.objects.in_year(2025)
        self.assertEqual(
            year.filter(activity_type=ActivityType.LAW_TO_ENTERPRISES).count(), 7
        )
        reached = Enterprise.objects.filter(
            law_activities__activity_type=ActivityType.VISIT,
            law_activities__date__year=2025,
        ).distinct()
        self.assertGreaterEqual(reached.count(), 200)
        self.assertGreaterEqual(WarningLetter.objects.in_year(2025).count(), 100)
        self.assertEqual(
            Enterprise.objects.filter(industry=Industry.HAZARDOUS_CHEMICALS).count(),
            52,
        )
        shadowing = year.get(
            activity_type=ActivityType.EXPERT_SHADOWING, title__contains="第1批"
        )
        officers = Activity.officers.through.objects.filter(
            activity__activity_type=ActivityType.EXPERT_SHADOWING
        )
        self.assertEqual(officers.values("user").distinct().count(), 13)
        self.assertTrue(shadowing.training_sessions.exists())
        for kind in (ActivityType.SAFETY_MONTH, ActivityType.DISASTER_DAY):
            self.assertTrue(year.filter(activity_type=kind).exists())
        self.assertTrue(year.filter(date="2025-05-12").exists())
        self.assertTrue(year.filter(activity_type="safety_month", date__month=6))
        items = list(services.items_of_year(2025))
        self.assertEqual(len(items), 6)
        self.assertTrue(all(i.status == "done" for i in items))

    def test_some_high_risk_enterprises_are_left_for_the_no_contact_list(self):
        none = services.enterprise_contacts(2025).filter(
            activity_count=0, letter_count=0
        )
        self.assertGreater(none.count(), 0)
        self.assertEqual(none.first().industry, Industry.HAZARDOUS_CHEMICALS)
