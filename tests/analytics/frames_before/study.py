"""Courses: required study (who was assigned what, and when they finished it)."""

from __future__ import annotations

import pandas as pd

from accounts.models import User
from courses.models import CourseAssignment, LessonCompletion, LessonPage
from tests.analytics.frames_before.base import COLUMNS, Scope, empty, from_values_list


def assignments(scope: Scope, people: pd.DataFrame) -> pd.DataFrame:
    """One row per (required-study assignment due in the scope, person it reaches),
    with the date the person finished the course's live lessons (NaT: not yet).

    An assignment reaches named people, a role's members and a group's members
    (courses.CourseCourseAssignment.assignees); here those three are expanded with merges
    instead of a query per assignment. ``people`` is :func:`staff`.
    """
    start, end = scope.dates
    heads = from_values_list(
        CourseAssignment.objects.filter(due_on__gte=start, due_on__lt=end),
        [
            "pk",
            "course_id",
            "course__path",
            "role_id",
            "enforcement_group_id",
            "due_on",
        ],
        ["assignment_id", "course_id", "course_path", "role_id", "group_id", "due_on"],
    )
    if heads.empty:
        return empty("assignments")
    named = from_values_list(
        CourseAssignment.users.through.objects.filter(
            courseassignment_id__in=heads["assignment_id"]
        ),
        ["courseassignment_id", "user_id"],
        ["assignment_id", "user_id"],
    )
    members = from_values_list(User.groups.through.objects.all(), ["group_id", "user_id"],
                       ["role_id", "user_id"])  # fmt: skip
    in_group = people[["user_id", "group_id"]]
    # An assignment to a role has no group (and the other way round): the all-None
    # column is object-typed, and pandas refuses to merge it with integer ids.
    heads[["role_id", "group_id"]] = heads[["role_id", "group_id"]].astype("Int64")
    members = members.astype({"role_id": "Int64"})
    in_group = in_group.astype({"group_id": "Int64"})
    reached = pd.concat(
        [
            named,
            heads.merge(members, on="role_id")[["assignment_id", "user_id"]],
            heads.merge(in_group, on="group_id")[["assignment_id", "user_id"]],
        ]
    ).drop_duplicates()
    lessons = from_values_list(
        LessonPage.objects.live(), ["pk", "path"], ["lesson_id", "path"]
    )
    lessons["course_path"] = lessons["path"].str[:-4]  # treebeard: 4 chars a level
    done = from_values_list(LessonCompletion.objects.all(), ["user_id", "lesson_id", "completed_at"],
                    ["user_id", "lesson_id", "completed_at"])  # fmt: skip
    done = done.merge(lessons, on="lesson_id")
    per_course = done.groupby(["user_id", "course_path"]).agg(
        n=("lesson_id", "nunique"), last=("completed_at", "max")
    )
    totals = lessons.groupby("course_path").size().rename("total")
    per_course = per_course.join(totals, on="course_path")
    finished = per_course[per_course["n"] >= per_course["total"]]["last"]
    # One row per (course, person), against the earliest due date (issue 16).
    reached = (
        reached.merge(
            heads[["assignment_id", "course_path", "due_on"]], on="assignment_id"
        )
        .sort_values(["due_on", "assignment_id"])
        .drop_duplicates(["course_path", "user_id"])[["assignment_id", "user_id"]]
    )
    frame = reached.merge(heads, on="assignment_id").merge(
        people[["user_id", "group", "role"]], on="user_id", how="left"
    )
    frame = frame.join(finished.rename("completed_on"), on=["user_id", "course_path"])
    frame["due_on"] = pd.to_datetime(frame["due_on"])
    frame["completed_on"] = pd.to_datetime(
        frame["completed_on"], utc=True
    ).dt.tz_localize(None)
    frame[["group", "role"]] = frame[["group", "role"]].fillna("—")
    return frame[COLUMNS["assignments"]]
