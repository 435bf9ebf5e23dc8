"""Courses: required study (who was assigned what, and when they finished it)."""

from __future__ import annotations

import pandas as pd

from accounts.models import User
from analytics.frames.base import COLUMNS, UTC, Scope, empty, load_frame
from courses.models import CourseAssignment, LessonCompletion, LessonPage

# Longest id list sent as ``IN (...)``; past it the whole table is read instead.
MAX_IN = 10_000


def assignments(scope: Scope, people: pd.DataFrame) -> pd.DataFrame:
    """One row per (course with required study due in the scope, person it reaches),
    with the date the person finished the course's live lessons (NaT: not yet).

    An assignment reaches named people, a role's members and a group's members
    (courses.CourseCourseAssignment.assignees); here those three are expanded with merges
    instead of a query per assignment. ``people`` is :func:`staff`.
    """
    start, end = scope.dates
    heads = load_frame(
        CourseAssignment.objects.filter(due_on__gte=start, due_on__lt=end),
        ["pk", "course__path", "role_id", "enforcement_group_id", "due_on"],
        ["assignment_id", "course_path", "role_id", "group_id", "due_on"],
        # An assignment to a role has no group (and the other way round): nullable
        # integers, so the ids merge with the members' and the staff's.
        {"assignment_id": "Int64", "role_id": "Int64", "group_id": "Int64"},
    )
    if heads.empty:
        return empty("assignments")
    named = load_frame(
        CourseAssignment.users.through.objects.filter(
            courseassignment_id__in=heads["assignment_id"].tolist()
        ),
        ["courseassignment_id", "user_id"],
        ["assignment_id", "user_id"],
        {"assignment_id": "Int64", "user_id": "Int64"},
    )
    members = load_frame(
        User.groups.through.objects.filter(
            group_id__in=heads["role_id"].dropna().unique().tolist()
        ),
        ["group_id", "user_id"],
        ["role_id", "user_id"],
        {"role_id": "Int64", "user_id": "Int64"},
    )
    in_group = people[["user_id", "group_id"]].astype(
        {"user_id": "Int64", "group_id": "Int64"}
    )
    reached = pd.concat(
        [
            named,
            heads.merge(members, on="role_id")[["assignment_id", "user_id"]],
            heads.merge(in_group, on="group_id")[["assignment_id", "user_id"]],
        ]
    ).drop_duplicates()
    lessons = load_frame(
        LessonPage.objects.live(),
        ["pk", "path"],
        ["lesson_id", "path"],
        {"lesson_id": "Int64"},
    )
    lessons["course_path"] = lessons["path"].str[:-4]  # treebeard: 4 chars a level
    reached_ids = reached["user_id"].unique().tolist()
    completions = LessonCompletion.objects.all()
    if (
        len(reached_ids) <= MAX_IN
    ):  # only the people reached (enterprises' staff study too)
        completions = completions.filter(user_id__in=reached_ids)
    done = load_frame(
        completions,
        ["user_id", "lesson_id", "completed_at"],
        ["user_id", "lesson_id", "completed_at"],
        {"user_id": "Int64", "lesson_id": "Int64", "completed_at": UTC},
    )
    done = done.merge(lessons, on="lesson_id")
    per_course = done.groupby(["user_id", "course_path"]).agg(
        n=("lesson_id", "nunique"), last=("completed_at", "max")
    )
    totals = lessons.groupby("course_path").size().rename("total")
    per_course = per_course.join(totals, on="course_path")
    finished = per_course[per_course["n"] >= per_course["total"]]["last"]
    # One row per (course, person): someone reached by their group's and their
    # role's assignment of one course counts once, against the earliest due date.
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
