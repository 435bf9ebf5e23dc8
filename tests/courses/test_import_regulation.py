"""manage.py import_regulation: a multi-chapter file loads; a malformed one writes
nothing and names the line."""

from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import translation

from courses.models import Article, Regulation, RegulationStatus

DATA = Path(__file__).parent / "data"


def run(*args):
    out = StringIO()
    with translation.override("zh-hans"):
        call_command("import_regulation", *args, stdout=out)
    return out.getvalue()


class ImportRegulationTests(TestCase):
    def test_loads_a_multi_chapter_file(self):
        output = run(str(DATA / "multi_chapter.md"), "--key", "demo-tl-2024")
        regulation = Regulation.objects.get(key="demo-tl-2024")
        self.assertEqual(regulation.title, "某某市安全生产示范条例")
        self.assertEqual(regulation.level, "local_regulation")
        self.assertEqual(str(regulation.effective_on), "2024-05-01")
        self.assertEqual(regulation.articles.count(), 6)
        extra = Article.objects.get(key="demo-tl-2024-3-1")
        self.assertEqual(extra.number_cn, "第三条之一")
        self.assertEqual(extra.section_title, "第一节 一般规定")
        self.assertEqual(regulation.articles.get(number=5).chapter_title, "第三章 附则")
        self.assertIn("3 章，6 条", output)

    def test_a_new_version_replaces_the_one_in_force(self):
        run(str(DATA / "multi_chapter.md"), "--key", "demo-tl-2020")
        output = run(str(DATA / "multi_chapter.md"), "--key", "demo-tl-2024")
        old = Regulation.objects.get(key="demo-tl-2020")
        new = Regulation.objects.get(key="demo-tl-2024")
        self.assertEqual(old.status, RegulationStatus.AMENDED)
        self.assertEqual(old.replaced_by, new)
        self.assertEqual(new.previous_version, old)
        self.assertEqual(new.status, RegulationStatus.CURRENT)
        self.assertEqual(old.articles.count(), 6)  # kept: others point at them
        self.assertIn("取代", output)

    def test_a_malformed_file_is_refused_with_its_line_and_nothing_is_written(self):
        with self.assertRaises(CommandError) as error:
            run(str(DATA / "out_of_sequence.txt"), "--key", "bad-2024")
        self.assertIn("第9行：第四条顺序错误：前一条是第二条", str(error.exception))
        self.assertFalse(Regulation.objects.exists())
        self.assertFalse(Article.objects.exists())

    def test_a_used_key_is_refused(self):
        run(str(DATA / "multi_chapter.md"), "--key", "demo-tl-2024")
        with self.assertRaises(CommandError) as error:
            run(str(DATA / "multi_chapter.md"), "--key", "demo-tl-2024")
        self.assertIn("demo-tl-2024", str(error.exception))
        self.assertEqual(Regulation.objects.count(), 1)

    def test_dry_run_writes_nothing(self):
        output = run(str(DATA / "multi_chapter.md"), "--key", "x-1", "--dry-run")
        self.assertIn("未写入", output)
        self.assertFalse(Regulation.objects.exists())
