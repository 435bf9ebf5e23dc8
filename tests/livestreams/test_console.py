"""Host console: permissions, start/end, check-ins and polls answered once."""

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from livestreams import services
from livestreams.models import CheckInAnswer, ClassStatus, PollAnswer
from livestreams.presence import get_store
from tests.accounts.factories import TrainerFactory, WorkerFactory
from tests.livestreams.factories import make_class, make_viewer


class ConsoleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.live_class = make_class(live=False)
        cls.trainer = TrainerFactory()

    def setUp(self):
        get_store.cache_clear()

    def action(self, name, **data):
        url = reverse("livestreams_console_action", args=[self.live_class.pk, name])
        return self.client.post(url, data)

    def test_trainer_runs_the_class_from_the_console(self):
        self.client.force_login(self.trainer)
        page = self.client.get(
            reverse("livestreams_console", args=[self.live_class.pk])
        )
        self.assertContains(page, "开始直播")
        self.action("start")
        self.live_class.refresh_from_db()
        self.assertEqual(self.live_class.status, ClassStatus.LIVE)
        self.action("checkin")
        self.action("poll", question="动火作业前要做什么？", choices="审批\n不用管\n")
        stats = self.client.get(
            reverse("livestreams_console_stats", args=[self.live_class.pk])
        ).json()
        self.assertEqual(stats["status"], "live")
        self.assertEqual(stats["polls"][0]["counts"], [0, 0])
        self.action("end")
        self.live_class.refresh_from_db()
        self.assertEqual(self.live_class.status, ClassStatus.ENDED)
        self.assertIsNotNone(self.live_class.ended_at)
        self.assertFalse(self.live_class.checkins.filter(closed_at=None).exists())

    def test_workers_cannot_open_the_console(self):
        self.client.force_login(WorkerFactory())
        response = self.client.get(
            reverse("livestreams_console", args=[self.live_class.pk])
        )
        self.assertIn(response.status_code, (302, 403))
        self.action("start")
        self.live_class.refresh_from_db()
        self.assertEqual(self.live_class.status, ClassStatus.SCHEDULED)

    def test_host_events_are_queued_for_every_worker(self):
        services.class_start(live_class=self.live_class)
        with self.captureOnCommitCallbacks(execute=True):
            services.checkin_open(live_class=self.live_class)
        import asyncio

        _seq, events = asyncio.run(get_store().events_since(self.live_class.pk, 0))
        self.assertEqual(events[-1]["type"], "checkin_open")


class AnswersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.live_class = make_class()
        cls.viewer = make_viewer(cls.live_class)

    def test_checkin_counts_once_per_viewer(self):
        checkin = services.checkin_open(live_class=self.live_class)
        kwargs = {
            "class_id": self.live_class.pk,
            "viewer_id": self.viewer.pk,
            "checkin_id": checkin.pk,
        }
        services.checkin_answer(**kwargs)
        with self.assertRaises(ValidationError) as raised:
            services.checkin_answer(**kwargs)
        self.assertEqual(raised.exception.messages, [str(services.ALREADY_ANSWERED)])
        self.assertEqual(CheckInAnswer.objects.count(), 1)

    def test_poll_answer_once_with_a_valid_choice(self):
        poll = services.poll_open(
            live_class=self.live_class,
            question="是否佩戴安全帽？",
            choices=["是", "否"],
        )
        kwargs = {"class_id": self.live_class.pk, "viewer_id": self.viewer.pk}
        with self.assertRaises(ValidationError):
            services.poll_answer(poll_id=poll.pk, choice=5, **kwargs)
        services.poll_answer(poll_id=poll.pk, choice=0, **kwargs)
        with self.assertRaises(ValidationError):
            services.poll_answer(poll_id=poll.pk, choice=1, **kwargs)
        self.assertEqual(poll.counts(), [1, 0])
        services.poll_share(poll=poll)
        with self.assertRaises(ValidationError):
            services.poll_answer(poll_id=poll.pk, choice=0, **kwargs)
        self.assertEqual(PollAnswer.objects.count(), 1)

    def test_poll_needs_two_choices(self):
        with self.assertRaises(ValidationError) as raised:
            services.poll_open(
                live_class=self.live_class, question="？", choices=["是"]
            )
        self.assertEqual(raised.exception.messages, [str(services.TOO_FEW_CHOICES)])


class EndedConsoleTests(TestCase):
    """After the end: final figures, no restart, a labelled curve, the peak time."""

    @classmethod
    def setUpTestData(cls):
        import datetime as dt

        from django.utils import timezone

        start = timezone.now() - dt.timedelta(hours=2)
        cls.live_class = make_class(scheduled_start=start)
        cls.live_class.status = ClassStatus.ENDED
        cls.live_class.ended_at = start + dt.timedelta(minutes=30)
        cls.live_class.peak = 2
        cls.live_class.peak_at = start + dt.timedelta(minutes=12)
        cls.live_class.save()
        cls.trainer = TrainerFactory()

    def setUp(self):
        get_store.cache_clear()
        self.client.force_login(self.trainer)

    def test_the_console_shows_final_figures_and_offers_no_restart(self):
        from django.utils import timezone

        page = self.client.get(
            reverse("livestreams_console", args=[self.live_class.pk])
        )
        self.assertNotContains(page, "开始直播")
        self.assertNotContains(page, 'data-stat="current"')
        self.assertContains(page, "data-ended")
        peak_at = timezone.localtime(self.live_class.peak_at)
        self.assertContains(page, f"（{peak_at:%H:%M}）")
        self.assertContains(page, 'data-axis="time"')
        self.assertEqual(page.context["peak"], 2)
        self.assertGreater(len(page.context["curve"]["ticks"]), 1)

    def test_the_report_gives_the_same_peak_as_the_figures_with_its_time(self):
        """The live counter saw 2 while no session was recorded: 峰值（时刻） reads
        2 and its time, not the sessions' 0 beside the live peak's time."""
        import re

        from django.utils import timezone

        page = self.client.get(
            reverse("livestreams_console", args=[self.live_class.pk])
        )
        peak_at = timezone.localtime(self.live_class.peak_at)
        cell = re.search(r'<td id="report-peak">(.*?)</td>', page.content.decode())
        self.assertEqual(cell.group(1), f"2 ({peak_at:%H:%M:%S})")

    def test_an_ended_class_cannot_be_started_again(self):
        url = reverse("livestreams_console_action", args=[self.live_class.pk, "start"])
        self.client.post(url)
        self.live_class.refresh_from_db()
        self.assertEqual(self.live_class.status, ClassStatus.ENDED)
        with self.assertRaises(ValidationError):
            services.class_start(live_class=self.live_class)
