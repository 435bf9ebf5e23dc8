"""WebSocket authentication that costs nothing on the join path of a token socket.

Channels' SessionMiddleware and AuthMiddleware each hop to the single sync thread
for every socket (to build the session store, to load the user). When thousands of
phones join within seconds those hops queue behind each other and behind any
database work on that thread. A guest socket has no session cookie (it sends its
signed viewer token as its first message), so it skips both; a socket with one gets
the usual session stack, where the user is loaded only when the consumer awaits
``scope["auser"]()``.
"""

from channels.auth import AuthMiddleware, get_user
from channels.sessions import CookieMiddleware, SessionMiddleware
from django.conf import settings
from django.contrib.auth.models import AnonymousUser


class LazyAuthMiddleware(AuthMiddleware):
    async def resolve_scope(self, scope):
        async def auser():
            user = await get_user(scope)
            scope["user"]._wrapped = user
            return user

        scope["auser"] = auser


class TokenShortcut:
    """Send sockets without a session cookie (guests, who authenticate with their
    token in the first message) straight to the app; the rest through ``full``."""

    def __init__(self, inner, full):
        self.inner = inner
        self.full = full

    async def __call__(self, scope, receive, send):
        cookie = settings.SESSION_COOKIE_NAME.encode() + b"="
        if not any(
            name == b"cookie" and cookie in value
            for name, value in scope.get("headers", ())
        ):
            return await self.inner(dict(scope, user=AnonymousUser()), receive, send)
        return await self.full(scope, receive, send)


def LazyAuthMiddlewareStack(inner):  # named like AuthMiddlewareStack
    return TokenShortcut(
        inner, CookieMiddleware(SessionMiddleware(LazyAuthMiddleware(inner)))
    )
