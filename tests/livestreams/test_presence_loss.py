"""Viewing sessions when the presence store loses its data mid-class (a Redis
restart or FLUSHDB): every session ends when the server last heard from it, and
watch time never exceeds what the server saw. Runs against a real Redis
(TEST_REDIS_URL; skipped without one, mandatory under REQUIRE_SERVICES=1)."""

import asyncio
import time
import uuid

import pytest
from asgiref.sync import sync_to_async

from livestreams import services
from livestreams.models import LiveClassPage, ViewingSession
from livestreams.presence import get_store
from livestreams.reports import class_report
from tests.livestreams.test_consumer import class_with_viewers, connect

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.redis,
]


@pytest.fixture
def redis_store(settings, redis_url):
    settings.LIVESTREAMS_PRESENCE_BACKEND = "redis"
    settings.LIVESTREAMS_REDIS_URL = redis_url
    settings.LIVESTREAMS_REDIS_PREFIX = f"test-loss-{uuid.uuid4().hex[:8]}"
    # Short enough for a test: 2 s timeout, last-seen written and swept every tick.
    settings.LIVESTREAMS_HEARTBEAT_TIMEOUT = 2
    settings.LIVESTREAMS_SESSION_SEEN_INTERVAL = 0
    settings.LIVESTREAMS_SESSION_SWEEP_INTERVAL = 0
    get_store.cache_clear()
    yield get_store()
    get_store.cache_clear()


async def sessions_of(viewer):
    return [
        s async for s in ViewingSession.objects.filter(viewer=viewer).order_by("pk")
    ]


async def test_a_redis_flush_mid_class_ends_sessions_when_last_seen(redis_store):
    live_class, (talker, lost) = await class_with_viewers(2)
    a, _ = await connect(live_class.pk, talker.pk)
    b, _ = await connect(live_class.pk, lost.pk)
    await a.send_json_to({"type": "heartbeat"})
    await b.send_json_to({"type": "heartbeat"})
    b_last_seen = time.time()
    await asyncio.sleep(0.4)  # ticks write both sessions with their last-seen time

    redis_store.sync.flushdb()  # the store restarts empty mid-class
    flushed_at = time.time()

    # The talker keeps heartbeating; the other phone went silent with the store.
    for _ in range(7):
        await asyncio.sleep(0.5)
        await a.send_json_to({"type": "heartbeat"})
    await asyncio.sleep(0.4)

    (lost_session,) = await sessions_of(lost)
    assert lost_session.ended_at is not None, "a lost session must not stay open"
    assert abs(lost_session.ended_at.timestamp() - b_last_seen) < 0.5
    first, *later = await sessions_of(talker)
    # The talker's session open at the flush ended at its next heartbeat, and a
    # new one began; it is counted again at once.
    assert first.ended_at is not None
    assert flushed_at <= first.ended_at.timestamp() < flushed_at + 1.0
    assert len(later) == 1 and later[0].ended_at is None
    assert (await redis_store.audience(live_class.pk)).current == 1

    page = await LiveClassPage.objects.aget(pk=live_class.pk)
    await sync_to_async(services.class_end)(live_class=page)
    page = await LiveClassPage.objects.aget(pk=live_class.pk)
    assert not await ViewingSession.objects.filter(
        live_class=page, ended_at=None
    ).aexists()
    later = (await sessions_of(talker))[1]
    assert later.ended_at == page.ended_at  # ending the class closed it
    lost_session = (await sessions_of(lost))[0]
    assert abs(lost_session.ended_at.timestamp() - b_last_seen) < 0.5  # unchanged

    report = await sync_to_async(class_report)(page)
    start = page.window[0].timestamp()
    assert report.watch_seconds[lost.pk] <= b_last_seen - start + 0.5
    assert report.watch_seconds[talker.pk] <= page.ended_at.timestamp() - start
    await a.disconnect()
    await b.disconnect()
