"""The audience socket ``ws/live/<class id>/``: authenticate, join, relay.

The per-worker plumbing (tickers, batched session writes, grouped store calls) lives
in ``livestreams.hub``; the rules live in ``livestreams.services``. This module only
turns socket events into calls to them.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
import uuid
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.core.exceptions import ValidationError

from livestreams import hub, services, tokens
from livestreams.models import ClassStatus
from livestreams.presence import Audience

logger = logging.getLogger(__name__)
# One DEBUG line per handshake with the time of each step (off unless this logger is
# set to DEBUG: DJANGO_LIVE_HANDSHAKE_LOG=1; benchmarks/livestreams_audience.py reads it).
timing = logging.getLogger("livestreams.handshake")

UNAUTHORISED = 4401
VISIT_RE = re.compile(r"[0-9a-f]{32}-[0-9]{1,6}")

# Answers to frames the server cannot use: a code for the page, a Chinese text
# for a person. The socket stays open.
ERRORS = {
    code: json.dumps({"type": "error", "code": code, "error": text}, ensure_ascii=False)
    for code, text in {
        "bad_message": "消息格式不正确，已忽略。",
        "unknown_type": "不支持的消息类型，已忽略。",
        "too_big": "消息过长，已忽略。",
    }.items()
}


class AudienceConsumer(AsyncWebsocketConsumer):
    """One phone (or tab) watching a class."""

    # No channel layer at all: counts and host events come from the presence store
    # through ClassHub, so nothing waits on (or is lost in) a channels_redis inbox.
    channel_layer_alias = "livestreams-no-channel-layer"

    class_id: int
    viewer_id: int | None = None
    session_key: str | None = None
    visit = ""
    auth_timer: asyncio.TimerHandle | None = None
    last_heard = 0.0
    # perf_counter() at each step of the handshake (only while timing is on).
    marks: dict[str, float] | None = None

    async def dispatch(self, message):
        # Channels closes stale DB connections (a hop to the one sync thread) before
        # every message. Joins and heartbeats never use the database, and our own
        # database calls go through database_sync_to_async, which does that itself.
        handler = {
            "websocket.connect": self.websocket_connect,
            "websocket.receive": self.websocket_receive,
            "websocket.disconnect": self.websocket_disconnect,
        }.get(message["type"])
        if handler is None:
            await super().dispatch(message)
        else:
            await handler(message)

    def mark(self, step: str) -> None:
        if self.marks is not None:
            self.marks[step] = time.perf_counter()

    async def connect(self):
        if timing.isEnabledFor(logging.DEBUG):
            self.marks = {"connect": time.perf_counter()}
        self.class_id = int(self.scope["url_route"]["kwargs"]["class_id"])
        if hub.Draining.now:  # this worker is stopping: come back to another
            await self.accept()
            await self.close(code=hub.RESTARTING, reason=hub.RESTARTING_REASON)
            return
        self.visit = self.resumed_visit()
        try:
            self.viewer_id = await self.authenticate()
        except services.ClassEndedError:
            await self.accept()
            await self.close(code=hub.CLASS_ENDED, reason=hub.CLASS_ENDED_REASON)
            return
        # Accept first so the close code reaches the client (a close before accept
        # becomes an HTTP 403 without any code).
        await self.accept()
        self.mark("accepted")
        if self.viewer_id is None:
            # A guest proves who it is in its first message, so that the token
            # never appears in a URL (nor in any access log); it has a few seconds.
            self.auth_timer = asyncio.get_running_loop().call_later(
                settings.LIVESTREAMS_AUTH_TIMEOUT,
                lambda: asyncio.ensure_future(self.refuse()),
            )
            return
        await self.start()

    def resumed_visit(self) -> str:
        """The visit a reconnecting page continues (``?visit=``, as the server
        told it); checked against the viewer when the session is written."""
        query = parse_qs(self.scope.get("query_string", b"").decode(errors="replace"))
        visit = (query.get("visit") or [""])[0]
        return visit if VISIT_RE.fullmatch(visit) else ""

    async def refuse(self) -> None:
        if self.viewer_id is None:
            try:
                await self.close(code=UNAUTHORISED)
            except Exception:  # already gone
                logger.debug("refusing a closed socket failed", exc_info=True)

    async def authenticate_by_message(self, raw: str | bytes) -> None:
        """The first message of a guest socket: ``{"type": "auth", "token": …}``."""
        self.auth_timer.cancel()
        self.mark("auth_message")
        try:
            message = json.loads(raw) if len(raw) <= 2048 else None
        except (ValueError, TypeError, RecursionError):
            message = None
        token = message.get("token") if isinstance(message, dict) else None
        if message and message.get("type") == "auth" and isinstance(token, str):
            # The signature binds viewer and class: no database read needed.
            self.viewer_id = tokens.viewer_for(token, class_id=self.class_id)
        self.mark("token")
        if self.viewer_id is None:
            self.auth_timer = None  # one try: later frames are ignored
            await self.close(code=UNAUTHORISED)
            return
        await self.start()

    async def start(self) -> None:
        """Join the audience: the count at once, then the class state."""
        self.connection = uuid.uuid4().hex
        self.joins = 0
        first_key = f"{self.connection}-1"
        # A new visit is named by its first session; the page keeps the name and
        # gives it back when it reconnects.
        self.visit = self.visit or first_key
        # The count first, from the store alone: nothing on the way to it waits for
        # the database.
        audience = await self.join()
        self.mark("joined")
        if audience is None:  # the store refuses joins once the class has ended
            await self.close(code=hub.CLASS_ENDED, reason=hub.CLASS_ENDED_REASON)
            return
        class_hub = hub.ClassHub.get(self.class_id)
        class_hub.add(self, audience)
        try:
            await self.send(
                text_data=json.dumps({**audience.message(), "visit": self.visit})
            )
            self.mark("counted")
            state = await class_hub.connect_state()
            for message in state:
                await self.send(text_data=json.dumps(message, ensure_ascii=False))
            self.mark("state")
            self.log_timing()
            if state[0]["status"] == ClassStatus.ENDED:
                # The store did not know (it lost its data after the end).
                await self.close_by_server(hub.CLASS_ENDED, hub.CLASS_ENDED_REASON)
        except BaseException:
            # A phone that hangs up at once makes these sends fail, and the server
            # then never calls disconnect(): leave now or it would stay counted
            # until the timeout.
            await self.leave()
            raise

    def log_timing(self) -> None:
        """``handshake class=… accept=… wait=… token=… join=… count=… state=…
        total=…`` in ms: accept (connect → accepted), wait (accepted → the auth
        message arrived: the client's round trip), token (signature check), join
        (the store, batched), count (first count sent), state (class state from
        the per-tick cache, or its one query), total (connect → state sent)."""
        marks, self.marks = self.marks, None
        if not marks:
            return
        steps = ["connect", "accepted", "auth_message", "token", "joined"]
        steps += ["counted", "state"]
        at = {}
        previous = marks["connect"]
        for step in steps:  # a session user has no auth message nor token step
            at[step] = (marks.get(step, previous) - previous) * 1000
            previous = marks.get(step, previous)
        timing.debug(
            "handshake class=%d accept=%.2f wait=%.2f token=%.2f join=%.2f "
            "count=%.2f state=%.2f total=%.2f",
            self.class_id,
            at["accepted"],
            at["auth_message"],
            at["token"],
            at["joined"],
            at["counted"],
            at["state"],
            (marks["state"] - marks["connect"]) * 1000,
        )

    async def authenticate(self) -> int | None:
        """The viewer of a logged-in user (Django session), else None."""
        resolve = self.scope.get("auser")  # livestreams.auth: loaded only now
        user = await resolve() if resolve else self.scope.get("user")
        if user is not None and user.is_authenticated:
            # None for a class that does not exist or has ended: no viewer record
            # is made for it.
            return await database_sync_to_async(services.viewer_id_for_user)(
                class_id=self.class_id, user=user
            )
        return None

    async def join(self) -> Audience | None:
        """Become present under a new session key (one per visit of this socket);
        None when the class has ended."""
        self.joins += 1
        self.session_key = f"{self.connection}-{self.joins}"
        self.last_heard = time.time()
        return await hub.join(
            self.class_id, self.session_key, self.viewer_id, self.visit
        )

    async def rejoin(self, seen_at: float | None = None) -> None:
        """The store no longer knows this socket (it expired, or the store lost
        it): its session ends when it was last seen, a new one begins now."""
        if self.session_key is not None:
            hub.session_buffer.closed(self.session_key, seen_at or time.time())
        audience = await self.join()
        if audience is None:  # the class ended meanwhile (called by the ticker)
            hub.spawn(self.close_by_server(hub.CLASS_ENDED, hub.CLASS_ENDED_REASON))
            return
        await self.send_safely(json.dumps(audience.message()))
        class_hub = hub.ClassHub.hubs.get(self.class_id)
        if class_hub is not None:
            class_hub.gave(self, audience)

    async def disconnect(self, code):
        if self.auth_timer is not None:
            self.auth_timer.cancel()
        await self.leave()

    async def close_by_server(self, code: int, reason: str) -> None:
        """Leave, then close with an application code the page understands."""
        await self.leave()
        try:
            await self.close(code=code, reason=reason)
        except Exception:  # already closing
            logger.debug("close of a closing socket failed", exc_info=True)

    async def leave(self):
        """Stop being present (idempotent: a close we send is followed by a
        disconnect)."""
        if self.session_key is None:
            return
        key, self.session_key = self.session_key, None
        await hub.leave(self, key)

    async def receive(self, text_data=None, bytes_data=None):
        raw = text_data if text_data is not None else bytes_data or b""
        if self.viewer_id is None and self.auth_timer is not None:
            await self.authenticate_by_message(raw)
            return
        if self.session_key is None:
            return
        self.last_heard = time.time()
        try:
            await self.handle(raw)
        except Exception:
            # Whatever a client sends, the socket answers and stays open: an
            # exception escaping here would close it with 1011 and skip disconnect(),
            # leaving the viewer counted until the timeout.
            logger.exception("live class %s: message failed", self.class_id)
            await self.send_safely(ERRORS["bad_message"])

    async def handle(self, raw: str | bytes) -> None:
        if len(raw) > settings.LIVESTREAMS_MAX_MESSAGE_BYTES:
            await self.send_error("too_big")
            return
        try:
            message = json.loads(raw)
        except (ValueError, TypeError, RecursionError):
            message = None
        kind = message.get("type") if isinstance(message, dict) else None
        if not isinstance(kind, str):
            await self.send_error("bad_message")
            return
        handler = {
            "heartbeat": self.on_heartbeat,
            "checkin": self.on_checkin,
            "poll_answer": self.on_poll_answer,
        }.get(kind)
        if handler is None:
            await self.send_error("unknown_type")
            return
        # Any message proves the socket is alive (written by the hub in one command
        # per tick; a socket the store had already expired joins again).
        if not await hub.seen(self):
            await self.rejoin()
        await handler(message)

    async def on_heartbeat(self, message):
        """Nothing else to do: heartbeats never reach the database."""

    async def on_checkin(self, message):
        await self.answer(
            "checkin_ok",
            services.checkin_answer,
            checkin_id=message.get("id"),
        )

    async def on_poll_answer(self, message):
        await self.answer(
            "poll_ok",
            services.poll_answer,
            poll_id=message.get("id"),
            choice=message.get("choice"),
        )

    async def answer(self, ok_type, service, **kwargs):
        if not all(
            isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 2**31
            for v in kwargs.values()
        ):
            await self.send_error("bad_message")
            return
        try:
            await database_sync_to_async(service)(
                class_id=self.class_id, viewer_id=self.viewer_id, **kwargs
            )
        except ValidationError as error:
            await self.send_error(" ".join(error.messages))
            return
        await self.send(text_data=json.dumps({"type": ok_type, **kwargs}))

    async def send_error(self, error: str):
        text = ERRORS.get(error) or json.dumps(
            {"type": "error", "error": error}, ensure_ascii=False
        )
        await self.send_safely(text)

    async def send_safely(self, text: str) -> None:
        try:
            await self.send(text_data=text)
        except Exception:  # a dead socket must not stop the others
            logger.debug("send to a closing socket failed", exc_info=True)
