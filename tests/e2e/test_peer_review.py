import pytest

from demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def login(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def test_coordinator_reads_the_round_summary(live_server, demo_data, page, screenshot):
    from demo.peer_review import ROUND_NAME
    from peer_review.models import ReviewRound

    review_round = ReviewRound.objects.get(name=ROUND_NAME)
    login(page, live_server.url, "coordinator")
    page.goto(f"{live_server.url}/admin/peer-review/rounds/")
    page.click(f"text={ROUND_NAME}")
    page.wait_for_url(f"**/admin/peer-review/rounds/{review_round.pk}/")
    body = page.inner_text("body")
    assert "问题分类统计" in body
    assert "视频记录不完整" in body or "程序违法" in body
    assert "整改率" in body and "α 系数" in body
    assert page.locator("text=仲裁").count() >= 1
    screenshot(page, "peer-review-round-summary")


def test_officer_scores_an_assigned_file_with_findings_beside(
    live_server, demo_data, page, screenshot
):
    login(page, live_server.url, "officer1")
    page.goto(f"{live_server.url}/admin/peer-review/")
    assert "我的评查任务" in page.inner_text("body")
    screenshot(page, "peer-review-queue")
    page.click("main a.button:has-text('评分')")
    page.wait_for_url("**/admin/peer-review/reviews/*/")
    page.wait_for_selector("text=自动检查结果")
    body = page.inner_text("body")
    assert "自动检查结果" in body and "否决项" in body
    # Blind round: the handling officers' names are not shown.
    assert "承办人" not in page.inner_text("main table.listing >> nth=0")
    screenshot(page, "peer-review-scoring-form")
    # A deduction without a comment is refused with a clear message.
    page.locator("input[type=checkbox][name^=option_]").first.check()
    page.click("main button[type=submit]")
    page.wait_for_selector(".messages li.error")
    assert "扣分理由" in page.inner_text(".messages")


def test_enterprise_user_gets_nothing_from_case_file_urls(live_server, demo_data, page):
    from peer_review.models import CaseDocument, CaseFile

    case = CaseFile.objects.order_by("pk").first()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "worker")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    urls = [
        "/admin/peer-review/",
        f"/admin/peer-review/case-files/{case.pk}/",
        "/admin/peer-review/rounds/",
        "/admin/peer-review/issues/",
        "/admin/snippets/peer_review/casefile/",
        f"/admin/snippets/peer_review/casefile/edit/{case.pk}/",
    ]
    urls += [
        f"/admin/peer-review/documents/{d.pk}/" for d in CaseDocument.objects.all()
    ]
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response.status != 200 or "/login" in page.url, url
        assert case.number not in page.content(), url
