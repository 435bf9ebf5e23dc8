"""Importing 安全生产法 (2021, 119 articles) and 行政处罚法 (2021, 86 articles) as
published — here texts of our own in the published shape (``published_shape``) —
over the demo's versions of them with case files present: the version in force
stays in force, no version is marked 已修订 wrongly, penalty provisions and case
files keep their articles, and the year's register still imports."""

import tempfile
from datetime import date
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase
from django.utils import translation

from courses.models import Article, PenaltyProvision, Regulation, RegulationStatus
from courses.services import resolve_citations
from demo import cases as casegen
from demo.courses import seed_law_spine
from peer_review import importer
from peer_review.models import CaseFile
from tests.peer_review.factories import demo_groups, import_generated, workbook

from .published_shape import aqsc_2014, aqsc_2021, xzcf_2021

AQSC = "中华人民共和国安全生产法"
XZCF = "中华人民共和国行政处罚法"


def run(text: str, key: str) -> str:
    folder = Path(tempfile.mkdtemp())
    path = folder / f"{key}.md"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    with translation.override("zh-hans"):
        call_command(
            "import_regulation", str(path), "--key", key, "--level", "law", stdout=out
        )
    path.unlink()
    folder.rmdir()
    return out.getvalue()


class PublishedLawImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        demo_groups()
        cls.generated = casegen.generate_year()
        import_generated(cls.generated[:6])

    def snapshot(self):
        return {
            "provisions": dict(
                PenaltyProvision.objects.values_list("pk", "article_id")
            ),
            "cases": dict(CaseFile.objects.values_list("pk", "violated_article_id")),
            "case_provisions": dict(CaseFile.objects.values_list("pk", "provision_id")),
        }

    def test_the_published_2021_safety_law_is_the_demos_version(self):
        before = self.snapshot()
        provision_article = PenaltyProvision.objects.first().article
        output = run(aqsc_2021(), "aqsc-official-2021")
        self.assertIn("同一版本", output)
        [regulation] = Regulation.objects.filter(title=AQSC)
        self.assertEqual(regulation.key, "aqsc-fa-2021")
        self.assertEqual(regulation.status, RegulationStatus.CURRENT)
        self.assertEqual(regulation.articles.count(), 119)
        self.assertEqual(self.snapshot(), before)
        provision_article.refresh_from_db()
        self.assertEqual(provision_article.regulation, regulation)
        self.assertEqual(
            regulation.articles.get(number=117).chapter_title, "第七章 附则"
        )

    def test_the_published_2021_penalty_law_is_the_demos_version(self):
        output = run(xzcf_2021(), "xzcf-official-2021")
        self.assertIn("同一版本", output)
        [regulation] = Regulation.objects.filter(title=XZCF)
        self.assertEqual(regulation.key, "xzcf-fa-2021")
        self.assertEqual(regulation.status, RegulationStatus.CURRENT)
        self.assertEqual(regulation.articles.count(), 86)
        self.assertEqual(str(regulation.effective_on), "2021-07-15")
        hearing = regulation.articles.get(number=64)
        # The full-width space of the published heading is read as a space.
        self.assertEqual(hearing.section_title, "第四节 听证程序")
        self.assertFalse(
            Regulation.objects.filter(status=RegulationStatus.AMENDED).exists()
        )

    def test_the_output_says_how_many_articles_a_same_version_import_wrote(self):
        law = Regulation.objects.get(title=XZCF)
        before = dict(law.articles.values_list("number", "text"))
        first = run(xzcf_2021(), "xzcf-official-2021")
        after = dict(law.articles.values_list("number", "text"))
        changed = sum(before.get(number) != text for number, text in after.items())
        self.assertLess(len(before), changed)  # the demo's excerpts and the rest
        self.assertIn(f"未新建版本；{changed} 条已按导入文本更新或补入", first)
        self.assertNotIn("未作改动", first)
        written = len(after)
        texts = dict(Article.objects.values_list("pk", "text"))
        again = run(xzcf_2021(), "xzcf-official-2021-again")
        self.assertIn("条文与已导入文本一致，未作改动", again)
        self.assertNotIn("更新或补入", again)
        self.assertEqual(dict(Article.objects.values_list("pk", "text")), texts)
        self.assertEqual(Regulation.objects.get(title=XZCF).articles.count(), written)

    def test_an_older_text_imported_later_does_not_replace_the_version_in_force(self):
        run(aqsc_2021(), "aqsc-official-2021")
        output = run(aqsc_2014(), "aqsc-fa-2014")
        old = Regulation.objects.get(key="aqsc-fa-2014")
        current = Regulation.objects.get(key="aqsc-fa-2021")
        self.assertIn("较早版本", output)
        self.assertEqual(old.status, RegulationStatus.AMENDED)
        self.assertEqual(old.replaced_by, current)
        self.assertEqual(current.status, RegulationStatus.CURRENT)
        self.assertEqual(old.articles.count(), 114)

    def test_citations_and_the_register_still_resolve_after_the_imports(self):
        before = {
            text: resolve_citations(text, on=date(2025, 6, 1))[0][0][1].pk
            for text in (
                "《中华人民共和国安全生产法》第九十九条第（一）项",
                "《安全生产法》第二十八条",
                "《行政处罚法》第六十四条第（二）项",
            )
        }
        run(aqsc_2021(), "aqsc-official-2021")
        run(xzcf_2021(), "xzcf-official-2021")
        run(aqsc_2014(), "aqsc-fa-2014")
        for text, pk in before.items():
            [(_citation, article)], errors = resolve_citations(
                text, on=date(2025, 6, 1)
            )
            self.assertEqual((article.pk, errors), (pk, []), text)
        # A file decided in 2016 cites the version then in force (2014).
        [(_c, then)], _errors = resolve_citations(
            "《安全生产法》第九十九条", on=date(2016, 6, 1)
        )
        self.assertEqual(then.regulation.key, "aqsc-fa-2014")
        # The rest of the year's register imports against the library as it is now.
        rows = [g.row for g in self.generated[6:12]]
        valid, errors = importer.validate(importer.read_workbook(workbook(rows)))
        self.assertEqual([str(e) for e in errors], [])
        self.assertEqual(len(valid), 6)
        self.assertEqual(
            {row.fields["violated_article"].regulation.key for row in valid},
            {"aqsc-fa-2021"},
        )


class StatedEffectiveDateTests(TestCase):
    """The published 安全生产法 (2021) header carries only the amending decision's
    date (2021-06-10); the version took effect on 2021-09-01. Imported into an empty
    library, it must say so and take the date it is given, or a file decided in
    July 2021 would be checked against the 2021 text instead of the 2014 one."""

    def import_text(self, *extra):
        folder = Path(tempfile.mkdtemp())
        path = folder / "aqsc.md"
        path.write_text(aqsc_2021(), encoding="utf-8")
        out = StringIO()
        with translation.override("zh-hans"):
            call_command(
                "import_regulation", str(path), "--key", "aqsc-2021", "--level",
                "law", *extra, stdout=out,
            )  # fmt: skip
        return out.getvalue()

    def test_without_a_stated_date_the_import_warns_and_counts_from_publication(self):
        output = self.import_text()
        self.assertIn("文本未载明本版本的施行日期，按公布日期 2021-06-10 计", output)
        self.assertIn("--effective-on", output)
        regulation = Regulation.objects.get(key="aqsc-2021")
        self.assertIsNone(regulation.effective_on)
        self.assertEqual(regulation.promulgated_on, date(2021, 6, 10))

    def test_the_given_date_is_the_versions_and_the_warning_goes(self):
        output = self.import_text("--effective-on", "2021-09-01")
        self.assertNotIn("未载明", output)
        regulation = Regulation.objects.get(key="aqsc-2021")
        self.assertEqual(regulation.effective_on, date(2021, 9, 1))

    def test_a_malformed_date_is_refused_in_chinese_and_nothing_is_written(self):
        from django.core.management import CommandError

        with self.assertRaisesMessage(CommandError, "施行日期应写成 YYYY-MM-DD"):
            self.import_text("--effective-on", "2021年9月1日")
        self.assertFalse(Regulation.objects.filter(key="aqsc-2021").exists())
