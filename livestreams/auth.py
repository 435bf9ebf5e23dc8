"""WebSocket authentication that costs nothing until a consumer asks for the user.

Channels' AuthMiddleware loads the user for every socket through
database_sync_to_async: one hop to the single sync thread per connection, which
queues up behind itself when thousands of phones join within seconds. Sockets that
carry a signed token never need the session user, so this middleware only offers an
awaitable ``scope["auser"]()``; ``scope["user"]`` is filled when it is awaited.
"""

from channels.auth import AuthMiddleware, get_user
from channels.sessions import CookieMiddleware, SessionMiddleware


class LazyAuthMiddleware(AuthMiddleware):
    async def resolve_scope(self, scope):
        async def auser():
            user = await get_user(scope)
            scope["user"]._wrapped = user
            return user

        scope["auser"] = auser


def LazyAuthMiddlewareStack(inner):  # named like AuthMiddlewareStack
    return CookieMiddleware(SessionMiddleware(LazyAuthMiddleware(inner)))
