"""The annual report's layout after GB/T 9704, read back from the .docx XML and the
PDF (poppler): page, margins, faces, sizes, page numbers, numbered captions,
tables, document properties. Built from a hand-made report: no database."""

import datetime as dt
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.test import SimpleTestCase
from docx import Document
from docx.oxml.ns import qn

from analytics import charts, document, report
from tests.conftest import require_service

BUREAU = "东丽区应急管理局"
MM = 72 / 25.4  # PDF points per millimetre


def sample_report() -> report.AnnualReport:
    png = charts.render_print(charts.bar_chart(
        __import__("pandas").DataFrame({"k": ["第1期", "第2期"], "v": [3, 5]}),
        label="k", value="v", title="", ylabel="人",
    ))  # fmt: skip
    live = report.Section(
        "一、惠企安全空中课堂直播",
        [
            "全年在平台安排直播课2期，已举办2期。" * 6,
            report.Table(
                "已举办直播课观看情况",
                [["期次", "观看人数（人）"], ["第1期", "3"], ["第2期", "5"]],
                "数据来源：平台直播观看记录",
                unit="人",
            ),
            report.Chart("各期直播观众人数（单位：人）", png, "数据来源：平台"),
        ],
    )
    ledger = report.Section(
        "二、普法责任清单落实与普法活动",
        [
            report.Subheading("（一）普法责任清单执行情况"),
            "本年度平台未录入普法责任清单。",
        ]
        + ["全年开展普法活动10场。" * 12] * 8,
    )
    sections = [live, ledger]
    report._number(sections)
    generated = dt.datetime(2026, 1, 8, 2, 0, tzinfo=dt.UTC)
    return report.AnnualReport(2025, {}, {}, sections, generated, author=BUREAU)


class DocxLayoutTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dir = Path(tempfile.mkdtemp(prefix="ha-doc-"))
        cls.path = document.write_docx(sample_report(), cls.dir / "r.docx")
        cls.doc = Document(str(cls.path))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)
        super().tearDownClass()

    def test_a4_with_the_standard_margins(self):
        section = self.doc.sections[0]
        self.assertAlmostEqual(section.page_width.mm, 210, delta=0.1)
        self.assertAlmostEqual(section.page_height.mm, 297, delta=0.1)
        for side, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
            self.assertAlmostEqual(
                getattr(section, f"{side}_margin").mm, mm, delta=0.1, msg=side
            )

    def style_fonts(self, name):
        style = self.doc.styles[name]
        fonts = style.element.rPr.rFonts
        return fonts.get(qn("w:eastAsia")), style.font.size.pt, style

    def test_faces_and_sizes_of_title_headings_and_body(self):
        expected = {
            "Title": ("方正小标宋简体", 22),
            "Heading 1": ("黑体", 16),
            "Heading 2": ("楷体_GB2312", 16),
            "Normal": ("仿宋_GB2312", 16),
        }
        for name, (face, size) in expected.items():
            east, pt, _style = self.style_fonts(name)
            self.assertEqual((east, pt), (face, size), name)
        paragraphs = self.doc.paragraphs
        self.assertEqual(paragraphs[0].style.name, "Title")
        self.assertEqual(
            paragraphs[0].alignment or paragraphs[0].style.paragraph_format.alignment, 1
        )

    def test_no_default_template_theme_fonts_or_colours_in_used_styles(self):
        used = {p.style.name for p in self.doc.paragraphs}
        self.assertIn("Heading 1", used)
        for name in used:
            rpr = self.doc.styles[name].element.rPr
            xml = rpr.xml if rpr is not None else ""
            self.assertNotRegex(xml, r"Theme|themeColor", name)
            color = self.doc.styles[name].font.color.rgb
            self.assertIn(str(color), {"000000", "None"}, name)
        self.assertNotIn("pBdr", self.doc.styles["Title"].element.xml)

    def test_page_numbers_are_dashed_fields_at_the_outer_edge(self):
        section = self.doc.sections[0]
        self.assertTrue(self.doc.settings.odd_and_even_pages_header_footer)
        odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
        for paragraph in (odd, even):
            self.assertEqual(paragraph.text, "— 1 —")
            self.assertIn("PAGE", paragraph._p.xml)
            fonts = paragraph.runs[0].element.rPr.rFonts
            self.assertEqual(fonts.get(qn("w:eastAsia")), "宋体")
            self.assertEqual(paragraph.runs[0].font.size.pt, 14)
        self.assertEqual((odd.alignment, even.alignment), (2, 0))  # right, left

    def test_tables_are_centred_numbered_with_bold_repeating_header(self):
        table = self.doc.tables[0]
        self.assertEqual(table.alignment, 1)
        self.assertTrue(
            all(r.bold for c in table.rows[0].cells for r in c.paragraphs[0].runs)
        )
        self.assertFalse(
            any(r.bold for c in table.rows[1].cells for r in c.paragraphs[0].runs)
        )
        self.assertIn("w:tblHeader", table.rows[0]._tr.xml)
        self.assertTrue(all("w:cantSplit" in row._tr.xml for row in table.rows))
        texts = [p.text for p in self.doc.paragraphs]
        caption = texts.index("表1　已举办直播课观看情况")
        self.assertEqual(texts[caption + 1], "单位：人")
        self.assertIn("数据来源：平台直播观看记录", texts)

    def test_figures_are_numbered_below_the_picture_with_unit_and_source(self):
        texts = [p.text for p in self.doc.paragraphs]
        caption = texts.index("图1　各期直播观众人数（单位：人）")
        picture = self.doc.paragraphs[caption - 1]
        self.assertIn("graphic", picture._p.xml)
        # An exact line height would crop the picture to one line in Word.
        self.assertEqual(picture.paragraph_format.line_spacing_rule, 0)  # single
        self.assertEqual(texts[caption + 1], "数据来源：平台")

    def test_properties_name_the_bureau_not_python_docx(self):
        props = self.doc.core_properties
        self.assertEqual(props.author, BUREAU)
        self.assertEqual(props.last_modified_by, BUREAU)
        self.assertEqual(props.title, "2025年度安全生产法治培训与普法工作情况")
        self.assertNotIn("python-docx", f"{props.comments}{props.title}{props.subject}")
        self.assertEqual(props.created, dt.datetime(2026, 1, 8, 2, 0, tzinfo=dt.UTC))

    def test_the_font_table_names_alternates_word_can_fall_back_to(self):
        xml = self.doc.part.part_related_by(
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
        ).blob.decode()
        self.assertRegex(xml, r'w:name="仿宋_GB2312"><w:altName w:val="仿宋"')
        self.assertRegex(xml, r'w:name="楷体_GB2312"><w:altName w:val="楷体"')

    def test_closing_names_the_bureau_and_an_unpadded_date(self):
        texts = [p.text for p in self.doc.paragraphs]
        self.assertEqual(texts[-2:], [BUREAU, "2026年1月8日"])


class PdfLayoutTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dir = Path(tempfile.mkdtemp(prefix="ha-doc-"))
        cls.path = document.write_pdf(sample_report(), cls.dir / "r.pdf")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)
        super().tearDownClass()

    def poppler(self, *args) -> str:
        require_service(bool(shutil.which(args[0])), f"{args[0]} (poppler-utils)")
        return subprocess.run(
            [*args, str(self.path), *(["-"] if args[0] == "pdftotext" else [])],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip

    def test_a4_pages(self):
        info = self.poppler("pdfinfo")
        self.assertRegex(info, r"Page size:\s+595\.\d* x 841\.\d* pts \(A4\)")
        self.assertRegex(info, f"Author:\\s+{BUREAU}")

    def test_text_stays_inside_the_standard_margins(self):
        html = self.poppler("pdftotext", "-bbox")
        words = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            html,
        )
        body = [w for w in words if "—" not in w[4] and not w[4].isdigit()]
        self.assertTrue(body)
        self.assertGreaterEqual(min(float(w[0]) for w in body), 28 * MM - 1)
        self.assertLessEqual(max(float(w[2]) for w in body), (210 - 26) * MM + 1)
        self.assertGreaterEqual(min(float(w[1]) for w in body), 37 * MM - 1)
        self.assertLessEqual(max(float(w[3]) for w in body), (297 - 35) * MM + 1)

    def test_page_numbers_are_dashed_and_in_a_cjk_serif_face(self):
        text = self.poppler("pdftotext", "-layout")
        self.assertRegex(text, r"—\s*1\s*—")
        self.assertRegex(text, r"—\s*2\s*—")
        fonts = self.poppler("pdffonts")
        self.assertNotIn("DejaVu", fonts)
        self.assertIn("Noto-Serif-CJK-SC", fonts)  # the body and the page numbers
        self.assertIn("UKai", fonts)  # 二级 headings in a 楷体 face

    def test_the_stacks_name_the_standard_faces_first(self):
        self.assertTrue(document.css_stack("body").startswith('"仿宋_GB2312"'))
        self.assertTrue(document.css_stack("title").startswith('"方正小标宋简体"'))
        self.assertIn('"楷体_GB2312"', document.css_stack("subheading"))
