"""Chinese search: jieba segmentation, on SQLite and on PostgreSQL."""

import pytest
from django.urls import reverse

from courses.search import segment, segment_query
from courses.views import search_pages
from demo.courses import seed_law_spine
from tests.courses.factories import explainer, regulation_index

QUERIES = {
    "重大事故隐患": "第四十一条解读",
    "有限空间": "有限空间作业解读",
    "主要负责人": "第二十一条解读",
}


def test_segment_indexes_words_and_their_parts():
    words = segment("重大事故隐患排查治理情况应当如实记录。").split()
    assert {"重大", "事故", "隐患", "事故隐患", "排查", "治理"} <= set(words)
    assert "。" not in words


def test_query_words_are_among_the_indexed_words():
    text = "生产经营单位的主要负责人是本单位安全生产第一责任人"
    assert set(segment_query("主要负责人").split()) <= set(segment(text).split())
    assert segment_query("  ") == ""


def build_pages():
    seed_law_spine()
    index = regulation_index()
    explainer(
        index,
        slug="a41",
        title="第四十一条解读",
        article_key="aqsc-fa-2021-41",  # its text mentions 重大事故隐患
    )
    explainer(
        index,
        slug="confined",
        title="有限空间作业解读",
        points="<p>进入有限空间作业前，先通风、再检测、后作业。</p>",
    )
    explainer(
        index,
        slug="a21",
        title="第二十一条解读",
        points="<p>生产经营单位的主要负责人对本单位安全生产工作全面负责。</p>",
    )
    explainer(index, slug="other", title="劳动防护用品", points="<p>按标准配发。</p>")


def assert_finds_each_explainer():
    for query, title in QUERIES.items():
        titles = [page.title for page in search_pages(query)]
        assert titles and titles[0] == title, (query, titles)
        assert "劳动防护用品" not in titles


@pytest.mark.django_db
def test_chinese_queries_find_the_explainers_that_contain_them():
    build_pages()
    assert_finds_each_explainer()


@pytest.mark.django_db
def test_unpublished_explainers_are_not_found():
    build_pages()
    from courses.models import ExplainerPage

    ExplainerPage.objects.get(slug="confined").unpublish()
    assert [p.title for p in search_pages("有限空间")] == []


def test_chinese_search_on_postgresql(postgres_only):
    build_pages()
    assert_finds_each_explainer()


@pytest.mark.django_db
def test_search_page_lists_results(client):
    build_pages()
    response = client.get(reverse("courses:search"), {"q": "有限空间"})
    assert response.status_code == 200
    assert "有限空间作业解读" in response.content.decode()
    assert "第二十一条解读" not in response.content.decode()
