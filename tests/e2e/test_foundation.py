import pytest

from demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_demo_trainer_logs_into_the_chinese_admin(
    live_server, demo_data, page, screenshot
):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "trainer")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    body = page.inner_text("body")
    assert "页面" in body  # the sidebar's "Pages", in Chinese
    assert "Dashboard" not in body and "Log out" not in body
    screenshot(page, "foundation-admin-trainer")


def test_visitor_reads_the_home_page_on_a_phone(
    live_server, demo_data, phone_page, screenshot
):
    phone_page.goto(live_server.url + "/")
    assert phone_page.locator("h1").inner_text() == "安全生产法治培训平台"
    # Nothing wider than the phone: no sideways scrolling.
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    screenshot(phone_page, "foundation-home-phone")
    phone_page.click("text=English")
    phone_page.wait_for_load_state()
    assert "Work Safety Law Training Platform" in phone_page.inner_text("header")
