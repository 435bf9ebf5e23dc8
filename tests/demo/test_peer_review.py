from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from peer_review.demo import ROUND_NAME
from peer_review.models import (
    Arbitration,
    Assignment,
    AuditEntry,
    CaseFile,
    Issue,
    Review,
    ReviewRound,
)
from peer_review.summary import round_summary


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (CaseFile, Assignment, Review, Issue, Arbitration, AuditEntry)
    }


class DemoSeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=StringIO())
        cls.first = counts()
        call_command("seed_demo", stdout=StringIO())

    def test_seeding_twice_leaves_the_same_data(self):
        self.assertEqual(counts(), self.first)

    def test_the_year_has_44_files_and_the_defective_ones_are_flagged(self):
        self.assertEqual(CaseFile.objects.count(), 44)
        flagged = [c for c in CaseFile.objects.all() if c.findings]
        self.assertEqual(len(flagged), 15)

    def test_the_round_has_no_self_review_an_arbitration_and_rectified_issues(self):
        review_round = ReviewRound.objects.get(name=ROUND_NAME)
        for a in review_round.assignments.select_related("case", "reviewer"):
            self.assertNotEqual(a.reviewer.enforcement_group_id, a.case.group_id)
        summary = round_summary(review_round)
        self.assertGreaterEqual(summary["arbitrations_open"], 1)
        self.assertTrue(summary["issues_by_category"])
        self.assertGreater(summary["verified"], 0)
        self.assertLess(summary["verified"], summary["issue_count"])
        self.assertGreaterEqual(summary["overdue"], 1)
