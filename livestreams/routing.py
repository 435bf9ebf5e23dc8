"""WebSocket routes of the live classes."""

from django.urls import path

from livestreams.consumers import AudienceConsumer

websocket_urlpatterns = [
    path("ws/live/<int:class_id>/", AudienceConsumer.as_asgi()),
]
