"""Choosers filtered by permission, conflict of interest re-checked at submission
(issue 13)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from demo import cases as casegen
from demo.courses import seed_law_spine
from peer_review import services
from peer_review.models import Assignment, CaseFile, CaseOfficer, Review
from quizzes.factories import make_question
from tests.accounts.factories import CoordinatorFactory, OfficerFactory, TrainerFactory

from .factories import demo_groups, import_generated

CHOOSE = "wagtailsnippetchoosers_peer_review_casefile:"


def shown(response) -> str:
    """The chooser's text: modal steps come as JSON with the HTML inside (and
    Chinese escaped), results as plain HTML."""
    if response["Content-Type"].startswith("application/json"):
        data = response.json()
        return data.get("html") or str(data.get("result", ""))
    return response.content.decode()


class ChooserTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        cls.groups = demo_groups()
        import_generated(casegen.generate_year()[:12])
        cls.officer = OfficerFactory(enforcement_group=cls.groups[0])
        cls.coordinator = CoordinatorFactory()
        cls.own = CaseFile.objects.filter(group=cls.groups[0]).first()
        cls.foreign = CaseFile.objects.exclude(group=cls.groups[0]).first()
        cls.question = make_question(stem="有限空间作业前应当____检测")

    def test_an_officer_lists_only_the_files_they_may_open(self):
        self.client.force_login(self.officer)
        for name in ("choose", "choose_results"):
            with self.subTest(name):
                response = self.client.get(reverse(CHOOSE + name))
                self.assertEqual(response.status_code, 200)
                self.assertIn(self.own.number, shown(response))
                self.assertNotIn(self.foreign.number, shown(response))
        searched = self.client.get(
            reverse(CHOOSE + "choose_results"), {"q": self.foreign.number}
        )
        self.assertEqual(searched.status_code, 200)
        self.assertNotIn(self.foreign.number, shown(searched))
        self.client.force_login(self.coordinator)
        searched = self.client.get(
            reverse(CHOOSE + "choose_results"), {"q": self.foreign.number}
        )
        self.assertIn(self.foreign.number, shown(searched))

    def test_an_officer_cannot_choose_another_groups_file_by_id(self):
        self.client.force_login(self.officer)
        hidden = self.client.get(reverse(CHOOSE + "chosen", args=[self.foreign.pk]))
        self.assertEqual(hidden.status_code, 404)
        mine = self.client.get(reverse(CHOOSE + "chosen", args=[self.own.pk]))
        self.assertEqual(mine.status_code, 200)
        self.assertIn(self.own.number, shown(mine))
        many = self.client.get(
            reverse(CHOOSE + "chosen_multiple"),
            {"id": [self.own.pk, self.foreign.pk]},
        )
        self.assertIn(self.own.number, shown(many))
        self.assertNotIn(self.foreign.number, shown(many))

    def test_the_coordinator_lists_every_file(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse(CHOOSE + "choose"))
        self.assertIn(self.foreign.number, shown(response))

    def test_the_question_bank_chooser_is_closed_to_officers(self):
        url = reverse("wagtailsnippetchoosers_quizzes_question:choose")
        self.client.force_login(self.officer)
        refused = self.client.get(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
        self.assertEqual(refused.status_code, 403)
        chosen = self.client.get(
            reverse(
                "wagtailsnippetchoosers_quizzes_question:chosen",
                args=[self.question.pk],
            ),
            HTTP_X_REQUESTED_WITH="XMLHttpRequest",
        )
        self.assertEqual(chosen.status_code, 403)
        self.client.force_login(TrainerFactory())
        self.assertIn("有限空间作业", shown(self.client.get(url)))


class ConflictOfInterestAtSubmitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        cls.groups = demo_groups()
        import_generated(casegen.generate_year()[:12])
        cls.coordinator = CoordinatorFactory()
        cls.officers = [
            OfficerFactory(enforcement_group=g) for g in cls.groups for _ in range(2)
        ]
        cls.rubric = services.rubric_ensure_defaults()[0]
        cls.round = services.round_create(
            name="2025年第四季度案卷评查",
            year=2025,
            quarter=4,
            rubric=cls.rubric,
            deadline=timezone.now() + timedelta(days=10),
            created_by=cls.coordinator,
            reviewers=cls.officers,
            seed=11,
            # The generated files are spread over the year: take the year's.
            whole_year=True,
        )

    def setUp(self):
        self.assignment = Assignment.objects.filter(round=self.round).first()
        self.reviewer = self.assignment.reviewer
        self.case = self.assignment.case

    def test_a_reviewer_moved_into_the_files_group_cannot_submit(self):
        self.reviewer.enforcement_group = self.case.group
        self.reviewer.save()
        with self.assertRaisesMessage(PermissionDenied, "回避"):
            services.review_submit(
                assignment=self.assignment, user=self.reviewer, marks=[]
            )
        self.assertFalse(Review.objects.filter(assignment=self.assignment).exists())

    def test_a_reviewer_named_handling_officer_later_cannot_submit(self):
        CaseOfficer.objects.create(
            case=self.case, user=self.reviewer, name=self.reviewer.name
        )
        with self.assertRaises(PermissionDenied):
            services.review_submit(
                assignment=self.assignment, user=self.reviewer, marks=[]
            )

    def test_the_scoring_form_says_why_and_saves_nothing(self):
        self.reviewer.enforcement_group = self.case.group
        self.reviewer.save()
        self.client.force_login(self.reviewer)
        response = self.client.post(
            reverse("peer_review_admin:review_form", args=[self.assignment.pk]),
            {"summary": "无问题"},
            follow=True,
        )
        self.assertContains(response, "回避")
        self.assertFalse(Review.objects.filter(assignment=self.assignment).exists())

    def test_without_a_conflict_the_review_goes_through(self):
        review = services.review_submit(
            assignment=self.assignment, user=self.reviewer, marks=[]
        )
        self.assertEqual(review.assignment, self.assignment)
