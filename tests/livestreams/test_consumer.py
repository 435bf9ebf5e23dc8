"""The audience socket, driven through the project's ASGI application."""

import asyncio
import datetime as dt
import json
import time

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.core import signing
from django.test import Client

from config.asgi import application
from livestreams import consumers, tokens
from livestreams import hub as live_hub
from livestreams.hub import ClassHub
from livestreams.models import Viewer, ViewingSession
from livestreams.presence import get_store
from tests.accounts.factories import WorkerFactory
from tests.livestreams.factories import make_class, make_viewer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ORIGIN = [(b"origin", b"http://testserver")]


@sync_to_async
def class_with_viewers(n=2):
    live_class = make_class()
    viewers = [make_viewer(live_class, name=f"观众{i}") for i in range(n)]
    return live_class, viewers


def socket_of(class_id, viewer_id):
    """The server-side consumer of a viewer (the communicator hides it)."""
    hub = ClassHub.hubs[class_id]
    return next(s for s in hub.sockets if s.viewer_id == viewer_id)


class Phone(WebsocketCommunicator):
    """A guest's socket: the token goes in the first message, as the page does."""

    def __init__(self, app, path, headers, token=None):
        super().__init__(app, path, headers=headers)
        self.token = token

    async def connect(self, timeout=1):
        result = await super().connect(timeout)
        if result[0] and self.token:
            await self.send_json_to({"type": "auth", "token": self.token})
        return result


def communicator(class_id, token=None, headers=ORIGIN, path=None, app=application):
    path = path or f"/ws/live/{class_id}/"
    return Phone(app, path, headers=headers, token=token)


async def connect(class_id, viewer_id):
    ws = communicator(class_id, tokens.sign(viewer_id=viewer_id, class_id=class_id))
    connected, _ = await ws.connect()
    assert connected
    first = await ws.receive_json_from()
    return ws, first


async def drain_until(ws, predicate, timeout=3.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        message = await ws.receive_json_from(timeout=deadline - time.monotonic())
        if predicate(message):
            return message
    raise AssertionError("message never came")


async def assert_refused(ws):
    connected, _ = await ws.connect()
    assert connected  # accepted only to carry the close code
    closed = await ws.receive_output()
    assert closed == {"type": "websocket.close", "code": 4401}


async def test_guest_without_token_is_refused_with_4401():
    live_class, _viewers = await class_with_viewers(0)
    await assert_refused(communicator(live_class.pk))


async def test_token_for_another_class_is_refused():
    live_class, (viewer,) = await class_with_viewers(1)
    other, _ = await class_with_viewers(0)
    token = tokens.sign(viewer_id=viewer.pk, class_id=other.pk)
    await assert_refused(communicator(live_class.pk, token))


async def test_tampered_token_is_refused():
    live_class, (viewer,) = await class_with_viewers(1)
    token = tokens.sign(viewer_id=viewer.pk, class_id=live_class.pk)
    await assert_refused(communicator(live_class.pk, token[:-2] + "xx"))


async def test_a_token_in_the_url_is_not_accepted():
    """Tokens stay out of URLs (and so out of access logs): one in the query string
    authenticates nothing, and the socket is refused after the auth timeout."""
    live_class, (viewer,) = await class_with_viewers(1)
    token = tokens.sign(viewer_id=viewer.pk, class_id=live_class.pk)
    await assert_refused(
        communicator(live_class.pk, path=f"/ws/live/{live_class.pk}/?token={token}")
    )


async def test_a_token_is_good_until_its_class_ends_not_for_a_fixed_time(
    monkeypatch,
):
    live_class, (viewer,) = await class_with_viewers(1)
    day_ago = time.time() - 25 * 60 * 60
    monkeypatch.setattr(
        signing.TimestampSigner,
        "timestamp",
        lambda self: signing.b62_encode(int(day_ago)),
    )
    token = tokens.sign(viewer_id=viewer.pk, class_id=live_class.pk)
    monkeypatch.undo()
    ws = communicator(live_class.pk, token)
    assert (await ws.connect())[0]
    assert (await ws.receive_json_from())["type"] == "audience"
    await ws.disconnect()


def test_token_loads_only_with_its_salt():
    token = tokens.sign(viewer_id=1, class_id=2)
    with pytest.raises(signing.BadSignature):
        signing.loads(token)
    assert tokens.viewer_for(token, class_id=2) == 1


async def test_foreign_origin_is_rejected(settings):
    """config.asgi wraps the routes in AllowedHostsOriginValidator, which reads
    ALLOWED_HOSTS when built: build the same stack under a strict setting."""
    from channels.routing import URLRouter
    from channels.security.websocket import AllowedHostsOriginValidator

    from config.routing import websocket_urlpatterns
    from livestreams.auth import LazyAuthMiddlewareStack

    settings.ALLOWED_HOSTS = ["testserver"]
    strict = AllowedHostsOriginValidator(
        LazyAuthMiddlewareStack(URLRouter(websocket_urlpatterns))
    )
    live_class, (viewer,) = await class_with_viewers(1)
    token = tokens.sign(viewer_id=viewer.pk, class_id=live_class.pk)
    evil = communicator(
        live_class.pk, token, headers=[(b"origin", b"http://evil.example")], app=strict
    )
    assert not (await evil.connect())[0]
    good = communicator(live_class.pk, token, app=strict)
    assert (await good.connect())[0]
    assert (await good.receive_json_from())["type"] == "audience"
    await good.disconnect()


async def test_logged_in_worker_joins_with_the_session():
    live_class, _ = await class_with_viewers(0)
    client = Client()
    worker = await sync_to_async(WorkerFactory)()
    await sync_to_async(client.force_login)(worker)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    ws = communicator(live_class.pk, headers=[*ORIGIN, (b"cookie", cookie)])
    connected, _ = await ws.connect()
    assert connected
    first = await ws.receive_json_from()
    assert first.pop("visit")
    assert first == {"type": "audience", "current": 1, "peak": 1, "unique": 1}
    # The socket, not the page, wrote the worker's viewer record.
    assert await Viewer.objects.filter(live_class=live_class, user=worker).aexists()
    await ws.disconnect()


async def test_new_socket_gets_the_count_at_once_then_class_state():
    live_class, (viewer,) = await class_with_viewers(1)
    ws, first = await connect(live_class.pk, viewer.pk)
    assert first.pop("visit")
    assert first == {"type": "audience", "current": 1, "peak": 1, "unique": 1}
    state = await ws.receive_json_from()
    assert state["type"] == "class_state" and state["status"] == "live"
    await ws.disconnect()


async def test_count_goes_one_two_one_as_a_second_viewer_comes_and_goes():
    live_class, (a, b) = await class_with_viewers(2)
    first, hello = await connect(live_class.pk, a.pk)
    assert hello["current"] == 1
    second, hello = await connect(live_class.pk, b.pk)
    assert hello["current"] == 2
    pushed = await drain_until(first, lambda m: m["type"] == "audience")
    assert pushed["current"] == 2
    await second.disconnect()
    pushed = await drain_until(
        first, lambda m: m["type"] == "audience" and m["current"] == 1
    )
    assert (pushed["peak"], pushed["unique"]) == (2, 2)
    await first.disconnect()


async def test_many_tabs_of_one_viewer_count_once():
    live_class, (viewer,) = await class_with_viewers(1)
    tab1, _ = await connect(live_class.pk, viewer.pk)
    tab2, hello = await connect(live_class.pk, viewer.pk)
    assert hello["current"] == 1
    await tab1.disconnect()
    assert (await get_store().audience(live_class.pk)).current == 1
    await tab2.disconnect()
    assert (await get_store().audience(live_class.pk)).current == 0


async def test_counts_are_pushed_only_when_changed():
    live_class, (viewer,) = await class_with_viewers(1)
    ws, _ = await connect(live_class.pk, viewer.pk)
    await ws.receive_json_from()  # class_state
    await asyncio.sleep(0.5)  # five ticks with nothing new
    assert await ws.receive_nothing(timeout=0.3)
    await ws.disconnect()


async def test_unknown_and_malformed_messages_get_an_error_and_keep_the_socket():
    live_class, (viewer,) = await class_with_viewers(1)
    ws, _ = await connect(live_class.pk, viewer.pk)
    await ws.receive_json_from()
    await ws.send_to(text_data=json.dumps({"type": "drop_tables"}))
    assert (await ws.receive_json_from())["code"] == "unknown_type"
    await ws.send_to(text_data="not json")
    answer = await ws.receive_json_from()
    assert answer["code"] == "bad_message"
    assert answer["error"] == "消息格式不正确，已忽略。"
    await ws.send_json_to({"type": "heartbeat"})
    assert await ws.receive_nothing(timeout=0.2)
    await ws.disconnect()


HOSTILE_FRAMES = [
    {"text_data": json.dumps({"type": []})},
    {"text_data": json.dumps({"type": {"a": 1}})},
    {"text_data": json.dumps({"type": None})},
    {"text_data": "[]"},
    {"text_data": "null"},
    {"text_data": "12"},
    {"text_data": '"heartbeat"'},
    {"text_data": "{"},
    {"text_data": "[" * 200 + "]" * 200},
    {"text_data": json.dumps({"type": "heartbeat", "x": "y" * 4000})},
    {"text_data": "x" * 100_000},
    {"bytes_data": b"\xff\xfe\x00garbage"},
    {"bytes_data": b"\x00" * 10_000},
    {"text_data": json.dumps({"type": "checkin", "id": [1]})},
    {"text_data": json.dumps({"type": "checkin", "id": 2**40})},
    {"text_data": json.dumps({"type": "checkin", "id": -1})},
    {"text_data": json.dumps({"type": "checkin", "id": 1.5})},
    {"text_data": json.dumps({"type": "poll_answer", "id": True, "choice": 0})},
    {"text_data": json.dumps({"type": "poll_answer", "id": 1, "choice": "0"})},
    {"text_data": json.dumps({"type": "heartbeat\u0000"})},
]


@pytest.mark.parametrize("frame", HOSTILE_FRAMES, ids=range(len(HOSTILE_FRAMES)))
async def test_any_frame_gets_an_error_and_the_socket_stays(frame):
    live_class, (viewer,) = await class_with_viewers(1)
    ws, _ = await connect(live_class.pk, viewer.pk)
    await ws.receive_json_from()  # class_state
    await ws.send_to(**frame)
    answer = await ws.receive_output(timeout=2)
    assert answer["type"] == "websocket.send", answer  # not a close (1011)
    assert json.loads(answer["text"])["type"] == "error"
    await ws.send_json_to({"type": "heartbeat"})
    assert await ws.receive_nothing(timeout=0.2)
    assert (await get_store().audience(live_class.pk)).current == 1
    await ws.disconnect()
    assert (await get_store().audience(live_class.pk)).current == 0


async def test_a_failing_handler_answers_an_error_and_leaves_no_one_counted(
    monkeypatch,
):
    live_class, (viewer,) = await class_with_viewers(1)
    ws, _ = await connect(live_class.pk, viewer.pk)
    await ws.receive_json_from()

    async def boom(self, message):
        raise RuntimeError("a bug")

    monkeypatch.setattr(consumers.AudienceConsumer, "on_heartbeat", boom)
    await ws.send_json_to({"type": "heartbeat"})
    answer = await ws.receive_output(timeout=2)
    assert answer["type"] == "websocket.send"
    assert json.loads(answer["text"])["code"] == "bad_message"
    await ws.disconnect()
    assert (await get_store().audience(live_class.pk)).current == 0


async def test_client_sent_numbers_are_ignored():
    live_class, (viewer,) = await class_with_viewers(1)
    ws, _ = await connect(live_class.pk, viewer.pk)
    await ws.receive_json_from()
    await ws.send_json_to(
        {"type": "heartbeat", "current": 9999, "watch_time": 86400, "peak": 9999}
    )
    assert await ws.receive_nothing(timeout=0.3)
    audience = await get_store().audience(live_class.pk)
    assert (audience.current, audience.peak) == (1, 1)
    await ws.disconnect()
    await live_hub.session_buffer.flush()
    session = await ViewingSession.objects.aget(viewer=viewer)
    assert (session.ended_at - session.started_at) < dt.timedelta(seconds=5)


async def test_heartbeats_never_reach_the_database(monkeypatch):
    calls = []
    real = consumers.database_sync_to_async

    def counting(func, **kwargs):
        calls.append(func)
        return real(func, **kwargs)

    live_class, (viewer,) = await class_with_viewers(1)
    ws, _ = await connect(live_class.pk, viewer.pk)
    await ws.receive_json_from()
    await live_hub.session_buffer.flush()  # the connect's own (batched) write
    monkeypatch.setattr(consumers, "database_sync_to_async", counting)
    monkeypatch.setattr(live_hub, "database_sync_to_async", counting)
    for _ in range(20):
        await ws.send_json_to({"type": "heartbeat"})
    assert await ws.receive_nothing(timeout=0.3)
    # The worker's periodic batch of last-seen times (one UPDATE for all its sockets
    # every LIVESTREAMS_SESSION_SEEN_INTERVAL) may fall in this window; nothing else.
    flushes = [c for c in calls if c.__name__ == "sessions_flush"]
    assert len(flushes) <= 1 and len(calls) == len(flushes)
    await ws.disconnect()


async def test_sessions_are_written_in_batches_at_connect_and_disconnect():
    live_class, (viewer,) = await class_with_viewers(1)
    ws, _ = await connect(live_class.pk, viewer.pk)
    await live_hub.session_buffer.flush()
    session = await ViewingSession.objects.aget(viewer=viewer)
    assert session.ended_at is None
    await ws.disconnect()
    await session.arefresh_from_db()
    assert session.ended_at is not None


async def test_silent_socket_expires_ending_its_session_when_last_seen_and_rejoins(
    settings,
):
    live_class, (a, b) = await class_with_viewers(2)
    silent, _ = await connect(live_class.pk, a.pk)
    talker, _ = await connect(live_class.pk, b.pk)
    now = time.time()
    hub = ClassHub.get(live_class.pk)
    await get_store().touch(
        live_class.pk, socket_of(live_class.pk, b.pk).session_key, now + 40
    )
    await live_hub.session_buffer.flush()
    await hub.tick(now=now + settings.LIVESTREAMS_HEARTBEAT_TIMEOUT + 1)
    assert (await get_store().audience(live_class.pk)).current == 1
    session = await ViewingSession.objects.aget(viewer=a)
    assert session.ended_at is not None
    # It was last heard from when it joined: its watch time ends there, not one
    # timeout later.
    assert abs((session.ended_at - session.started_at).total_seconds()) < 1
    await drain_until(silent, lambda m: m["type"] == "audience" and m["current"] == 1)
    await silent.send_json_to({"type": "heartbeat"})
    await drain_until(silent, lambda m: m["type"] == "audience" and m["current"] == 2)
    await live_hub.session_buffer.flush()
    assert await ViewingSession.objects.filter(viewer=a).acount() == 2
    await silent.disconnect()
    await talker.disconnect()


async def test_counts_do_not_depend_on_the_channel_layer(settings):
    """channels_redis drops group messages to a full inbox: counts must not use it."""
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels.layers.InMemoryChannelLayer",
            "CONFIG": {"capacity": 1},
        }
    }
    live_class, (a, b) = await class_with_viewers(2)
    first, _ = await connect(live_class.pk, a.pk)
    assert socket_of(live_class.pk, a.pk).channel_layer is None
    second, _ = await connect(live_class.pk, b.pk)
    pushed = await drain_until(first, lambda m: m.get("current") == 2)
    assert pushed["current"] == 2
    await first.disconnect()
    await second.disconnect()


async def test_session_flush_is_idempotent():
    """A batch replayed (e.g. after a failed commit) counts once."""
    from livestreams import services

    live_class, (viewer,) = await class_with_viewers(1)
    batch = {
        "opens": {"k-1": (live_class.pk, viewer.pk, 1000.0)},
        "closes": {"k-1": 1600.0},
    }
    flush = sync_to_async(services.sessions_flush)
    await flush(**batch)
    await flush(**batch)
    await flush(opens={}, closes={"k-1": 9999.0})
    sessions = [s async for s in ViewingSession.objects.filter(viewer=viewer)]
    assert len(sessions) == 1
    assert (sessions[0].ended_at - sessions[0].started_at).total_seconds() == 600


async def test_concurrent_joins_share_store_calls_and_each_gets_its_own_result():
    """StoreBatch: joins that arrive while a store call is in flight go together in
    the next call, and every caller gets the result of its own item."""

    class SlowStore:
        def __init__(self):
            self.batches = []

        async def join_many(self, class_id, items):
            self.batches.append(list(items))
            await asyncio.sleep(0.02)  # a Redis round trip
            return [f"{class_id}:{item}" for item in items]

    store = SlowStore()
    get_store.cache_clear()
    batch = live_hub.StoreBatch("join_many")
    real = live_hub.get_store
    live_hub.get_store = lambda: store
    try:
        results = await asyncio.gather(*(batch.submit(7, n) for n in range(1200)))
        assert results == [f"7:{n}" for n in range(1200)]
        # Queued together: at most MAX_BATCH items per store call.
        assert [len(b) for b in store.batches] == [500, 500, 200]
        store.batches.clear()
        # A lone join goes out at once; joins arriving while it is in flight
        # wait for it and then go together.
        lone = asyncio.create_task(batch.submit(8, "first"))
        await asyncio.sleep(0.005)
        rest = await asyncio.gather(*(batch.submit(8, n) for n in range(50)))
        assert await lone == "8:first"
    finally:
        live_hub.get_store = real
    assert rest == [f"8:{n}" for n in range(50)]
    assert [len(b) for b in store.batches] == [1, 50]


@pytest.fixture
def redis_presence(settings, redis_url):
    """The production store (Redis) for a consumer test, under its own prefix."""
    import uuid

    settings.LIVESTREAMS_PRESENCE_BACKEND = "redis"
    settings.LIVESTREAMS_REDIS_URL = redis_url
    settings.LIVESTREAMS_REDIS_PREFIX = f"test-live-{uuid.uuid4().hex[:8]}"
    get_store.cache_clear()
    yield get_store()
    get_store.cache_clear()


@pytest.mark.parametrize("backend", ["memory", "redis"])
async def test_a_burst_of_joins_is_batched_with_exact_first_and_final_counts(
    backend, request, monkeypatch
):
    if backend == "redis":
        request.getfixturevalue("redis_presence")
    n = 60
    live_class, viewers = await class_with_viewers(n)
    store = get_store()
    calls = []
    real_join_many = store.join_many

    async def counting(class_id, joins):
        calls.append(len(joins))
        return await real_join_many(class_id, joins)

    monkeypatch.setattr(store, "join_many", counting)
    sockets = [
        communicator(live_class.pk, tokens.sign(viewer_id=v.pk, class_id=live_class.pk))
        for v in viewers
    ]
    assert all(c for c, _ in await asyncio.gather(*(ws.connect() for ws in sockets)))
    firsts = [await ws.receive_json_from() for ws in sockets]
    try:
        assert sum(calls) == n
        if backend == "redis":
            assert len(calls) < n  # joins shared round trips
        assert all(m["type"] == "audience" for m in firsts)
        # Each first count is the exact count after its batch: never more than
        # were connected, and the last batch sees everyone.
        assert all(1 <= m["current"] <= n for m in firsts)
        assert max(m["current"] for m in firsts) == n
        assert (await store.audience(live_class.pk)).current == n
        # Everyone then converges on the exact count.
        for ws, last in zip(sockets, firsts, strict=True):
            if last["current"] != n:
                last = await drain_until(
                    ws, lambda m: m["type"] == "audience" and m["current"] == n
                )
            assert (last["peak"], last["unique"]) == (n, n)
    finally:
        await asyncio.gather(*(ws.disconnect() for ws in sockets))
    assert (await store.audience(live_class.pk)).current == 0
    store.reset(live_class.pk) if backend == "redis" else None


async def test_heartbeats_make_no_store_call_each_and_are_written_per_tick(
    monkeypatch,
):
    live_class, (viewer,) = await class_with_viewers(1)
    ws, _ = await connect(live_class.pk, viewer.pk)
    await ws.receive_json_from()
    store = get_store()
    touches, batches = [], []
    real_touch_many = store.touch_many

    async def touch(*args):
        touches.append(args)
        return True

    async def touch_many(class_id, seen):
        batches.append(dict(seen))
        return await real_touch_many(class_id, seen)

    monkeypatch.setattr(store, "touch", touch)
    monkeypatch.setattr(store, "touch_many", touch_many)
    key = socket_of(live_class.pk, viewer.pk).session_key
    for _ in range(20):
        await ws.send_json_to({"type": "heartbeat"})
    await asyncio.sleep(0.35)  # a few ticks
    assert touches == []
    assert any(key in b for b in batches)
    assert sum(len(b) for b in batches) < 20
    await ws.disconnect()


def test_the_asgi_worker_keeps_its_startup_heap_out_of_the_garbage_collector():
    """Full GC passes over the Django/Wagtail heap stalled the event loop for
    seconds under 10,000 sockets: config.asgi freezes what it loaded."""
    import gc

    import config.asgi  # imported by this module already; frozen then

    assert config.asgi.application is application
    assert gc.get_freeze_count() > 10_000


async def test_ending_the_class_closes_its_sockets_and_refuses_new_ones():
    from livestreams import services
    from livestreams.hub import CLASS_ENDED
    from livestreams.models import LiveClassPage

    live_class, (a, b) = await class_with_viewers(2)
    ws, _ = await connect(live_class.pk, a.pk)
    await ws.receive_json_from()  # class_state live
    await live_hub.session_buffer.flush()
    before = await get_store().audience(live_class.pk)
    page = await LiveClassPage.objects.aget(pk=live_class.pk)
    await sync_to_async(services.class_end)(live_class=page)
    state = await drain_until(ws, lambda m: m["type"] == "class_state")
    assert state["status"] == "ended"
    closed = await ws.receive_output(timeout=2)
    assert closed == {
        "type": "websocket.close",
        "code": CLASS_ENDED,
        "reason": "本场直播已结束",
    }
    # The session open at the end ends with the class.
    session = await ViewingSession.objects.aget(viewer=a)
    page = await LiveClassPage.objects.aget(pk=live_class.pk)
    assert session.ended_at == page.ended_at
    # A viewer who never came cannot join now: the unique count stays.
    late = communicator(
        live_class.pk, tokens.sign(viewer_id=b.pk, class_id=live_class.pk)
    )
    assert (await late.connect())[0]
    closed = await late.receive_output(timeout=2)
    assert (closed["type"], closed["code"]) == ("websocket.close", CLASS_ENDED)
    after = await get_store().audience(live_class.pk)
    assert (after.current, after.unique) == (0, before.unique)
    await live_hub.session_buffer.flush()
    assert not await ViewingSession.objects.filter(viewer=b).aexists()


async def test_a_session_user_gets_no_viewer_record_for_an_ended_class():
    from livestreams import services
    from livestreams.models import LiveClassPage

    live_class, _ = await class_with_viewers(0)
    page = await LiveClassPage.objects.aget(pk=live_class.pk)
    await sync_to_async(services.class_end)(live_class=page)
    client = Client()
    worker = await sync_to_async(WorkerFactory)()
    await sync_to_async(client.force_login)(worker)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    ws = communicator(live_class.pk, headers=[*ORIGIN, (b"cookie", cookie)])
    assert (await ws.connect())[0]
    closed = await ws.receive_output(timeout=2)
    assert (closed["type"], closed["code"]) == ("websocket.close", 4410)
    assert not await Viewer.objects.filter(user=worker).aexists()


async def test_a_page_reconnecting_after_a_restart_continues_its_visit():
    """Told 4503 by a stopping worker, the page comes back with its token and its
    visit: one viewer, one visit, and the gap is not counted as watch time."""
    from livestreams.models import LiveClassPage
    from livestreams.reports import class_report

    live_class, (viewer,) = await class_with_viewers(1)
    token = tokens.sign(viewer_id=viewer.pk, class_id=live_class.pk)
    ws, first = await connect(live_class.pk, viewer.pk)
    visit = first["visit"]
    await ws.receive_json_from()  # class_state
    await asyncio.sleep(0.3)
    await live_hub.shutdown()  # SIGTERM on this worker
    closed = await ws.receive_output(timeout=2)
    assert closed == {
        "type": "websocket.close",
        "code": live_hub.RESTARTING,
        "reason": "服务器正在重启",
    }
    assert (await get_store().audience(live_class.pk)).current == 0  # at once
    live_hub.Draining.now = False  # the page reaches another worker
    await asyncio.sleep(0.6)  # the gap
    back = communicator(
        live_class.pk, token, path=f"/ws/live/{live_class.pk}/?visit={visit}"
    )
    assert (await back.connect())[0]
    hello = await back.receive_json_from()
    assert hello["visit"] == visit
    assert (hello["current"], hello["unique"]) == (1, 1)  # not counted twice
    await asyncio.sleep(0.3)
    await back.disconnect()
    await live_hub.session_buffer.flush()

    sessions = [s async for s in ViewingSession.objects.order_by("started_at")]
    assert len(sessions) == 2
    assert {s.visit for s in sessions} == {visit}
    gap = (sessions[1].started_at - sessions[0].ended_at).total_seconds()
    assert gap >= 0.5
    page = await LiveClassPage.objects.aget(pk=live_class.pk)
    report = await sync_to_async(class_report)(page)
    assert (report.unique, report.visits) == (1, 1)
    watched = sum((s.ended_at - s.started_at).total_seconds() for s in sessions)
    assert abs(report.watch_seconds[viewer.pk] - watched) < 0.01


async def test_shutdown_leaves_the_store_in_bulk_and_writes_sessions_first(
    monkeypatch,
):
    """A worker holding thousands of sockets must get its figures right before it
    tells them anything: one store call per class (not one per socket), and every
    session closed in the database before the first socket is told RESTARTING — a
    drain cut short by the timeout then loses no figure."""
    live_class, viewers = await class_with_viewers(3)
    sockets = [await connect(live_class.pk, v.pk) for v in viewers]
    for ws, _ in sockets:
        await ws.receive_json_from()  # class_state
    await live_hub.session_buffer.flush()
    store = get_store()
    calls = []
    leave_many = store.leave_many

    async def counted(class_id, keys):
        calls.append(len(keys))
        return await leave_many(class_id, keys)

    monkeypatch.setattr(store, "leave_many", counted)
    open_when_told = []
    close_by_server = consumers.AudienceConsumer.close_by_server

    async def told(self, code, reason):
        open_when_told.append(
            await ViewingSession.objects.filter(ended_at__isnull=True).acount()
        )
        await close_by_server(self, code, reason)

    monkeypatch.setattr(consumers.AudienceConsumer, "close_by_server", told)

    await live_hub.shutdown()

    assert calls == [3]
    assert open_when_told == [0, 0, 0]
    assert (await store.audience(live_class.pk)).current == 0
    for ws, _ in sockets:
        closed = await ws.receive_output(timeout=2)
        while closed["type"] != "websocket.close":  # a count sent before
            closed = await ws.receive_output(timeout=2)
        assert closed["code"] == live_hub.RESTARTING


async def test_a_page_cannot_continue_another_viewers_visit():
    live_class, (a, b) = await class_with_viewers(2)
    ws, first = await connect(live_class.pk, a.pk)
    await ws.disconnect()
    await live_hub.session_buffer.flush()
    token = tokens.sign(viewer_id=b.pk, class_id=live_class.pk)
    path = f"/ws/live/{live_class.pk}/?visit={first['visit']}"
    other = communicator(live_class.pk, token, path=path)
    assert (await other.connect())[0]
    await other.receive_json_from()
    await other.disconnect()
    await live_hub.session_buffer.flush()
    session = await ViewingSession.objects.aget(viewer=b)
    assert session.visit == session.key != first["visit"]


async def test_a_stopping_worker_sends_new_sockets_elsewhere():
    live_class, (viewer,) = await class_with_viewers(1)
    live_hub.Draining.now = True
    ws = communicator(
        live_class.pk, tokens.sign(viewer_id=viewer.pk, class_id=live_class.pk)
    )
    assert (await ws.connect())[0]
    closed = await ws.receive_output(timeout=2)
    assert (closed["type"], closed["code"]) == ("websocket.close", 4503)
    assert (await get_store().audience(live_class.pk)).unique == 0


async def test_a_handshake_logs_the_time_of_each_step_when_asked(caplog):
    live_class, (viewer,) = await class_with_viewers(1)
    with caplog.at_level("DEBUG", logger="livestreams.handshake"):
        ws, first = await connect(live_class.pk, viewer.pk)
        await drain_until(ws, lambda m: m["type"] == "class_state")
    lines = [
        r.getMessage() for r in caplog.records if r.name == "livestreams.handshake"
    ]
    assert len(lines) == 1
    fields = dict(part.split("=") for part in lines[0].split()[1:])
    assert fields["class"] == str(live_class.pk)
    steps = ["accept", "wait", "token", "join", "count", "state"]
    assert all(float(fields[step]) >= 0 for step in steps)
    assert float(fields["total"]) >= sum(float(fields[step]) for step in steps) - 0.1
    await ws.disconnect()


async def test_no_handshake_timing_is_kept_unless_asked(caplog):
    live_class, (viewer,) = await class_with_viewers(1)
    with caplog.at_level("INFO", logger="livestreams.handshake"):
        ws, first = await connect(live_class.pk, viewer.pk)
        await drain_until(ws, lambda m: m["type"] == "class_state")
        assert socket_of(live_class.pk, viewer.pk).marks is None
    assert not [r for r in caplog.records if r.name == "livestreams.handshake"]
    await ws.disconnect()


class CountingSocket:
    """A hub socket that keeps what it was sent."""

    def __init__(self, class_id, key):
        self.class_id, self.session_key, self.last_heard = class_id, key, time.time()
        self.sent = []

    async def send_safely(self, text):
        self.sent.append(json.loads(text))

    async def rejoin(self, seen_at=None):
        pass

    async def close_by_server(self, code, reason):
        pass


async def test_a_socket_that_joined_while_the_count_moved_away_and_back_is_told():
    """A reconnect storm: the count goes 3 → 1 → 3 between two ticks; a socket
    that joined at 2 must still be sent 3 although the count did not change."""
    store, class_id, now = get_store(), 424242, time.time()
    hub = ClassHub(class_id)
    await store.join_many(class_id, [("a", 1, now), ("c", 2, now), ("d", 3, now)])
    a, x = CountingSocket(class_id, "a"), CountingSocket(class_id, "x")
    hub.add(a, await store.audience(class_id))  # everyone here has seen 3
    await store.leave_many(class_id, ["c", "d"])
    ((given, _),) = await store.join_many(class_id, [("x", 2, now)])
    assert given.current == 2
    hub.add(x, given)
    await store.join_many(class_id, [("d2", 3, now)])
    assert (await store.audience(class_id)) == hub.last_sent  # back where it was
    await hub.tick()
    assert x.sent == [{"type": "audience", "current": 3, "peak": 3, "unique": 3}]
    assert a.sent == []  # the others already had it
    await hub.tick()
    assert len(x.sent) == 1  # told once


async def test_a_check_in_opened_before_the_tickers_first_tick_reaches_the_viewer():
    """The first viewer has the class state (no check-in yet); the host opens a
    check-in before this worker's ticker has ticked once: the tick brings it. The
    ticker used to start from the log's end at its first tick, and the viewer
    never saw the button (a flaky browser test on PostgreSQL found it)."""
    live_class = await sync_to_async(make_class)()
    hub = ClassHub.get(live_class.pk)
    phone = CountingSocket(live_class.pk, "a")
    hub.sockets.add(phone)  # as add() does, without starting the ticker
    state = await hub.connect_state()
    assert not [m for m in state if m.get("type") == "checkin_open"]
    get_store().publish(live_class.pk, {"type": "checkin_open", "id": 7})
    await hub.tick()
    assert {"type": "checkin_open", "id": 7} in phone.sent
    await hub.tick()
    assert phone.sent.count({"type": "checkin_open", "id": 7}) == 1  # once


async def test_a_tick_before_any_state_read_leaves_the_events_to_the_next_one():
    """A ticker that ticks before its first socket has read the class state takes
    nothing from the event log: the state read marks where the events start."""
    live_class = await sync_to_async(make_class)()
    store = get_store()
    store.publish(live_class.pk, {"type": "poll_result", "id": 1})  # history
    hub = ClassHub.get(live_class.pk)
    phone = CountingSocket(live_class.pk, "a")
    hub.sockets.add(phone)
    await hub.tick()
    assert hub.seq is None
    await hub.connect_state()
    assert hub.seq == await store.event_seq(live_class.pk) == 1
    store.publish(live_class.pk, {"type": "checkin_open", "id": 8})
    await hub.tick()
    events = [m for m in phone.sent if m["type"] != "audience"]
    assert events == [{"type": "checkin_open", "id": 8}]  # no replayed history
