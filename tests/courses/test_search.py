"""Chinese search: jieba segmentation with the domain's words and synonyms, one
search over articles, explainers, courses, lessons, live classes and open quizzes,
on SQLite and on PostgreSQL."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from courses import search
from courses.search import (
    article_term_groups,
    mark,
    rank,
    segment,
    segment_query,
    snippet,
    term_groups,
)
from courses.site_search import site_search
from demo.courses import seed_law_spine
from tests.courses.factories import explainer, regulation_index
from tests.test_settings import run_in_production

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


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("危化品", "危险化学品储存安全管理要点"),
        ("应急预案", "未按照规定制定生产安全事故应急救援预案或者未定期组织演练的"),
        ("动火", "动火作业审批与现场监护"),
        ("液氨", "涉氨制冷企业的安全管理"),
    ],
)
def test_everyday_words_are_kept_whole_and_find_their_synonyms(query, text):
    assert segment_query(query) == query  # one word, not split into characters
    assert query in segment(text).split()


def test_articles_are_also_matched_by_the_laws_broader_word():
    (ammonia,) = article_term_groups(["液氨"])
    assert ammonia[:3] == ("液氨", "涉氨", "氨制冷")
    assert {"危险化学品", "危险物品"} <= set(ammonia)
    assert "危险作业" in article_term_groups(["有限空间"])[0]
    # Only widened, never narrowed; and pages keep the plain synonyms.
    assert article_term_groups(["危险物品"]) == [("危险物品",)]
    assert term_groups(["液氨"]) == [("液氨", "涉氨", "氨制冷")]


def test_the_dictionary_is_loaded_once_and_can_be_warmed_in_the_background():
    thread = search.warm_in_background()
    # The ASGI entry point calls it on every request: one thread per process.
    assert search.warm_in_background() is thread
    thread.join(timeout=30)
    assert search._jieba.cache_info().currsize == 1
    # Loaded: a query no longer pays for the dictionary.
    assert search._jieba() is search._jieba()


def test_gunicorn_workers_load_the_dictionary_at_start():
    """config.wsgi (HTTP, which serves search) loads it in the background at once; a
    bare django.setup() no longer does (tests/livestreams/test_worker_footprint.py)."""
    code = (
        "import sys, threading\n"
        "import config.wsgi\n"
        "for thread in threading.enumerate():\n"
        "    if thread is not threading.main_thread(): thread.join(timeout=60)\n"
        "sys.stdout.write(str('jieba' in sys.modules))\n"
    )
    result = run_in_production("-c", code)
    assert (result.returncode, result.stdout) == (0, "True"), result.stderr


async def test_the_asgi_application_loads_it_on_its_first_http_request(monkeypatch):
    import config.asgi

    warmed, served = [], []

    async def django_app(scope, receive, send):
        served.append(scope["path"])

    monkeypatch.setattr(search, "warm_in_background", lambda: warmed.append(True))
    monkeypatch.setattr(config.asgi, "django_asgi_app", django_app)
    await config.asgi.application({"type": "http", "path": "/"}, None, None)
    assert warmed == [True]
    assert served == ["/"]


def test_title_matches_rank_above_a_passing_mention():
    groups = term_groups(["有限空间"])
    about = rank(title="有限空间作业解读", text="有限空间作业前先通风。", groups=groups)
    mention = rank(title="课时", text="……含有限空间等高风险岗位……", groups=groups)
    assert about > mention > 0
    assert rank(title="课时", text="无关", groups=groups) == 0


def test_highlighting_escapes_the_text_and_marks_synonyms():
    groups = term_groups(["危化品"])
    html = mark("<b>危险化学品</b>与危化品", groups)
    assert html == "&lt;b&gt;<mark>危险化学品</mark>&lt;/b&gt;与<mark>危化品</mark>"


def test_snippet_shows_the_item_that_matches():
    text = (
        "生产经营单位有下列行为之一的：\n（一）未设置机构的；\n" + "（二）其他。" * 20
    )
    text += "\n（六）未按照规定制定生产安全事故应急救援预案的；\n（七）其他。"
    html = snippet(text, term_groups(["应急预案"]), width=60)
    assert html.startswith("…（六）")
    assert "<mark>应急救援预案</mark>" in html


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


def page_titles(query):
    return [
        hit.title.replace("<mark>", "").replace("</mark>", "")
        for hit in site_search(query)
        if hit.kind != "法规条文"
    ]


def assert_finds_each_explainer():
    for query, title in QUERIES.items():
        titles = page_titles(query)
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
    assert page_titles("有限空间") == []


@pytest.mark.django_db
def test_an_everyday_word_finds_the_article_item_written_the_legal_way():
    seed_law_spine()
    hits = [hit for hit in site_search("应急预案") if hit.kind == "法规条文"]
    labels = [str(hit.title) for hit in hits]
    assert "《安全生产法》第九十七条" in labels, labels
    art97 = hits[labels.index("《安全生产法》第九十七条")]
    assert art97.url == "/law/article/aqsc-fa-2021-97/"
    assert "（六）" in art97.snippet and "<mark>应急救援预案</mark>" in art97.snippet


def _live_class(title, *, start):
    from tests.livestreams.factories import make_class

    page = make_class(title=title, scheduled_start=start)
    page.save_revision().publish()


@pytest.mark.django_db
def test_live_classes_and_only_open_quizzes_are_found():
    from quizzes.factories import make_quiz

    _live_class("第7期：动火作业审批与现场监护", start=timezone.now())
    make_quiz([], title="动火作业安全知识练习")
    make_quiz(
        [],
        title="动火作业旧考试",
        closes_at=timezone.now() - dt.timedelta(days=1),
        opens_at=timezone.now() - dt.timedelta(days=9),
    )
    found = {
        hit.title.replace("<mark>", "").replace("</mark>", ""): hit.kind
        for hit in site_search("动火")
    }
    assert found["第7期：动火作业审批与现场监护"] == "直播课"
    assert "动火作业安全知识练习" in found
    assert "动火作业旧考试" not in found


def test_chinese_search_on_postgresql(postgres_only):
    build_pages()
    assert_finds_each_explainer()
    assert any(hit.kind == "法规条文" for hit in site_search("应急预案"))


@pytest.mark.django_db
def test_search_page_lists_highlighted_results(client):
    build_pages()
    response = client.get(reverse("courses:search"), {"q": "有限空间"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>有限空间</mark>作业解读" in html
    assert "第二十一条解读" not in html


@pytest.mark.django_db
def test_every_page_has_the_search_box_in_its_header(client):
    html = client.get(reverse("ledger:pufa_latest"), follow=True).content.decode()
    assert 'class="site-search"' in html and 'action="/search/"' in html


# Each everyday word: the article, the live class and the explainer it must find in
# the demo (issue 15), the article first among articles.
DEMO_FINDS = {
    "危化品": (
        "《安全生产法》第三十九条",
        "第2期：危险化学品储存安全管理要点",
        "第三十九条：危险化学品等危险物品的安全管理",
    ),
    "液氨": (
        "《安全生产法》第三十九条",
        "第5期：涉氨制冷企业液氨泄漏应急处置",
        "第三十九条：危险化学品等危险物品的安全管理",
    ),
    "动火": (
        "《安全生产法》第四十三条",
        "第7期：动火作业审批与现场监护",
        "第四十三条：动火、吊装、有限空间等危险作业的现场安全管理",
    ),
    "有限空间": (
        "《安全生产法》第四十三条",
        "第3期：有限空间作业“先通风、再检测、后作业”",
        "第四十三条：动火、吊装、有限空间等危险作业的现场安全管理",
    ),
}


def hits_by_kind(query) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for hit in site_search(query):
        title = hit.title.replace("<mark>", "").replace("</mark>", "")
        found.setdefault(hit.kind, []).append(title)
    return found


class DemoSearchTests(TestCase):
    """The four words of issue 15 on the seeded demo (law library, explainers and
    live classes), without a browser."""

    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", only=["courses", "livestreams"], stdout=StringIO())

    def test_everyday_words_find_their_article_class_and_explainer(self):
        for query, (article, live_class, explained) in DEMO_FINDS.items():
            found = hits_by_kind(query)
            with self.subTest(query=query):
                self.assertEqual(found.get("法规条文", [None])[0], article, found)
                self.assertIn(live_class, found.get("直播课", []), found)
                self.assertIn(explained, found.get("法规解读", []), found)

    def test_an_explainer_about_the_word_ranks_above_one_that_mentions_it(self):
        for query in ("危化品", "动火", "有限空间"):
            with self.subTest(query=query):
                explainers = hits_by_kind(query)["法规解读"]
                self.assertEqual(explainers[0], DEMO_FINDS[query][2], explainers)
        explainers = hits_by_kind("液氨")["法规解读"]
        training = "第二十八条：从业人员安全生产教育和培训"
        self.assertLess(
            explainers.index(DEMO_FINDS["液氨"][2]), explainers.index(training)
        )

    def test_the_article_hit_marks_the_laws_own_word(self):
        hit = next(h for h in site_search("液氨") if h.kind == "法规条文")
        # 第三十九条 says 危险物品, never 液氨: the snippet shows why it matched.
        self.assertIn("<mark>危险物品</mark>", hit.snippet)
        self.assertEqual(hit.url, "/law/article/aqsc-fa-2021-39/")
