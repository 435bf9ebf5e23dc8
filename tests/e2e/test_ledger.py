"""A trainer records a 送法进企 event in the admin against a 普法责任清单 item, and
the public list (on a phone) shows the item done."""

import pytest
from django.utils import timezone

from demo.accounts import DEMO_PASSWORD
from ledger.models import Activity, ResponsibilityItem, ResponsibilityList

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ENTERPRISES = ["津东化工储运有限公司", "东丽精细化学品有限公司", "金桥钢铁制品有限公司"]
ARTICLES = ["《安全生产法》第二十八条", "《安全生产法》第三十六条"]


def _log_in(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def test_trainer_records_an_event_and_the_public_list_shows_the_item_done(
    live_server, demo_data, page, phone_page, screenshot
):
    base = live_server.url
    item = ResponsibilityItem.objects.create(
        responsibility_list=ResponsibilityList.objects.get(year=2025),
        number=7,
        responsible_unit="执法三组",
        laws="《安全生产法》",
        audience="危险化学品企业一线班组",
        method="年末送法进企专场",
        timing="11月",
    )
    phone_page.goto(f"{base}/pufa/2025/")
    card = phone_page.locator('[data-item="7"]')
    assert card.get_attribute("data-status") == "not_started"
    assert "未开始" in card.inner_text()

    _log_in(page, base, "trainer")
    page.goto(f"{base}/admin/pufa_activities/new/")
    page.fill("#id_title", "年末送法进企（危化企业专场）")
    page.select_option("#id_activity_type", label="送法进企")
    page.fill("#id_date", "2025-11-20")
    page.keyboard.press("Escape")
    page.fill("#id_place", "津东化工储运有限公司会议室")
    page.fill("#id_organiser", "执法三组")
    page.check("label:has-text('黄督导') input")
    # Enterprises are chosen in a searchable modal, several at a time.
    page.get_by_role("button", name="增加 企业").click()
    modal = page.locator(".modal")
    modal.locator("input[name=q]").fill("化工")
    modal.locator("tr", has_text=ENTERPRISES[2]).wait_for(state="detached")
    assert modal.locator("tr", has_text=ENTERPRISES[0]).count() == 1
    screenshot(page, "ledger-admin-enterprise-chooser")
    modal.locator("input[name=q]").fill("")
    modal.locator("tr", has_text=ENTERPRISES[2]).wait_for()  # the full list is back
    page.wait_for_load_state("networkidle")
    for name in ENTERPRISES:
        modal.locator("tr", has_text=name).locator("input[type=checkbox]").check()
    modal.locator("input[data-multiple-choice-submit]").click()
    modal.wait_for(state="hidden")
    chosen = page.locator("form").get_by_text(ENTERPRISES[0], exact=True)
    chosen.locator("visible=true").first.scroll_into_view_if_needed()
    screenshot(page, "ledger-admin-enterprises-chosen")
    page.fill("#id_participant_count", "45")
    page.select_option("#id_articles", label=ARTICLES)
    page.fill("#id_materials", "条例解读手册50份")
    page.check(f"input[name=items][value='{item.pk}']")
    screenshot(page, "ledger-admin-record-activity")
    page.locator("button[type=submit]", has_text="创建").first.click()
    page.wait_for_url(f"{base}/admin/pufa_activities/")
    assert "年末送法进企（危化企业专场）" in page.inner_text("main")
    screenshot(page, "ledger-admin-activities")

    activity = Activity.objects.get(title="年末送法进企（危化企业专场）")
    assert sorted(e.name for e in activity.enterprises.all()) == sorted(ENTERPRISES)
    assert sorted(a.label for a in activity.articles.all()) == sorted(ARTICLES)
    assert list(activity.items.all()) == [item]

    phone_page.goto(f"{base}/pufa/2025/")
    card = phone_page.locator('[data-item="7"]')
    assert card.get_attribute("data-status") == "done"
    assert "已完成" in card.inner_text()
    assert "年末送法进企（危化企业专场）" in card.inner_text()
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    screenshot(phone_page, "ledger-public-list-phone")


def test_trainer_sees_staff_below_the_requirement_and_uncontacted_enterprises(
    live_server, demo_data, page, screenshot
):
    base = live_server.url
    _log_in(page, base, "trainer")
    page.goto(f"{base}/admin/pufa_study_hours/?year=2025")
    main = page.inner_text("main")
    assert "执法一组" in main and "未达标：差" in main
    screenshot(page, "ledger-admin-study-hours")
    page.goto(f"{base}/admin/pufa_enterprises/?year=2025")
    screenshot(page, "ledger-admin-enterprises")
    rows = page.locator("tr.enterprise-row")
    assert rows.count() > 0
    assert "危险化学品" in rows.first.inner_text()
    assert "高危" in rows.first.inner_text()


def test_staff_member_reads_own_study_hours_on_a_phone(
    live_server, demo_data, phone_page, screenshot
):
    base = live_server.url
    phone_page.goto(f"{base}/my/study-hours/")
    phone_page.fill("#id_username", "officer1")
    phone_page.fill("#id_password", DEMO_PASSWORD)
    phone_page.click("main button[type=submit]")
    phone_page.wait_for_url(f"{base}/my/study-hours/")
    # This year by default; the demo's year is one tap away in the switcher.
    this_year = timezone.localdate().year
    assert f"我的{this_year}年度学时" in phone_page.inner_text("main")
    phone_page.click(".year-switcher a[href='?year=2025']")
    phone_page.wait_for_url(f"{base}/my/study-hours/?year=2025")
    text = phone_page.inner_text("main")
    assert "我的2025年度学时" in text
    assert "执法大讲堂" in text and "参加的线下培训" in text
    screenshot(phone_page, "ledger-my-study-hours-phone")
