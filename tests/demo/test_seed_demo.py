"""seed_demo: every part loaded once, a second run changes nothing.

One class seeds twice in ``setUpTestData`` and every test reads that data: a full
seed takes long, so the demo tests share it instead of seeding per module.
"""

import re
from datetime import timedelta
from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase
from wagtail.models import Revision

from accounts import roles
from accounts.models import EnforcementGroup, Enterprise, User
from courses.models import CourseAssignment, CoursePage, ExplainerPage, LessonCompletion
from demo.accounts import DEMO_PASSWORD, PEOPLE
from demo.cases import DEFECTS
from demo.peer_review import ROUND_NAME
from home.models import HomePage
from ledger import services as ledger_services
from ledger.models import Activity, ResponsibilityItem, TrainingSession, WarningLetter
from livestreams.models import LiveClassArticle, LiveClassPage, Viewer, ViewingSession
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
        "class_articles": sorted(
            LiveClassArticle.objects.values_list(
                "page__slug", "sort_order", "article__key"
            )
        ),
        "viewers": Viewer.objects.count(),
        "sessions": sorted(
            ViewingSession.objects.values_list("key", "started_at", "ended_at")
        ),
        "peer_review": {
            model.__name__: model.objects.count()
            for model in (CaseFile, Assignment, Review, Issue, Arbitration, AuditEntry)
        },
    }


ARTICLE_TEXT = re.compile(
    r'(<p class="[^"]*article-excerpt[^"]*">.*?</p>\s*)?'
    r'<(?:div|blockquote) class="[^"]*article-text[^"]*">(.*?)</(?:div|blockquote)>',
    re.S,
)


def assert_article_texts_whole_or_labelled(test, html: str, *, expected: int):
    """Each article text on a public page has words in it, and one that leaves
    parts out (……) comes right after its 摘录 label."""
    found = ARTICLE_TEXT.findall(html)
    test.assertEqual(len(found), expected)
    for label, text in found:
        words = re.sub(r"<[^>]+>|\s", "", text)
        test.assertTrue(words, "an article with empty text is public")
        if "……" in words:
            test.assertIn("摘录", label, f"unlabelled excerpt: {words[:40]}")


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

    def test_each_class_links_the_articles_of_its_topic(self):
        links = {
            page.title: [a.key for a in _linked(page)]
            for page in LiveClassPage.objects.filter(slug__startswith="2025-")
        }
        # Twelve topics, twelve sets of articles: not one set for every class.
        self.assertEqual(len(links), 12)
        self.assertEqual(len({frozenset(keys) for keys in links.values()}), 12)
        for topic, key, words in [
            ("有限空间", "aqsc-fa-2021-43", "危险作业"),
            ("动火", "aqsc-fa-2021-43", "动火"),
            ("危险化学品", "aqsc-fa-2021-39", "危险物品"),
            ("液氨", "aqsc-fa-2021-39", "危险物品"),
            ("应急预案", "aqsc-fa-2021-97", "应急救援预案"),
            ("重大事故隐患", "aqsc-fa-2021-41", "重大事故隐患"),
            ("节前检查", "aqsc-fa-2021-35", "安全警示标志"),
        ]:
            with self.subTest(topic=topic):
                page = LiveClassPage.objects.get(title__contains=topic)
                linked = _linked(page)
                self.assertIn(key, [a.key for a in linked])
                # the article's own text is on the topic (the number is right)
                article = next(a for a in linked if a.key == key)
                self.assertIn(words, article.text)
        confined = LiveClassPage.objects.get(title__contains="有限空间")
        self.assertNotIn("aqsc-fa-2021-21", links[confined.title])
        self.assertContains(
            self.client.get(confined.url), "/law/article/aqsc-fa-2021-43/"
        )

    def test_a_class_linked_to_other_articles_gets_its_topics_back(self):
        from courses.models import Article
        from demo import livestreams as demo_livestreams

        # What the demo linked before every class had its own topic's articles.
        page = LiveClassPage.objects.get(title__contains="有限空间")
        old = Article.objects.filter(
            number__in=[21, 97, 99], regulation__key="aqsc-fa-2021"
        )
        page.related_articles = [LiveClassArticle(article=a) for a in old]
        page.save_revision().publish()
        revisions = Revision.objects.count()
        demo_livestreams.seed(log=lambda message: None)
        page = LiveClassPage.objects.get(pk=page.pk)
        self.assertEqual(
            [a.key for a in _linked(page)],
            ["aqsc-fa-2021-43", "aqsc-fa-2021-45", "aqsc-fa-2021-101"],
        )
        # one revision for the class that changed, none for the others
        self.assertEqual(Revision.objects.count(), revisions + 1)

    def test_the_year_has_44_files_and_the_defective_ones_are_flagged(self):
        self.assertEqual(CaseFile.objects.count(), 44)
        flagged = {c.number for c in CaseFile.objects.all() if c.violations}
        self.assertEqual(len(flagged), len(DEFECTS))
        # one file for each rule of 行政处罚法 the register's facts can show
        self.assertEqual(len(DEFECTS), 17)

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
        from courses.models import Article, Regulation

        # Every article the demo loads (the library's and those the yearly
        # generator cites) carries its text: none is held back as empty.
        self.assertEqual(
            [a.key for a in Article.objects.all() if not a.text.strip()], []
        )
        shown = set()
        for regulation in Regulation.objects.all():
            page = self.client.get(regulation.get_absolute_url())
            self.assertEqual(page.status_code, 200)
            for key in re.findall(r'href="/law/article/([\w-]+)/"', page.text):
                shown.add(key)
                with self.subTest(article=key):
                    html = self.client.get(f"/law/article/{key}/").text
                    assert_article_texts_whole_or_labelled(self, html, expected=1)
        self.assertEqual(shown, set(Article.objects.values_list("key", flat=True)))
        for page in ExplainerPage.objects.live():
            with self.subTest(explainer=page.slug):
                html = self.client.get(page.url).text
                blocks = [b for b in page.body if b.block_type == "article"]
                assert_article_texts_whole_or_labelled(self, html, expected=len(blocks))

    def test_the_demo_law_texts_are_whole_articles(self):
        from courses.models import Article

        # Copied whole from the published text: no article is cut with ……, and the
        # articles the search and explainers rest on are there in full.
        self.assertFalse(Article.objects.filter(text__contains="……").exists())
        for key, words in {
            "aqsc-fa-2021-28": ["被派遣劳动者", "实习学生", "培训档案"],
            "aqsc-fa-2021-39": ["危险物品", "专门的安全管理制度", "可靠的安全措施"],
            "aqsc-fa-2021-40": ["重大危险源", "备案"],
            "aqsc-fa-2021-43": ["吊装", "动火", "专门人员进行现场安全管理"],
            "aqsc-fa-2021-117": ["危险化学品", "临界量"],
            "xzcf-fa-2021-64": ["（八）听证应当制作笔录"],
        }.items():
            text = Article.objects.get(key=key).text
            for word in words:
                self.assertIn(word, text, key)

    def test_every_discretion_tier_says_when_it_applies(self):
        from courses.models import DiscretionTier

        tiers = DiscretionTier.objects.select_related("provision__article")
        self.assertGreaterEqual(tiers.count(), 40)
        self.assertEqual([str(t) for t in tiers if not t.circumstances.strip()], [])
        tier = tiers.filter(provision__article__key="aqsc-fa-2021-101").first()
        page = self.client.get(tier.provision.article.get_absolute_url())
        self.assertContains(page, "适用情形")
        self.assertContains(page, tier.circumstances)

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

        from demo.quizzes import drill_title
        from quizzes.models import Attempt, Drill

        now = timezone.now()
        # Nobody answered a drill before it was set: no answers from the future.
        self.assertFalse(Attempt.objects.filter(submitted_at__gt=now).exists())
        self.assertTrue(Drill.objects.open_now().exists())
        # Dated from the day the demo is loaded: the open drill is this quarter's,
        # due within two weeks; none is set further ahead.
        today = timezone.localdate()
        for drill in Drill.objects.all():
            with self.subTest(drill=drill.title):
                self.assertLessEqual(drill.deadline, now + timedelta(days=15))
                if drill.deadline >= now:
                    self.assertEqual(drill.title, drill_title(today))
        for username in ("officer1", "officer3", "officer5"):
            user = User.objects.get(username=username)
            rows = Drill.objects.results_for(user)
            closed = [r for r in rows if not r["open"]]
            with self.subTest(user=username):
                self.assertGreaterEqual(len(closed), 12)
                missed = [r["drill"].title for r in closed if r["best"] is None]
                self.assertEqual(missed, [])
                self.assertTrue(any(r["open"] for r in rows))


def _linked(page) -> list:
    """The articles a live class links, in the order it lists them."""
    return [link.article for link in page.related_articles.select_related("article")]


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
