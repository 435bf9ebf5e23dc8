"""A coordinator's and a reviewing officer's day in the admin, at desktop size.

Each walk starts on the home page's panels and follows the links a person would,
with a screenshot at every stop (e2e-screenshots/staff-day-*.png).
"""

import re

import pytest

from demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ENGLISH_LABEL = re.compile(r"\b(Root|None|True|False|Updated at|Audience label)\b")


def login(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def main_text(page) -> str:
    text = page.inner_text("main")
    assert not ENGLISH_LABEL.search(text), ENGLISH_LABEL.search(text).group()
    return text


def test_a_coordinators_day(live_server, demo_data, page, screenshot):
    base = live_server.url
    login(page, base, "coordinator")
    assert page.title().endswith("安全生产法治培训平台")
    home = main_text(page)
    assert "逾期整改" in home and "未完成练兵" in home
    screenshot(page, "staff-day-coordinator-1-home")

    page.goto(f"{base}/admin/snippets/peer_review/casefile/")
    listing = main_text(page)
    assert "发现与问题" in listing and "自动发现" in listing
    screenshot(page, "staff-day-coordinator-2-case-files")

    page.goto(f"{base}/admin/peer-review/rounds/")
    page.locator("main a", has_text="季度").first.click()
    summary = main_text(page)
    assert "α 系数" in summary and "克里彭多夫" in summary
    screenshot(page, "staff-day-coordinator-3-round")

    page.goto(f"{base}/admin/peer-review/issues/")
    main_text(page)
    screenshot(page, "staff-day-coordinator-4-issues")
    verify = page.locator("main a", has_text="复查")
    if verify.count():
        verify.first.click()
        form = main_text(page)
        assert "整改材料" in form or "未上传" in form
        assert "rectify" not in form and "{'" not in form
        screenshot(page, "staff-day-coordinator-5-verify")

    page.goto(f"{base}/admin/peer-review/drill-topics/")
    topics = main_text(page)
    assert "题库中的题目" in topics
    screenshot(page, "staff-day-coordinator-6-drill-topics")
    button = page.locator("main button", has_text="布置训练")
    if button.count():
        button.first.click()
        page.wait_for_selector(".messages li")
        assert "已向" in page.inner_text(".messages")
        screenshot(page, "staff-day-coordinator-7-drill-assigned")


def test_a_reviewing_officers_day(live_server, demo_data, page, screenshot):
    base = live_server.url
    login(page, base, "officer1")
    home = main_text(page)
    assert "我的评查任务" in home and "未完成练兵" in home
    screenshot(page, "staff-day-officer-1-home")

    page.goto(f"{base}/admin/peer-review/")
    main_text(page)
    screenshot(page, "staff-day-officer-2-queue")
    score = page.locator("main a.button", has_text="评分")
    if score.count():
        score.first.click()
        page.wait_for_url("**/admin/peer-review/reviews/*/")
        form = main_text(page)
        assert "自动检查结果" in form
        screenshot(page, "staff-day-officer-3-scoring")

    page.goto(f"{base}/admin/peer-review/issues/")
    main_text(page)
    screenshot(page, "staff-day-officer-4-issues")

    page.goto(f"{base}/admin/help/")
    assert "使用说明" in main_text(page)
    screenshot(page, "staff-day-officer-5-help")
