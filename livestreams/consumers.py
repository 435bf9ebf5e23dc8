"""The audience socket ``ws/live/<class id>/``: authenticate, join, relay.

The per-worker plumbing (tickers, batched session writes, grouped store calls) lives
in ``livestreams.hub``; the rules live in ``livestreams.services``. This module only
turns socket events into calls to them.
"""

from __future__ import annotations

import json
import logging
import uuid
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.core.exceptions import ValidationError

from livestreams import hub, services, tokens
from livestreams.presence import Audience

logger = logging.getLogger(__name__)

UNAUTHORISED = 4401
MESSAGE_TOO_BIG = 1009


class AudienceConsumer(AsyncWebsocketConsumer):
    """One phone (or tab) watching a class."""

    # No channel layer at all: counts and host events come from the presence store
    # through ClassHub, so nothing waits on (or is lost in) a channels_redis inbox.
    channel_layer_alias = "livestreams-no-channel-layer"

    class_id: int
    viewer_id: int | None = None
    session_key: str | None = None

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

    async def connect(self):
        self.class_id = int(self.scope["url_route"]["kwargs"]["class_id"])
        self.viewer_id = await self.authenticate()
        # Accept first so the close code reaches the client (a close before accept
        # becomes an HTTP 403 without any code).
        await self.accept()
        if self.viewer_id is None:
            await self.close(code=UNAUTHORISED)
            return
        self.connection = uuid.uuid4().hex
        self.joins = 0
        # The count first, from the store alone: nothing on the way to it waits for
        # the database.
        audience = await self.join()
        class_hub = hub.ClassHub.get(self.class_id)
        class_hub.add(self, audience)
        try:
            await self.send(text_data=json.dumps(audience.message()))
            for message in await class_hub.connect_state():
                await self.send(text_data=json.dumps(message, ensure_ascii=False))
        except BaseException:
            # A phone that hangs up at once makes these sends fail, and the server
            # then never calls disconnect(): leave now or it would stay counted
            # until the timeout.
            await self.leave()
            raise

    async def authenticate(self) -> int | None:
        query = parse_qs(self.scope.get("query_string", b"").decode())
        token = (query.get("token") or [""])[0]
        if token:
            # The signature binds viewer and class: no database read needed.
            return tokens.viewer_for(token, class_id=self.class_id)
        resolve = self.scope.get("auser")  # livestreams.auth: loaded only now
        user = await resolve() if resolve else self.scope.get("user")
        if user is not None and user.is_authenticated:
            return await database_sync_to_async(services.viewer_id_for_user)(
                class_id=self.class_id, user=user
            )
        return None

    async def join(self) -> Audience:
        """Become present under a new session key (one per visit of this socket)."""
        self.joins += 1
        self.session_key = f"{self.connection}-{self.joins}"
        return await hub.join(self.class_id, self.session_key, self.viewer_id)

    async def rejoin(self) -> None:
        """A new visit of a socket that had expired: join again, send the count."""
        audience = await self.join()
        await self.send_safely(json.dumps(audience.message()))

    async def disconnect(self, code):
        await self.leave()

    async def leave(self):
        """Stop being present (idempotent: a close we send is followed by a
        disconnect)."""
        if self.session_key is None:
            return
        key, self.session_key = self.session_key, None
        await hub.leave(self, key)

    async def receive(self, text_data=None, bytes_data=None):
        if self.session_key is None:
            return
        raw = text_data if text_data is not None else bytes_data or b""
        if len(raw) > settings.LIVESTREAMS_MAX_MESSAGE_BYTES:
            await self.leave()
            await self.close(code=MESSAGE_TOO_BIG)
            return
        try:
            message = json.loads(raw)
            kind = message["type"]
        except (ValueError, TypeError, KeyError):
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
        if not all(isinstance(v, int) for v in kwargs.values()):
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
        await self.send(
            text_data=json.dumps({"type": "error", "error": error}, ensure_ascii=False)
        )

    async def send_safely(self, text: str) -> None:
        try:
            await self.send(text_data=text)
        except Exception:  # a dead socket must not stop the others
            logger.debug("send to a closing socket failed", exc_info=True)
