"""WebSocket routes of the live classes."""

websocket_urlpatterns: list = []
