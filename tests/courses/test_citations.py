import pytest

from courses.citations import (
    Citation,
    CitationError,
    parse_citations,
    to_chinese,
    to_int,
)


@pytest.mark.parametrize(
    ("numeral", "number"),
    [
        ("九十七", 97),
        ("一百零二", 102),
        ("十", 10),
        ("二十八", 28),
        ("一百一十九", 119),
        ("97", 97),
    ],
)
def test_chinese_numerals_convert_both_ways(numeral, number):
    assert to_int(numeral) == number
    if not numeral.isdigit():
        assert to_chinese(number) == numeral


def test_full_and_short_titles_items_and_paragraphs():
    citations = parse_citations(
        "《中华人民共和国安全生产法》第九十九条第一项；《安全生产法》第二十八条、第三十六条第二款"
    )
    assert citations == [
        Citation(
            "中华人民共和国安全生产法",
            99,
            0,
            None,
            1,
            "《中华人民共和国安全生产法》第九十九条第一项",
        ),
        Citation("安全生产法", 28, 0, None, None, "《安全生产法》第二十八条"),
        # No title of its own: it takes the one before it, and says so in raw.
        Citation("安全生产法", 36, 0, 2, None, "《安全生产法》第三十六条第二款"),
    ]


def test_article_suffix_zhi_yi():
    (citation,) = parse_citations("《刑法》第一百三十四条之一第二项")
    assert (citation.number, citation.suffix, citation.item) == (134, 1, 2)
    assert citation.article_label == "第一百三十四条之一"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "未填写"),
        ("第九十九条", "缺少法规名称"),
        ("《安全生产法》第九十九条 以及别的", "以及别的"),
        ("安全生产法99条", "无法识别"),
    ],
)
def test_unreadable_citations_are_refused_with_the_offending_text(text, fragment):
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(CitationError) as info:
        parse_citations(text)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("《安全生产法》第九十九条第（三）项", [(99, None, 3)]),
        ("《安全生产法》第九十九条第(三)项", [(99, None, 3)]),
        ("《安全生产法》第九十九条第（一）项之规定", [(99, None, 1)]),
        ("违反了《安全生产法》第三十五条的规定", [(35, None, None)]),
        ("《安全生产法》第二十八条第一款、第四款", [(28, 1, None), (28, 4, None)]),
        ("《安全生产法》第九十九条第三项、第四项", [(99, None, 3), (99, None, 4)]),
        (
            "《安全生产法》第三十六条第二款第（一）项、第（二）项",
            [(36, 2, 1), (36, 2, 2)],
        ),
    ],
)
def test_forms_written_in_decisions_are_read(text, expected):
    citations = parse_citations(text)
    assert [(c.number, c.paragraph, c.item) for c in citations] == expected
    assert all(c.title == "安全生产法" for c in citations)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("第四款", "第四款"),  # a continuation with no article before it
        ("《安全生产法》第九十九条第三目", "第三目"),
        ("《安全生产法》第九十九条之规定外", "之规定外"),
    ],
)
def test_refused_forms_name_what_could_not_be_read(text, fragment):
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(CitationError) as info:
        parse_citations(text)
    assert f"“{fragment}”" in str(info.value)
