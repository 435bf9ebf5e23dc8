import pytest

from livestreams.hub import ClassHub, Draining, session_buffer
from livestreams.presence import get_store


@pytest.fixture(autouse=True)
def fresh_presence(settings):
    """Every test starts with an empty in-process store and no tickers, and pushes
    counts every 0.1 s instead of every second so that tests stay quick."""
    settings.LIVESTREAMS_PUSH_INTERVAL = 0.1
    settings.LIVESTREAMS_AUTH_TIMEOUT = 0.5
    get_store.cache_clear()
    ClassHub.hubs.clear()
    session_buffer.opens.clear()
    session_buffer.closes.clear()
    session_buffer.resumes.clear()
    session_buffer.seen.clear()
    Draining.now = False
    yield
    for hub in list(ClassHub.hubs.values()):
        if hub.task:
            hub.task.cancel()
    ClassHub.hubs.clear()
    Draining.now = False
    get_store.cache_clear()
