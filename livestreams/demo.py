"""Demo data: twelve classes of 惠企安全空中课堂 with stored viewing sessions."""

from __future__ import annotations

from home.models import HomePage
from livestreams.models import LiveClassIndexPage


def ensure_index() -> LiveClassIndexPage:
    """The one class index under the home page (made on first use)."""
    index = LiveClassIndexPage.objects.first()
    if index is None:
        index = LiveClassIndexPage(title="惠企安全空中课堂", slug="live")
        HomePage.objects.get().add_child(instance=index)
        index.save_revision().publish()
    return index


def seed(*, log, size: str = "small", **options):
    ensure_index()
