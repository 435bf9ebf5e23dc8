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


ORIGINAL_HEADER = (
    "（2020年1月10日某某市人民代表大会常务委员会通过　根据2024年3月28日某某市人民代表"
    "大会常务委员会关于修改的决定修正　自2024年5月1日起施行）"
)
OLDER_HEADER = "（2020年1月10日某某市人民代表大会常务委员会通过　自2020年3月1日起施行）"


class ImportRegulationTests(TestCase):
    def older_text(self, **replacements) -> Path:
        """The 2020 version of the test regulation (a file of its own)."""
        import tempfile

        text = (DATA / "multi_chapter.md").read_text(encoding="utf-8")
        text = text.replace(ORIGINAL_HEADER, OLDER_HEADER)
        text = text.replace("本条例自2024年5月1日起施行", "本条例自2020年3月1日起施行")
        for old, new in replacements.items():
            text = text.replace(old, new)
        folder = Path(tempfile.mkdtemp())
        path = folder / "older.md"
        path.write_text(text, encoding="utf-8")
        self.addCleanup(__import__("shutil").rmtree, folder)
        return path

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
        run(str(self.older_text()), "--key", "demo-tl-2020")
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

    def test_versions_are_ordered_by_date_not_by_import(self):
        run(str(DATA / "multi_chapter.md"), "--key", "demo-tl-2024")
        output = run(str(self.older_text()), "--key", "demo-tl-2020")
        old = Regulation.objects.get(key="demo-tl-2020")
        new = Regulation.objects.get(key="demo-tl-2024")
        self.assertEqual(new.status, RegulationStatus.CURRENT)
        self.assertEqual(old.status, RegulationStatus.AMENDED)
        self.assertEqual(old.replaced_by, new)
        self.assertEqual(new.previous_version, old)
        self.assertIn("较早版本", output)

    def test_importing_an_equal_text_changes_nothing(self):
        run(str(DATA / "multi_chapter.md"), "--key", "demo-tl-2024")
        before = list(Article.objects.values_list("pk", "text"))
        output = run(str(DATA / "multi_chapter.md"), "--key", "official-2024")
        self.assertEqual(Regulation.objects.count(), 1)
        regulation = Regulation.objects.get()
        self.assertEqual(regulation.status, RegulationStatus.CURRENT)
        self.assertEqual(list(Article.objects.values_list("pk", "text")), before)
        self.assertIn("同一版本", output)

    def test_the_same_version_transcribed_again_updates_its_articles_in_place(self):
        run(str(self.older_text()), "--key", "demo-tl-2020")
        article = Article.objects.get(key="demo-tl-2020-1")
        path = self.older_text(**{"为了加强安全生产工作": "为了加强和规范安全生产工作"})
        run(str(path), "--key", "official-2020")
        self.assertEqual(Regulation.objects.count(), 1)
        article.refresh_from_db()
        self.assertIn("加强和规范", article.text)

    def test_citations_resolve_to_the_version_in_force_on_a_date(self):
        from datetime import date

        from courses.services import resolve_citations

        run(str(self.older_text()), "--key", "demo-tl-2020")
        run(str(DATA / "multi_chapter.md"), "--key", "demo-tl-2024")
        text = "《某某市安全生产示范条例》第四条"
        [(_c, then)], _errors = resolve_citations(text, on=date(2023, 6, 1))
        [(_c, now)], _errors = resolve_citations(text, on=date(2024, 6, 1))
        [(_c, default)], _errors = resolve_citations(text)
        self.assertEqual(then.regulation.key, "demo-tl-2020")
        self.assertEqual(now.regulation.key, "demo-tl-2024")
        self.assertEqual(default.regulation.key, "demo-tl-2024")
