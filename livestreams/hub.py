"""The per-worker plumbing of the audience sockets.

Counts never travel through the channel layer: each worker runs one ticker per class
(``ClassHub``) that reads the shared presence store once a second and sends the
audience to its own sockets only when a number changed, plus any host event queued in
the store. A new socket gets the count at once from its own join. So no count depends
on group messages arriving (channels_redis drops them when an inbox is full) and there
is no broadcast per join (O(N²)).

Session writes are batched (``SessionBuffer``) and store calls are group-committed
(``StoreBatch``); the consumer only calls into these.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import threading
import time
import weakref
from typing import Protocol

from channels.db import database_sync_to_async
from django.conf import settings

from livestreams import services
from livestreams.presence import Audience, get_store

logger = logging.getLogger(__name__)

# Application close codes of the audience socket (the phone page reads them).
CLASS_ENDED = 4410  # the class is over: do not reconnect
CLASS_ENDED_REASON = "本场直播已结束"
RESTARTING = 4503  # this worker is stopping: reconnect (with jittered back-off)
RESTARTING_REASON = "服务器正在重启"


class HubSocket(Protocol):
    """What the hub needs of a socket (the consumer provides it)."""

    class_id: int
    session_key: str | None
    last_heard: float  # when this socket last joined or spoke

    async def rejoin(self, seen_at: float | None = None) -> None: ...

    async def close_by_server(self, code: int, reason: str) -> None: ...

    async def send_safely(self, text: str) -> None: ...


class SessionBuffer:
    """Viewing-session writes of this worker, flushed in one batch per tick.

    Connect and disconnect only append here; ``flush`` writes them with two or three
    queries. Writes are keyed by the session key, so a flush that runs twice (or
    again after a crash) counts once.
    """

    def __init__(self):
        self.opens: dict[str, tuple[int, int, float]] = {}
        self.resumes: dict[str, str] = {}  # new session → the visit it continues
        self.closes: dict[str, float] = {}
        # Last heard-from times, written at most every SESSION_SEEN_INTERVAL.
        self.seen: dict[str, float] = {}
        self.seen_written = time.time()
        self._locks: dict[int, asyncio.Lock] = {}

    @property
    def lock(self) -> asyncio.Lock:
        """One lock per event loop (a worker has one; the tests make many)."""
        loop = id(asyncio.get_running_loop())
        if loop not in self._locks:
            self._locks[loop] = asyncio.Lock()
        return self._locks[loop]

    def opened(
        self, key: str, class_id: int, viewer_id: int, now: float, visit: str = ""
    ) -> None:
        self.opens[key] = (class_id, viewer_id, now)
        if visit and visit != key:
            self.resumes[key] = visit

    def closed(self, key: str, now: float) -> None:
        self.closes.setdefault(key, now)
        self.seen.pop(key, None)

    def saw(self, seen: dict[str, float]) -> None:
        for key, moment in seen.items():
            if moment > self.seen.get(key, 0.0):
                self.seen[key] = moment

    async def flush(self, now: float | None = None, *, all_seen: bool = False) -> None:
        now = time.time() if now is None else now
        async with self.lock:
            due = (
                all_seen
                or now - self.seen_written >= settings.LIVESTREAMS_SESSION_SEEN_INTERVAL
            )
            seen = self.seen if due and self.seen else {}
            if not self.opens and not self.closes and not seen:
                return
            opens, self.opens = self.opens, {}
            resumes, self.resumes = self.resumes, {}
            closes, self.closes = self.closes, {}
            if seen:
                self.seen, self.seen_written = {}, now
            # Not on the single thread-sensitive executor: joins of session users
            # hop there, and must not wait behind this batch.
            write = asyncio.ensure_future(
                database_sync_to_async(services.sessions_flush, thread_sensitive=False)(
                    opens=opens, closes=closes, seen=seen, resumes=resumes
                )
            )
            try:
                await asyncio.shield(write)
            except asyncio.CancelledError:
                # A cancelled ticker must not let the lock go while its thread is
                # still writing (the next flush would run beside it).
                await asyncio.wait([write])
                raise
            except Exception:
                # Keep them for the next tick (the writes are idempotent).
                for key, value in opens.items():
                    self.opens.setdefault(key, value)
                for key, value in resumes.items():
                    self.resumes.setdefault(key, value)
                for key, value in closes.items():
                    self.closes.setdefault(key, value)
                self.saw({k: v for k, v in seen.items() if k not in self.closes})
                raise


session_buffer = SessionBuffer()


class StoreBatch:
    """Group commit of one presence-store operation per class in this worker.

    A join (or leave) does not make its own Redis call: it queues, and while one
    call is in flight every join arriving meanwhile waits for the next, which takes
    them all at once. A burst of thousands of joins thus costs a few round trips per
    worker, and a lone join still goes out at once (no added delay). Each caller gets
    its own result from the batch: a new socket's first count is the exact count
    right after its batch went in.
    """

    MAX_BATCH = 500

    def __init__(self, operation: str):
        self.operation = operation  # a *_many method of the store
        # Queues per event loop (a worker has one; the tests make many).
        self._loops: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    async def submit(self, class_id: int, item):
        loop = asyncio.get_running_loop()
        queues = self._loops.setdefault(loop, {})
        queue = queues.get(class_id)
        if queue is None:
            queue = queues[class_id] = {"items": [], "task": None}
        future = loop.create_future()
        queue["items"].append((item, future))
        if queue["task"] is None or queue["task"].done():
            queue["task"] = loop.create_task(self._drain(class_id, queue))
        return await future

    async def _drain(self, class_id: int, queue: dict) -> None:
        call = getattr(get_store(), self.operation)
        while queue["items"]:
            batch = queue["items"][: self.MAX_BATCH]
            del queue["items"][: self.MAX_BATCH]
            try:
                results = await call(class_id, [item for item, _ in batch])
            except Exception as error:  # noqa: BLE001 — handed to every caller
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(result)


joins = StoreBatch("join_many")
leaves = StoreBatch("leave_many")


class ClassHub:
    """This worker's sockets on one class and the ticker that feeds them."""

    hubs: dict[int, ClassHub] = {}

    def __init__(self, class_id: int):
        self.class_id = class_id
        self.sockets: set[HubSocket] = set()
        self.last_sent: Audience | None = None
        # Sockets given a count (at their join) other than the one last sent to
        # all: if the store comes back to that one, the tick still tells them.
        self.behind: set[HubSocket] = set()
        self.seq: int | None = None
        self.task: asyncio.Task | None = None
        self.state: list[dict] | None = None
        self.state_read = 0.0
        self.state_lock = asyncio.Lock()
        # Heartbeats of this worker's sockets since the last tick: written to the
        # store in one command per tick instead of one per heartbeat.
        self.seen: dict[str, float] = {}
        self.swept = time.time()
        self.stopped = False

    async def connect_state(self) -> list[dict]:
        """Class state and open check-in/poll for new sockets, read at most once
        per tick rather than once per join."""
        async with self.state_lock:  # a burst of joins makes one query, not N
            if self.state is None:
                if self.seq is None:
                    # The event log's position *before* the first state read: an
                    # event published while it is read is in the state or comes
                    # with the next tick (at worst both), never in neither.
                    self.seq = await get_store().event_seq(self.class_id)
                self.state_read = time.time()
                self.state = await database_sync_to_async(
                    services.connect_state, thread_sensitive=False
                )(class_id=self.class_id)
            return self.state

    @classmethod
    def get(cls, class_id: int) -> ClassHub:
        hub = cls.hubs.get(class_id)
        if hub is None:
            hub = cls.hubs[class_id] = ClassHub(class_id)
        return hub

    def add(self, socket: HubSocket, audience: Audience) -> None:
        """Register a socket that was just sent ``audience``."""
        if not self.sockets:
            self.last_sent = audience  # its only socket already has this count
        self.sockets.add(socket)
        self.gave(socket, audience)
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self.run())

    def gave(self, socket: HubSocket, audience: Audience) -> None:
        """``socket`` was just sent ``audience`` by itself (join or rejoin)."""
        if audience != self.last_sent:
            self.behind.add(socket)

    def remove(self, socket: HubSocket) -> None:
        self.sockets.discard(socket)
        self.behind.discard(socket)
        if not self.sockets and self.task:
            if self.task is asyncio.current_task():
                # The ticker itself closed the last socket (the class ended): it
                # must not cancel itself mid-tick, it stops after this one.
                self.stopped = True
            else:
                self.task.cancel()
            self.task = None
            self.hubs.pop(self.class_id, None)

    async def run(self) -> None:
        interval = settings.LIVESTREAMS_PUSH_INTERVAL
        while not self.stopped:
            started = time.monotonic()
            try:
                await self.tick()
            except asyncio.CancelledError:
                raise
            except Exception:  # one bad tick must not stop the class
                logger.exception("live class %s: tick failed", self.class_id)
            await asyncio.sleep(max(0.05, interval - (time.monotonic() - started)))

    async def tick(self, now: float | None = None) -> None:
        store = get_store()
        now = time.time() if now is None else now
        timeout = settings.LIVESTREAMS_HEARTBEAT_TIMEOUT
        seen, self.seen = self.seen, {}
        try:
            missing = set(await store.touch_many(self.class_id, seen))
        except Exception:
            for key, value in seen.items():  # keep them for the next tick
                self.seen.setdefault(key, value)
            raise
        session_buffer.saw({k: t for k, t in seen.items() if k not in missing})
        if missing:
            # Expired (silent past the timeout) or lost with the store (a Redis
            # restart): the old session ends when the socket last spoke and a new
            # one begins.
            await asyncio.gather(
                *(
                    s.rejoin(seen_at=seen[s.session_key])
                    for s in list(self.sockets)
                    if s.session_key in missing
                ),
                return_exceptions=True,
            )
        expired = await store.expire(self.class_id, now - timeout)
        for gone in expired:
            # Presence ended when the connection was last heard from.
            session_buffer.closed(gone.connection, min(now, gone.last_seen))
        if now - self.swept >= settings.LIVESTREAMS_SESSION_SWEEP_INTERVAL:
            self.swept = now
            await self.sweep(now)
        await session_buffer.flush(now)
        if self.state_read < now - settings.LIVESTREAMS_PUSH_INTERVAL:
            self.state = None  # re-read the class state for the next new socket
        behind, self.behind = self.behind, set()
        audience = await store.audience(self.class_id)
        if audience != self.last_sent:
            self.last_sent = audience
            await self.send_all(json.dumps(audience.message()))
        elif behind:
            # Joined while the count moved away and back (a reconnect storm): the
            # others need nothing, these would keep their older count for good.
            text = json.dumps(audience.message())
            await asyncio.gather(
                *(s.send_safely(text) for s in behind if s in self.sockets),
                return_exceptions=True,
            )
        if self.seq is None:
            return  # no socket has its state yet: the first state read sets seq
        self.seq, events = await store.events_since(self.class_id, self.seq)
        if events:
            self.state = None  # new sockets must see the check-in or poll too
        for event in events:
            await self.send_all(json.dumps(event, ensure_ascii=False))
            if event.get("type") == "class_state" and event.get("status") == "ended":
                # The class is over: its sockets are closed (the page shows the
                # replay, which is not counted as live). Each close runs apart: the
                # last one ends this ticker, which must not cancel them with it.
                for s in list(self.sockets):
                    spawn(s.close_by_server(CLASS_ENDED, CLASS_ENDED_REASON))

    async def sweep(self, now: float) -> None:
        """Close the open sessions of this class that the store no longer knows
        (lost with a Redis restart or flush while their worker was gone) at the
        time they were last seen; any worker holding the class does it."""
        cutoff = now - (
            settings.LIVESTREAMS_HEARTBEAT_TIMEOUT
            + settings.LIVESTREAMS_SESSION_SEEN_INTERVAL
        )
        stale = await database_sync_to_async(
            services.sessions_stale, thread_sensitive=False
        )(class_id=self.class_id, before=cutoff)
        if not stale:
            return
        known = await get_store().known(self.class_id, list(stale))
        for key, last_seen in stale.items():
            if key not in known:
                session_buffer.closed(key, last_seen)

    async def send_all(self, text: str) -> None:
        sockets = list(self.sockets)
        if sockets:
            await asyncio.gather(
                *(s.send_safely(text) for s in sockets), return_exceptions=True
            )


_background: set[asyncio.Task] = set()


def spawn(coro) -> asyncio.Task:
    """Run ``coro`` as its own task (kept referenced until done)."""
    task = asyncio.get_running_loop().create_task(coro)
    _background.add(task)
    task.add_done_callback(_background.discard)
    return task


async def join(
    class_id: int, key: str, viewer_id: int, visit: str = ""
) -> Audience | None:
    """Make a connection present: the store first (its count is sent at once), the
    session row (continuing ``visit``) by the next batch. None: the class has
    ended (refused)."""
    now = time.time()
    audience, new = await joins.submit(class_id, (key, viewer_id, now))
    if new is None:
        return None
    session_buffer.opened(key, class_id, viewer_id, now, visit)
    return audience


async def leave(socket: HubSocket, key: str) -> None:
    """A connection ends: out of the store and its session closed now."""
    class_hub = ClassHub.get(socket.class_id)
    class_hub.seen.pop(key, None)
    class_hub.remove(socket)
    present = await leaves.submit(socket.class_id, key)
    # Present: it ends now. Not present (expired, lost with the store, or the class
    # ended): it ends when this socket was last heard from, never later.
    session_buffer.closed(key, time.time() if present else socket.last_heard)
    if socket.class_id not in ClassHub.hubs:
        await session_buffer.flush()  # no ticker left here to do it


async def seen(socket: HubSocket) -> bool:
    """Note that a socket spoke; False when the store no longer knows it."""
    class_hub = ClassHub.hubs.get(socket.class_id)
    if class_hub is not None and socket in class_hub.sockets:
        class_hub.seen[socket.session_key] = time.time()
        return True
    return await get_store().touch(socket.class_id, socket.session_key, time.time())


# --- graceful shutdown ---------------------------------------------------------

_shutdown: asyncio.Task | None = None


async def shutdown() -> None:
    """Stop this worker's part in every class: tickers cancelled, every socket out
    of the store at once (no one lingers until the heartbeat timeout) and its
    session closed now, the session batch written, then each socket told
    RESTARTING (it reconnects, to another worker). Idempotent.

    What must not be lost goes first and in bulk — one store call per class and
    ``StoreBatch.MAX_BATCH`` sockets, one session batch — so a worker holding
    10,000 sockets has its figures right within a second; telling the sockets
    comes last, and a drain cut short by the timeout only leaves them to notice
    the lost connection (they reconnect the same way)."""
    Draining.now = True
    hubs = list(ClassHub.hubs.values())
    ClassHub.hubs.clear()
    now = time.time()
    sockets: list[HubSocket] = []
    for class_hub in hubs:
        if class_hub.task is not None:
            class_hub.task.cancel()
            class_hub.task = None
        held = {}
        for socket in list(class_hub.sockets):
            sockets.append(socket)
            if socket.session_key is not None:
                # The socket's own leave (on close or disconnect) is now a no-op.
                held[socket.session_key], socket.session_key = socket, None
        keys = list(held)
        for start in range(0, len(keys), StoreBatch.MAX_BATCH):
            chunk = keys[start : start + StoreBatch.MAX_BATCH]
            try:
                present = await get_store().leave_many(class_hub.class_id, chunk)
            except Exception:  # the store is gone: end them when last heard from
                logger.exception(
                    "live class %s: leave on shutdown failed", class_hub.class_id
                )
                present = [False] * len(chunk)
            for key, here in zip(chunk, present, strict=True):
                session_buffer.closed(key, now if here else held[key].last_heard)
    await session_buffer.flush(all_seen=True)
    written = time.time()
    await asyncio.gather(
        *(s.close_by_server(RESTARTING, RESTARTING_REASON) for s in sockets),
        return_exceptions=True,
    )
    logger.info(
        "drained %d sockets: store left and sessions written in %.2f s, "
        "sockets told in %.2f s",
        len(sockets), written - now, time.time() - written,
    )  # fmt: skip


class Draining:
    """Set once this worker is stopping: new sockets are sent elsewhere at once."""

    now = False


def _begin_shutdown(loop, signum, frame, previous) -> None:
    """First SIGTERM/SIGINT: drain (bounded), then hand over to the server's own
    handler (uvicorn then finds no socket left and exits). A watchdog ends the
    process if anything still holds it past LIVESTREAMS_SHUTDOWN_TIMEOUT."""
    global _shutdown
    timeout = settings.LIVESTREAMS_SHUTDOWN_TIMEOUT
    if _shutdown is not None:  # a second signal: no more waiting
        if callable(previous):
            previous(signum, frame)
        return
    logger.info(
        "signal %s: closing live-class sockets (%.0f s at most)", signum, timeout
    )
    watchdog = threading.Timer(timeout, _exit_now)
    watchdog.daemon = True
    watchdog.start()

    async def drain():
        try:
            await asyncio.wait_for(shutdown(), timeout=max(0.5, timeout - 2))
        except Exception:
            logger.exception("live-class drain failed")
        if callable(previous):
            previous(signum, frame)

    _shutdown = loop.create_task(drain())


def _exit_now() -> None:
    logger.error("shutdown took longer than LIVESTREAMS_SHUTDOWN_TIMEOUT: exiting")
    logging.shutdown()
    os._exit(1)


def install_signal_handlers() -> None:
    """Put the drain in front of the server's SIGTERM/SIGINT handlers (uvicorn
    installs its own with signal.signal before the lifespan starts)."""
    if threading.current_thread() is not threading.main_thread():
        return
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        previous = signal.getsignal(signum)

        def handler(signum, frame, previous=previous):
            loop.call_soon_threadsafe(_begin_shutdown, loop, signum, frame, previous)

        signal.signal(signum, handler)


async def lifespan(scope, receive, send) -> None:
    """The ASGI lifespan protocol for config.asgi: the drain on SIGTERM is set up
    at startup, and a shutdown that comes another way drains too."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            install_signal_handlers()
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await shutdown()
            await send({"type": "lifespan.shutdown.complete"})
            return
