"""Who is watching a class right now, kept outside the consumers.

A *connection* (one socket, member name = its viewing-session key) belongs to a
*viewer*; a viewer is present while at least one of its connections is. The store
keeps, per class: connection → last-seen time, connection → viewer, viewer → number
of live connections, the set of viewers ever present, the peak with its time, and a
short log of host events (class state, check-ins, polls) that every worker's ticker
relays to its own sockets.

``MemoryPresenceStore`` serves the embedded default (one process). ``RedisPresenceStore``
serves production: every uvicorn worker shares exact counts, each update is one Lua
script (atomic), and connections of a killed worker simply stop being refreshed, so
any worker's ticker expires them after ``HEARTBEAT_TIMEOUT``.
"""

from __future__ import annotations

import json
import sys
import threading
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Audience:
    current: int
    peak: int
    unique: int
    peak_at: float | None = None

    def message(self) -> dict:
        return {
            "type": "audience",
            "current": self.current,
            "peak": self.peak,
            "unique": self.unique,
        }


@dataclass(frozen=True)
class Expired:
    connection: str
    viewer: int
    last_seen: float


class PresenceStore:
    """The interface both stores implement (all times in POSIX seconds)."""

    async def join(self, class_id, connection, viewer, now) -> tuple[Audience, bool]:
        ((audience, new),) = await self.join_many(class_id, [(connection, viewer, now)])
        return audience, new

    async def join_many(
        self, class_id, joins: list[tuple[str, int, float]]
    ) -> list[tuple[Audience, bool | None]]:
        """Add many connections ``(connection, viewer, now)`` in one step; return,
        for each, the audience once all of them are in and whether it was new
        (None: refused, the class has ended)."""
        raise NotImplementedError

    def end_class(self, class_id) -> None:
        """The class ended: nobody is present any more and joins are refused
        (peak and unique stay as they were). Sync: the host console calls it."""
        raise NotImplementedError

    def reopen_class(self, class_id) -> None:
        """The host started the class (again): joins are accepted."""
        raise NotImplementedError

    async def touch(self, class_id, connection, now) -> bool:
        """Refresh a connection; False when it is unknown (it expired meanwhile)."""
        raise NotImplementedError

    async def touch_many(self, class_id, seen: dict[str, float]) -> list[str]:
        """Refresh many connections at once; return those that were unknown."""
        raise NotImplementedError

    async def leave(self, class_id, connection) -> bool:
        (left,) = await self.leave_many(class_id, [connection])
        return left

    async def leave_many(self, class_id, connections: list[str]) -> list[bool]:
        """Remove many connections in one step; for each, whether it was present."""
        raise NotImplementedError

    async def expire(self, class_id, cutoff) -> list[Expired]:
        """Remove the connections last seen before ``cutoff`` and return them."""
        raise NotImplementedError

    async def known(self, class_id, connections: list[str]) -> set[str]:
        """Those of ``connections`` the store holds now."""
        raise NotImplementedError

    async def audience(self, class_id) -> Audience:
        raise NotImplementedError

    async def events_since(self, class_id, seq) -> tuple[int, list[dict]]:
        raise NotImplementedError

    async def event_seq(self, class_id) -> int:
        """The number of the class's last event (0 before any)."""
        seq, _ = await self.events_since(class_id, sys.maxsize)
        return seq

    def publish(self, class_id, message: dict) -> None:
        """Queue a host event for every worker's sockets (sync: views call it)."""
        raise NotImplementedError

    def audience_sync(self, class_id) -> Audience:
        raise NotImplementedError

    def reset(self, class_id) -> None:
        raise NotImplementedError


EVENT_LOG_LENGTH = 50


class _MemoryClass:
    def __init__(self):
        self.last_seen: dict[str, float] = {}
        self.viewer_of: dict[str, int] = {}
        self.connections: dict[int, int] = {}
        self.ever: set[int] = set()
        self.peak = 0
        self.peak_at: float | None = None
        self.seq = 0
        self.events: list[tuple[int, dict]] = []
        self.ended = False

    def audience(self) -> Audience:
        return Audience(len(self.connections), self.peak, len(self.ever), self.peak_at)


class MemoryPresenceStore(PresenceStore):
    """In-process presence. A lock guards it because sync views (host console) run
    in threads next to the event loop."""

    def __init__(self):
        self._classes: dict[int, _MemoryClass] = {}
        self._lock = threading.Lock()

    def _cls(self, class_id) -> _MemoryClass:
        return self._classes.setdefault(int(class_id), _MemoryClass())

    def _remove(self, c: _MemoryClass, connection: str) -> int | None:
        if c.last_seen.pop(connection, None) is None:
            return None
        viewer = c.viewer_of.pop(connection)
        c.connections[viewer] -= 1
        if c.connections[viewer] <= 0:
            del c.connections[viewer]
        return viewer

    async def join_many(self, class_id, joins):
        with self._lock:
            c = self._cls(class_id)
            if c.ended:
                return [(c.audience(), None) for _ in joins]
            news = []
            for connection, viewer, now in joins:
                new = connection not in c.last_seen
                c.last_seen[connection] = now
                if new:
                    c.viewer_of[connection] = viewer
                    c.connections[viewer] = c.connections.get(viewer, 0) + 1
                    c.ever.add(viewer)
                if len(c.connections) > c.peak:
                    c.peak, c.peak_at = len(c.connections), now
                news.append(new)
            audience = c.audience()
            return [(audience, new) for new in news]

    async def touch(self, class_id, connection, now):
        with self._lock:
            c = self._cls(class_id)
            if connection not in c.last_seen:
                return False
            c.last_seen[connection] = now
            return True

    async def touch_many(self, class_id, seen):
        with self._lock:
            c = self._cls(class_id)
            missing = []
            for connection, now in seen.items():
                if connection in c.last_seen:
                    c.last_seen[connection] = max(c.last_seen[connection], now)
                else:
                    missing.append(connection)
            return missing

    async def leave_many(self, class_id, connections):
        with self._lock:
            c = self._cls(class_id)
            return [self._remove(c, k) is not None for k in connections]

    async def expire(self, class_id, cutoff):
        with self._lock:
            c = self._cls(class_id)
            stale = [(k, t) for k, t in c.last_seen.items() if t < cutoff]
            gone = []
            for connection, seen in stale:
                viewer = self._remove(c, connection)
                gone.append(Expired(connection, viewer, seen))
            return gone

    async def known(self, class_id, connections):
        with self._lock:
            c = self._cls(class_id)
            return {k for k in connections if k in c.last_seen}

    async def audience(self, class_id):
        return self.audience_sync(class_id)

    def audience_sync(self, class_id):
        with self._lock:
            return self._cls(class_id).audience()

    async def events_since(self, class_id, seq):
        with self._lock:
            c = self._cls(class_id)
            return c.seq, [m for s, m in c.events if s > seq]

    def publish(self, class_id, message):
        with self._lock:
            c = self._cls(class_id)
            c.seq += 1
            c.events = [*c.events[-EVENT_LOG_LENGTH + 1 :], (c.seq, message)]

    def end_class(self, class_id):
        with self._lock:
            c = self._cls(class_id)
            c.ended = True
            c.last_seen.clear()
            c.viewer_of.clear()
            c.connections.clear()

    def reopen_class(self, class_id):
        with self._lock:
            self._cls(class_id).ended = False

    def reset(self, class_id):
        with self._lock:
            self._classes.pop(int(class_id), None)


# KEYS: conns (zset conn→last seen), viewer_of (hash), connections (hash viewer→n),
# ever (set), peak (hash n/at). All commands of one class share a hash tag.
# ARGV: key TTL, then (connection, viewer, now) per join. A batch only adds
# connections, so the count after the last join is the batch's highest: the peak is
# checked once, at the end, with the time of the last join.
_JOIN_MANY = """
local news = {}
if redis.call('EXISTS', KEYS[8]) == 1 then
  for i = 2, #ARGV, 3 do table.insert(news, -1) end
  local peak = redis.call('HGET', KEYS[5], 'n') or '0'
  return {redis.call('HLEN', KEYS[3]), peak, redis.call('SCARD', KEYS[4]),
          redis.call('HGET', KEYS[5], 'at') or '', news}
end
for i = 2, #ARGV, 3 do
  local conn, viewer = ARGV[i], ARGV[i + 1]
  local existed = redis.call('ZSCORE', KEYS[1], conn)
  redis.call('ZADD', KEYS[1], ARGV[i + 2], conn)
  if not existed then
    redis.call('HSET', KEYS[2], conn, viewer)
    redis.call('HINCRBY', KEYS[3], viewer, 1)
    redis.call('SADD', KEYS[4], viewer)
  end
  table.insert(news, existed and 0 or 1)
end
local current = redis.call('HLEN', KEYS[3])
local peak = tonumber(redis.call('HGET', KEYS[5], 'n') or '0')
if current > peak then
  redis.call('HSET', KEYS[5], 'n', current, 'at', ARGV[#ARGV])
  peak = current
end
for i = 1, 5 do redis.call('EXPIRE', KEYS[i], ARGV[1]) end
return {current, peak, redis.call('SCARD', KEYS[4]),
        redis.call('HGET', KEYS[5], 'at'), news}
"""
_TOUCH = """
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
  return 1
end
return 0
"""
_TOUCH_MANY = """
local missing = {}
for i = 1, #ARGV, 2 do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    redis.call('ZADD', KEYS[1], 'GT', ARGV[i + 1], ARGV[i])
  else
    table.insert(missing, ARGV[i])
  end
end
return missing
"""
_REMOVE = """
local function remove(conn)
  if redis.call('ZREM', KEYS[1], conn) == 0 then return nil end
  local viewer = redis.call('HGET', KEYS[2], conn)
  redis.call('HDEL', KEYS[2], conn)
  if viewer and redis.call('HINCRBY', KEYS[3], viewer, -1) <= 0 then
    redis.call('HDEL', KEYS[3], viewer)
  end
  return viewer or '0'
end
"""
_LEAVE_MANY = (
    _REMOVE
    + """
local out = {}
for i = 1, #ARGV do
  table.insert(out, remove(ARGV[i]) and 1 or 0)
end
return out
"""
)
_EXPIRE = (
    _REMOVE
    + """
local stale = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1],
                         'WITHSCORES', 'LIMIT', 0, 2000)
local out = {}
for i = 1, #stale, 2 do
  local viewer = remove(stale[i])
  if viewer then
    table.insert(out, stale[i]); table.insert(out, viewer)
    table.insert(out, stale[i + 1])
  end
end
return out
"""
)
_AUDIENCE = """
return {redis.call('HLEN', KEYS[3]), redis.call('HGET', KEYS[5], 'n') or '0',
        redis.call('SCARD', KEYS[4]), redis.call('HGET', KEYS[5], 'at') or ''}
"""
_PUBLISH = """
local seq = redis.call('INCR', KEYS[7])
redis.call('RPUSH', KEYS[6], seq .. '|' .. ARGV[1])
redis.call('LTRIM', KEYS[6], -tonumber(ARGV[2]), -1)
redis.call('EXPIRE', KEYS[6], ARGV[3]); redis.call('EXPIRE', KEYS[7], ARGV[3])
return seq
"""

KEY_TTL = 3 * 24 * 60 * 60


def _audience(values) -> Audience:
    current, peak, unique, at = values
    return Audience(int(current), int(peak), int(unique), float(at) if at else None)


class RedisPresenceStore(PresenceStore):
    """Presence in Redis, shared by every ASGI worker.

    The asyncio client uses a *blocking* pool of ``max_connections``: redis-py 8's
    default pool raises "Too many connections" past its limit, and letting it grow
    to one connection per joining phone makes a connection storm that times out
    under a burst of joins. Commands wait (up to ``socket_timeout``) for one of a
    few warm connections instead. ``socket_timeout`` stays above the 5 s default.
    """

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "live",
        max_connections: int = 50,
        socket_timeout: float = 15.0,
    ):
        import redis
        import redis.asyncio as aioredis

        self.url = url
        self.prefix = prefix
        options = {
            "max_connections": max_connections,
            "socket_timeout": socket_timeout,
            "socket_connect_timeout": socket_timeout,
            "decode_responses": True,
        }
        self._options = options
        self._max_connections = max_connections
        self._aio_clients: dict[int, object] = {}
        self._aioredis = aioredis
        # Sync client for views (host console, sign-up) under gunicorn threads.
        self.sync = redis.Redis.from_url(url, **options)

    @property
    def client(self):
        """One asyncio client per event loop (tests run several loops)."""
        import asyncio

        loop = asyncio.get_running_loop()
        client = self._aio_clients.get(id(loop))
        if client is None:
            pool = self._aioredis.BlockingConnectionPool.from_url(
                self.url,
                max_connections=self._max_connections,
                timeout=self._options["socket_timeout"],
                socket_timeout=self._options["socket_timeout"],
                socket_connect_timeout=self._options["socket_timeout"],
                decode_responses=True,
            )
            client = self._aioredis.Redis(connection_pool=pool)
            self._aio_clients[id(loop)] = client
        return client

    def keys(self, class_id) -> list[str]:
        tag = f"{self.prefix}:{{{int(class_id)}}}"
        return [
            f"{tag}:conns",
            f"{tag}:viewer_of",
            f"{tag}:connections",
            f"{tag}:ever",
            f"{tag}:peak",
            f"{tag}:events",
            f"{tag}:seq",
            f"{tag}:ended",
        ]

    async def _eval(self, script, class_id, *args):
        keys = self.keys(class_id)
        return await self.client.eval(script, len(keys), *keys, *args)

    async def join_many(self, class_id, joins):
        if not joins:
            return []
        args = [a for c, v, t in joins for a in (c, int(v), repr(t))]
        current, peak, unique, at, news = await self._eval(
            _JOIN_MANY, class_id, KEY_TTL, *args
        )
        audience = _audience((current, peak, unique, at))
        return [(audience, None if new == -1 else bool(new)) for new in news]

    async def touch(self, class_id, connection, now):
        return bool(await self._eval(_TOUCH, class_id, connection, repr(now)))

    async def touch_many(self, class_id, seen):
        if not seen:
            return []
        args = [item for pair in seen.items() for item in (pair[0], repr(pair[1]))]
        return list(await self._eval(_TOUCH_MANY, class_id, *args))

    async def leave_many(self, class_id, connections):
        if not connections:
            return []
        return [bool(n) for n in await self._eval(_LEAVE_MANY, class_id, *connections)]

    async def expire(self, class_id, cutoff):
        flat = await self._eval(_EXPIRE, class_id, repr(cutoff))
        return [
            Expired(flat[i], int(flat[i + 1]), float(flat[i + 2]))
            for i in range(0, len(flat), 3)
        ]

    async def known(self, class_id, connections):
        if not connections:
            return set()
        scores = await self.client.zmscore(self.keys(class_id)[0], connections)
        return {
            k for k, score in zip(connections, scores, strict=True) if score is not None
        }

    async def audience(self, class_id):
        return _audience(await self._eval(_AUDIENCE, class_id))

    def audience_sync(self, class_id):
        keys = self.keys(class_id)
        return _audience(self.sync.eval(_AUDIENCE, len(keys), *keys))

    async def events_since(self, class_id, seq):
        keys = self.keys(class_id)
        last = int(await self.client.get(keys[6]) or 0)
        if last <= seq:
            return last, []
        entries = await self.client.lrange(keys[5], 0, -1)
        messages = []
        for entry in entries:
            number, _, payload = entry.partition("|")
            if int(number) > seq:
                messages.append(json.loads(payload))
        return last, messages

    def publish(self, class_id, message):
        keys = self.keys(class_id)
        self.sync.eval(
            _PUBLISH,
            len(keys),
            *keys,
            json.dumps(message, ensure_ascii=False),
            EVENT_LOG_LENGTH,
            KEY_TTL,
        )

    def end_class(self, class_id):
        keys = self.keys(class_id)
        pipe = self.sync.pipeline(transaction=True)
        pipe.set(keys[7], "1", ex=KEY_TTL)
        pipe.delete(keys[0], keys[1], keys[2])
        pipe.execute()

    def reopen_class(self, class_id):
        self.sync.delete(self.keys(class_id)[7])

    def reset(self, class_id):
        self.sync.delete(*self.keys(class_id))


def build_store() -> PresenceStore:
    backend = settings.LIVESTREAMS_PRESENCE_BACKEND
    if backend == "memory":
        return MemoryPresenceStore()
    if backend == "redis":
        return RedisPresenceStore(
            settings.LIVESTREAMS_REDIS_URL,
            prefix=settings.LIVESTREAMS_REDIS_PREFIX,
            max_connections=settings.LIVESTREAMS_REDIS_POOL_SIZE,
            socket_timeout=settings.LIVESTREAMS_REDIS_SOCKET_TIMEOUT,
        )
    return import_string(backend)()


@cache
def get_store() -> PresenceStore:
    """The process's store, chosen by LIVESTREAMS_PRESENCE_BACKEND."""
    return build_store()
