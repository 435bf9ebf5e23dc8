"""The consumer the real one is measured against: a group broadcast on every join
and leave (what the Channels tutorial's chat does). O(N²) messages as N viewers join."""

import json

import redis.asyncio as aioredis
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.urls import path

from livestreams import tokens

_redis = None


def client():
    global _redis
    if _redis is None:
        _redis = aioredis.Redis.from_url(
            settings.REDIS_URL, max_connections=1000, socket_timeout=15
        )
    return _redis


class NaiveAudienceConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.class_id = int(self.scope["url_route"]["kwargs"]["class_id"])
        self.group = f"naive-live-{self.class_id}"
        self.key = f"naive-live:{self.class_id}:current"
        token = self.scope["query_string"].decode().partition("token=")[2]
        if tokens.viewer_for(token, class_id=self.class_id) is None:
            await self.close(code=4401)
            return
        await self.accept()
        await self.channel_layer.group_add(self.group, self.channel_name)
        current = await client().incr(self.key)
        await self.channel_layer.group_send(
            self.group, {"type": "audience.count", "current": current}
        )

    async def disconnect(self, code):
        current = await client().decr(self.key)
        await self.channel_layer.group_send(
            self.group, {"type": "audience.count", "current": current}
        )
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        """Heartbeats are accepted and ignored."""

    async def audience_count(self, event):
        await self.send(
            text_data=json.dumps(
                {
                    "type": "audience",
                    "current": event["current"],
                    "peak": 0,
                    "unique": 0,
                }
            )
        )


websocket_urlpatterns = [
    path("ws/live/<int:class_id>/", NaiveAudienceConsumer.as_asgi()),
]
