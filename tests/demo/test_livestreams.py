from django.core.management import call_command
from django.test import TestCase
from wagtail.models import Revision

from home.models import HomePage
from livestreams.models import LiveClassPage, Viewer, ViewingSession
from livestreams.reports import class_report


def snapshot():
    return {
        "classes": sorted(LiveClassPage.objects.values_list("slug", "title", "peak")),
        "viewers": Viewer.objects.count(),
        "sessions": sorted(
            ViewingSession.objects.values_list("key", "started_at", "ended_at")
        ),
        "revisions": Revision.objects.count(),
    }


class DemoTests(TestCase):
    def test_seed_is_idempotent_and_makes_twelve_classes_with_sessions(self):
        devnull = open("/dev/null", "w")
        call_command("seed_demo", stdout=devnull)
        first = snapshot()
        call_command("seed_demo", stdout=devnull)
        self.assertEqual(snapshot(), first)
        self.assertEqual(len(first["classes"]), 12)
        ended = LiveClassPage.objects.get(slug="2025-03")
        report = class_report(ended)
        self.assertGreater(report.unique, 10)
        self.assertEqual(ended.peak, report.peak)
        self.assertTrue(ended.related_articles.exists())
        home = HomePage.objects.get()
        self.assertIn(
            "惠企安全空中课堂", [block.value["title"] for block in home.sections]
        )
