"""seed_demo: every part loaded once, a second run changes nothing.

One class seeds twice in ``setUpTestData`` and every test reads that data: a full
seed takes long, so the demo tests share it instead of seeding per module.
"""

from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase
from wagtail.models import Revision

from accounts import roles
from accounts.models import EnforcementGroup, Enterprise, User
from courses.models import CourseAssignment, CoursePage, ExplainerPage, LessonCompletion
from demo.accounts import DEMO_PASSWORD, PEOPLE
from demo.peer_review import ROUND_NAME
from home.models import HomePage
from ledger import services as ledger_services
from ledger.models import Activity, ResponsibilityItem, TrainingSession, WarningLetter
from livestreams.models import LiveClassPage, Viewer, ViewingSession
from livestreams.reports import class_report
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


def snapshot() -> dict:
    """Everything seed_demo writes, in a comparable form."""
    return {
        "users": sorted(
            User.objects.values_list(
                "username",
                "name",
                "enforcement_group__name",
                "enterprise__name",
                "post_category",
                "certificate_number",
            )
        ),
        "memberships": sorted(
            User.groups.through.objects.values_list("user__username", "group__name")
        ),
        "groups": sorted(EnforcementGroup.objects.values_list("name", "sort_order")),
        "enterprises": sorted(
            Enterprise.objects.values_list(
                "credit_code", "name", "industry", "risk_tier"
            )
        ),
        "revisions": Revision.objects.count(),
        "role_groups": Group.objects.count(),
        "learning": (
            ExplainerPage.objects.count(),
            LessonCompletion.objects.count(),
            CourseAssignment.objects.count(),
        ),
        "ledger": (
            Activity.objects.count(),
            WarningLetter.objects.count(),
            TrainingSession.objects.count(),
            ResponsibilityItem.objects.count(),
            Activity.enterprises.through.objects.count(),
        ),
        "classes": sorted(LiveClassPage.objects.values_list("slug", "title", "peak")),
        "viewers": Viewer.objects.count(),
        "sessions": sorted(
            ViewingSession.objects.values_list("key", "started_at", "ended_at")
        ),
        "peer_review": {
            model.__name__: model.objects.count()
            for model in (CaseFile, Assignment, Review, Issue, Arbitration, AuditEntry)
        },
    }


class SeedDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=StringIO())
        cls.first = snapshot()
        call_command("seed_demo", stdout=StringIO())
        cls.second = snapshot()

    def test_running_twice_leaves_the_same_data(self):
        for part, value in self.first.items():
            with self.subTest(part=part):
                self.assertEqual(self.second[part], value)
        self.assertGreater(len(self.first["users"]), len(roles.ROLES))

    def test_every_role_has_a_demo_login(self):
        seeded_roles = {role for _u, _n, role, *_ in PEOPLE}
        self.assertEqual(seeded_roles, set(roles.ROLES))
        for username, _name, role, *_ in PEOPLE:
            with self.subTest(username=username):
                user = User.objects.get(username=username)
                self.assertTrue(user.check_password(DEMO_PASSWORD))
                self.assertEqual(
                    list(user.groups.values_list("name", flat=True)), [role]
                )

    def test_demo_people_pass_model_validation(self):
        for user in User.objects.all():
            user.full_clean()
        for enterprise in Enterprise.objects.all():
            enterprise.full_clean()

    def test_the_course_is_assigned_to_officers_and_partly_completed(self):
        course = CoursePage.objects.get(title="新《天津市安全生产条例》宣贯")
        self.assertEqual(course.lessons().count(), 4)
        self.assertEqual(
            CourseAssignment.objects.get(course=course).role.name, "执法人员"
        )
        self.assertEqual(LessonCompletion.objects.count(), 7)

    def test_every_item_of_the_2025_ledger_is_done(self):
        items = list(ledger_services.items_of_year(2025))
        self.assertTrue(items)
        self.assertTrue(all(i.status == "done" for i in items))

    def test_twelve_classes_with_sessions_and_their_peaks(self):
        self.assertEqual(
            LiveClassPage.objects.filter(slug__startswith="2025-").count(), 12
        )
        ended = LiveClassPage.objects.get(slug="2025-03")
        report = class_report(ended)
        self.assertGreater(report.unique, 10)
        self.assertEqual(ended.peak, report.peak)
        self.assertTrue(ended.related_articles.exists())
        home = HomePage.objects.get()
        self.assertIn(
            "惠企安全空中课堂", [block.value["title"] for block in home.sections]
        )

    def test_the_year_has_44_files_and_the_defective_ones_are_flagged(self):
        self.assertEqual(CaseFile.objects.count(), 44)
        flagged = [c for c in CaseFile.objects.all() if c.violations]
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

    def test_no_public_article_is_empty_or_an_unlabelled_excerpt(self):
        from django.urls import reverse

        from courses.models import Article

        empty = Article.objects.filter(text="")
        # The yearly generator cites six 安全生产法 articles whose text the demo
        # does not carry: they stay off the library.
        self.assertTrue(empty.exists())
        for article in empty:
            with self.subTest(article=article.key):
                url = reverse("courses:article_detail", args=[article.key])
                self.assertEqual(self.client.get(url).status_code, 404)
                page = self.client.get(article.regulation.get_absolute_url())
                self.assertNotContains(page, url)
        excerpts = [a for a in Article.objects.published() if "……" in a.text]
        self.assertTrue(excerpts)
        for article in excerpts:
            with self.subTest(article=article.key):
                page = self.client.get(article.get_absolute_url())
                self.assertContains(page, "摘录")
        for article in Article.objects.published():
            self.assertTrue(article.text.strip())

    def test_explainer_quotes_that_leave_text_out_are_labelled_excerpts(self):
        for page in ExplainerPage.objects.live():
            for block in page.body:
                if block.block_type != "comparison":
                    continue
                for side in ("old", "new"):
                    with self.subTest(page=page.slug, side=side):
                        if "……" in block.value[f"{side}_text"]:
                            self.assertIn("摘录", block.value[f"{side}_label"])

    def test_drills_fit_today_and_closed_ones_carry_a_score(self):
        from django.utils import timezone

        from quizzes.models import Attempt, Drill

        now = timezone.now()
        # Nobody answered a drill before it was set: no answers from the future.
        self.assertFalse(Attempt.objects.filter(submitted_at__gt=now).exists())
        self.assertTrue(Drill.objects.open_now().exists())
        for username in ("officer1", "officer3", "officer5"):
            user = User.objects.get(username=username)
            rows = Drill.objects.results_for(user)
            closed = [r for r in rows if not r["open"]]
            with self.subTest(user=username):
                self.assertGreaterEqual(len(closed), 12)
                missed = [r["drill"].title for r in closed if r["best"] is None]
                self.assertEqual(missed, [])
                self.assertTrue(any(r["open"] for r in rows))


class SeedDemoPartsTests(TestCase):
    def test_only_law_loads_the_people_and_the_law_library_and_nothing_else(self):
        from courses.models import Article, PenaltyProvision

        out = StringIO()
        call_command("seed_demo", only=["law"], stdout=out)
        self.assertIn("法规库", out.getvalue())
        self.assertTrue(Article.objects.filter(key="aqsc-fa-2021-97").exists())
        self.assertTrue(PenaltyProvision.objects.exists())
        self.assertTrue(User.objects.filter(username="trainer").exists())
        self.assertFalse(ExplainerPage.objects.exists())
        self.assertFalse(CaseFile.objects.exists())
