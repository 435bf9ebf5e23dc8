"""The live page on a phone (390×844) always says its state: 未开始 with the start
time, 直播加载失败 with 重试 for a failing stream, 已结束 with frozen figures; a
check-in survives a reload without a second offer; the guest's details stay on the
device and the enterprise is suggested from the register.

Like test_livestreams.py, uvicorn runs in a thread of this process (port 8161)."""

import datetime as dt
import re
import threading
import time

import pytest
from django.utils import timezone

from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PORT = 8161


# Counts every moment the 签到 button or the poll's choices are shown after the
# page loads.
SECOND_OFFER_WATCHER = """
window.secondOffers = 0;
document.addEventListener("DOMContentLoaded", () => {
  const shown = (box, inner) =>
    !document.querySelector(`[data-role=${box}]`).hidden &&
    !document.querySelector(`[data-role=${inner}]`).hidden;
  new MutationObserver(() => {
    if (shown("checkin", "checkin-button") || shown("poll", "poll-choices")) {
      window.secondOffers += 1;
    }
  }).observe(document.getElementById("live-class"), {
    attributes: true, childList: true, subtree: true,
  });
});
"""


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


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_before_start_and_failing_stream(asgi_server, phone, screenshot):
    from playwright.sync_api import expect

    from tests.livestreams.factories import make_class

    later = make_class(
        period=8,
        live=False,
        title="第8期：动火作业审批与现场监护",
        scheduled_start=timezone.now() + dt.timedelta(days=2),
    )
    phone.goto(asgi_server + later.url)
    panel = phone.locator("[data-role=state-panel]")
    expect(panel).to_contain_text("未开始")
    expect(panel).to_contain_text("开播时间：")
    screenshot(phone, "live-state-scheduled-phone")

    failing = make_class(
        period=9,
        title="第9期：推流失败的课",
        stream_url=f"{asgi_server}/no-such-stream/index.m3u8",
    )
    phone.goto(asgi_server + failing.url)
    expect(panel).to_contain_text("直播加载失败", timeout=20_000)
    retry = phone.locator("[data-role=state-retry]")
    expect(retry).to_be_visible()
    screenshot(phone, "live-state-failing-phone")
    retry.click()
    # Trying again against a stream that is still down says so again.
    expect(panel).to_contain_text("直播加载失败", timeout=20_000)

    # The picture comes, then stalls (the host stopped pushing): after a few seconds
    # the page says the host stepped away, and 直播中 again when it plays on. The
    # player's media events are what a real stall fires.
    video = phone.locator("video[data-hls]")
    video.dispatch_event("playing")
    expect(panel).to_contain_text("直播中")
    video.dispatch_event("waiting")
    expect(panel).to_contain_text("主播暂时离开", timeout=15_000)
    screenshot(phone, "live-state-host-away-phone")
    video.dispatch_event("playing")
    expect(panel).to_contain_text("直播中")
    expect(panel).not_to_contain_text("主播暂时离开")


def test_check_in_survives_a_reload_and_the_class_ends(asgi_server, phone, screenshot):
    from playwright.sync_api import expect

    from livestreams import services
    from livestreams.models import LiveClassPage
    from tests.accounts.factories import EnterpriseFactory
    from tests.livestreams.factories import make_class

    EnterpriseFactory(name="津东化工储运有限公司")
    live_class = make_class(period=5, title="第5期：涉氨制冷企业液氨泄漏应急处置")
    phone.goto(asgi_server + live_class.url)
    phone.fill("input[name=name]", "张一线")
    phone.fill("input[name=enterprise]", "津东")
    # The register's name is suggested as the guest types (free text stays allowed).
    expect(phone.locator("#live-enterprises option")).to_have_count(1)
    assert (
        phone.locator("#live-enterprises option").get_attribute("value")
        == "津东化工储运有限公司"
    )
    phone.fill("input[name=enterprise]", "津东化工储运有限公司")
    phone.click("form[data-role=join] button[type=submit]")
    expect(phone.locator("[data-role=current]")).to_have_text("1")
    expect(phone.locator("[data-role=state-panel]")).to_contain_text("直播中")

    services.checkin_open(live_class=LiveClassPage.objects.get(pk=live_class.pk))
    phone.locator("[data-role=checkin-button]").click()
    expect(phone.locator("[data-role=checkin-done]")).to_be_visible()
    services.poll_open(
        live_class=LiveClassPage.objects.get(pk=live_class.pk),
        question="液氨泄漏后第一步？",
        choices=["撤离并报告", "自行堵漏"],
    )
    phone.get_by_role("button", name="撤离并报告").click()
    expect(phone.locator("[data-role=poll-done]")).to_be_visible()

    # Reload while the server is slow to say what this viewer answered: the socket
    # opens the check-in first. The page holds it until the answer comes and never
    # shows 签到 again (a watcher notes every moment the button is on screen).
    held = []

    def hold(route):
        held.append(route)

    phone.route(re.compile(r"/api/live/\d+/me"), hold)
    phone.add_init_script(SECOND_OFFER_WATCHER)
    phone.reload()
    expect(phone.locator("[data-role=current]")).to_have_text("1")
    phone.wait_for_timeout(1000)
    assert len(held) == 1
    expect(phone.locator("[data-role=checkin-button]")).to_be_hidden()
    expect(phone.locator("[data-role=poll-choices]")).to_be_hidden()
    held[0].continue_()
    expect(phone.locator("[data-role=poll]")).to_be_visible()
    expect(phone.locator("[data-role=poll-done]")).to_be_visible()
    expect(phone.locator("[data-role=poll-choices]")).to_be_hidden()
    expect(phone.locator("[data-role=checkin]")).to_be_visible()
    expect(phone.locator("[data-role=checkin-done]")).to_be_visible()
    expect(phone.locator("[data-role=checkin-button]")).to_be_hidden()
    expect(phone.locator("[data-role=message]")).to_have_text("")
    assert phone.evaluate("window.secondOffers") == 0
    phone.unroute(re.compile(r"/api/live/\d+/me"), hold)
    screenshot(phone, "live-checkin-after-reload-phone")

    services.class_end(live_class=LiveClassPage.objects.get(pk=live_class.pk))
    expect(phone.locator("[data-role=state-panel]")).to_contain_text("直播已结束")
    expect(phone.locator("[data-role=state-panel]")).to_contain_text("回放稍后提供")
    expect(phone.locator("[data-role=counts-label]")).to_be_visible()
    expect(phone.locator("[data-role=checkin]")).to_be_hidden()
    expect(phone.locator(".live__player")).to_have_text("回放稍后提供。")
    assert phone.locator("[data-role=peak]").inner_text() == "1"
    screenshot(phone, "live-ended-phone")

    # The next class: the guest's name and enterprise are already filled in.
    other = make_class(period=6, title="第6期：全员安全生产责任制")
    phone.goto(asgi_server + other.url)
    assert phone.input_value("input[name=name]") == "张一线"
    assert phone.input_value("input[name=enterprise]") == "津东化工储运有限公司"
    screenshot(phone, "live-join-remembered-phone")


def test_offline_join_waits_for_the_network_and_a_lost_connection_says_so(
    asgi_server, phone, screenshot
):
    from playwright.sync_api import expect

    from tests.livestreams.factories import make_class

    live_class = make_class(period=3, title="第3期：有限空间作业")
    phone.goto(asgi_server + live_class.url)
    phone.fill("input[name=name]", "王离线")
    phone.fill("input[name=enterprise]", "津东化工储运有限公司")

    # The phone has no network when 加入 is tapped: the page says so in Chinese and
    # keeps the form; nothing is lost.
    phone.context.set_offline(True)
    phone.click("form[data-role=join] button[type=submit]")
    notice = phone.locator('[data-error="__all__"]')
    expect(notice).to_have_text("网络未连接，请检查网络后重试。网络恢复后将自动加入。")
    expect(phone.locator("form[data-role=join]")).to_be_visible()
    assert phone.input_value("input[name=name]") == "王离线"
    screenshot(phone, "live-join-offline-phone")

    # Back online: it joins by itself, no second tap.
    phone.context.set_offline(False)
    expect(phone.locator("form[data-role=join]")).to_be_hidden()
    expect(phone.locator("[data-role=current]")).to_have_text("1")
    expect(notice).to_have_text("")

    # The network goes while watching: the line says so in full and the figures
    # are greyed as the last ones received.
    phone.context.set_offline(True)
    status = phone.locator("[data-role=connection]")
    expect(status).to_have_text("连接已断开，正在重连…")
    expect(status).to_have_class(re.compile("live__conn--lost"))
    expect(phone.locator("[data-role=audience]")).to_have_class(
        re.compile("live__audience--stale")
    )
    screenshot(phone, "live-connection-lost-phone")

    # Back: the same viewer again, counted once, the figures live again.
    phone.context.set_offline(False)
    expect(status).to_have_text("")
    expect(phone.locator("[data-role=audience]")).not_to_have_class(
        re.compile("live__audience--stale")
    )
    expect(phone.locator("[data-role=current]")).to_have_text("1")
    expect(phone.locator("[data-role=unique]")).to_have_text("1")


def test_an_ended_class_with_a_replay(asgi_server, phone, screenshot):
    from playwright.sync_api import expect

    from livestreams.models import ClassStatus
    from tests.livestreams.factories import make_class

    ended = make_class(period=2, title="第2期：危险化学品储存安全管理要点")
    ended.status = ClassStatus.ENDED
    ended.ended_at = timezone.now()
    ended.peak = 37
    ended.replay_url = f"{asgi_server}/replay/class-2/index.m3u8"
    ended.save()

    phone.goto(asgi_server + ended.url)
    panel = phone.locator("[data-role=state-panel]")
    expect(panel).to_contain_text("直播已结束")
    expect(panel).to_contain_text("本课回放：点击下方播放。")
    expect(phone.locator(".live__player video[data-hls]")).to_have_attribute(
        "data-hls", ended.replay_url
    )
    # The final figures, labelled; nobody is asked to join or check in.
    expect(phone.locator("[data-role=counts-label]")).to_have_text("已结束 · 最终数据")
    expect(phone.locator("[data-role=peak]")).to_have_text("37")
    expect(phone.locator("form[data-role=join]")).to_be_hidden()
    expect(phone.locator("[data-role=checkin]")).to_be_hidden()
    expect(phone.locator("[data-role=connection]")).to_have_text("")
    screenshot(phone, "live-ended-replay-phone")
