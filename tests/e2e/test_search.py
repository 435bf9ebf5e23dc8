"""Search on a phone (390×844) from the box in every page's header: everyday words
find the article, the live class and the explainer about them, highlighted."""

import pytest

from tests.courses.test_search import DEMO_FINDS

# Each word with the name of its screenshot.
EVERYDAY_WORDS = {
    "危化品": "search-weihuapin-phone",
    "液氨": "search-yean-phone",
    "动火": "search-donghuo-phone",
    "有限空间": "search-youxian-kongjian-phone",
}

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def search_from_header(page, query: str) -> list[dict]:
    page.fill("header .site-search input[name=q]", query)
    with page.expect_navigation():
        page.press("header .site-search input[name=q]", "Enter")
    assert page.input_value("header .site-search input[name=q]") == query
    return page.eval_on_selector_all(
        ".search-result",
        """els => els.map(el => ({
            kind: el.querySelector('.search-result__kind').innerText,
            title: el.querySelector('.card__title').innerText,
            marked: el.querySelectorAll('mark').length,
            href: el.getAttribute('href'),
        }))""",
    )


def titles_of(results, kind):
    return [r["title"] for r in results if r["kind"] == kind]


def test_everyday_words_find_the_article_class_and_explainer_on_a_phone(
    live_server, demo_data, phone_page, screenshot
):
    phone_page.goto(live_server.url + "/pufa/")
    # The header box is there on every page, and fits the phone.
    box = phone_page.locator("header .site-search input").bounding_box()
    assert box["width"] > 200 and box["x"] + box["width"] <= 390

    for query, shot in EVERYDAY_WORDS.items():
        article, live_class, explainer = DEMO_FINDS[query]
        results = search_from_header(phone_page, query)
        assert titles_of(results, "法规条文")[:1] == [article], results
        assert live_class in titles_of(results, "直播课"), results
        assert explainer in titles_of(results, "法规解读"), results
        # The best match is one of the three, and every result shows why it matched.
        assert results[0]["title"] in (article, live_class, explainer), results[0]
        assert all(r["marked"] for r in results), results
        screenshot(phone_page, shot)

    results = search_from_header(phone_page, "应急预案")
    article = next(r for r in results if r["title"] == "《安全生产法》第九十七条")
    phone_page.click(f".search-result[href='{article['href']}']")
    assert "应急救援预案" in phone_page.inner_text("main")
