"""Signed viewer tokens: bound to one viewer and one class, and expiring."""

from django.conf import settings
from django.core import signing

SALT = "livestreams.viewer-token"


def sign(*, viewer_id: int, class_id: int) -> str:
    return signing.dumps({"v": viewer_id, "c": class_id}, salt=SALT, compress=False)


def viewer_for(token: str, *, class_id: int) -> int | None:
    """The viewer id the token names for this class, or None (tampered, expired,
    or made for another class)."""
    try:
        data = signing.loads(
            token, salt=SALT, max_age=settings.LIVESTREAMS_TOKEN_MAX_AGE
        )
    except signing.BadSignature:  # SignatureExpired is a subclass
        return None
    if not isinstance(data, dict) or data.get("c") != class_id:
        return None
    viewer = data.get("v")
    return viewer if isinstance(viewer, int) else None
