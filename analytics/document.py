"""The annual report as a government document after GB/T 9704-2012 (党政机关公文格式).

Both files share one layout: A4; margins top 37 mm, bottom 35 mm, left 28 mm, right
26 mm; the title in 2号 方正小标宋简体, 一级 headings in 3号 黑体, 二级 in 3号 楷体,
the body in 3号 (16 pt) 仿宋 with 22 lines a page; "— 1 —" page numbers in 4号 at
the outer edge (right on odd pages, left on even); numbered 表 (caption above) and
图 (caption below), each with its unit and source; the issuing bureau and the date
at the end, the date without zero padding.

- .docx (python-docx): names the standard faces so Word on the bureau's PCs uses
  them, with the Windows names as alternates in the font table (仿宋_GB2312 → 仿宋
  …). Every style used is rewritten, so nothing of python-docx's default template
  (Calibri/Cambria theme fonts, blue headings, US Letter) remains.
- PDF (WeasyPrint): the same names first, then the best free faces the project
  installs (bin/system-deps: fonts-noto-cjk, fonts-arphic-ukai/uming).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from django.template.loader import render_to_string

# Face names Word knows, with the alternates a PC may have instead.
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
ALTERNATES = {
    TITLE_FONT: ["FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "华文中宋", "宋体"],
    HEADING_FONT: ["SimHei"],
    SUBHEADING_FONT: ["楷体", "KaiTi", "KaiTi_GB2312", "华文楷体"],
    BODY_FONT: ["仿宋", "FangSong", "FangSong_GB2312", "华文仿宋"],
    NUMBER_FONT: ["SimSun"],
}

# The PDF's stacks: the standard faces when installed, then free ones (Debian).
FREE_FACES = {
    "title": ["Noto Serif CJK SC"],
    "heading": ["Noto Sans CJK SC"],
    "subheading": ["AR PL UKai CN", "Noto Serif CJK SC"],
    "body": ["Noto Serif CJK SC", "AR PL UMing CN"],
}
PDF_STACKS = {
    "title": [TITLE_FONT, *ALTERNATES[TITLE_FONT][:3], *FREE_FACES["title"]],
    "heading": [HEADING_FONT, "SimHei", *FREE_FACES["heading"]],
    "subheading": [SUBHEADING_FONT, "楷体", "KaiTi", *FREE_FACES["subheading"]],
    "body": [BODY_FONT, "仿宋", "FangSong", *FREE_FACES["body"]],
}

# GB/T 9704: 2号 = 22 pt, 3号 = 16 pt, 4号 = 14 pt; 22 lines in a 225 mm text area.
TITLE_PT, BODY_PT, NUMBER_PT, TABLE_PT, NOTE_PT = 22, 16, 14, 10.5, 12
LINE_PT = 28.9
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
PAGE_MM = (210, 297)


def css_stack(role: str) -> str:
    return ", ".join(f'"{name}"' for name in PDF_STACKS[role]) + ", serif"


# --- .docx ---------------------------------------------------------------------------


def write_docx(report, path: Path) -> Path:
    """The report as a Word document laid out after GB/T 9704."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(22)
    _styles(document)
    _page_numbers(document, section)
    _properties(document, report)
    _font_table(document)

    document.add_paragraph(report.title, style="Title")
    for part in report.sections:
        document.add_paragraph(part.heading, style="Heading 1")
        for block in part.blocks:
            # Blocks say what they are (report.Subheading/Table/Chart); text is str.
            kind = getattr(block, "kind", "paragraph")
            if kind == "subheading":
                document.add_paragraph(block.text, style="Heading 2")
            elif kind == "table":
                _table(document, block)
            elif kind == "chart":
                _chart(document, block)
            else:
                document.add_paragraph(block, style="Normal")
    _closing(document, report)
    document.save(path)
    return path


def _set_fonts(style_or_run, east_asian: str, size_pt: float, *, bold=False) -> None:
    """Fonts of a style or run: Latin in Times New Roman, Chinese in ``east_asian``,
    with the theme-font attributes of the default template removed (they win over
    named fonts in Word)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    font = style_or_run.font
    font.name = LATIN_FONT
    font.size = Pt(size_pt)
    font.bold = bold
    font.italic = False
    font.color.rgb = RGBColor(0, 0, 0)
    element = style_or_run.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:cs"), LATIN_FONT)


def _paragraph_format(style, *, align=None, indent=True, before=0, after=0) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.first_line_indent = Pt(BODY_PT * 2) if indent else Pt(0)
    fmt.left_indent = Pt(0)
    if align is not None:
        fmt.alignment = align


def _styles(document) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    styles = document.styles
    normal = styles["Normal"]
    _set_fonts(normal, BODY_FONT, BODY_PT)
    _paragraph_format(normal, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    normal.paragraph_format.widow_control = True

    title = styles["Title"]
    _set_fonts(title, TITLE_FONT, TITLE_PT)
    _paragraph_format(
        title, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=LINE_PT
    )
    title.paragraph_format.line_spacing = Pt(35)
    _drop_borders(title)

    for name, face in (("Heading 1", HEADING_FONT), ("Heading 2", SUBHEADING_FONT)):
        style = styles[name]
        _set_fonts(style, face, BODY_PT)
        _paragraph_format(style, align=WD_ALIGN_PARAGRAPH.LEFT)
        style.paragraph_format.keep_with_next = True

    for name, face, size, align in (
        ("Caption", HEADING_FONT, NUMBER_PT, WD_ALIGN_PARAGRAPH.CENTER),
        ("公文表注", BODY_FONT, NOTE_PT, WD_ALIGN_PARAGRAPH.LEFT),
        ("公文表格", BODY_FONT, TABLE_PT, WD_ALIGN_PARAGRAPH.CENTER),
        ("公文单位", BODY_FONT, NOTE_PT, WD_ALIGN_PARAGRAPH.RIGHT),
    ):
        style = (
            styles[name]
            if name in [s.name for s in styles]
            else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        )
        style.base_style = normal
        _set_fonts(style, face, size)
        _paragraph_format(style, align=align, indent=False)
        style.paragraph_format.line_spacing = Pt(size * 1.5)


def _drop_borders(style) -> None:
    """The default Title style has a blue bottom border: remove it."""
    from docx.oxml.ns import qn

    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def _page_numbers(document, section) -> None:
    """ "— 1 —" in 4号 宋体: right on odd pages, left on even ones."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document.settings.odd_and_even_pages_header_footer = True
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        fmt = paragraph.paragraph_format
        fmt.first_line_indent = 0
        # One character in from the edge, as the standard asks.
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = _pt(NUMBER_PT)
        else:
            fmt.left_indent = _pt(NUMBER_PT)
        for text in ("— ", None, " —"):
            run = paragraph.add_run(text or "")
            _set_fonts(run, NUMBER_FONT, NUMBER_PT)
            run.font.name = NUMBER_FONT
            if text is None:
                _field(run, "PAGE")


def _pt(value):
    from docx.shared import Pt

    return Pt(value)


def _field(run, code: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, shown, end):
        run._r.append(element)


def _properties(document, report) -> None:
    props = document.core_properties
    props.author = report.author
    props.last_modified_by = report.author
    props.title = report.title
    props.subject = "法治政府建设年度报告（培训与普法部分）"
    props.keywords = "安全生产；法治培训；普法"
    props.comments = f"由平台根据{report.year}年数据统计生成"
    props.category = "年度报告"
    props.language = "zh-CN"
    # python-docx writes the time as UTC ("…Z"): give it UTC.
    created = report.generated_at.astimezone(dt.UTC).replace(tzinfo=None)
    props.created = created
    props.modified = created
    props.revision = 1


def _font_table(document) -> None:
    """Declare the standard faces with their alternates in word/fontTable.xml, so
    Word substitutes 仿宋 for a missing 仿宋_GB2312 instead of its default."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    part = document.part.part_related_by(RT.FONT_TABLE)
    from lxml import etree

    root = etree.fromstring(part.blob)
    existing = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, alternates in ALTERNATES.items():
        if name in existing:
            continue
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
        etree.SubElement(font, qn("w:altName"), {qn("w:val"): alternates[0]})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})  # GB2312
        etree.SubElement(font, qn("w:family"), {qn("w:val"): "modern"})
        etree.SubElement(font, qn("w:pitch"), {qn("w:val"): "fixed"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                standalone=True)  # fmt: skip


def _table(document, table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document.add_paragraph(table.caption, style="Caption")
    if table.unit:
        document.add_paragraph(f"单位：{table.unit}", style="公文单位")
    grid = document.add_table(rows=0, cols=len(table.header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, row in enumerate(table.rows):
        added = grid.add_row()
        # A row never splits across pages.
        cant_split = OxmlElement("w:cantSplit")
        added._tr.get_or_add_trPr().append(cant_split)
        cells = added.cells
        for cell, text in zip(cells, row, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.style = "公文表格"
            run = paragraph.add_run(text)
            if i == 0:
                run.bold = True
        if i == 0:  # the header row repeats on every page the table crosses
            tr_pr = added._tr.get_or_add_trPr()
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            tr_pr.append(header)
    if table.source:
        document.add_paragraph(table.source, style="公文表注")


def _chart(document, chart) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm

    paragraph = document.add_paragraph(style="公文表格")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # Single spacing: an exact line height (the style's) would crop the picture.
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.add_run().add_picture(io.BytesIO(chart.png), width=Mm(150))
    document.add_paragraph(chart.caption, style="Caption")
    if chart.source:
        document.add_paragraph(chart.source, style="公文表注")


def _closing(document, report) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document.add_paragraph(
        f"本部分数据由平台于{report.date_text}自动统计生成。", style="公文表注"
    )
    document.add_paragraph("", style="Normal")
    for text in (report.author, report.date_text):
        paragraph = document.add_paragraph(text, style="Normal")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # GB/T 9704: the date ends four characters in from the right margin.
        paragraph.paragraph_format.first_line_indent = 0
        paragraph.paragraph_format.right_indent = _pt(BODY_PT * 4)


# --- PDF -----------------------------------------------------------------------------


def html(report) -> str:
    return render_to_string(
        "analytics/annual_report.html",
        {
            "report": report,
            "fonts": {role: css_stack(role) for role in PDF_STACKS},
            "margins": MARGINS_MM,
        },
    )


def write_pdf(report, path: Path) -> Path:
    """The report as PDF through WeasyPrint, in the same layout."""
    from weasyprint import HTML

    HTML(string=html(report)).write_pdf(
        path,
        # WeasyPrint reads these from <meta> tags: author, title, dates.
    )
    return path
