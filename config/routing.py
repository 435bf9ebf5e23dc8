"""WebSocket routes of every module, gathered for config.asgi."""

from livestreams.routing import websocket_urlpatterns as livestream_routes

websocket_urlpatterns = [*livestream_routes]
