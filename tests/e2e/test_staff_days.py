"""The staff's days in the admin, at desktop size.

Each walk starts on the home page's panels and follows the links a person would,
with a screenshot at every stop (e2e-screenshots/staff-day-*.png). Every stop is
also read for English words and raw codes (tests/home/english.py).
"""

import datetime as dt
import re

import pytest

from demo.accounts import DEMO_PASSWORD
from tests.home.english import english_words

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ENGLISH_LABEL = re.compile(r"\b(Root|None|True|False|Updated at|Audience label)\b")


def login(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def main_text(page) -> str:
    text = page.inner_text("main")
    assert not ENGLISH_LABEL.search(text), ENGLISH_LABEL.search(text).group()
    return text


def allowed_words() -> set[str]:
    from accounts.models import User

    return set(User.objects.values_list("username", flat=True)) | {"localhost"}


def stop(page, screenshot, name: str) -> str:
    """A stop on the walk: no English word or raw code on the page, a screenshot,
    and the text of its main part."""
    page.wait_for_load_state("networkidle")
    screenshot(page, name)
    words = english_words(page.content(), allowed_words())
    assert not words, f"{name}: {words[:8]}"
    return main_text(page)


def test_a_coordinators_day(live_server, demo_data, page, screenshot):
    base = live_server.url
    login(page, base, "coordinator")
    assert page.title().endswith("安全生产法治培训平台")
    home = stop(page, screenshot, "staff-day-coordinator-1-home")
    assert "逾期整改" in home and "未完成练兵" in home

    page.goto(f"{base}/admin/snippets/peer_review/casefile/")
    listing = stop(page, screenshot, "staff-day-coordinator-2-case-files")
    assert "发现与问题" in listing and "自动发现" in listing

    page.goto(f"{base}/admin/peer-review/rounds/")
    page.locator("main a", has_text="季度").first.click()
    summary = stop(page, screenshot, "staff-day-coordinator-3-round")
    assert "α 系数" in summary and "克里彭多夫" in summary

    page.goto(f"{base}/admin/peer-review/issues/")
    stop(page, screenshot, "staff-day-coordinator-4-issues")
    verify = page.locator("main a", has_text="复查")
    if verify.count():
        verify.first.click()
        form = stop(page, screenshot, "staff-day-coordinator-5-verify")
        assert "整改材料" in form or "未上传" in form
        assert "rectify" not in form and "{'" not in form

    page.goto(f"{base}/admin/peer-review/drill-topics/")
    topics = stop(page, screenshot, "staff-day-coordinator-6-drill-topics")
    assert "题库中的题目" in topics
    button = page.locator("main button", has_text="布置训练")
    if button.count():
        button.first.click()
        page.wait_for_selector(".messages li")
        assert "已向" in page.inner_text(".messages")
        stop(page, screenshot, "staff-day-coordinator-7-drill-assigned")


def test_a_reviewing_officers_day(live_server, demo_data, page, screenshot):
    base = live_server.url
    login(page, base, "officer1")
    home = stop(page, screenshot, "staff-day-officer-1-home")
    assert "我的评查任务" in home and "未完成练兵" in home

    page.goto(f"{base}/admin/peer-review/")
    stop(page, screenshot, "staff-day-officer-2-queue")
    score = page.locator("main a.button", has_text="评分")
    if score.count():
        score.first.click()
        page.wait_for_url("**/admin/peer-review/reviews/*/")
        form = stop(page, screenshot, "staff-day-officer-3-scoring")
        assert "自动检查结果" in form

    page.goto(f"{base}/admin/peer-review/issues/")
    stop(page, screenshot, "staff-day-officer-4-issues")

    page.goto(f"{base}/admin/help/")
    assert "使用说明" in stop(page, screenshot, "staff-day-officer-5-help")


def watch_failed_autosaves(page) -> list[str]:
    """Requests the editor sends (autosave among them) that the server refused."""
    failed: list[str] = []
    page.on(
        "response",
        lambda r: (
            failed.append(f"{r.status} {r.request.method} {r.url}")
            if "/admin/pages/" in r.url
            and r.request.method == "POST"
            and r.status >= 400
            else None
        ),
    )
    return failed


def open_more_actions(page, action: str):
    """The editor's footer: ``action`` is behind the primary button's arrow."""
    menu = page.locator(".w-dropdown-button", has=page.locator(action))
    menu.locator(".w-dropdown__toggle").first.click()
    page.locator(action).first.click()


def submit_for_review(page):
    open_more_actions(page, "button[name='action-submit']")
    page.wait_for_selector(".messages li")


def test_a_trainers_day(live_server, demo_data, page, screenshot):
    """培训/出题: a course and an explainer through 法制审核, the bank, an import
    that was only a check, an exam drawn from a blueprint the approver can read."""
    from courses.models import CourseIndexPage, CoursePage, RegulationIndexPage
    from quizzes.models import QuizPage

    base = live_server.url
    failed = watch_failed_autosaves(page)
    login(page, base, "trainer")
    assert "Wagtail" not in page.title()
    home = stop(page, screenshot, "staff-day-trainer-1-home")
    assert "今日直播" in home and "未完成练兵" in home

    # A course: typing autosaves a draft; submitting sends it to 法制审核.
    course_index = CourseIndexPage.objects.get()
    page.goto(f"{base}/admin/pages/add/courses/coursepage/{course_index.pk}/")
    page.fill("#id_title", "有限空间作业安全（走查课程）")
    page.locator(".Draftail-Editor [contenteditable=true]").first.click()
    page.keyboard.type("有限空间作业前必须先通风、再检测、后作业。")
    page.wait_for_timeout(1500)
    stop(page, screenshot, "staff-day-trainer-2-course-editor")
    submit_for_review(page)
    assert "审核" in stop(page, screenshot, "staff-day-trainer-3-course-submitted")
    course = CoursePage.objects.get(title="有限空间作业安全（走查课程）")
    assert not course.live and course.current_workflow_task is not None
    assert course.slug.isascii()

    # An explainer quoting one article, chosen from the law library.
    index = RegulationIndexPage.objects.get()
    page.goto(f"{base}/admin/pages/add/courses/explainerpage/{index.pk}/")
    page.fill("#id_title", "第九十七条（走查解读）")
    page.locator("[id$='-body-section'] button.c-sf-add-button").first.click()
    page.click("text=条文")
    page.click("button:has-text('选择法规条款')")
    modal = page.locator(".modal-dialog")
    modal.locator("input[name=q]").fill("97")
    page.wait_for_function(
        "() => document.querySelectorAll('.modal-dialog a[data-chooser-modal-choice]')"
        ".length === 1"
    )
    modal.locator("a[data-chooser-modal-choice]").click()
    page.wait_for_selector(".modal-dialog", state="detached")
    page.wait_for_timeout(1500)
    stop(page, screenshot, "staff-day-trainer-4-explainer-editor")
    submit_for_review(page)
    stop(page, screenshot, "staff-day-trainer-5-explainer-submitted")
    # One page each: autosave left no second draft behind, and never failed.
    assert (
        RegulationIndexPage.objects.get()
        .get_children()
        .filter(title="第九十七条（走查解读）")
        .count()
        == 1
    )
    assert CoursePage.objects.filter(title__contains="走查课程").count() == 1
    assert failed == []

    # The question bank opens on the questions in use.
    page.goto(f"{base}/admin/snippets/quizzes/question/")
    bank = stop(page, screenshot, "staff-day-trainer-6-question-bank")
    assert "已停用" not in bank and "【生成" not in bank

    # An upload that was only a check says so; then the real import.
    from quizzes import importing

    row = dict(importing.TEMPLATE_ROWS[0])
    row["题干"] = "生产经营单位应当对从业人员进行（ ）教育和培训。（走查）"
    row["答案"] = "A"
    row["选项A"], row["选项B"] = "安全生产", "文化娱乐"
    row["选项C"], row["选项D"] = "外语", "驾驶"
    upload = {
        "name": "走查题库.xlsx",
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "buffer": importing.write_xlsx([row]),
    }
    page.goto(f"{base}/admin/quizzes/import/")
    assert not page.locator("#id_dry_run").is_checked()
    stop(page, screenshot, "staff-day-trainer-7-import")
    page.set_input_files("#id_file", upload)
    page.check("#id_dry_run")
    page.locator("main button[type=submit]").click()
    page.wait_for_selector("#import-check-only")
    checked = stop(page, screenshot, "staff-day-trainer-8-import-only-a-check")
    assert "只是检查" in checked or "未导入" in checked, checked
    page.goto(f"{base}/admin/quizzes/import/")
    page.set_input_files("#id_file", upload)
    page.locator("main button[type=submit]").click()
    page.wait_for_selector("#import-done")
    stop(page, screenshot, "staff-day-trainer-9-imported")

    # An exam drawn from a blueprint rule; its preview shows how many match.
    quiz_index = (
        QuizPage.objects.filter(title__startswith="岗位练兵考试").first().get_parent()
    )
    page.goto(f"{base}/admin/pages/add/quizzes/quizpage/{quiz_index.pk}/")
    page.fill("#id_title", "走查考试：安全生产法")
    page.select_option("#id_selection", "blueprint")
    page.click("#id_draw_rules-ADD")
    page.select_option("#id_draw_rules-0-qtype", "judge")
    page.fill("#id_draw_rules-0-count", "3")
    page.wait_for_timeout(1000)
    stop(page, screenshot, "staff-day-trainer-10-exam-editor")
    submit_for_review(page)
    stop(page, screenshot, "staff-day-trainer-11-exam-submitted")
    exam = QuizPage.objects.get(title="走查考试：安全生产法")
    page.goto("about:blank")

    # 法制审核: the approver previews the exam and approves the course with a comment.
    login(page, base, "coordinator")
    home = stop(page, screenshot, "staff-day-trainer-12-approver-home")
    assert "有限空间作业安全（走查课程）" in home and "走查考试" in home
    page.goto(f"{base}/admin/pages/{exam.pk}/view_draft/")
    preview = page.inner_text("body")
    assert "您不在本次考试的参加范围内" not in preview
    assert "题库中" in page.inner_text("#preview-rules")
    screenshot(page, "staff-day-trainer-13-approver-previews-exam")

    page.goto(f"{base}/admin/pages/{course.pk}/edit/")
    stop(page, screenshot, "staff-day-trainer-14-approver-opens-course")
    open_more_actions(
        page,
        "button[data-workflow-action-name='approve'][data-workflow-action-modal-url]",
    )
    page.locator(".modal-dialog textarea").fill("法制审核通过。")
    stop(page, screenshot, "staff-day-trainer-15-approve-with-comment")
    page.locator(".modal-dialog button[type=submit]").click()
    page.wait_for_selector(".messages li")
    stop(page, screenshot, "staff-day-trainer-16-approved-and-published")
    course.refresh_from_db()
    assert course.live
    page.goto("about:blank")


def choose_in_modal(page, opener: str, query: str, choice: str, link: str):
    page.locator(opener).click()
    modal = page.locator(".modal-dialog")
    modal.locator("input[name=q]").fill(query)
    modal.locator(link, has_text=choice).first.click()
    page.wait_for_selector(".modal-dialog", state="detached")


def test_a_training_administrators_day(live_server, demo_data, page, screenshot):
    """A drill assigned with tick boxes and the staff chooser, its 完成情况
    exported and reminded; today's live class run and its console after the end."""
    from django.utils import timezone

    from livestreams.models import LiveClassPage, Viewer, ViewingSession
    from quizzes.admin_views import drill_coverage
    from quizzes.models import Drill, DrillReminder

    base = live_server.url
    now = timezone.now()
    live_class = LiveClassPage.objects.filter(status="scheduled").first()
    LiveClassPage.objects.filter(pk=live_class.pk).update(
        scheduled_start=now - dt.timedelta(minutes=5),
        scheduled_end=now + dt.timedelta(minutes=55),
    )
    login(page, base, "trainer")
    home = stop(page, screenshot, "staff-day-admin-1-home")
    assert "今日直播" in home and live_class.title in home
    assert "未完成练兵" in home

    # 岗位大练兵: groups and roles are tick boxes in 一组/二组/三组 order.
    page.goto(f"{base}/admin/snippets/quizzes/drill/add/")
    groups = page.locator("#id_groups input[type=checkbox]")
    labels = [t.strip() for t in page.locator("#id_groups label").all_inner_texts()]
    assert labels[:3] == ["执法一组", "执法二组", "执法三组"], labels
    assert page.locator("#id_roles input[type=checkbox]").count() >= 2
    page.fill("#id_title", "走查练兵：有限空间作业")
    choose_in_modal(
        page,
        "#id_quiz-chooser button.chooser__choose-button",
        "岗位练兵",
        "岗位练兵考试",
        "a.choose-page",
    )
    groups.nth(0).check()
    groups.nth(1).check()
    deadline = timezone.localtime(now + dt.timedelta(days=7))
    page.fill("#id_deadline", deadline.strftime("%Y-%m-%d %H:%M"))
    page.locator("#id_created_by-chooser button.chooser__choose-button").click()
    modal = page.locator(".modal-dialog")
    modal.locator("input[name=q]").fill("李")
    modal.locator("a[data-chooser-modal-choice]", has_text="李法审").first.wait_for()
    chooser_text = modal.inner_text()
    assert "孙一线" not in chooser_text and "吴主管" not in chooser_text
    screenshot(page, "staff-day-admin-2-staff-chooser")
    modal.locator("a[data-chooser-modal-choice]", has_text="李法审").first.click()
    page.wait_for_selector(".modal-dialog", state="detached")
    stop(page, screenshot, "staff-day-admin-3-drill-form")
    page.locator("main button[type=submit]").first.click()
    page.wait_for_selector(".messages li")
    stop(page, screenshot, "staff-day-admin-4-drill-saved")
    drill = Drill.objects.get(title="走查练兵：有限空间作业")
    assert drill.created_by.username == "coordinator"
    assert sorted(g.name for g in drill.groups.all()) == ["执法一组", "执法二组"]

    # 完成情况: exported to Excel, everyone not passed reminded.
    page.goto(f"{base}/admin/snippets/quizzes/drill/")
    stop(page, screenshot, "staff-day-admin-5-drills")
    page.goto(f"{base}/admin/quizzes/drills/{drill.pk}/coverage/")
    coverage = stop(page, screenshot, "staff-day-admin-6-coverage")
    assert "张执法" in coverage and "陈检查" in coverage
    export = page.request.get(
        base + page.locator("#coverage-export").get_attribute("href")
    )
    assert export.ok and "spreadsheetml" in export.headers["content-type"]
    page.click("#remind-all")
    page.wait_for_selector(".messages li")
    reminded = stop(page, screenshot, "staff-day-admin-7-reminded")
    assert "提醒" in reminded
    not_passed = [p for p in drill_coverage(drill)["persons"] if not p["passed"]]
    assert len(not_passed) >= 1
    assert DrillReminder.objects.filter(drill=drill).count() == len(not_passed)

    # 今日直播: the class is started from its console, watched, and ended.
    page.goto(f"{base}/admin/")
    page.locator("main a", has_text=live_class.title).first.click()
    stop(page, screenshot, "staff-day-admin-8-console-before")
    page.locator("main button", has_text="开始直播").click()
    page.wait_for_selector(".messages li")
    # Ten minutes into the class: two viewers were counted live at the peak;
    # one of them left a session.
    started = timezone.now() - dt.timedelta(minutes=10)
    peak_at = timezone.now() - dt.timedelta(minutes=5)
    LiveClassPage.objects.filter(pk=live_class.pk).update(
        started_at=started, peak=2, peak_at=peak_at
    )
    viewer = Viewer.objects.create(
        live_class=live_class,
        source="guest",
        name="周走查",
        enterprise_name="津东化工储运有限公司",
    )
    ViewingSession.objects.create(
        key="walk-1",
        live_class=live_class,
        viewer=viewer,
        started_at=timezone.now() - dt.timedelta(minutes=8),
        last_seen_at=timezone.now(),
    )
    stop(page, screenshot, "staff-day-admin-9-console-live")
    page.locator("main button", has_text="结束直播").click()
    page.wait_for_selector(".messages li")
    page.reload()
    ended = stop(page, screenshot, "staff-day-admin-10-console-ended")
    # Frozen: no counter now, no way to start it again; the peak with its time.
    assert "开始直播" not in ended and "正在观看" not in ended
    peak_time = timezone.localtime(peak_at).strftime("%H:%M")
    figures = page.inner_text("#live-figures")
    assert f"2（{peak_time}）" in figures, figures
    report = page.inner_text("main table.listing")
    assert re.search(rf"峰值（时刻）\s+2 \({peak_time}:\d\d\)", report), report
    # The curve is labelled: its axis says what it counts and when.
    curve = page.locator("#live-curve")
    assert curve.locator("[data-axis='time']").count() >= 3
    assert "观众" in curve.inner_html()
    page.wait_for_timeout(2500)
    assert page.inner_text("#live-figures") == figures


def test_a_system_administrators_day(live_server, demo_data, page, screenshot):
    """Users and roles (role groups say they are reset on deploy), the enforcement
    groups in their set order, the site's settings; the bureau's name throughout."""
    base = live_server.url
    login(page, base, "sysadmin")
    assert page.title().endswith("安全生产法治培训平台")
    assert "Wagtail" not in page.title()
    home = stop(page, screenshot, "staff-day-sysadmin-1-home")
    assert home
    html = page.content()
    assert "img/bureau-logo.svg" in html
    assert not re.search(r"https?://[a-z.]*wagtail\.(org|io)", html)

    page.goto(f"{base}/admin/users/")
    users = stop(page, screenshot, "staff-day-sysadmin-2-users")
    assert "张执法" in users and "培训管理员" in page.content()
    page.locator("main a", has_text="张执法").first.click()
    page.wait_for_url("**/admin/users/edit/*/")
    stop(page, screenshot, "staff-day-sysadmin-3-user")
    page.locator("a[href='#tab-roles'], [role=tab]", has_text="角色").first.click()
    screenshot(page, "staff-day-sysadmin-4-user-roles")

    page.goto(f"{base}/admin/groups/")
    stop(page, screenshot, "staff-day-sysadmin-5-groups")
    page.locator("main a", has_text="培训管理员").first.click()
    page.wait_for_selector(".messages li")
    message = page.inner_text(".messages")
    assert "部署" in message and "恢复" in message, message
    stop(page, screenshot, "staff-day-sysadmin-6-role-group-locked")

    page.goto(f"{base}/admin/enforcement_groups/")
    listing = stop(page, screenshot, "staff-day-sysadmin-7-enforcement-groups")
    positions = [listing.index(name) for name in ("执法一组", "执法二组", "执法三组")]
    assert positions == sorted(positions), listing

    page.goto(f"{base}/admin/sites/")
    sites = stop(page, screenshot, "staff-day-sysadmin-8-sites")
    assert "站点名称" in sites and "Site name" not in sites
    page.locator("main table a", has_text="localhost").first.click()
    page.wait_for_url("**/admin/sites/edit/*/")
    site = stop(page, screenshot, "staff-day-sysadmin-9-site")
    assert "主机名" in site or "根页面" in site, site

    # Help is the bureau's own guide, not Wagtail's English pages.
    page.goto(f"{base}/admin/help/")
    assert "使用说明" in stop(page, screenshot, "staff-day-sysadmin-10-help")
