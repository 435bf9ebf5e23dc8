"""Login throttling (issue 13): N failures per user name and address lock that pair
for a cool-off, with a Chinese 429, on both log-in pages."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.test import TestCase, override_settings
from django.utils import timezone

from tests.accounts.factories import OfficerFactory, UserFactory

LOGIN_PAGES = ("/accounts/login/", "/admin/login/")
RIGHT = "pw-for-tests"


@override_settings(AXES_ENABLED=True, LOGIN_FAILURE_LIMIT=5, AXES_FAILURE_LIMIT=5)
class LoginThrottlingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer = OfficerFactory(username="officer1")
        cls.admin = UserFactory(username="root", is_superuser=True, is_staff=True)

    def attempt(self, page, password, username="officer1", **extra):
        return self.client.post(
            page, {"username": username, "password": password}, **extra
        )

    def fail(self, page, times, **extra):
        return [self.attempt(page, "wrong", **extra).status_code for _ in range(times)]

    def test_five_failures_lock_the_pair_with_a_chinese_429(self):
        for page in LOGIN_PAGES:
            with self.subTest(page=page):
                AccessAttempt.objects.all().delete()
                self.assertEqual(self.fail(page, 4), [200, 200, 200, 200])
                locked = self.attempt(page, "wrong")
                self.assertEqual(locked.status_code, 429)
                self.assertContains(locked, "登录失败次数过多", status_code=429)
                self.assertContains(locked, "15 分钟", status_code=429)
                right = self.attempt(page, RIGHT)
                self.assertEqual(right.status_code, 429)
                self.assertNotIn("_auth_user_id", self.client.session)

    def test_wagtail_admin_login_is_throttled_for_the_superuser_too(self):
        self.fail("/admin/login/", 5, username="root")
        response = self.attempt("/admin/login/", RIGHT, username="root")
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_lock_is_per_user_name_and_address(self):
        self.fail("/accounts/login/", 5)
        other_address = self.attempt("/accounts/login/", RIGHT, REMOTE_ADDR="10.9.9.9")
        self.assertEqual(other_address.status_code, 302)
        self.client.logout()
        other_user = self.attempt("/accounts/login/", RIGHT, username="root")
        self.assertEqual(other_user.status_code, 302)

    def test_the_lock_opens_after_the_cool_off(self):
        self.fail("/accounts/login/", 5)
        self.assertEqual(self.attempt("/accounts/login/", RIGHT).status_code, 429)
        AccessAttempt.objects.update(
            attempt_time=timezone.now() - timedelta(minutes=16)
        )
        self.assertEqual(self.attempt("/accounts/login/", RIGHT).status_code, 302)

    def test_a_script_gets_json(self):
        self.fail("/accounts/login/", 4)
        response = self.attempt(
            "/accounts/login/", "wrong", HTTP_ACCEPT="application/json"
        )
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response.json()["error"], "locked_out")
        self.assertIn("登录失败次数过多", response.json()["message"])

    def test_a_forged_forwarded_for_does_not_escape_the_lock(self):
        self.fail("/accounts/login/", 5)
        response = self.attempt(
            "/accounts/login/", RIGHT, HTTP_X_FORWARDED_FOR="203.0.113.7"
        )
        self.assertEqual(response.status_code, 429)

    @override_settings(TRUSTED_PROXY="10.0.0.1")
    def test_behind_the_trusted_proxy_each_client_address_counts(self):
        via_proxy = {"REMOTE_ADDR": "10.0.0.1"}
        self.fail("/accounts/login/", 5, HTTP_X_FORWARDED_FOR="1.1.1.1", **via_proxy)
        locked = self.attempt(
            "/accounts/login/", RIGHT, HTTP_X_FORWARDED_FOR="1.1.1.1", **via_proxy
        )
        self.assertEqual(locked.status_code, 429)
        other = self.attempt(
            "/accounts/login/", RIGHT, HTTP_X_FORWARDED_FOR="2.2.2.2", **via_proxy
        )
        self.assertEqual(other.status_code, 302)

    def test_a_success_below_the_limit_resets_the_count(self):
        self.fail("/accounts/login/", 4)
        self.assertEqual(self.attempt("/accounts/login/", RIGHT).status_code, 302)
        self.client.logout()
        self.assertEqual(self.fail("/accounts/login/", 4), [200] * 4)
