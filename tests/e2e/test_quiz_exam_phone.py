"""Exams on a phone (390×844) across session boundaries and the way 问卷星/考试星
users expect them (issues 13 and 15)."""

import pytest
from django.contrib.sessions.models import Session

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
        "document.querySelector('.relogin__error').textContent.includes('不正确')"
    )
    dialog.locator("input[name=password]").fill(PASSWORD)
    dialog.locator("button[type=submit]").click()
    dialog.wait_for(state="hidden")
    page.wait_for_function(
        "document.getElementById('save-status').textContent === '已保存'"
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
        "document.getElementById('save-status').textContent === '已保存'"
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
        "document.getElementById('save-status').textContent === '已保存'"
    )
    Session.objects.all().delete()
    page.evaluate("document.getElementById('attempt-form').requestSubmit()")
    dialog = page.locator("#relogin-dialog")
    dialog.wait_for(state="visible")
    dialog.locator("input[name=password]").fill(PASSWORD)
    dialog.locator("button[type=submit]").click()
    page.wait_for_url("**/result/")
    attempt.refresh_from_db()
    assert not attempt.is_open
    assert Attempt.objects.get(pk=attempt.pk).score > 0
