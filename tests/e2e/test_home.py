"""The home page on a phone (390×844): the class live now and the next one come
first, above the fold, with their QR code and share link; 惠企安全空中课堂 is the
first card."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.e2e.test_courses import horizontal_overflow

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_home_opens_with_the_live_and_the_next_class(
    live_server, demo_data, phone_page, screenshot
):
    from tests.livestreams.factories import make_class

    live = make_class(period=13, title="第13期：冬季危化品企业安全检查")
    upcoming = make_class(
        period=14,
        live=False,
        title="第14期：有限空间作业“先通风、再检测、后作业”",
        scheduled_start=timezone.now() + dt.timedelta(days=3),
    )
    for page in (live, upcoming):
        page.save_revision().publish()

    phone_page.goto(live_server.url + "/")
    items = phone_page.locator(".live-notice__item")
    assert items.count() == 2
    assert "直播中" in items.nth(0).inner_text()
    assert "第13期" in items.nth(0).inner_text()
    assert "即将开始" in items.nth(1).inner_text()
    # Both are above the fold of an 844-pixel phone screen.
    box = items.nth(1).bounding_box()
    assert box["y"] + box["height"] <= 844
    first_card = phone_page.locator(".section-grid .card__title").first.inner_text()
    assert first_card == "惠企安全空中课堂"
    assert horizontal_overflow(phone_page) <= 0
    assert (
        phone_page.locator("link[rel=icon]")
        .get_attribute("href")
        .endswith("favicon.svg")
    )
    screenshot(phone_page, "home-live-notice-phone")

    qr = items.nth(0).locator("a:has-text('二维码')").get_attribute("href")
    response = phone_page.request.get(live_server.url + qr)
    assert response.ok and response.headers["content-type"] == "image/png"
    items.nth(0).locator("a:has-text('进入直播')").click()
    phone_page.wait_for_url(f"**{live.url}")
