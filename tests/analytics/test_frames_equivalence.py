"""Issue 17: the frames are streamed from ``values_list`` into typed columns, with a
fixed number of queries and no model instance, and hold exactly what the previous
loaders (frozen in tests/analytics/frames_before) built from the same generated year."""

import datetime as dt
from contextlib import contextmanager
from unittest import mock

import pandas as pd
import pytest
from django.contrib.auth.models import Group
from django.db.models.base import Model
from django.test import TestCase

from accounts import roles
from accounts.models import User
from analytics import frames
from courses.models import (
    CourseAssignment,
    CourseIndexPage,
    CoursePage,
    LessonCompletion,
    LessonPage,
)
from demo import year as generator
from home.models import HomePage
from tests.analytics import frames_before

YEAR = 2025
# Columns holding instants (compared in UTC) and calendar days.
INSTANTS = {"submitted_at", "deadline", "start", "end", "started_at", "ended_at"}
DAYS = {"due_on", "completed_on", "date", "issued_on"}
IDS = {
    "enterprises": ["enterprise_id"],
    "staff": ["user_id", "group_id"],
    "attempts": ["attempt_id", "user_id", "quiz_id"],
    "answers": ["attempt_id", "user_id", "question_id"],
    "viewers": ["viewer_id", "class_id", "enterprise_id"],
    "sessions": ["class_id", "viewer_id"],
    "reviews": ["review_id", "round_id", "case_id"],
    "issues": ["issue_id", "case_id"],
    "cases": ["case_id"],
    "activities": ["activity_id", "enterprise_id"],
    "letters": ["letter_id", "enterprise_id"],
    "groups": ["group_id", "sort_order"],
    "rounds": ["round_id", "quarter", "files", "reviews"],
    "items": ["item_id", "number", "planned", "done"],
    "training": ["session_id", "user_id"],
    "study_hours": ["user_id"],
}
CATEGORIES = {
    "enterprises": ["industry", "risk_tier"],
    "viewers": ["post_category"],
    "issues": ["category", "status"],
    "activities": ["kind"],
}


def _required_study(year: int) -> None:
    """A course of two lessons assigned to every officer; one officer finished it."""
    index = HomePage.objects.first().add_child(
        instance=CourseIndexPage(title="课程", slug=f"kc-{year}")
    )
    course = index.add_child(instance=CoursePage(title="安全生产法", slug=f"c-{year}"))
    lessons = [
        course.add_child(
            instance=LessonPage(title=f"第{i}课", slug=f"l{year}-{i}", body="x")
        )
        for i in range(2)
    ]
    officers = Group.objects.get(name=roles.ENFORCEMENT_OFFICER)
    CourseAssignment.objects.create(
        course=course, role=officers, due_on=dt.date(year, 6, 30)
    )
    first = User.objects.filter(groups=officers).order_by("pk").first()
    for lesson in lessons:
        LessonCompletion.objects.create(
            user=first,
            lesson=lesson,
            completed_at=dt.datetime(year, 3, 1, tzinfo=dt.UTC),
        )


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """Values only: dtypes unified, rows in a fixed order."""
    out = pd.DataFrame(index=range(len(frame)))
    for column in frame.columns:
        values = frame[column].reset_index(drop=True)
        if column in INSTANTS:
            values = pd.to_datetime(values, utc=True).astype("datetime64[us, UTC]")
        elif column in DAYS:
            values = pd.to_datetime(values).astype("datetime64[us]")
        elif pd.api.types.is_numeric_dtype(values) and not (
            pd.api.types.is_bool_dtype(values)
        ):
            values = pd.to_numeric(values).astype(float)
        else:  # text, codes, booleans
            values = values.astype(object).where(values.notna(), None)
        out[column] = values
    order = out.astype(str).sort_values(list(out.columns)).index
    return out.loc[order].reset_index(drop=True)


class FramesMatchThePreviousLoadersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        generator.generate(year=YEAR, scale=0.03, case_files=12, seed=3)
        _required_study(YEAR)

    def _both(self, scope):
        return frames.load_report(scope), frames_before.load_report(
            frames_before.Scope(**scope.__dict__)
        )

    def test_every_frame_holds_the_same_rows_as_before(self):
        for scope in (
            frames.Scope(year=YEAR),
            frames.Scope(year=YEAR, quarter=2),
            frames.Scope(year=YEAR - 1),  # nothing generated: empty frames
        ):
            new, old = self._both(scope)
            self.assertEqual(set(new.data), set(old.data))
            for name in new.data:
                with self.subTest(scope=scope, frame=name):
                    self.assertEqual(list(new[name].columns), list(old[name].columns))
                    pd.testing.assert_frame_equal(
                        _comparable(new[name]),
                        _comparable(old[name]),
                        check_dtype=False,
                    )
                    if "group" in new[name] and len(new[name]):
                        # The groups in their configured order, in every frame.
                        self.assertEqual(
                            new[name]["group"].dtype, old[name]["group"].dtype
                        )
        # The generated year really fills the frames the comparison is about.
        new = frames.load_report(frames.Scope(year=YEAR))
        for name in (
                "attempts", "answers", "viewers", "sessions", "issues", "cases",
            "activities", "rounds", "items", "training", "study_hours",
        ):  # fmt: skip
            self.assertGreater(len(new[name]), 0, name)
        self.assertIsInstance(new["reviews"]["group"].dtype, pd.CategoricalDtype)
        self.assertTrue(new["reviews"]["group"].dtype.ordered)
        self.assertGreater(len(new["assignments"]), 0)
        self.assertEqual(new["assignments"]["completed_on"].notna().sum(), 1)

    def test_columns_are_typed(self):
        data = frames.load_report(frames.Scope(year=YEAR))
        for name, columns in IDS.items():
            for column in columns:
                self.assertEqual(str(data[name][column].dtype), "Int64", (name, column))
        for name, columns in CATEGORIES.items():
            for column in columns:
                self.assertIsInstance(
                    data[name][column].dtype, pd.CategoricalDtype, (name, column)
                )
        for name, column in [
            ("attempts", "submitted_at"),
            ("sessions", "started_at"),
            ("sessions", "ended_at"),
            ("classes", "start"),
        ]:
            dtype = data[name][column].dtype
            self.assertIsInstance(dtype, pd.DatetimeTZDtype, (name, column))
            self.assertEqual(str(dtype.tz), "UTC")
        for name, column in [
            ("answers", "score"),
            ("answers", "points"),
            ("attempts", "percent"),
            ("cases", "fine"),
            ("reviews", "total"),
            ("training", "hours"),
            ("study_hours", "total"),
            ("study_hours", "required"),
        ]:
            self.assertEqual(data[name][column].dtype, "float64", (name, column))
        self.assertEqual(data["answers"]["correct"].dtype, bool)
        self.assertEqual(data["study_hours"]["below"].dtype, bool)
        self.assertEqual(str(data["activities"]["participants"].dtype), "Int64")

    def test_no_model_instance_is_built(self):
        # Every row the ORM turns into an instance goes through Model.from_db.
        with mock.patch.object(
            Model, "from_db", side_effect=AssertionError("model instance built")
        ):
            data = frames.load(frames.Scope(year=YEAR))
        self.assertGreater(len(data["answers"]), 0)

    def test_every_step_is_reported(self):
        names = []

        @contextmanager
        def step(name):
            names.append(name)
            yield

        data = frames.load_report(frames.Scope(year=YEAR), step=step)
        for name in ("article_labels", "answers", "rounds", "items", "training",
                     "order_groups", "study_hours"):  # fmt: skip
            self.assertIn(name, names)
        self.assertEqual(len(names), len(set(names)))
        self.assertIn("study_hours", data.data)


@pytest.mark.django_db
def test_query_count_is_fixed_whatever_the_size(django_assert_max_num_queries):
    """No query per row: a year four times bigger costs the same queries."""
    generator.generate(year=YEAR - 1, scale=0.01, case_files=4, seed=4)
    generator.generate(year=YEAR, scale=0.04, case_files=16, seed=5)
    _required_study(YEAR - 1)
    _required_study(YEAR)
    counts = []
    for year in (YEAR - 1, YEAR):
        # load(): 28 queries; the report's study hours: 4 more.
        with django_assert_max_num_queries(32) as captured:
            data = frames.load_report(frames.Scope(year=year))
        counts.append(len(captured))
    assert len(data["answers"]) > 0
    assert counts[0] == counts[1], counts
