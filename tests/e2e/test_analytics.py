"""A trainer opens the analytics dashboard on the demo data and sees Chinese charts."""

import pytest
from django.utils import timezone

from demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_trainer_sees_the_dashboard_with_charts_and_exports(
    page, live_server, demo_data, screenshot
):
    year = timezone.localdate().year - 1
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "trainer")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/analytics/?year={year}")
    assert page.locator("h1.an-title").inner_text().strip() == "统计分析看板"
    images = page.locator(".an-charts img")
    assert images.count() >= 8
    # Every chart image loaded (a broken image has naturalWidth 0).
    page.wait_for_function(  # a function: the CSP refuses Playwright's eval
        "() => [...document.querySelectorAll('.an-charts img')]"
        ".every(i => i.complete && i.naturalWidth > 0)",
        timeout=60_000,
    )
    assert page.get_by_role("link", name="导出 Excel").count() >= 5
    screenshot(page, "analytics-dashboard")
    page.locator(".an-charts figure").nth(6).scroll_into_view_if_needed()
    screenshot(page, "analytics-dashboard-charts")
    # At phone size every chart is scaled to the screen, none cut off at the side.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.an-charts img')]"
        ".every(i => i.complete && i.naturalWidth > 0)",
        timeout=60_000,
    )
    overflowing = page.evaluate(
        "() => [...document.querySelectorAll('.an-charts img')]"
        ".filter(i => i.getBoundingClientRect().right > 390).length"
    )
    assert overflowing == 0
    screenshot(page, "analytics-dashboard-phone")
    page.locator(".an-charts figure").first.scroll_into_view_if_needed()
    screenshot(page, "analytics-dashboard-phone-charts")


def test_worker_cannot_open_the_dashboard(page, live_server, demo_data):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "worker")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/admin/analytics/")
    assert "统计分析看板" not in page.content()
