"""The embedded default: one process, SQLite, in-memory channel layer, demo data."""

import os
import secrets

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = True


def _local_secret_key() -> str:
    """A key made once for this checkout and kept in a git-ignored file.

    Never a constant in the code: every clone gets its own, and production.py refuses
    to start without DJANGO_SECRET_KEY.
    """
    if key := os.environ.get("DJANGO_SECRET_KEY"):
        return key
    path = BASE_DIR / ".secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _local_secret_key()
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
