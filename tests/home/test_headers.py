"""Content-Security-Policy and Permissions-Policy (issue 13): strict on the public
site, looser for the Wagtail admin, the same host's WebSocket and the configured
stream sources allowed everywhere."""

import re
from pathlib import Path

from django.conf import settings
from django.test import TestCase

from accounts import roles
from tests.accounts.factories import UserFactory
from tests.home.csp import parse_csp


def directives(response) -> dict[str, list[str]]:
    return parse_csp(response["Content-Security-Policy"])


class SecurityHeadersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.trainer = UserFactory(role=roles.TRAINER)

    def test_public_pages_allow_no_inline_script_or_style(self):
        csp = directives(self.client.get("/"))
        self.assertEqual(csp["script-src"], ["'self'"])
        self.assertEqual(csp["style-src"], ["'self'"])
        self.assertEqual(csp["object-src"], ["'none'"])
        self.assertEqual(csp["frame-ancestors"], ["'self'"])

    def test_the_same_hosts_websocket_and_the_stream_sources_are_allowed(self):
        csp = directives(self.client.get("/"))
        self.assertIn("ws://testserver", csp["connect-src"])
        self.assertIn("wss://testserver", csp["connect-src"])
        for source in settings.SECURITY_MEDIA_SOURCES:
            self.assertIn(source, csp["media-src"])
            self.assertIn(source, csp["connect-src"])
        self.assertIn("blob:", csp["media-src"])  # hls.js plays through MediaSource
        self.assertIn("blob:", csp["worker-src"])

    def test_the_admin_gets_inline_scripts_and_styles(self):
        self.client.force_login(self.trainer)
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 200)
        csp = directives(response)
        self.assertIn("'unsafe-inline'", csp["script-src"])
        self.assertIn("'unsafe-inline'", csp["style-src"])
        self.assertIn("wss://testserver", csp["connect-src"])

    def test_permissions_policy_switches_off_unused_features(self):
        for path in ("/", "/accounts/login/"):
            with self.subTest(path=path):
                policy = self.client.get(path)["Permissions-Policy"]
                for feature in ("camera=()", "microphone=()", "geolocation=()"):
                    self.assertIn(feature, policy)


TEMPLATE_DIRS = [
    Path(settings.BASE_DIR) / "templates",
    *sorted(Path(settings.BASE_DIR).glob("*/templates")),
]
INLINE = re.compile(
    r"<style|\sstyle=\"|<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)"
    r"|\son[a-z]+=\"",
    re.I,
)
# Templates that are not served to the public site: the Wagtail admin (its own
# looser policy) and the annual report (rendered to PDF by WeasyPrint).
# Rendered to PDF/PNG by WeasyPrint on the server, never sent to a browser.
NOT_PUBLIC = {"analytics/annual_report.html", "livestreams/poster.html"}


def test_public_templates_carry_no_inline_code():
    offenders = []
    for root in TEMPLATE_DIRS:
        for path in root.rglob("*.html"):
            relative = path.relative_to(root).as_posix()
            text = path.read_text(encoding="utf-8")
            if (
                "/admin/" in f"/{relative}"
                or "wagtailadmin/" in text.split("\n", 3)[0] + text[:300]
                or relative in NOT_PUBLIC
            ):
                continue
            if INLINE.search(text):
                offenders.append(relative)
    assert offenders == [], f"inline script/style blocked by the CSP in {offenders}"
