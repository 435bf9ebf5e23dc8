"""Explainer pages: tree rules, public reading, and moderation through 内容审核."""

from django.urls import reverse
from wagtail.models import Page, WorkflowState
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.models import ExplainerPage, RegulationIndexPage
from demo.courses import seed_law_spine
from home.models import HomePage
from tests.accounts.factories import CoordinatorFactory, TrainerFactory
from tests.courses.factories import explainer, regulation_index


class ExplainerPageTreeTests(WagtailPageTestCase):
    def test_index_lives_under_home_and_holds_only_explainers(self):
        self.assertAllowedParentPageTypes(RegulationIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(RegulationIndexPage, {ExplainerPage})
        self.assertAllowedParentPageTypes(ExplainerPage, {RegulationIndexPage})
        self.assertAllowedSubpageTypes(ExplainerPage, set())


class ExplainerReadingTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        cls.index = regulation_index()
        cls.page = explainer(
            cls.index,
            slug="art-28",
            title="第二十八条解读",
            article_key="aqsc-fa-2021-28",
            points="<p>培训档案要一人一档。</p>",
            tags=["有限空间", "工贸"],
        )
        cls.other = explainer(
            cls.index, slug="art-41", title="第四十一条解读", tags=["危化"]
        )

    def test_anonymous_visitor_reads_the_article_text_from_the_data(self):
        response = self.client.get(self.page.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "《安全生产法》第二十八条")
        self.assertContains(response, "未经安全生产教育和培训合格的从业人员")
        self.assertContains(response, "培训档案要一人一档")
        self.assertContains(response, 'name="viewport"')

    def test_index_lists_explainers_and_filters_by_industry_tag(self):
        response = self.client.get(self.index.url, {"tag": "有限空间"})
        self.assertContains(response, "第二十八条解读")
        self.assertNotContains(response, "第四十一条解读")
        self.assertContains(self.client.get(self.index.url), "第四十一条解读")

    def test_explainer_knows_the_articles_it_explains(self):
        page = ExplainerPage.objects.get(pk=self.page.pk)
        self.assertEqual([a.key for a in page.articles()], ["aqsc-fa-2021-28"])
        self.assertEqual(page.first_article_number, 28)
        self.assertIn("档案", page.search_text.split())


class ExplainerModerationTests(WagtailPageTestCase):
    """The 'Done when' path: a trainer writes and submits, 法制审核 approves."""

    @classmethod
    def setUpTestData(cls):
        cls.regulations = seed_law_spine()
        cls.index = regulation_index()
        cls.trainer = TrainerFactory()
        cls.coordinator = CoordinatorFactory()

    def form_data(self, article_pk):
        return nested_form_data(
            {
                "title": "第四十一条：重大事故隐患",
                "slug": "art-41-new",
                "summary": "重大事故隐患要报告",
                "tags": "危化, 粉尘涉爆",
                "regulation": self.regulations["aqsc"].pk,
                "body": streamfield(
                    [
                        ("article", {"article": article_pk}),
                        (
                            "key_points",
                            {"heading": "要点", "body": rich_text("<p>双报告</p>")},
                        ),
                    ]
                ),
            }
        )

    def test_explainers_fall_under_the_content_review_workflow(self):
        workflow = self.index.get_workflow()
        self.assertIsNotNone(workflow)
        self.assertEqual(workflow.name, "内容审核")

    def test_trainer_submits_coordinator_approves_and_it_goes_live(self):
        article = self.regulations["aqsc"].articles.get(number=41)
        self.client.force_login(self.trainer)
        add_url = reverse(
            "wagtailadmin_pages:add",
            args=("courses", "explainerpage", self.index.pk),
        )
        data = self.form_data(article.pk) | {"action-submit": "Submit"}
        response = self.client.post(add_url, data)
        self.assertEqual(response.status_code, 302, response.content[:3000])
        page = ExplainerPage.objects.get(slug="art-41-new")
        self.assertFalse(page.live)
        state = WorkflowState.objects.for_instance(page).get()
        self.assertEqual(state.status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertEqual(self.client.get(f"/fagui/{page.slug}/").status_code, 404)

        # A trainer may not approve their own submission.
        approve_url = reverse(
            "wagtailadmin_pages:workflow_action",
            args=(page.pk, "approve", state.current_task_state.pk),
        )
        self.client.post(approve_url, {"comment": ""})
        self.assertFalse(Page.objects.get(pk=page.pk).live)

        self.client.force_login(self.coordinator)
        response = self.client.post(approve_url, {"comment": "法制审核通过"})
        self.assertEqual(response.status_code, 302)
        page.refresh_from_db()
        self.assertTrue(page.live)
        state.refresh_from_db()
        self.assertEqual(state.status, WorkflowState.STATUS_APPROVED)

        self.client.logout()
        response = self.client.get(page.url)
        self.assertContains(response, "第四十一条：重大事故隐患")
        self.assertContains(response, "重大事故隐患排查治理情况应当及时")
        self.assertEqual(sorted(t.name for t in page.tags.all()), ["危化", "粉尘涉爆"])

    def test_trainer_cannot_publish_directly(self):
        article = self.regulations["aqsc"].articles.get(number=41)
        self.client.force_login(self.trainer)
        add_url = reverse(
            "wagtailadmin_pages:add",
            args=("courses", "explainerpage", self.index.pk),
        )
        data = self.form_data(article.pk) | {"action-publish": "Publish"}
        self.client.post(add_url, data)
        page = ExplainerPage.objects.filter(slug="art-41-new").first()
        self.assertTrue(page is None or not page.live)

    def test_article_chooser_finds_articles_by_number(self):
        self.client.force_login(self.trainer)
        response = self.client.get(
            reverse("article_chooser:choose_results"), {"q": "第九十七条"}
        )
        self.assertContains(response, "第九十七条")
        self.assertNotContains(response, "第二十八条")


class ArticlePageLinksTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        cls.index = regulation_index()
        cls.page = explainer(
            cls.index, slug="a28", title="第二十八条解读", article_key="aqsc-fa-2021-28"
        )

    def test_an_article_page_lists_the_published_explainers_that_quote_it(self):
        response = self.client.get("/law/article/aqsc-fa-2021-28/")
        self.assertContains(response, "第二十八条解读")
        self.assertNotContains(
            self.client.get("/law/article/aqsc-fa-2021-41/"), "第二十八条解读"
        )
        self.page.unpublish()
        response = self.client.get("/law/article/aqsc-fa-2021-28/")
        self.assertNotContains(response, "第二十八条解读")
