"""我的 on a phone (390×844): reached from the header; an officer sees tasks, drills
with results, 错题本 and this year's 学时; an enterprise worker sees no staff quota;
a lesson cannot be marked complete a second after opening it."""

import pytest

from tests.e2e.test_courses import horizontal_overflow, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_officer_and_worker_use_the_my_hub_on_a_phone(
    live_server, demo_data, phone_page, screenshot
):
    log_in(phone_page, live_server.url, "officer4", "/my/learning/")
    phone_page.click("header a:has-text('我的')")
    phone_page.wait_for_url("**/my/")
    main = phone_page.inner_text("main")
    for heading in ("学习任务", "岗位练兵", "错题本", "学时", "直播课堂"):
        assert heading in main
    assert "已逾期" not in phone_page.inner_text("#my-drills")
    assert phone_page.locator(".year-switcher a.is-current").count() == 1
    assert horizontal_overflow(phone_page) <= 0
    screenshot(phone_page, "my-hub-officer-phone")

    # A lesson marked complete at once is refused, with the reason.
    phone_page.click("#my-tasks a.card")
    phone_page.locator(".lesson-list a").first.click()
    phone_page.click("text=完成本课时学习")
    phone_page.wait_for_selector(".message--error")
    assert "请先学习本课时内容" in phone_page.inner_text(".messages")
    assert phone_page.locator(".lesson__done").count() == 0
    screenshot(phone_page, "my-lesson-refused-phone")


def test_enterprise_worker_sees_no_staff_quota(
    live_server, demo_data, phone_page, screenshot
):
    log_in(phone_page, live_server.url, "worker", "/my/")
    assert "还差" not in phone_page.inner_text("main")
    assert phone_page.locator("#my-hours").count() == 0
    assert horizontal_overflow(phone_page) <= 0
    screenshot(phone_page, "my-hub-worker-phone")
