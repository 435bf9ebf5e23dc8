"""Search on a phone (390×844) from the box in every page's header: everyday words
find the article, the live class and the explainer about them, highlighted."""

import pytest

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

    results = search_from_header(phone_page, "危化品")
    assert "第2期：危险化学品储存安全管理要点" in titles_of(results, "直播课")
    assert titles_of(results, "法规解读"), results
    assert all(r["marked"] for r in results)
    screenshot(phone_page, "search-weihuapin-phone")

    results = search_from_header(phone_page, "液氨")
    assert "第5期：涉氨制冷企业液氨泄漏应急处置" in titles_of(results, "直播课")
    assert "第二十八条：从业人员安全生产教育和培训" in titles_of(results, "法规解读")

    results = search_from_header(phone_page, "动火")
    assert results[0]["title"] == "第7期：动火作业审批与现场监护"
    assert "《安全生产法》第一百零一条" in titles_of(results, "法规条文")
    screenshot(phone_page, "search-donghuo-phone")

    results = search_from_header(phone_page, "有限空间")
    assert "有限空间" in results[0]["title"], results[0]
    assert titles_of(results, "法规解读")
    screenshot(phone_page, "search-youxian-kongjian-phone")

    results = search_from_header(phone_page, "应急预案")
    article = next(r for r in results if r["title"] == "《安全生产法》第九十七条")
    phone_page.click(f".search-result[href='{article['href']}']")
    assert "应急救援预案" in phone_page.inner_text("main")
