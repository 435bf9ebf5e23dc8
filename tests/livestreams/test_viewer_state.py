"""The live page says its state; a viewer's check-ins and polls are remembered by
the server across reloads and closed with the class; the enterprise is suggested
from the register."""

import datetime as dt

from django.test import TestCase
from django.utils import timezone

from livestreams import services, tokens
from livestreams.models import CheckIn, ClassStatus, Poll
from tests.accounts.factories import EnterpriseFactory, WorkerFactory
from tests.livestreams.factories import make_class, make_viewer


class ViewerStateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.live_class = make_class()
        cls.viewer = make_viewer(cls.live_class, name="李四")
        cls.other = make_viewer(cls.live_class, name="王五")
        cls.checkin = CheckIn.objects.create(live_class=cls.live_class)
        cls.poll = Poll.objects.create(
            live_class=cls.live_class,
            question="今天讲得清楚吗？",
            choices=["清楚", "一般"],
        )
        services.checkin_answer(
            class_id=cls.live_class.pk,
            viewer_id=cls.viewer.pk,
            checkin_id=cls.checkin.pk,
        )
        services.poll_answer(
            class_id=cls.live_class.pk,
            viewer_id=cls.viewer.pk,
            poll_id=cls.poll.pk,
            choice=1,
        )
        cls.url = f"/api/live/{cls.live_class.pk}/me"

    def state(self, viewer=None, **params):
        if viewer is not None:
            params["token"] = tokens.sign(
                viewer_id=viewer.pk, class_id=self.live_class.pk
            )
        response = self.client.get(self.url, params)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Cache-Control"], "no-store")
        return response.json()

    def test_a_reloaded_page_learns_what_this_viewer_already_answered(self):
        state = self.state(self.viewer)
        self.assertEqual(state["status"], "live")
        self.assertEqual(state["open_checkin"], self.checkin.pk)
        self.assertEqual(state["checkins_answered"], [self.checkin.pk])
        self.assertEqual(state["polls_answered"], {str(self.poll.pk): 1})

    def test_another_viewer_or_a_forged_token_has_answered_nothing(self):
        self.assertEqual(self.state(self.other)["checkins_answered"], [])
        forged = self.state(token="not-a-token")
        self.assertEqual(
            (forged["checkins_answered"], forged["polls_answered"]), ([], {})
        )

    def test_a_logged_in_worker_is_recognised_by_the_session(self):
        worker = WorkerFactory()
        viewer = make_viewer(self.live_class, user=worker, source="user")
        services.checkin_answer(
            class_id=self.live_class.pk, viewer_id=viewer.pk, checkin_id=self.checkin.pk
        )
        self.client.force_login(worker)
        self.assertEqual(self.state()["checkins_answered"], [self.checkin.pk])

    def test_ending_the_class_closes_its_check_in_and_poll(self):
        services.class_end(live_class=self.live_class)
        state = self.state(self.viewer)
        self.assertEqual(state["status"], "ended")
        self.assertIsNone(state["open_checkin"])
        self.assertIsNone(state["open_poll"])


class PageStateTests(TestCase):
    def test_before_the_start_it_says_not_started_and_when(self):
        start = timezone.localtime() + dt.timedelta(days=1)
        page = make_class(live=False, scheduled_start=start)
        html = self.client.get(page.url).content.decode()
        self.assertIn('data-state="scheduled"', html)
        self.assertIn("未开始", html)
        self.assertIn(f"开播时间：{start.month}月{start.day}日 {start:%H:%M}", html)

    def test_an_ended_class_shows_final_figures_and_its_replay_caption_outside_the_player(
        self,
    ):
        page = make_class(replay_url="https://live.example.gov.cn/replay/1.m3u8")
        page.status, page.peak = ClassStatus.ENDED, 37
        page.save()
        html = self.client.get(page.url).content.decode()
        self.assertIn("直播已结束", html)
        self.assertIn("已结束 · 最终数据", html)
        self.assertIn('data-role="peak">37<', html)
        player = html[html.index('class="live__player"') :]
        player = player[: player.index("</section>")]
        self.assertNotIn("回放", player)
        self.assertIn("本课回放：点击下方播放。", html)

    def test_an_ended_class_without_replay_says_it_comes_later(self):
        page = make_class()
        page.status = ClassStatus.ENDED
        page.save()
        self.assertContains(self.client.get(page.url), "回放稍后提供。")


class EnterpriseSuggestionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        EnterpriseFactory(name="津东化工储运有限公司")
        EnterpriseFactory(name="津南冷链物流有限公司")
        EnterpriseFactory(name="滨海粉末冶金有限公司")

    def test_names_containing_what_was_typed(self):
        response = self.client.get("/api/live/enterprises", {"q": "津东"})
        self.assertEqual(response.json(), {"results": ["津东化工储运有限公司"]})
        both = self.client.get("/api/live/enterprises", {"q": "有限公司"}).json()
        self.assertEqual(len(both["results"]), 3)

    def test_one_character_suggests_nothing_and_the_page_lists_no_register(self):
        self.assertEqual(
            self.client.get("/api/live/enterprises", {"q": "津"}).json(),
            {"results": []},
        )
        page = make_class()
        html = self.client.get(page.url).content.decode()
        self.assertNotIn("滨海粉末冶金有限公司", html)
        self.assertIn('data-enterprises-url="/api/live/enterprises"', html)
