"""Idle and absolute session limits (issue 13): staff 30 min, enterprise users 4 h,
everyone 12 h after log-in; scripts get a JSON 401, pages a fresh log-in."""

import time

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from accounts.session_timeout import LAST_SEEN, LOGGED_IN_AT
from tests.accounts.factories import OfficerFactory, WorkerFactory

MINUTE = 60
HOUR = 3600


@override_settings(
    SESSION_IDLE_TIMEOUT_STAFF=30 * MINUTE,
    SESSION_IDLE_TIMEOUT_ENTERPRISE=4 * HOUR,
    SESSION_ABSOLUTE_LIFETIME=12 * HOUR,
)
class SessionTimeoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer = OfficerFactory()
        cls.worker = WorkerFactory()

    def login(self, user, *, idle: float, since_login: float | None = None):
        self.client.force_login(user)
        session = self.client.session
        now = time.time()
        session[LAST_SEEN] = now - idle
        session[LOGGED_IN_AT] = now - (since_login if since_login else idle)
        session.save()

    def logged_in(self) -> bool:
        return "_auth_user_id" in self.client.session

    def test_log_in_stamps_the_session(self):
        self.client.force_login(self.officer)
        session = self.client.session
        self.assertAlmostEqual(session[LOGGED_IN_AT], time.time(), delta=5)
        self.assertAlmostEqual(session[LAST_SEEN], time.time(), delta=5)

    def test_staff_idle_past_30_minutes_are_logged_out(self):
        self.login(self.officer, idle=31 * MINUTE)
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])
        self.assertFalse(self.logged_in())

    def test_staff_idle_under_30_minutes_stay_and_the_clock_restarts(self):
        self.login(self.officer, idle=29 * MINUTE)
        self.assertEqual(self.client.get("/admin/").status_code, 200)
        self.assertTrue(self.logged_in())
        self.assertAlmostEqual(self.client.session[LAST_SEEN], time.time(), delta=5)

    def test_a_request_within_the_shorter_limit_does_not_read_the_roles(self):
        # Everyone's session outlives 29 idle minutes: the roles that pick the
        # limit (a query on every request before) are not needed.
        self.login(self.worker, idle=29 * MINUTE)
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get("/quizzes/session/")
        self.assertTrue(response.json()["authenticated"])
        self.assertFalse([q for q in captured if "auth_group" in q["sql"]])

    def test_enterprise_users_have_four_hours(self):
        self.login(self.worker, idle=3 * HOUR)
        self.client.get("/my/learning/")
        self.assertTrue(self.logged_in())
        self.login(self.worker, idle=4 * HOUR + MINUTE)
        response = self.client.get("/my/learning/")
        self.assertFalse(self.logged_in())
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def test_twelve_hours_after_log_in_even_an_active_session_ends(self):
        self.login(self.worker, idle=MINUTE, since_login=12 * HOUR + MINUTE)
        self.client.get("/my/learning/")
        self.assertFalse(self.logged_in())

    def test_scripts_get_a_json_401(self):
        cases = {
            "accept": {"HTTP_ACCEPT": "application/json"},
            "xhr": {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"},
            "fetch": {
                "HTTP_SEC_FETCH_MODE": "same-origin",
                "HTTP_SEC_FETCH_DEST": "empty",
            },
        }
        for name, headers in cases.items():
            with self.subTest(name):
                self.login(self.officer, idle=31 * MINUTE)
                response = self.client.post("/my/learning/", **headers)
                self.assertEqual(response.status_code, 401)
                body = response.json()
                self.assertEqual(body["error"], "session_expired")
                self.assertIn("请重新登录", body["message"])
                self.assertEqual(body["login_url"], "/accounts/login/")
                self.assertFalse(self.logged_in())

    def test_a_page_load_is_told_why(self):
        self.login(self.worker, idle=5 * HOUR)
        response = self.client.get("/my/learning/", follow=True)
        self.assertContains(response, "登录已超时")
