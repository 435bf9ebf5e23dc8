"""Both presence stores behave the same; the Redis one survives the stock traps."""

import asyncio
import uuid

import pytest

from livestreams.presence import MemoryPresenceStore, RedisPresenceStore


@pytest.fixture(params=["memory", "redis"])
def store(request):
    if request.param == "memory":
        yield MemoryPresenceStore()
        return
    url = request.getfixturevalue("redis_url")
    store = RedisPresenceStore(url, prefix=f"test-live-{uuid.uuid4().hex[:8]}")
    yield store
    for class_id in (1, 2):
        store.reset(class_id)


async def test_many_tabs_of_one_viewer_count_once(store):
    await store.join(1, "a", 7, 100.0)
    audience, new = await store.join(1, "b", 7, 101.0)
    assert new
    assert (audience.current, audience.unique) == (1, 1)
    await store.leave(1, "a")
    assert (await store.audience(1)).current == 1
    await store.leave(1, "b")
    assert (await store.audience(1)).current == 0


async def test_peak_unique_and_its_time_are_kept(store):
    await store.join(1, "a", 1, 100.0)
    await store.join(1, "b", 2, 105.0)
    await store.leave(1, "a")
    await store.join(1, "c", 3, 110.0)
    audience = await store.audience(1)
    assert (audience.current, audience.peak, audience.unique) == (2, 2, 3)
    assert audience.peak_at == 105.0


async def test_classes_are_counted_apart(store):
    await store.join(1, "a", 1, 100.0)
    await store.join(2, "b", 1, 100.0)
    assert (await store.audience(1)).current == 1
    assert (await store.audience(2)).current == 1


async def test_silent_connections_expire_and_report_when_last_seen(store):
    await store.join(1, "a", 1, 100.0)
    await store.join(1, "b", 2, 100.0)
    assert await store.touch(1, "b", 140.0)
    gone = await store.expire(1, cutoff=130.0)
    assert [(g.connection, g.viewer, g.last_seen) for g in gone] == [("a", 1, 100.0)]
    assert (await store.audience(1)).current == 1
    # An expired connection is unknown: its next heartbeat must rejoin.
    assert not await store.touch(1, "a", 141.0)
    assert not await store.leave(1, "a")


async def test_events_reach_a_ticker_once_in_order(store):
    seq, events = await store.events_since(1, 0)
    assert events == []
    store.publish(1, {"type": "checkin_open", "id": 3})
    store.publish(1, {"type": "class_state", "status": "ended"})
    new_seq, events = await store.events_since(1, seq)
    assert [e["type"] for e in events] == ["checkin_open", "class_state"]
    assert (await store.events_since(1, new_seq))[1] == []


async def test_stock_redis_asyncio_pool_fails_past_its_limit(redis_url):
    """The trap itself: a plain redis.asyncio client with max_connections=100 (the
    effective redis-py 8 behaviour) raises on the 101st concurrent command."""
    import redis.asyncio as aioredis
    from redis.exceptions import MaxConnectionsError

    client = aioredis.Redis.from_url(redis_url, max_connections=100)
    try:
        with pytest.raises(MaxConnectionsError):
            await asyncio.gather(*(client.eval("return 1", 0) for _ in range(300)))
    finally:
        await client.aclose()


async def test_redis_store_takes_hundreds_of_concurrent_commands(redis_url):
    """The store's blocking pool queues 300 simultaneous joins on 20 connections."""
    store = RedisPresenceStore(
        redis_url, prefix=f"test-live-{uuid.uuid4().hex[:8]}", max_connections=20
    )
    try:
        await asyncio.gather(*(store.join(1, f"c{i}", i, 100.0) for i in range(300)))
        assert (await store.audience(1)).current == 300
    finally:
        store.reset(1)


def test_redis_store_raises_the_socket_timeout_above_channels_redis_blocking_read(
    redis_url,
):
    """channels_redis blocks 5 s in BZPOPMIN; a 5 s socket timeout kills it."""
    from django.conf import settings

    store = RedisPresenceStore(
        redis_url, socket_timeout=settings.LIVESTREAMS_REDIS_SOCKET_TIMEOUT
    )
    assert store._options["socket_timeout"] > 5
    assert store._options["socket_connect_timeout"] > 5


async def test_touch_many_refreshes_known_and_reports_unknown_connections(store):
    await store.join(1, "a", 1, 100.0)
    await store.join(1, "b", 2, 100.0)
    missing = await store.touch_many(1, {"a": 150.0, "ghost": 150.0})
    assert missing == ["ghost"]
    gone = await store.expire(1, cutoff=120.0)
    assert [g.connection for g in gone] == ["b"]
    assert (await store.audience(1)).current == 1


async def test_join_many_counts_exactly_and_says_which_joins_were_new(store):
    await store.join(1, "a", 1, 100.0)
    results = await store.join_many(
        1, [("a", 1, 101.0), ("b", 1, 102.0), ("c", 2, 103.0), ("d", 3, 104.0)]
    )
    assert [new for _, new in results] == [False, True, True, True]
    # Every join of a batch gets the audience once the whole batch is in.
    assert {(a.current, a.peak, a.unique) for a, _ in results} == {(3, 3, 3)}
    assert results[0][0].peak_at == 104.0
    assert (await store.audience(1)).current == 3


async def test_leave_many_reports_each_connection_and_counts_viewers_once(store):
    await store.join_many(1, [("a", 1, 100.0), ("b", 1, 100.0), ("c", 2, 100.0)])
    assert await store.leave_many(1, ["a", "ghost", "c", "c"]) == [
        True,
        False,
        True,
        False,
    ]
    audience = await store.audience(1)
    assert (audience.current, audience.peak, audience.unique) == (1, 2, 2)
