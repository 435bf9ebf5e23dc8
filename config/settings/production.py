"""Production profile: every secret and address comes from the environment.

Required: DJANGO_SECRET_KEY, DATABASE_URL (PostgreSQL), REDIS_URL, DJANGO_ALLOWED_HOSTS.
HTTP runs on gunicorn (WSGI), ``ws/`` on uvicorn workers (ASGI), both behind one proxy;
a ``manage.py db_worker`` process runs background tasks.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _require(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Production settings need the {name} variable.")
    return value


DEBUG = False
# daphne is there for the embedded default's runserver; here it would import Twisted
# and install its reactor in every gunicorn and uvicorn worker (~30 MB each).
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "daphne"]  # noqa: F405
SECRET_KEY = _require("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _require("DJANGO_ALLOWED_HOSTS").split(",") if h]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

DATABASES = {"default": dj_database_url.parse(_require("DATABASE_URL"))}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Production settings need a PostgreSQL DATABASE_URL.")
# Under ASGI a persistent connection per thread exhausts PostgreSQL: use Django's
# psycopg pool instead of CONN_MAX_AGE (which must then stay 0).
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
    "min_size": int(os.environ.get("DJANGO_DB_POOL_MIN", "2")),
    "max_size": int(os.environ.get("DJANGO_DB_POOL_MAX", "10")),
    "timeout": 10,
}

REDIS_URL = _require("REDIS_URL")
# redis-py 8's asyncio pool fails past 100 connections unless max_connections is set, and
# its 5 s socket timeout equals channels_redis's 5 s blocking receive, which kills
# consumers intermittently: raise both explicitly.
REDIS_MAX_CONNECTIONS = int(os.environ.get("DJANGO_REDIS_MAX_CONNECTIONS", "1000"))
REDIS_SOCKET_TIMEOUT = float(os.environ.get("DJANGO_REDIS_SOCKET_TIMEOUT", "15"))
CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {
            "hosts": [
                {
                    "address": REDIS_URL,
                    "max_connections": REDIS_MAX_CONNECTIONS,
                    "socket_timeout": REDIS_SOCKET_TIMEOUT,
                }
            ],
            "capacity": 1500,
            "expiry": 30,
        },
    }
}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "servestatic.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = os.environ.get("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media"))  # noqa: F405
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles"))  # noqa: F405
WAGTAILADMIN_BASE_URL = _require("DJANGO_BASE_URL")

# Behind one TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365))
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

LOGGING["root"]["level"] = "INFO"  # noqa: F405

# --- livestreams ---
# Presence in Redis so that every uvicorn worker shares exact counts.
LIVESTREAMS_PRESENCE_BACKEND = "redis"
LIVESTREAMS_REDIS_URL = REDIS_URL
LIVESTREAMS_REDIS_POOL_SIZE = min(REDIS_MAX_CONNECTIONS, 50)
LIVESTREAMS_REDIS_SOCKET_TIMEOUT = REDIS_SOCKET_TIMEOUT
