"""ASGI entry point: HTTP through Django, WebSockets through Channels.

In production uvicorn workers serve ``ws/`` (and may serve HTTP); gunicorn serves HTTP
through ``config.wsgi``.
"""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
# Django must be set up before anything imports models (the consumers do).
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from courses import search  # noqa: E402
from livestreams import hub  # noqa: E402
from livestreams.auth import LazyAuthMiddlewareStack  # noqa: E402


async def http(scope, receive, send):
    # The first HTTP request starts loading the search segmenter's dictionary in the
    # background (config.wsgi loads it at start): a worker that serves only ws/, as
    # in production, never loads it.
    search.warm_in_background()
    await django_asgi_app(scope, receive, send)


application = ProtocolTypeRouter(
    {
        "http": http,
        # On SIGTERM the live-class sockets are told to reconnect and their sessions
        # closed before the server stops (livestreams.hub.shutdown).
        "lifespan": hub.lifespan,
        "websocket": AllowedHostsOriginValidator(
            # The user is loaded only when a consumer awaits scope["auser"]().
            LazyAuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)

# Everything loaded so far (Django, Wagtail, every app) lives as long as the worker:
# keep it out of the cyclic garbage collector. Otherwise each full collection walks
# that whole heap while the event loop waits: with 10,000 live-class sockets on two
# workers such pauses reached 2.7 s (benchmarks/livestreams_results.md).
gc.freeze()
