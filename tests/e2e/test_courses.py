"""The reader's path: an explainer on a phone; required study from 我的学习任务 to the
trainer's progress view."""

import pytest

from demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EXPLAINER = "/fagui-jiedu/aqsc-28-jiaoyu-peixun/"
COURSE = "新《天津市安全生产条例》宣贯"


def horizontal_overflow(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def log_in(page, base_url: str, username: str, next_url: str) -> None:
    page.goto(f"{base_url}/accounts/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base_url}{next_url}")


def test_visitor_finds_and_reads_an_explainer_on_a_phone(
    live_server, demo_data, phone_page, screenshot
):
    phone_page.goto(live_server.url + "/")
    phone_page.click(".section-grid a:has-text('法规解读')")
    phone_page.wait_for_url("**/fagui-jiedu/")
    assert phone_page.locator("h1").inner_text() == "法规解读"
    assert horizontal_overflow(phone_page) <= 0
    screenshot(phone_page, "courses-explainer-index-phone")

    phone_page.fill("form.searchbar input[name=q]", "有限空间")
    phone_page.click("form.searchbar button")
    phone_page.wait_for_selector(".search-result")
    assert "第二十八条：从业人员安全生产教育和培训" in phone_page.inner_text("main")
    screenshot(phone_page, "courses-search-phone")

    phone_page.goto(live_server.url + EXPLAINER)
    main = phone_page.inner_text("main")
    assert "《安全生产法》第二十八条" in main
    assert "未经安全生产教育和培训合格的从业人员，不得上岗作业" in main
    assert "执法提示" in main and "企业须知" in main and "典型案例" in main
    assert horizontal_overflow(phone_page) <= 0
    screenshot(phone_page, "courses-explainer-phone")

    # 新旧对照 stacks on a phone: the new column sits below the old one.
    phone_page.goto(live_server.url + "/fagui-jiedu/aqsc-97-jiaoyu-peixun-chufa/")
    old = phone_page.locator(".compare__col--old").bounding_box()
    new = phone_page.locator(".compare__col--new").bounding_box()
    assert new["y"] >= old["y"] + old["height"]
    assert horizontal_overflow(phone_page) <= 0
    screenshot(phone_page, "courses-comparison-phone")


def test_officer_completes_the_assigned_course_and_trainer_sees_it(
    live_server, demo_data, browser, screenshot, settings
):
    # This walk is about progress; the time a lesson must be open is tested in
    # tests/courses/test_learning.py and tests/e2e/test_my_hub.py.
    settings.COURSES_LESSON_MIN_VIEW_SECONDS = 0
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, "officer4", "/my/learning/")
    task = page.locator(f".task[data-course='{COURSE}']")
    assert "未开始" in task.inner_text()
    screenshot(page, "courses-my-learning-before")

    task.locator("a").click()
    page.wait_for_selector(".lesson-list")
    page.locator(".lesson-list a").first.click()
    for _ in range(4):
        page.click("text=完成本课时学习")
        page.wait_for_selector(".lesson__done")
        next_link = page.locator("a:has-text('下一课')")
        if next_link.count():
            next_link.click()
            page.wait_for_selector("h1")
    screenshot(page, "courses-lesson-completed")

    page.goto(live_server.url + "/my/learning/")
    task = page.locator(f".task[data-course='{COURSE}']")
    assert "已完成" in task.inner_text()
    assert "4 / 4" in task.inner_text()
    screenshot(page, "courses-my-learning-after")
    context.close()

    trainer = browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    admin = trainer.new_page()
    admin.set_default_timeout(15_000)
    admin.goto(f"{live_server.url}/admin/login/")
    admin.fill("#id_username", "trainer")
    admin.fill("#id_password", DEMO_PASSWORD)
    admin.click("button[type=submit]")
    admin.wait_for_url(f"{live_server.url}/admin/")
    admin.goto(f"{live_server.url}/admin/course_assignments/")
    admin.click("text=查看完成情况")
    admin.wait_for_selector("section[data-group]")
    group = admin.locator("section[data-group='执法二组']")
    assert "杨监察" in group.locator(".progress-row--completed").inner_text()
    assert "陈检查" in group.locator(".progress-row--in_progress").inner_text()
    screenshot(admin, "courses-trainer-progress")
    trainer.close()


def test_trainer_chooses_an_article_for_an_explainer_in_the_editor(
    live_server, demo_data, page, screenshot
):
    from courses.models import RegulationIndexPage

    index = RegulationIndexPage.objects.get()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "trainer")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/pages/add/courses/explainerpage/{index.pk}/")
    page.fill("#id_title", "第九十七条（编辑器测试）")
    page.locator("[id$='-body-section'] button.c-sf-add-button").first.click()
    page.click("text=条文")
    page.click("button:has-text('选择法规条款')")
    modal = page.locator(".modal-dialog")
    modal.locator("input[name=q]").fill("97")
    choice = modal.locator("a[data-chooser-modal-choice]")
    choice.first.wait_for()
    page.wait_for_function(
        "() => document.querySelectorAll('.modal-dialog a[data-chooser-modal-choice]')"
        ".length === 1"
    )
    assert choice.inner_text().strip() == "《安全生产法》第九十七条"
    screenshot(page, "courses-editor-article-chooser")
    choice.click()
    page.wait_for_selector(".modal-dialog", state="detached")
    body = page.locator("[id$='-body-section']").inner_text()
    assert "《安全生产法》第九十七条" in body
    screenshot(page, "courses-editor-article-chosen")
