"""The post-class report equals an independent recomputation from stored intervals."""

import datetime as dt
import random

from django.test import TestCase
from django.utils import timezone

from accounts.models import PostCategory
from livestreams.models import ClassStatus, ViewingSession
from livestreams.reports import class_report
from tests.accounts.factories import EnterpriseFactory
from tests.livestreams.factories import make_class, make_viewer


class ReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        start = timezone.now().replace(microsecond=0) - dt.timedelta(hours=3)
        cls.live_class = make_class(
            scheduled_start=start, scheduled_end=start + dt.timedelta(minutes=40)
        )
        cls.live_class.status = ClassStatus.ENDED
        cls.live_class.ended_at = start + dt.timedelta(minutes=40)
        cls.live_class.save()
        enterprises = [EnterpriseFactory() for _ in range(4)]
        rng = random.Random(7)
        cls.viewers = []
        for i in range(30):
            viewer = make_viewer(
                cls.live_class,
                name=f"观众{i}",
                enterprise=enterprises[i % 4] if i % 5 else None,
                enterprise_name=enterprises[i % 4].name if i % 5 else f"散户{i % 3}",
                post_category=PostCategory.FRONT_LINE if i % 4 else "management",
            )
            cls.viewers.append(viewer)
            for k in range(rng.randint(1, 3)):
                begin = start + dt.timedelta(seconds=rng.randint(-600, 2400))
                ViewingSession.objects.create(
                    key=f"s-{i}-{k}",
                    live_class=cls.live_class,
                    viewer=viewer,
                    started_at=begin,
                    ended_at=begin + dt.timedelta(seconds=rng.randint(30, 1800)),
                )

    def recompute(self):
        """Brute force over whole seconds from the rows as stored."""
        lo = int(self.live_class.started_at.timestamp())
        hi = int(self.live_class.ended_at.timestamp())
        per_viewer = {}
        for s in ViewingSession.objects.all():
            per_viewer.setdefault(s.viewer_id, []).append(
                (int(s.started_at.timestamp()), int(s.ended_at.timestamp()))
            )
        present_at = {
            t: {v for v, iv in per_viewer.items() if any(a <= t < b for a, b in iv)}
            for t in range(lo, hi)
        }
        watch = {
            v: sum(1 for t in present_at if v in present_at[t]) for v in per_viewer
        }
        counts = [len(present_at[t]) for t in range(lo, hi)]
        return per_viewer, watch, counts

    def test_report_equals_recomputation_from_stored_intervals(self):
        report = class_report(self.live_class)
        per_viewer, watch, counts = self.recompute()
        threshold = 40 * 60 * 0.5
        self.assertEqual(report.peak, max(counts))
        self.assertEqual(report.unique, len(per_viewer))
        self.assertEqual(report.visits, ViewingSession.objects.count())
        self.assertEqual(report.watch_seconds, watch)
        self.assertEqual(
            report.attended, sum(1 for t in watch.values() if t >= threshold)
        )
        self.assertAlmostEqual(
            report.average_watch_seconds, sum(watch.values()) / len(watch)
        )
        times = sorted(watch.values())
        n = len(times)
        median = times[n // 2] if n % 2 else (times[n // 2 - 1] + times[n // 2]) / 2
        self.assertEqual(report.median_watch_seconds, median)
        self.assertEqual(
            [n for _t, n in report.curve],
            [max(counts[m * 60 : (m + 1) * 60]) for m in range(40)],
        )
        viewers = {v.pk: v for v in self.viewers}
        self.assertEqual(
            report.enterprises_reached,
            len(
                {
                    viewers[v].enterprise_id or viewers[v].enterprise_name
                    for v in per_viewer
                }
            ),
        )
        front = sum(
            1 for v in per_viewer if viewers[v].post_category == PostCategory.FRONT_LINE
        )
        self.assertAlmostEqual(report.front_line_share, front / len(per_viewer))
        self.assertGreater(report.peak, 1)
