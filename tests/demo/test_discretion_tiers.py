"""Demo discretion tiers say when each applies (适用情形), not only the fine range."""

from django.test import TestCase

from courses.models import DiscretionTier
from demo.courses import seed_law_spine


class DiscretionTierTests(TestCase):
    def test_every_demo_tier_has_its_circumstances(self):
        seed_law_spine()
        tiers = DiscretionTier.objects.all()
        self.assertTrue(tiers.exists())
        self.assertFalse(tiers.filter(circumstances="").exists())
        light = tiers.filter(name="轻微").first()
        self.assertIn("改正", light.circumstances)
