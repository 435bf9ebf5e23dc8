import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "a-production-secret-" + "x" * 50,
    "DATABASE_URL": "postgres://platform@127.0.0.1:5432/platform",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DJANGO_ALLOWED_HOSTS": "training.example.gov.cn",
    "DJANGO_BASE_URL": "https://training.example.gov.cn",
}


def run_in_production(*args: str) -> subprocess.CompletedProcess:
    """``python *args`` in a fresh process under the production settings (from the
    project's root): what a gunicorn or uvicorn worker would import."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def import_profile(name: str, monkeypatch, env: dict | None = None):
    for key in PRODUCTION_ENV:
        monkeypatch.delenv(key, raising=False)
    for key, value in (env or {}).items():
        monkeypatch.setenv(key, value)
    module_name = f"config.settings.{name}"
    sys.modules.pop(module_name, None)
    sys.modules.pop("config.settings.base", None)
    return importlib.import_module(module_name)


@pytest.mark.parametrize("profile", ["base", "dev", "test"])
def test_embedded_profiles_import_without_environment(profile, monkeypatch):
    settings = import_profile(profile, monkeypatch)
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None


def test_embedded_default_is_sqlite_and_in_memory_layer(monkeypatch):
    settings = import_profile("dev", monkeypatch)
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert settings.CHANNEL_LAYERS["default"]["BACKEND"].endswith(
        "InMemoryChannelLayer"
    )
    assert settings.SECRET_KEY


def test_production_profile_reads_its_environment(monkeypatch):
    settings = import_profile("production", monkeypatch, PRODUCTION_ENV)
    assert settings.SECRET_KEY == PRODUCTION_ENV["DJANGO_SECRET_KEY"]
    assert settings.ALLOWED_HOSTS == ["training.example.gov.cn"]
    database = settings.DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["CONN_MAX_AGE"] == 0 and "pool" in database["OPTIONS"]
    layer = settings.CHANNEL_LAYERS["default"]
    assert layer["BACKEND"] == "channels_redis.core.RedisChannelLayer"
    host = layer["CONFIG"]["hosts"][0]
    assert host["address"] == PRODUCTION_ENV["REDIS_URL"]
    # The two redis-py traps: an explicit pool size and a timeout above BZPOPMIN's 5 s.
    assert host["max_connections"] > 100
    assert host["socket_timeout"] > 5


@pytest.mark.parametrize("missing", list(PRODUCTION_ENV)[1:])
def test_production_refuses_to_start_without_a_required_variable(missing, monkeypatch):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    with pytest.raises(ImproperlyConfigured, match=missing):
        import_profile("production", monkeypatch, env)


def test_production_refuses_sqlite(monkeypatch):
    env = {**PRODUCTION_ENV, "DATABASE_URL": "sqlite:///tmp/x.sqlite3"}
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL"):
        import_profile("production", monkeypatch, env)


def test_check_deploy_reports_nothing_under_production_settings():
    result = run_in_production(
        "manage.py", "check", "--deploy", "--fail-level", "DEBUG"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
