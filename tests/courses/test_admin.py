"""The law library and study admin as a trainer uses it."""

from django.test import TestCase
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from courses.models import Article, PenaltyProvision
from demo.courses import seed_law_spine
from tests.accounts.factories import OfficerFactory, TrainerFactory
from tests.courses.factories import course_with_lessons, regulation_index


class LawLibraryAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        cls.trainer = TrainerFactory()
        cls.index = regulation_index()

    def setUp(self):
        self.client.force_login(self.trainer)

    def test_trainer_adds_a_penalty_provision_with_discretion_tiers(self):
        article = Article.objects.get(key="aqsc-fa-2021-99")
        violated = Article.objects.get(key="aqsc-fa-2021-36")
        tier = {"circumstances": "", "ORDER": "1"}
        data = nested_form_data(
            {
                "article": article.pk,
                "item": "第二项",
                "summary": "安全设备不符合标准",
                "unit_fine_min": "0",
                "unit_fine_max": "50000",
                "person_fine_min": "10000",
                "person_fine_max": "20000",
                "tiers": inline_formset(
                    [
                        tier
                        | {
                            "name": "轻微",
                            "order": 0,
                            "fine_min": 0,
                            "fine_max": 10000,
                        },
                        tier
                        | {
                            "name": "严重",
                            "order": 1,
                            "fine_min": 40000,
                            "fine_max": 50000,
                        },
                    ]
                ),
            }
        )
        data["violated_articles"] = [violated.pk]
        response = self.client.post(reverse("penalty_provisions:add"), data)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        provision = PenaltyProvision.objects.get(article=article, item="第二项")
        self.assertEqual(
            list(provision.tiers.values_list("name", flat=True)), ["轻微", "严重"]
        )
        self.assertEqual(list(provision.violated_articles.all()), [violated])

    def test_inverted_fine_range_is_refused_in_the_admin(self):
        article = Article.objects.get(key="aqsc-fa-2021-99")
        data = nested_form_data(
            {
                "article": article.pk,
                "item": "第八项",
                "summary": "倒置",
                "unit_fine_min": "50000",
                "unit_fine_max": "100",
                "tiers": inline_formset([]),
            }
        )
        response = self.client.post(reverse("penalty_provisions:add"), data)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(PenaltyProvision.objects.filter(item="第八项").exists())

    def test_page_editors_offer_the_article_chooser(self):
        course, lessons = course_with_lessons(1)
        for url in (
            reverse(
                "wagtailadmin_pages:add",
                args=("courses", "explainerpage", self.index.pk),
            ),
            reverse("wagtailadmin_pages:edit", args=(lessons[0].pk,)),
        ):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, reverse("article_chooser:choose"))

    def test_officers_read_the_law_library_but_do_not_assign_study(self):
        self.client.force_login(OfficerFactory())
        self.assertEqual(
            self.client.get(reverse("penalty_provisions:index")).status_code, 200
        )
        response = self.client.get(reverse("course_assignments:add"))
        self.assertNotEqual(response.status_code, 200)
