"""Frames against the modules' own per-row readings of the same data."""

import datetime as dt

import pandas as pd
from django.contrib.auth.models import Group
from django.test import TestCase

from accounts import roles
from analytics import frames, metrics
from courses.models import (
    CourseAssignment,
    CourseIndexPage,
    CoursePage,
    LessonCompletion,
    LessonPage,
)
from home.models import HomePage
from tests.accounts.factories import EnforcementGroupFactory, OfficerFactory

DONE = pd.Timestamp("2025-02-01", tz="UTC")


class RequiredStudyFrameTests(TestCase):
    """The assignments frame expands role, group and named assignees with merges;
    courses counts them one assignment and one person at a time."""

    @classmethod
    def setUpTestData(cls):
        index = HomePage.objects.first().add_child(
            instance=CourseIndexPage(title="课程", slug="kc")
        )
        course = index.add_child(instance=CoursePage(title="安全生产法", slug="c1"))
        lessons = [
            course.add_child(
                instance=LessonPage(title=f"第{i}课", slug=f"l{i}", body="<p>正文</p>")
            )
            for i in range(3)
        ]
        one = EnforcementGroupFactory(name="执法一组")
        two = EnforcementGroupFactory(name="执法二组")
        cls.people = [
            OfficerFactory(enforcement_group=one if i < 3 else two) for i in range(5)
        ]
        by_group = CourseAssignment.objects.create(
            course=course, enforcement_group=one, due_on=dt.date(2025, 3, 1)
        )
        by_role = CourseAssignment.objects.create(
            course=course,
            role=Group.objects.get(name=roles.ENFORCEMENT_OFFICER),
            due_on=dt.date(2025, 9, 1),
        )
        by_group.users.add(cls.people[4])
        for lesson in lessons:  # person 0 finishes; person 1 does one lesson
            LessonCompletion.objects.create(
                user=cls.people[0], lesson=lesson, completed_at=DONE
            )
        LessonCompletion.objects.create(user=cls.people[1], lesson=lessons[0])
        cls.assignments = [by_group, by_role]

    def test_assignment_rows_completion_and_overdue_match_courses_own_statuses(self):
        today = dt.date(2025, 6, 1)
        frame = frames.assignments(frames.Scope(year=2025), frames.staff())
        theirs = CourseAssignment.objects.filter(
            pk__in=[a.pk for a in self.assignments]
        ).with_assignee_statuses(today=today)
        # 3 by group + 1 named + 5 by role, but one course: each person once.
        self.assertEqual(len(frame), len(theirs))
        self.assertEqual(len(frame), 5)
        self.assertEqual(frame["user_id"].nunique(), 5)
        coverage = metrics.training_coverage(frame, by=["group"], today=today)
        finished = sum(1 for r in theirs if r["progress"].finished_at)
        self.assertEqual(int(coverage["completed"].sum()), finished)
        self.assertEqual(
            int(coverage["overdue"].sum()), sum(1 for r in theirs if r["overdue"])
        )
        one = coverage.set_index("group").loc["执法一组"]
        # 执法一组: 3 by group and again by role, counted once (应学 3, not 6);
        # person 0 completed the course.
        self.assertEqual((one.assigned, one.completed), (3, 1))
        # The earlier due date (the group's, 3 March) is the one that counts.
        row = frame[frame["user_id"] == self.people[1].pk].iloc[0]
        self.assertEqual(row["due_on"], pd.Timestamp(dt.date(2025, 3, 1)))

    def test_a_year_whose_assignments_all_go_to_a_role_loads(self):
        # The demo's only assignment is to a role: its group column is all None
        # (object dtype), which pandas refused to merge with integer group ids.
        CourseAssignment.objects.filter(enforcement_group__isnull=False).update(
            due_on=dt.date(2024, 3, 1)
        )
        frame = frames.assignments(frames.Scope(year=2025), frames.staff())
        self.assertEqual(len(frame), 5)  # the five officers reached through the role
        self.assertEqual(frame["user_id"].nunique(), 5)


class DefaultYearTests(TestCase):
    def test_opens_on_last_year_until_this_year_has_data(self):
        from tests.ledger.factories import ActivityFactory

        today = dt.date(2026, 3, 2)
        self.assertEqual(frames.default_year(today), 2025)
        ActivityFactory(date=dt.date(2026, 2, 27))
        self.assertEqual(frames.default_year(today), 2026)


class SessionInstantsTests(TestCase):
    """Viewing sessions load their instants as integers computed in SQL
    (``EpochMicroseconds``): they must come back as the same instants, to the
    microsecond, with an open session's end missing."""

    def test_instants_survive_to_the_microsecond(self):
        from livestreams.models import ViewingSession
        from tests.livestreams.factories import make_class, make_viewer

        start = dt.datetime(2025, 3, 9, 1, 2, 3, 123456, tzinfo=dt.UTC)
        live_class = make_class(scheduled_start=start)
        viewer = make_viewer(live_class)
        rows = [
            (start, start + dt.timedelta(minutes=40, microseconds=7)),
            (start + dt.timedelta(hours=1), None),  # still open
            (start.replace(microsecond=0), start.replace(microsecond=999999)),
        ]
        for i, (started, ended) in enumerate(rows):
            ViewingSession.objects.create(
                key=f"s{i}", live_class=live_class, viewer=viewer,
                started_at=started, ended_at=ended,
            )  # fmt: skip
        _, _, sessions = frames.live(frames.Scope(year=2025))
        loaded = sorted(
            zip(sessions["started_at"], sessions["ended_at"], strict=True),
            key=lambda pair: pair[0],
        )
        expected = sorted(rows, key=lambda pair: pair[0])
        self.assertEqual(len(loaded), 3)
        for (got_start, got_end), (want_start, want_end) in zip(
            loaded, expected, strict=True
        ):
            self.assertEqual(got_start, pd.Timestamp(want_start))
            if want_end is None:
                self.assertTrue(pd.isna(got_end))
            else:
                self.assertEqual(got_end, pd.Timestamp(want_end))
        self.assertEqual(str(sessions["started_at"].dtype.tz), "UTC")
