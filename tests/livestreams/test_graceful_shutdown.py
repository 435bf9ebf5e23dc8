"""SIGTERM to a real uvicorn worker holding live-class sockets (production settings,
PostgreSQL and Redis): it tells its viewers "服务器正在重启" with close code 4503,
closes their viewing sessions at that moment, leaves the presence store at once and
exits within LIVESTREAMS_SHUTDOWN_TIMEOUT. Needs PostgreSQL (DATABASE_URL) and
Redis (TEST_REDIS_URL); skipped without them, mandatory under REQUIRE_SERVICES=1."""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connection

from livestreams import tokens
from livestreams.hub import RESTARTING
from livestreams.models import ViewingSession
from livestreams.presence import RedisPresenceStore
from tests.livestreams.test_consumer import class_with_viewers

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.postgres,
    pytest.mark.redis,
]

PORT = 8121
BOUND = 10  # LIVESTREAMS_SHUTDOWN_TIMEOUT's default
ROOT = Path(__file__).resolve().parents[2]


def worker_env(redis_url: str) -> dict:
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}"
        f":{db['PORT'] or 5432}/{db['NAME']}"
    )
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        # The tokens this test signs must verify in the worker.
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_BASE_URL": f"http://127.0.0.1:{PORT}",
        "DJANGO_LIVE_SHUTDOWN_TIMEOUT": str(BOUND),
    }


def wait_for_port(proc, deadline):
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the worker died at start"
        try:
            with socket.create_connection(("127.0.0.1", PORT), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the worker never listened")


@pytest.fixture
def uvicorn_worker(postgres_only, redis_url, tmp_path):
    log = tmp_path / "uvicorn.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "config.asgi:application",
                "--host=127.0.0.1",
                f"--port={PORT}",
                "--ws=websockets-sansio",
                "--lifespan=on",
            ],
            cwd=ROOT,
            env=worker_env(redis_url),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(proc, time.monotonic() + 60)
        yield proc, log
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


async def test_sigterm_closes_sockets_with_4503_and_sessions_and_exits_in_time(
    uvicorn_worker, redis_url
):
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    proc, log = uvicorn_worker
    live_class, viewers = await class_with_viewers(3)
    store = RedisPresenceStore(redis_url, prefix="live")
    store.reset(live_class.pk)
    url = f"ws://127.0.0.1:{PORT}/ws/live/{live_class.pk}/"
    sockets = []
    for viewer in viewers:
        ws = await connect(url, origin=f"http://127.0.0.1:{PORT}", open_timeout=30)
        token = tokens.sign(viewer_id=viewer.pk, class_id=live_class.pk)
        await ws.send(f'{{"type": "auth", "token": "{token}"}}')
        await asyncio.wait_for(ws.recv(), 30)  # the count
        sockets.append(ws)
    sessions = ViewingSession.objects.filter(live_class_id=live_class.pk)
    deadline = time.monotonic() + 20
    while await sessions.acount() < 3 and time.monotonic() < deadline:
        await asyncio.sleep(0.2)  # written by the worker's next tick
    assert await sessions.acount() == 3
    assert store.audience_sync(live_class.pk).current == 3

    signalled = time.time()
    proc.send_signal(signal.SIGTERM)
    for ws in sockets:
        with pytest.raises(ConnectionClosed):
            while True:
                await asyncio.wait_for(ws.recv(), BOUND)
        assert ws.close_code == RESTARTING
        assert ws.close_reason == "服务器正在重启"
    await sync_to_async(proc.wait)(timeout=BOUND + 5)
    took = time.time() - signalled
    assert took < BOUND, f"the worker took {took:.1f} s to exit"

    # Sessions closed at the moment of the restart, and nobody lingers in the
    # count until the heartbeat timeout.
    ends = [s.ended_at async for s in sessions]
    assert all(end is not None for end in ends)
    assert all(abs(end.timestamp() - signalled) < 3 for end in ends)
    assert store.audience_sync(live_class.pk).current == 0
    # Tokens travel in the first message: none reached the access log.
    text = log.read_text(errors="replace")
    assert f"/ws/live/{live_class.pk}/" in text
    assert "token" not in text.lower()
    store.reset(live_class.pk)
