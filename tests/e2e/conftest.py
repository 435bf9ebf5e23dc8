"""Browser tests: Playwright (sync API) drives Debian's Chromium against live_server.

Run in their own pytest process (``make test-e2e``): Playwright's event loop and
pytest-asyncio clash. Screenshots go to e2e-screenshots/ for a person to look at.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import require_service

# The sync Playwright API runs an event loop in this thread; the ORM calls made by the
# test body and fixtures are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "e2e-screenshots"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser():
    require_service(
        Path(CHROMIUM).exists() or shutil.which("chromium") is not None,
        f"Chromium not found at {CHROMIUM} (Debian package chromium)",
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A desktop-sized page in a Chinese-language browser."""
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    """A phone-sized page (390×844, touch) in a Chinese-language browser."""
    context = browser.new_context(
        locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def demo_data(live_server):
    """The demo data, for tests marked
    ``django_db(transaction=True, serialized_rollback=True)``: serialized rollback
    restores what the migrations created (roles, home page) after each flush."""
    from django.core.management import call_command

    call_command("seed_demo", stdout=open(os.devnull, "w"))
