"""Shared fixtures: services that some tests need, skipped or required.

On a laptop without PostgreSQL, Redis or Chromium the tests that need them skip with
the reason; with REQUIRE_SERVICES=1 (as .ci/run sets) the same situation fails.
"""

import os
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings


def require_service(available: bool, reason: str) -> None:
    """Skip (or, with REQUIRE_SERVICES=1, fail) when a service is not available."""
    if available:
        return
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} — REQUIRE_SERVICES=1 makes this mandatory")
    pytest.skip(reason)


def tcp_reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1
        ):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_url() -> str:
    """A Redis URL for tests (database 15), or a skip when Redis is not reachable."""
    url = settings.TEST_REDIS_URL
    require_service(tcp_reachable(url, 6379), f"Redis not reachable at {url}")
    return url


@pytest.fixture
def postgres_only(db):
    """For tests of PostgreSQL behaviour: the suite must run on PostgreSQL."""
    from django.db import connection

    require_service(
        connection.vendor == "postgresql",
        "PostgreSQL not in use: run with DATABASE_URL=postgres://… (as .ci/run does)",
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty Django cache: the dashboards cache their tables
    per scope, and a table computed in one test's data must not appear in the next."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def _sync_thread_connections_closed():
    """Async tests run the ORM in asgiref's one sync thread (pytest-asyncio has no
    outer async_to_sync to return to), and that thread outlives the test: its
    connection would still be open when the test database is dropped."""
    yield
    from asgiref.sync import SyncToAsync
    from django.db import connections

    SyncToAsync.single_thread_executor.submit(connections.close_all).result()
