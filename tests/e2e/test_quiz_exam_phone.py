"""Exams on a phone (390×844) across session boundaries and the way 问卷星/考试星
users expect them (issues 13 and 15)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from quizzes import services
from quizzes.factories import make_question, make_quiz
from quizzes.models import Attempt
from tests.accounts.factories import OfficerFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "pw-e2e-123456"


@pytest.fixture
def officer():
    person = OfficerFactory()
    person.set_password(PASSWORD)
    person.save()
    return person


@pytest.fixture
def exam():
    questions = [make_question("single") for _ in range(3)]
    questions += [make_question("multiple"), make_question("judge")]
    questions.append(make_question("blank", answer=[["不得"]]))
    return make_quiz(questions, time_limit_minutes=30)


def login(page, base, person):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", person.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/")


def open_paper(page, base, exam, person):
    attempt = services.attempt_start(quiz=exam, user=person)
    page.goto(f"{base}/quizzes/attempts/{attempt.public_id}/")
    return attempt


def saved(attempt, position):
    return attempt.answers.get(position=position).response


def test_expired_session_asks_for_the_password_in_a_dialog_and_saves(
    live_server, phone_page, screenshot, officer, exam
):
    page, base = phone_page, live_server.url
    login(page, base, officer)
    attempt = open_paper(page, base, exam, officer)
    Session.objects.all().delete()  # the session expires while the paper is open
    page.locator("#q1 label.option").nth(1).click()
    dialog = page.locator("#relogin-dialog")
    dialog.wait_for(state="visible")
    assert page.url.endswith(f"/quizzes/attempts/{attempt.public_id}/")
    assert page.locator("#offline-banner").is_hidden()
    screenshot(page, "quizzes-relogin-dialog-phone")
    dialog.locator("input[name=password]").fill("wrong-password")
    dialog.locator("button[type=submit]").click()
    page.wait_for_function(
        "() => document.querySelector('.relogin__error').textContent.includes('不正确')"
    )
    dialog.locator("input[name=password]").fill(PASSWORD)
    dialog.locator("button[type=submit]").click()
    dialog.wait_for(state="hidden")
    page.wait_for_function(
        "() => document.getElementById('save-status').textContent === '已保存'"
    )
    page.wait_for_timeout(500)
    assert saved(attempt, 1) == "B"
    assert page.url.endswith(f"/quizzes/attempts/{attempt.public_id}/")


def test_logging_in_again_in_another_tab_renews_the_token_and_saving_goes_on(
    live_server, phone_page, officer, exam
):
    page, base = phone_page, live_server.url
    login(page, base, officer)
    attempt = open_paper(page, base, exam, officer)
    other = page.context.new_page()
    login(other, base, officer)  # rotates the CSRF token: the paper's one is stale
    other.close()
    page.locator("#q3 label.option").nth(1).click()
    page.wait_for_function(
        "() => document.getElementById('save-status').textContent === '已保存'"
    )
    assert page.locator("#closed-banner").is_hidden()
    assert saved(attempt, 3) == "B"


def test_submit_after_the_session_expired_logs_in_and_lands_on_the_result(
    live_server, phone_page, officer, exam
):
    page, base = phone_page, live_server.url
    login(page, base, officer)
    attempt = open_paper(page, base, exam, officer)
    page.locator("#q1 label.option").nth(1).click()
    page.wait_for_function(
        "() => document.getElementById('save-status').textContent === '已保存'"
    )
    Session.objects.all().delete()
    page.click("#submit-button")
    page.click("#confirm-submit")
    dialog = page.locator("#relogin-dialog")
    dialog.wait_for(state="visible")
    dialog.locator("input[name=password]").fill(PASSWORD)
    dialog.locator("button[type=submit]").click()
    page.wait_for_url("**/result/")
    attempt.refresh_from_db()
    assert not attempt.is_open
    assert Attempt.objects.get(pk=attempt.pk).score > 0


# --- exams the way 问卷星/考试星 users expect them (issue 15 item 1) ---------------


def wait_saved(page):
    page.wait_for_function(
        "() => document.getElementById('save-status').textContent === '已保存'"
    )


def test_answer_card_flags_and_submit_confirmation_then_back_shows_the_result(
    live_server, phone_page, screenshot, officer, exam
):
    page, base = phone_page, live_server.url
    login(page, base, officer)
    attempt = open_paper(page, base, exam, officer)
    paper_url = page.url
    page.locator("#q1 label.option").nth(1).click()
    page.locator("#q2 label.option").nth(0).click()
    wait_saved(page)
    page.locator("#q3 [data-flag]").click()
    assert page.locator("#q3 [data-flag]").get_attribute("aria-pressed") == "true"

    page.click("#card-button")
    card = page.locator("#answer-card")
    card.wait_for(state="visible")
    assert card.locator(".cell--answered[data-jump]").count() == 2
    assert card.locator(".cell--flagged[data-jump]").get_attribute("data-jump") == "3"
    shot = screenshot(page, "quizzes-answer-card-phone")
    page.screenshot(path=str(shot.with_name("quizzes-answer-card-screen.png")))
    card.locator("[data-jump='5']").click()
    card.wait_for(state="hidden")
    page.wait_for_timeout(300)
    top = page.locator("#q5").bounding_box()["y"]
    assert 0 <= top < 844

    # A flag survives a reload (kept on this device).
    page.reload()
    assert page.locator("#q3 [data-flag]").get_attribute("aria-pressed") == "true"

    page.click("#submit-button")
    dialog = page.locator("#submit-dialog")
    dialog.wait_for(state="visible")
    summary = page.locator("#submit-summary").inner_text()
    assert "共 6 题，还有 4 题未作答。" in summary
    assert "1 题已标记" in summary
    shot = screenshot(page, "quizzes-submit-confirm-phone")
    page.screenshot(path=str(shot.with_name("quizzes-submit-confirm-screen.png")))
    dialog.locator("[data-close]").click()
    dialog.wait_for(state="hidden")
    attempt.refresh_from_db()
    assert attempt.is_open  # "继续作答" submits nothing

    page.click("#submit-button")
    page.click("#confirm-submit")
    page.wait_for_url("**/result/")
    attempt.refresh_from_db()
    assert not attempt.is_open
    page.go_back()
    page.wait_for_load_state()
    # Back to the paper's address: the server answers with the result.
    assert page.url.endswith("/result/"), page.url
    assert paper_url != page.url
    assert page.locator("fieldset.question").count() == 0
    assert page.locator(".result__score").is_visible()
    screenshot(page, "quizzes-back-after-submit-phone")


def test_paper_is_never_cached(live_server, phone_page, officer, exam):
    page, base = phone_page, live_server.url
    login(page, base, officer)
    open_paper(page, base, exam, officer)
    response = page.request.get(page.url)
    assert "no-store" in response.headers["cache-control"]


def near_deadline_paper(page, base, exam, person, seconds_left):
    attempt = services.attempt_start(quiz=exam, user=person)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() + timedelta(seconds=seconds_left)
    )
    page.goto(f"{base}/quizzes/attempts/{attempt.public_id}/")
    return attempt


def test_five_minute_warning_follows_the_server_deadline_not_the_phone_clock(
    live_server, phone_page, screenshot, officer, exam
):
    page, base = phone_page, live_server.url
    login(page, base, officer)
    # The phone's clock is an hour fast: the countdown still follows the server.
    page.clock.install(time=datetime.now(UTC) + timedelta(hours=1))
    near_deadline_paper(page, base, exam, officer, seconds_left=4 * 60 + 30)
    warning = page.locator("#time-warning")
    warning.wait_for(state="visible")
    assert "不足 5 分钟" in warning.inner_text()
    assert page.locator("#countdown").inner_text().startswith("04:")
    shot = screenshot(page, "quizzes-5-minute-warning-phone")
    page.screenshot(path=str(shot.with_name("quizzes-5-minute-warning-screen.png")))
    # Time passes on the phone: at one minute the second warning replaces it.
    page.clock.run_for(3 * 60 * 1000 + 40 * 1000)
    page.wait_for_function(
        "() => document.getElementById('time-warning').textContent.includes('不足 1 分钟')"
    )


def test_unsaved_hint_goes_once_everything_is_saved(
    live_server, phone_page, officer, exam
):
    page, base = phone_page, live_server.url
    login(page, base, officer)
    open_paper(page, base, exam, officer)
    page.context.set_offline(True)
    page.locator("#q1 label.option").nth(1).click()
    page.click("#submit-button")
    hint = page.locator("#submit-hint")
    assert "还有答案未保存" in hint.inner_text()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_saved(page)
    page.wait_for_function(
        "() => document.getElementById('submit-hint').textContent === ''"
    )
    assert page.locator("#submit-dialog").is_hidden()


def test_wrong_book_reads_on_a_phone(live_server, phone_page, screenshot, officer):
    page, base = phone_page, live_server.url
    questions = [make_question("judge", answer=True) for _ in range(3)]
    quiz = make_quiz(questions, attempts_allowed=0)
    attempt = services.attempt_start(quiz=quiz, user=officer)
    for position in (1, 2, 3):
        services.attempt_answer_save(attempt=attempt, position=position, response=False)
    services.attempt_submit(attempt=attempt)
    login(page, base, officer)
    page.goto(f"{base}/my/wrong-book/")
    heights = page.evaluate(
        """() => [...document.querySelectorAll('main h1, .wrong-book th, .wrong-book td')]
            .filter(e => e.offsetParent !== null && e.textContent.trim())
            .map(e => [e.textContent.trim().slice(0, 12), e.getBoundingClientRect().width,
                       e.getBoundingClientRect().height,
                       parseFloat(getComputedStyle(e).fontSize)])"""
    )
    for text, width, _height, size in heights:
        # Never one character per line: each box is wider than two characters.
        assert width > 2.5 * size, (text, width)
    screenshot(page, "quizzes-wrong-book-phone")


def test_answer_card_on_a_desktop(live_server, page, screenshot, officer, exam):
    base = live_server.url
    login(page, base, officer)
    open_paper(page, base, exam, officer)
    page.locator("#q2 label.option").nth(0).click()
    page.locator("#q4 [data-flag]").click()
    page.click("#card-button")
    page.locator("#answer-card").wait_for(state="visible")
    assert page.locator("#answer-card .cell--answered[data-jump]").count() == 1
    page.screenshot(path=str(screenshot(page, "quizzes-answer-card-desktop")))
