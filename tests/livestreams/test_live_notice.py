"""The home page opens with the class live now (直播中) and the next one (即将开始),
each with its QR code and share link; the site has a favicon."""

import datetime as dt

from django.test import TestCase
from django.utils import timezone

from home.services import home_section_ensure
from livestreams.models import ClassStatus, LiveClassPage
from tests.livestreams.factories import make_class


class LiveNoticeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.ended = make_class(
            period=1,
            live=False,
            title="第1期：已结束的课",
            scheduled_start=now - dt.timedelta(days=30),
        )
        cls.ended.status = ClassStatus.ENDED
        cls.live = make_class(period=2, title="第2期：危险化学品储存安全")
        cls.later = make_class(
            period=4,
            live=False,
            title="第4期：动火作业审批",
            scheduled_start=now + dt.timedelta(days=20),
        )
        cls.next = make_class(
            period=3,
            live=False,
            title="第3期：有限空间作业",
            scheduled_start=now + dt.timedelta(days=2),
        )
        for page in (cls.ended, cls.live, cls.later, cls.next):
            page.save_revision().publish()
        home_section_ensure(title="法规解读", url="/fagui/")
        home_section_ensure(title="惠企安全空中课堂", url="/live/", first=True)

    def test_now_and_next_picks_the_live_class_and_the_nearest_scheduled_one(self):
        current, upcoming = LiveClassPage.now_and_next()
        self.assertEqual((current.pk, upcoming.pk), (self.live.pk, self.next.pk))
        self.live.status = ClassStatus.ENDED
        self.live.save()
        self.assertIsNone(LiveClassPage.now_and_next()[0])

    def test_home_shows_them_first_with_qr_and_share_link(self):
        html = self.client.get("/").content.decode()
        notice = html.index('class="live-notice"')
        self.assertLess(notice, html.index('class="hero"'))
        self.assertIn("直播中", html)
        self.assertIn("即将开始", html)
        self.assertLess(
            html.index("第2期：危险化学品储存安全"), html.index("第3期：有限空间作业")
        )
        self.assertNotIn("第4期：动火作业审批", html)
        self.assertNotIn("第1期：已结束的课", html)
        self.assertIn(f'href="/live/{self.live.pk}/qr.png"', html)
        self.assertIn(f'data-share-url="http://testserver{self.live.url}"', html)

    def test_the_live_section_card_comes_first_and_the_site_has_a_favicon(self):
        html = self.client.get("/").content.decode()
        self.assertLess(html.index("惠企安全空中课堂"), html.index("法规解读"))
        self.assertIn('rel="icon" href="/static/favicon.svg"', html)
        # A second call changes nothing (idempotent seeding).
        home = home_section_ensure(title="惠企安全空中课堂", url="/live/", first=True)
        self.assertEqual(home.sections[0].value["title"], "惠企安全空中课堂")
        self.assertEqual(len(home.sections), 2)
