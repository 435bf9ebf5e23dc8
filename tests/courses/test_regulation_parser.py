"""The regulation text parser: structure read, malformed files refused by line."""

from datetime import date
from pathlib import Path

import pytest
from django.utils import translation

from courses.regulation_parser import RegulationFormatError, parse_regulation

DATA = Path(__file__).parent / "data"


def refuse(text: str) -> list[str]:
    with translation.override("zh-hans"), pytest.raises(RegulationFormatError) as info:
        parse_regulation(text)
    return [str(error) for error in info.value.errors]


def test_reads_title_header_chapters_sections_and_articles():
    parsed = parse_regulation((DATA / "multi_chapter.md").read_text())
    assert parsed.title == "某某市安全生产示范条例"
    assert parsed.effective_on == date(2024, 5, 1)
    assert parsed.promulgated_on == date(2024, 3, 28)
    assert "2020年1月10日" in parsed.history
    assert [(a.number, a.suffix) for a in parsed.articles] == [
        (1, 0),
        (2, 0),
        (3, 0),
        (3, 1),
        (4, 0),
        (5, 0),
    ]
    assert [a.chapter_number for a in parsed.articles] == [1, 1, 2, 2, 2, 3]
    third = parsed.articles[2]
    assert third.chapter_title == "第二章 生产经营单位的安全生产保障"
    assert third.section_title == "第一节 一般规定"
    assert parsed.articles[4].section_title == "第二节 特别规定"
    assert parsed.articles[5].section_title == ""


def test_keeps_paragraphs_and_items_on_their_own_lines():
    parsed = parse_regulation((DATA / "multi_chapter.md").read_text())
    assert parsed.articles[1].text.count("\n") == 1
    assert parsed.articles[2].text.splitlines()[1] == "（一）建立全员安全生产责任制；"


def test_table_of_contents_is_header_not_structure():
    parsed = parse_regulation((DATA / "multi_chapter.md").read_text())
    assert parsed.articles[0].chapter_title == "第一章 总则"
    assert "第二章" not in parsed.history


def test_plain_text_without_chapters_is_accepted():
    parsed = parse_regulation(
        "某办法\n第一条 甲。\n第二条 乙。\n第二条之一 丙。\n第三条 丁。"
    )
    assert [a.suffix for a in parsed.articles] == [0, 0, 1, 0]
    assert parsed.articles[0].chapter_number == 0


def test_refuses_an_article_out_of_sequence_naming_its_line():
    errors = refuse((DATA / "out_of_sequence.txt").read_text())
    assert errors == ["第9行：第四条顺序错误：前一条是第二条"]


def test_refuses_a_duplicated_article_number():
    errors = refuse("某办法\n第一条 甲。\n第二条 乙。\n第二条 丙。")
    assert errors == ["第4行：第二条重复出现"]


def test_refuses_a_file_without_articles():
    assert refuse("某办法\n（2020年通过）\n总则") == ["文件中没有条文（第X条）。"]


def test_refuses_text_outside_any_article():
    errors = refuse(
        "某办法\n第一章 总则\n第一条 甲。\n第二章 管理\n这一行不属于任何条\n第二条 乙。"
    )
    assert errors == ["第5行：条文之外的文字：“这一行不属于任何条”"]


def test_refuses_chapters_out_of_sequence_and_empty_articles():
    errors = refuse("某办法\n第一章 总则\n第一条 甲。\n第三章 附则\n第二条")
    assert errors == ["第4行：第三章顺序错误：应为第二章", "第5行：第二条没有内容"]


def test_refuses_a_first_article_other_than_article_one():
    assert refuse("某办法\n第二条 甲。") == ["第2行：第二条顺序错误：应从第一条开始"]
