"""Signed viewer tokens: bound to one viewer and one class.

A token has no clock of its own: it is good for as long as its class takes viewers,
and the class refuses every socket once it has ended (``hub.CLASS_ENDED``). It
travels in the socket's first message, never in a URL.
"""

from django.core import signing

SALT = "livestreams.viewer-token"


def sign(*, viewer_id: int, class_id: int) -> str:
    return signing.dumps({"v": viewer_id, "c": class_id}, salt=SALT, compress=False)


def viewer_for(token: str, *, class_id: int) -> int | None:
    """The viewer id the token names for this class, or None (tampered, or made
    for another class)."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("c") != class_id:
        return None
    viewer = data.get("v")
    return viewer if isinstance(viewer, int) and not isinstance(viewer, bool) else None
