"""Settings for the test suite.

SQLite in memory unless DATABASE_URL points at PostgreSQL (the CI's second pass).
REQUIRE_SERVICES=1 turns "PostgreSQL/Redis/browser not reachable" skips into failures.
"""

import os

from .base import *  # noqa: F403

DEBUG = False
# Used only by the test runner; production.py requires DJANGO_SECRET_KEY.
SECRET_KEY = "test-only-key-never-used-outside-the-test-suite"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "media-test"  # noqa: F405
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
TEST_POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
# Serve static files straight from the app folders: no collectstatic before tests.
SERVESTATIC_USE_FINDERS = True
SERVESTATIC_AUTOREFRESH = True
# Login throttling off for the suite (client.login() has no request for axes to
# count); tests/accounts/test_throttling.py turns it on to prove the lockout.
AXES_ENABLED = False
