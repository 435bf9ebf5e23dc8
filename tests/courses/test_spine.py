from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import translation

from courses.models import Article, DiscretionTier, PenaltyProvision, Regulation
from courses.services import resolve_citations
from demo.courses import seed_law_spine


class LawSpineTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.regulations = seed_law_spine()

    def test_article_labels_and_stable_keys(self):
        article = Article.objects.get(key="aqsc-fa-2021-97")
        self.assertEqual(article.number_cn, "第九十七条")
        self.assertEqual(article.label, "《安全生产法》第九十七条")
        self.assertTrue(article.is_legal_liability)
        self.assertEqual(article.get_absolute_url(), "/law/article/aqsc-fa-2021-97/")

    def test_resolves_full_and_short_titles_to_the_same_article(self):
        resolved, errors = resolve_citations(
            "《中华人民共和国安全生产法》第九十九条第一项；《安全生产法》第九十九条"
        )
        self.assertEqual(errors, [])
        self.assertEqual({a.key for _c, a in resolved}, {"aqsc-fa-2021-99"})
        self.assertEqual(resolved[0][0].item, 1)

    def test_names_every_citation_it_cannot_resolve(self):
        with translation.override("zh-hans"):
            resolved, errors = resolve_citations(
                "《安全生产法》第二十八条；《安全生产法》第九百条；《刑法》第一条"
            )
        self.assertEqual([a.number for _c, a in resolved], [28])
        self.assertEqual(len(errors), 2)
        self.assertIn("《安全生产法》第九百条", errors[0])
        self.assertIn("找不到", errors[0])

    def test_prefers_the_version_in_force(self):
        old = Regulation.objects.create(
            key="aqsc-fa-2014",
            title="中华人民共和国安全生产法",
            short_title="安全生产法",
            level="law",
            status="amended",
            replaced_by=self.regulations["aqsc"],
        )
        Article.objects.create(
            regulation=old, number=28, text="旧文本", key="aqsc-fa-2014-28"
        )
        resolved, _errors = resolve_citations("《安全生产法》第二十八条")
        self.assertEqual(resolved[0][1].regulation, self.regulations["aqsc"])

    def test_penalty_provisions_carry_fines_and_tiers(self):
        provision = PenaltyProvision.objects.get(article__number=99, item="第一项")
        self.assertEqual(provision.unit_range(), (Decimal(0), Decimal(50_000)))
        self.assertEqual(
            provision.unit_range(corrected_in_time=False),
            (Decimal(50_000), Decimal(200_000)),
        )
        self.assertEqual(provision.person_fine_max, Decimal(20_000))
        self.assertEqual(
            list(provision.tiers.values_list("name", flat=True)),
            ["轻微", "一般", "较重", "严重"],
        )
        self.assertTrue(provision.tiers.get(name="一般").contains(Decimal(15_000)))
        self.assertEqual(
            list(provision.violated_articles.values_list("number", flat=True)), [35]
        )

    def test_inverted_ranges_are_invalid(self):
        provision = PenaltyProvision.objects.first()
        tier = DiscretionTier(provision=provision, name="错", fine_min=10, fine_max=1)
        with self.assertRaises(ValidationError):
            tier.full_clean()

    def test_seeding_twice_changes_nothing(self):
        counts = (
            Article.objects.count(),
            PenaltyProvision.objects.count(),
            DiscretionTier.objects.count(),
        )
        seed_law_spine()
        self.assertEqual(
            (
                Article.objects.count(),
                PenaltyProvision.objects.count(),
                DiscretionTier.objects.count(),
            ),
            counts,
        )

    def test_article_page_shows_text_fines_and_tiers(self):
        response = self.client.get("/law/article/aqsc-fa-2021-99/")
        self.assertContains(response, "《安全生产法》第九十九条")
        self.assertContains(response, "安全警示标志")
        self.assertContains(response, "较重")
        response = self.client.get("/law/aqsc-fa-2021/")
        self.assertContains(response, "第六章 法律责任")


class LibraryTextTests(TestCase):
    """The public law library shows no article without text, and says 摘录 where
    the text leaves parts out."""

    @classmethod
    def setUpTestData(cls):
        cls.regulations = seed_law_spine()
        # Two articles the demo does not carry: one loaded without its text (as a
        # register's citation can leave it) and one quoted in part.
        cls.blank = Article.objects.create(
            regulation=cls.regulations["aqsc"],
            number=48,
            chapter_number=2,
            chapter_title="第二章 生产经营单位的安全生产保障",
            text="  ",
            key="aqsc-fa-2021-48",
        )
        cls.excerpt = Article.objects.create(
            regulation=cls.regulations["aqsc"],
            number=49,
            chapter_number=2,
            chapter_title="第二章 生产经营单位的安全生产保障",
            text="生产经营单位不得将生产经营项目、场所、设备发包或者出租给不具备安全"
            "生产条件或者相应资质的单位或者个人。\n……",
            key="aqsc-fa-2021-49",
        )

    def test_an_article_without_text_is_not_public(self):
        url = self.blank.get_absolute_url()
        self.assertEqual(self.client.get(url).status_code, 404)
        page = self.client.get(self.regulations["aqsc"].get_absolute_url())
        self.assertNotContains(page, url)
        self.assertContains(page, "/law/article/aqsc-fa-2021-97/")
        self.assertNotIn(self.blank, Article.objects.published())

    def test_an_excerpt_is_labelled(self):
        article = self.excerpt
        self.assertTrue(article.is_excerpt)
        self.assertContains(self.client.get(article.get_absolute_url()), "摘录")
        whole = Article.objects.get(key="aqsc-fa-2021-97")
        self.assertFalse(whole.is_excerpt)
        self.assertNotContains(self.client.get(whole.get_absolute_url()), "摘录")
