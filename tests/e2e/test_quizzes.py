"""A staff member takes the timed demo exam on a phone, reloads halfway, loses
nothing, goes offline for a moment, submits and reads the review."""

import pytest

from demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/")


def answer(fieldset, index):
    """Give some answer to one question, whatever its type."""
    qtype = fieldset.get_attribute("data-qtype")
    if qtype in ("single", "judge"):
        fieldset.locator("label.option").nth(index % 2).click()
    elif qtype == "multiple":
        fieldset.locator("label.option").nth(0).click()
        fieldset.locator("label.option").nth(1).click()
    elif qtype == "blank":
        for box in fieldset.locator("input[type=text]").all():
            box.fill(f"答案{index}")
            box.blur()
    elif qtype == "case":
        selects = fieldset.locator("select")
        selects.nth(0).select_option(index=1)
        selects.nth(1).select_option(index=2)


def snapshot(fieldset):
    qtype = fieldset.get_attribute("data-qtype")
    if qtype == "blank":
        return [b.input_value() for b in fieldset.locator("input[type=text]").all()]
    if qtype == "case":
        return [s.input_value() for s in fieldset.locator("select").all()]
    return [i.is_checked() for i in fieldset.locator("input").all()]


def test_staff_member_takes_a_timed_exam_on_a_phone_and_loses_nothing(
    live_server, demo_data, phone_page, screenshot
):
    page = phone_page
    base = live_server.url
    login(page, base, "officer1")
    page.goto(f"{base}/quizzes/")
    page.click("a.card:has-text('岗位练兵考试')")
    screenshot(page, "quizzes-exam-phone-landing")
    page.click("button:has-text('开始考试')")
    page.wait_for_url("**/quizzes/attempts/**")
    assert page.locator("#countdown").inner_text() != "--:--"
    questions = page.locator("fieldset.question")
    total = questions.count()
    assert total == 13
    half = total // 2
    for i in range(half):
        answer(questions.nth(i), i)
    # A function, not an expression: Playwright evals expressions in the page,
    # which the CSP (no 'unsafe-eval') refuses.
    page.wait_for_function(
        "() => document.getElementById('save-status').textContent === '已保存'"
    )
    page.wait_for_timeout(800)  # the last saves acknowledged
    before = [snapshot(questions.nth(i)) for i in range(half)]
    screenshot(page, "quizzes-exam-phone-half")

    # A reload (or the same person on a second device) shows every answer given.
    page.evaluate("localStorage.clear()")
    page.reload()
    questions = page.locator("fieldset.question")
    after = [snapshot(questions.nth(i)) for i in range(half)]
    assert after == before
    assert page.locator("#answered-count").inner_text() == str(half)

    # Offline for a moment: the banner says so; the answer goes through once back.
    page.context.set_offline(True)
    answer(questions.nth(half), half)
    page.locator("#offline-banner").wait_for(state="visible")
    assert "自动保存失败" in page.locator("#offline-banner").inner_text()
    shot = screenshot(page, "quizzes-exam-phone-offline")
    # What the phone shows: the sticky bar with the countdown and the banner.
    page.screenshot(path=str(shot.with_name("quizzes-exam-phone-offline-screen.png")))
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.locator("#offline-banner").wait_for(state="hidden")
    for i in range(half + 1, total):
        answer(questions.nth(i), i)
    page.wait_for_timeout(1500)

    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    page.click("#submit-button")
    # Every question answered: the confirmation says so, then submits.
    assert "已全部作答" in page.locator("#submit-summary").inner_text()
    page.click("#confirm-submit")
    page.wait_for_url("**/result/")
    assert "分" in page.locator(".result__score").inner_text()
    # The demo exam shows its key after it closes (issue 13): the score only now.
    assert page.locator("article.review").count() == 0
    assert page.locator(".review__explanation").count() == 0
    screenshot(page, "quizzes-exam-phone-result")
