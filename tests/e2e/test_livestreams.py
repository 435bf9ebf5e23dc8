"""Two phones on one class see the audience go 1 → 2 → 1.

The class page and its socket need an ASGI server: uvicorn runs in a thread of this
process (port 8150), so it shares the test database and the in-process presence store.
"""

import threading
import time

import pytest

from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PORT = 8150


@pytest.fixture
def asgi_server(settings):
    import uvicorn

    from config.asgi import application
    from livestreams.presence import get_store

    settings.LIVESTREAMS_PUSH_INTERVAL = 0.3
    get_store.cache_clear()
    config = uvicorn.Config(
        application, host="127.0.0.1", port=PORT, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{PORT}"
    server.should_exit = True
    thread.join(timeout=10)


def phone(browser):
    context = browser.new_context(
        locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def join_as_guest(page, url, name, phone_number):
    page.goto(url)
    page.fill("input[name=name]", name)
    page.fill("input[name=enterprise]", "津东化工储运有限公司")
    page.check("input[value=一线员工]")
    page.fill("input[name=phone]", phone_number)
    page.click("form[data-role=join] button[type=submit]")


def current(page):
    return page.locator("[data-role=current]")


def test_two_phones_see_the_count_go_one_two_one(browser, asgi_server, screenshot):
    from playwright.sync_api import expect

    from tests.livestreams.factories import make_class

    live_class = make_class(title="惠企安全空中课堂 第3期：有限空间作业")
    url = asgi_server + live_class.url

    first_context, first = phone(browser)
    second_context, second = phone(browser)
    try:
        # A wrong phone number is refused with a Chinese message per field.
        first.goto(url)
        first.fill("input[name=name]", "张一线")
        first.fill("input[name=enterprise]", "津东化工储运有限公司")
        first.fill("input[name=phone]", "12345")
        first.click("form[data-role=join] button[type=submit]")
        expect(first.locator("[data-error=phone]")).to_contain_text("手机号")

        join_as_guest(first, url, "张一线", "13800138000")
        expect(current(first)).to_have_text("1")
        join_as_guest(second, url, "李二线", "13900139000")
        expect(current(second)).to_have_text("2")
        expect(second.locator("form[data-role=join]")).to_be_hidden()
        expect(second.locator("[data-role=checkin]")).to_be_hidden()
        expect(current(first)).to_have_text("2")
        screenshot(first, "livestreams-phone-two-viewers")
        second_context.close()
        expect(current(first)).to_have_text("1")
        screenshot(first, "livestreams-phone-one-viewer")
        # Coming back on the same phone is the same viewer (token in localStorage).
        first.reload()
        expect(current(first)).to_have_text("1")
        expect(first.locator("[data-role=unique]")).to_have_text("2")
        restart_the_worker(live_class.pk)
        status = first.locator("[data-role=connection]")
        expect(status).to_have_text("连接已断开，正在重连…")
        screenshot(first, "livestreams-phone-reconnecting")
        # Back after a jittered wait, as the same viewer: counted once.
        expect(status).to_have_text("")
        expect(current(first)).to_have_text("1")
        expect(first.locator("[data-role=unique]")).to_have_text("2")
    finally:
        first_context.close()


def restart_the_worker(class_id):
    """What SIGTERM does to the server's sockets (livestreams.hub.shutdown, code
    4503), then the server takes sockets again, as the next worker would."""
    import asyncio

    from livestreams import hub

    loop = hub.ClassHub.hubs[class_id].task.get_loop()
    asyncio.run_coroutine_threadsafe(hub.shutdown(), loop).result(timeout=10)
    hub.Draining.now = False
